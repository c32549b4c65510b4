"""Which hosts kcinema embeds from, and how a pasted video address becomes one canonical embed."""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, quote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_URL_LENGTH = 500

PROVIDER_LABELS: dict[str, str] = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "dailymotion": "Dailymotion",
    "navertv": "Naver TV",
    "kakaotv": "Kakao TV",
}
EMBED_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://tv.naver.com",
    "https://play-tv.kakao.com",
]

# Patterns for single ids, always used with fullmatch: "$" would let a trailing "\n" through,
# and parse_qs decodes "%0A" into exactly that.
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
NUMERIC_ID = re.compile(r"[0-9]{1,20}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
DAILYMOTION_ID = re.compile(r"x[a-z0-9]{4,14}")
DURATION = re.compile(r"(?:([0-9]{1,2})h)?(?:([0-9]{1,4})m)?(?:([0-9]{1,6})s?)?")

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
    "youtu.be",
}
# "videoseries" is 11 letters, so it passes as an id; it is YouTube's embed of a playlist.
YOUTUBE_NOT_IDS = {"videoseries"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
DAILYMOTION_HOSTS = {"dailymotion.com", "www.dailymotion.com", "geo.dailymotion.com", "dai.ly"}
NAVER_HOSTS = {"tv.naver.com", "m.tv.naver.com"}
KAKAO_HOSTS = {"tv.kakao.com", "play-tv.kakao.com"}

# Characters kept as they are when an allowed host's address is rebuilt; anything else (quotes,
# angle brackets, hangul) is percent-encoded so the stored embed address is a valid URL.
URL_SAFE = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True)
class Video:
    provider: str  # registry key: a PROVIDER_LABELS key, or "allowed"
    host_label: str  # shown to visitors
    video_id: str  # canonical id (for "allowed": the path+query of the embed URL)
    embed_url: str  # https, without autoplay: the player adds that on click
    watch_url: str  # the video's own page on its host
    start_seconds: int  # 0 when none given
    oembed_url: str | None  # None for allowed hosts, which have no known endpoint


def _refuse(message: str | Promise, **params: object) -> ValidationError:
    return ValidationError(message, code="invalid_video_url", params=params or None)


def seconds(value: str) -> int:
    """ "90", "90s", "1m30s", "1h2m3s" -> seconds; anything else -> 0, as if none were given."""
    match = DURATION.fullmatch((value or "").strip().lower())
    if not match or not any(match.groups()):
        return 0
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _host_name(host: str) -> str:
    """A host compared as DNS does: case-insensitive, one trailing (root) dot ignored."""
    return host.strip().lower().removesuffix(".")


def _first(values: dict[str, list[str]], key: str) -> str:
    return (values.get(key) or [""])[0]


def _segments(parts: SplitResult) -> list[str]:
    return [segment for segment in parts.path.split("/") if segment]


def _has_invisible_characters(url: str) -> bool:
    # Cf covers zero-width and bidi-override characters, which make one address look like another.
    return any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url)


def _split(url: str) -> tuple[SplitResult, str]:
    """The parts of a pasted address and its host name, or a refusal of what cannot be embedded."""
    if not isinstance(url, str) or not url.strip():
        raise _refuse(_("Paste the address of a video."))
    url = url.strip()  # a paste often brings a newline or spaces around the address
    if len(url) > MAX_URL_LENGTH:
        raise _refuse(_("The address is longer than 500 characters."))
    if _has_invisible_characters(url):
        raise _refuse(_("The address contains spaces or invisible characters."))
    if "\\" in url:
        # Browsers read a backslash as a slash, urllib does not: the two would see other hosts.
        raise _refuse(_("The address contains a backslash; paste it as the browser shows it."))
    if url.startswith("//"):
        raise _refuse(_("Give the whole address, starting with https://."))
    head = url  # what precedes the path, query or fragment: "https:", "youtube.com", "data:..."
    for separator in "/?#":
        head = head.split(separator, 1)[0]
    scheme = head.partition(":")[0]
    if ":" not in head or "." in scheme:
        # "youtube.com/watch?v=..." as copied from some apps; a dot means a host, not a scheme.
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise _refuse(_("This is not a valid web address.")) from error
    if parts.scheme not in ("http", "https"):
        raise _refuse(_("Only https addresses can be embedded."))
    if "@" in parts.netloc:
        # "https://youtube.com@evil.example/" goes to evil.example: refuse any user info.
        raise _refuse(_("The address must not contain a user name or password (an @ sign)."))
    if port not in (None, 443):
        raise _refuse(_("Video addresses do not name a port; leave out “:%(port)s”."), port=port)
    host = (parts.hostname or "").removesuffix(".")
    if not host:
        raise _refuse(_("The address does not name a host."))
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise _refuse(
            _(
                "The host name uses international characters, as look-alike addresses do; "
                "paste the address from the video's own page."
            )
        )
    return parts, host


def _one_video_please() -> ValidationError:
    return _refuse(_("Paste the address of one video, not of a channel or a playlist."))


def _youtube(parts: SplitResult, host: str) -> Video:
    path = _segments(parts)
    query = parse_qs(parts.query)
    if host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    elif host != "youtu.be" and path == ["watch"] and "v" in query:
        if len(set(query["v"])) > 1:
            raise _one_video_please()
        video_id = query["v"][0]
    elif host != "youtu.be" and len(path) == 2 and path[0] in ("embed", "shorts", "live", "v"):
        video_id = path[1]
    else:
        raise _one_video_please()
    if video_id in YOUTUBE_NOT_IDS:
        raise _one_video_please()
    if not YOUTUBE_ID.fullmatch(video_id):
        raise _refuse(_("YouTube video ids are 11 letters, digits, - or _."))
    fragment = parse_qs(parts.fragment)
    start_values = (_first(query, "t"), _first(query, "start"), _first(fragment, "t"))
    watch_url = f"https://www.youtube.com/watch?v={video_id}"
    return Video(
        provider="youtube",
        host_label=PROVIDER_LABELS["youtube"],
        video_id=video_id,
        embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}",
        watch_url=watch_url,
        start_seconds=next((seconds(value) for value in start_values if value), 0),
        oembed_url=f"https://www.youtube.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _vimeo(parts: SplitResult, host: str) -> Video:
    path = _segments(parts)
    private_hash = _first(parse_qs(parts.query), "h")
    video_id = ""
    if host == "player.vimeo.com":
        if len(path) == 2 and path[0] == "video":
            video_id = path[1]
    elif len(path) == 1:
        video_id = path[0]
    elif len(path) == 2 and NUMERIC_ID.fullmatch(path[0]):
        video_id, private_hash = path
    elif len(path) == 3 and path[0] == "channels":
        video_id = path[2]
    elif len(path) == 4 and path[0] == "groups" and path[2] == "videos":
        video_id = path[3]
    if not NUMERIC_ID.fullmatch(video_id):
        raise _refuse(
            _("Vimeo video addresses end in the video's number, e.g. vimeo.com/76979871.")
        )
    if private_hash and not VIMEO_HASH.fullmatch(private_hash):
        raise _refuse(_("The private part of this Vimeo address is not valid; copy it again."))
    embed_url = f"https://player.vimeo.com/video/{video_id}"
    watch_url = f"https://vimeo.com/{video_id}"
    if private_hash:
        # Unlisted videos play only with their hash; without it Vimeo shows an error.
        embed_url += f"?h={private_hash}"
        watch_url += f"/{private_hash}"
    return Video(
        provider="vimeo",
        host_label=PROVIDER_LABELS["vimeo"],
        video_id=video_id,
        embed_url=embed_url,
        watch_url=watch_url,
        start_seconds=seconds(_first(parse_qs(parts.fragment), "t")),
        oembed_url=f"https://vimeo.com/api/oembed.json?url={quote(watch_url, safe='')}",
    )


def _dailymotion(parts: SplitResult, host: str) -> Video:
    path = _segments(parts)
    query = parse_qs(parts.query)
    video_id = ""
    if host == "dai.ly":
        if len(path) == 1:
            video_id = path[0]
    elif host == "geo.dailymotion.com":
        # player.html, or player/<player id>.html as in the embed code Dailymotion hands out.
        if path == ["player.html"] or (len(path) == 2 and path[0] == "player"):
            video_id = _first(query, "video")
    elif len(path) == 2 and path[0] == "video":
        video_id = path[1].split("_", 1)[0]  # x8abc12_some-title: the title is decoration
    elif len(path) == 3 and path[:2] == ["embed", "video"]:
        video_id = path[2]
    if not DAILYMOTION_ID.fullmatch(video_id):
        raise _refuse(
            _("Dailymotion video addresses end in an id starting with x, e.g. dai.ly/x8abc12.")
        )
    watch_url = f"https://www.dailymotion.com/video/{video_id}"
    return Video(
        provider="dailymotion",
        host_label=PROVIDER_LABELS["dailymotion"],
        video_id=video_id,
        embed_url=f"https://www.dailymotion.com/embed/video/{video_id}",
        watch_url=watch_url,
        start_seconds=seconds(_first(query, "start")),
        oembed_url=(
            f"https://www.dailymotion.com/services/oembed?url={quote(watch_url, safe='')}"
            "&format=json"
        ),
    )


def _naver(parts: SplitResult, host: str) -> Video:
    path = _segments(parts)
    if len(path) != 2 or path[0] not in ("v", "embed") or not NUMERIC_ID.fullmatch(path[1]):
        raise _refuse(_("Naver TV video addresses look like tv.naver.com/v/12345678."))
    video_id = path[1]
    watch_url = f"https://tv.naver.com/v/{video_id}"
    return Video(
        provider="navertv",
        host_label=PROVIDER_LABELS["navertv"],
        video_id=video_id,
        embed_url=f"https://tv.naver.com/embed/{video_id}",
        watch_url=watch_url,
        start_seconds=seconds(_first(parse_qs(parts.query), "t")),
        oembed_url=f"https://tv.naver.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _kakao(parts: SplitResult, host: str) -> Video:
    path = _segments(parts)
    on_tv = host == "tv.kakao.com"
    video_id = ""
    if on_tv and len(path) == 2 and path[0] == "v":
        video_id = path[1]
    elif len(path) == 4 and path[2] == "cliplink":
        in_channel = on_tv and path[0] == "channel" and NUMERIC_ID.fullmatch(path[1])
        if in_channel or path[:2] == ["embed", "player"]:
            video_id = path[3]
    if not NUMERIC_ID.fullmatch(video_id):
        raise _refuse(_("Kakao TV video addresses look like tv.kakao.com/v/123456789."))
    watch_url = f"https://tv.kakao.com/v/{video_id}"
    return Video(
        provider="kakaotv",
        host_label=PROVIDER_LABELS["kakaotv"],
        video_id=video_id,
        embed_url=f"https://play-tv.kakao.com/embed/player/cliplink/{video_id}",
        watch_url=watch_url,
        start_seconds=0,
        oembed_url=f"https://tv.kakao.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _allowed(parts: SplitResult, host: str) -> Video:
    if parts.scheme != "https":
        # The operator vouches for the host's https pages only; we cannot upgrade them blindly.
        raise _refuse(_("Only https addresses can be embedded."))
    video_id = quote(parts.path or "/", safe=URL_SAFE)
    if parts.query:
        video_id += "?" + quote(parts.query, safe=URL_SAFE)
    url = f"https://{host}{video_id}"
    return Video("allowed", host, video_id, url, url, 0, None)


PARSERS: dict[str, Callable[[SplitResult, str], Video]] = {
    **dict.fromkeys(YOUTUBE_HOSTS, _youtube),
    **dict.fromkeys(VIMEO_HOSTS, _vimeo),
    **dict.fromkeys(DAILYMOTION_HOSTS, _dailymotion),
    **dict.fromkeys(NAVER_HOSTS, _naver),
    **dict.fromkeys(KAKAO_HOSTS, _kakao),
}


def parse_video_url(url: str, allowed_hosts: Sequence[str] = ()) -> Video:
    """Recognise a pasted address; raise ValidationError with a clear message otherwise."""
    parts, host = _split(url)
    if parser := PARSERS.get(host):
        return parser(parts, host)
    if host in {_host_name(allowed) for allowed in allowed_hosts}:
        return _allowed(parts, host)
    raise _refuse(
        _(
            "kcinema embeds from YouTube, Vimeo, Dailymotion, Naver TV, Kakao TV and the hosts "
            "the operator allows; not from %(host)s."
        ),
        host=host,
    )


def embed_hosts(allowed_hosts: Sequence[str] = ()) -> list[str]:
    """The https origins the player may frame, for the CSP frame-src: the built-in players, then
    each allowed host once (an empty entry would otherwise become the meaningless "https://")."""
    origins = list(EMBED_ORIGINS)
    for host in allowed_hosts:
        origin = f"https://{_host_name(host)}"
        if _host_name(host) and origin not in origins:
            origins.append(origin)
    return origins


def embed_src(video: Video | str, start_seconds: int = 0, autoplay: bool = False) -> str:
    """The iframe src: embed_url with start (provider's own parameter name) and autoplay=1 added."""
    parts = urlsplit(video.embed_url if isinstance(video, Video) else video)
    host = (parts.hostname or "").lower()
    start = max(int(start_seconds or 0), 0)
    # Vimeo takes the start as a fragment (#t=90s), set below; the others as a parameter.
    start_name = {"player.vimeo.com": "", "tv.naver.com": "t"}.get(host, "start")
    added = {}
    if start and start_name:
        added[start_name] = str(start)
    if autoplay:
        added["autoplay"] = "1"
    # The stored query is kept byte for byte (an allowed host's may be unusual); only the
    # parameters added here replace any of the same name.
    kept = [pair for pair in parts.query.split("&") if pair and pair.split("=")[0] not in added]
    query = "&".join(kept + [f"{name}={value}" for name, value in added.items()])
    fragment = f"t={start}s" if start and host == "player.vimeo.com" else parts.fragment
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}"
        + (f"?{query}" if query else "")
        + (f"#{fragment}" if fragment else "")
    )
