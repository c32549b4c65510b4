"""Which hosts kcinema embeds from, and how a pasted video address becomes one canonical embed."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_URL_LENGTH = 500

PROVIDER_LABELS = {
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

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
NUMERIC_ID = re.compile(r"^[0-9]{1,20}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
DAILYMOTION_ID = re.compile(r"^x[a-z0-9]{4,14}$")
DURATION = re.compile(r"^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
DAILYMOTION_HOSTS = {"dailymotion.com", "www.dailymotion.com", "geo.dailymotion.com", "dai.ly"}
NAVER_HOSTS = {"tv.naver.com", "m.tv.naver.com"}
KAKAO_HOSTS = {"tv.kakao.com", "play-tv.kakao.com"}


@dataclass(frozen=True)
class Video:
    provider: str
    host_label: str
    video_id: str
    embed_url: str
    watch_url: str
    start_seconds: int
    oembed_url: str | None


def refuse(message) -> ValidationError:
    return ValidationError(message, code="invalid_video_url")


def seconds(value: str) -> int:
    """ "90", "90s", "1m30s", "1h2m3s" -> seconds; anything else -> 0."""
    match = DURATION.match((value or "").strip().lower())
    if not match or not any(match.groups()):
        return 0
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs


def _split(url: str):
    if not isinstance(url, str):
        raise refuse(_("Paste the address of a video."))
    url = url.strip()
    if not url:
        raise refuse(_("Paste the address of a video."))
    if len(url) > MAX_URL_LENGTH:
        raise refuse(_("The address is longer than 500 characters."))
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url) or "\\" in url:
        raise refuse(_("The address contains spaces or control characters."))
    if url.startswith("//"):
        raise refuse(_("Give the whole address, starting with https://."))
    if "://" not in url:
        if ":" in url.split("/", 1)[0]:
            raise refuse(_("Only https addresses can be embedded."))
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse(_("Only https addresses can be embedded."))
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise refuse(_("The address must not contain a user name or password."))
    try:
        port = parts.port
    except ValueError as error:
        raise refuse(_("The address has an invalid port.")) from error
    if port not in (None, 80, 443):
        raise refuse(_("Video addresses do not name a port."))
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise refuse(_("The address does not name a known video host."))
    return parts, host


def _one_video_please():
    return refuse(_("Paste the address of one video, not of a channel or a playlist."))


def _youtube(parts, host) -> Video:
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    fragment = parse_qs(parts.fragment)
    if host == "youtu.be":
        video_id = path[0] if len(path) == 1 else ""
    elif path[:1] == ["watch"] and len(path) == 1:
        video_id = (query.get("v") or [""])[0]
    elif len(path) == 2 and path[0] in ("embed", "shorts", "live", "v", "e"):
        video_id = path[1]
    else:
        raise _one_video_please()
    if not YOUTUBE_ID.match(video_id):
        raise refuse(_("YouTube video ids are 11 letters, digits, - or _."))
    start = next(
        (
            seconds(values[0])
            for values in (query.get("t"), query.get("start"), fragment.get("t"))
            if values
        ),
        0,
    )
    watch_url = f"https://www.youtube.com/watch?v={video_id}"
    return Video(
        provider="youtube",
        host_label="YouTube",
        video_id=video_id,
        embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}",
        watch_url=watch_url,
        start_seconds=start,
        oembed_url=f"https://www.youtube.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _vimeo(parts, host) -> Video:
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    private_hash = (query.get("h") or [""])[0]
    numeric = [i for i, segment in enumerate(path) if NUMERIC_ID.match(segment)]
    if host == "player.vimeo.com":
        if len(path) != 2 or path[0] != "video" or not numeric:
            raise _one_video_please()
        video_id = path[1]
    elif len(path) in (1, 2) and NUMERIC_ID.match(path[0]):
        video_id = path[0]
        if len(path) == 2:
            private_hash = path[1]
    elif len(path) == 3 and path[0] == "channels" and NUMERIC_ID.match(path[2]):
        video_id = path[2]
    elif (
        len(path) == 4 and path[0] == "groups" and path[2] == "videos" and NUMERIC_ID.match(path[3])
    ):
        video_id = path[3]
    else:
        raise refuse(_("Vimeo video addresses end in the video's number, e.g. vimeo.com/76979871."))
    if private_hash and not VIMEO_HASH.match(private_hash):
        raise refuse(_("The Vimeo private link is not valid."))
    start = seconds((parse_qs(parts.fragment).get("t") or [""])[0])
    embed_url = f"https://player.vimeo.com/video/{video_id}"
    watch_url = f"https://vimeo.com/{video_id}"
    if private_hash:
        embed_url += f"?h={private_hash}"
        watch_url += f"/{private_hash}"
    return Video(
        provider="vimeo",
        host_label="Vimeo",
        video_id=video_id,
        embed_url=embed_url,
        watch_url=watch_url,
        start_seconds=start,
        oembed_url=f"https://vimeo.com/api/oembed.json?url={quote(watch_url, safe='')}",
    )


def _dailymotion(parts, host) -> Video:
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host == "dai.ly" and len(path) == 1:
        video_id = path[0]
    elif host == "geo.dailymotion.com" and path == ["player.html"]:
        video_id = (query.get("video") or [""])[0]
    elif len(path) == 2 and path[0] == "video":
        video_id = path[1].split("_", 1)[0]
    elif len(path) == 3 and path[:2] == ["embed", "video"]:
        video_id = path[2]
    else:
        raise _one_video_please()
    if not DAILYMOTION_ID.match(video_id):
        raise refuse(_("Dailymotion video ids start with x, e.g. x8abc12."))
    watch_url = f"https://www.dailymotion.com/video/{video_id}"
    return Video(
        provider="dailymotion",
        host_label="Dailymotion",
        video_id=video_id,
        embed_url=f"https://www.dailymotion.com/embed/video/{video_id}",
        watch_url=watch_url,
        start_seconds=seconds((query.get("start") or [""])[0]),
        oembed_url=(
            "https://www.dailymotion.com/services/oembed"
            f"?url={quote(watch_url, safe='')}&format=json"
        ),
    )


def _naver(parts, host) -> Video:
    path = [segment for segment in parts.path.split("/") if segment]
    if len(path) != 2 or path[0] not in ("v", "embed") or not NUMERIC_ID.match(path[1]):
        raise refuse(_("Naver TV video addresses look like tv.naver.com/v/12345678."))
    video_id = path[1]
    watch_url = f"https://tv.naver.com/v/{video_id}"
    return Video(
        provider="navertv",
        host_label="Naver TV",
        video_id=video_id,
        embed_url=f"https://tv.naver.com/embed/{video_id}",
        watch_url=watch_url,
        start_seconds=seconds((parse_qs(parts.query).get("t") or [""])[0]),
        oembed_url=f"https://tv.naver.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _kakao(parts, host) -> Video:
    path = [segment for segment in parts.path.split("/") if segment]
    if len(path) == 2 and path[0] == "v":
        video_id = path[1]
    elif (len(path) == 4 and path[0] == "channel" and path[2] == "cliplink") or (
        len(path) == 4 and path[:3] == ["embed", "player", "cliplink"]
    ):
        video_id = path[3]
    else:
        video_id = ""
    if not NUMERIC_ID.match(video_id):
        raise refuse(_("Kakao TV video addresses look like tv.kakao.com/v/123456789."))
    watch_url = f"https://tv.kakao.com/v/{video_id}"
    return Video(
        provider="kakaotv",
        host_label="Kakao TV",
        video_id=video_id,
        embed_url=f"https://play-tv.kakao.com/embed/player/cliplink/{video_id}",
        watch_url=watch_url,
        start_seconds=0,
        oembed_url=f"https://tv.kakao.com/oembed?url={quote(watch_url, safe='')}&format=json",
    )


def _allowed(parts, host) -> Video:
    if parts.scheme.lower() != "https":
        raise refuse(_("Only https addresses can be embedded."))
    path = parts.path or "/"
    video_id = path + (f"?{parts.query}" if parts.query else "")
    url = f"https://{host}{video_id}"
    return Video("allowed", host, video_id, url, url, 0, None)


def parse_video_url(url: str, allowed_hosts: Sequence[str] = ()) -> Video:
    """Recognise a pasted address; raise ValidationError with a clear message otherwise."""
    parts, host = _split(url)
    if host in YOUTUBE_HOSTS or host in YOUTUBE_NOCOOKIE_HOSTS or host == "youtu.be":
        return _youtube(parts, host)
    if host in VIMEO_HOSTS:
        return _vimeo(parts, host)
    if host in DAILYMOTION_HOSTS:
        return _dailymotion(parts, host)
    if host in NAVER_HOSTS:
        return _naver(parts, host)
    if host in KAKAO_HOSTS:
        return _kakao(parts, host)
    if host in {h.strip().rstrip(".").lower() for h in allowed_hosts}:
        return _allowed(parts, host)
    raise refuse(
        _(
            "kcinema embeds from YouTube, Vimeo, Dailymotion, Naver TV, Kakao TV and the hosts "
            "the operator allows; not from %(host)s."
        )
        % {"host": host}
    )


def embed_hosts(allowed_hosts: Sequence[str] = ()) -> list[str]:
    """The https origins the player may frame, for the CSP frame-src."""
    return EMBED_ORIGINS + [f"https://{h.strip().rstrip('.').lower()}" for h in allowed_hosts]


def embed_src(video: "Video | str", start_seconds: int = 0, autoplay: bool = False) -> str:
    """The iframe src: the embed address with the start time and autoplay added."""
    embed_url = video.embed_url if isinstance(video, Video) else video
    parts = urlsplit(embed_url)
    params = parse_qs(parts.query)
    fragment = ""
    host = (parts.hostname or "").lower()
    if start_seconds:
        if host == "player.vimeo.com":
            fragment = f"#t={start_seconds}s"
        elif host == "tv.naver.com":
            params["t"] = [str(start_seconds)]
        else:
            params["start"] = [str(start_seconds)]
    if autoplay:
        params["autoplay"] = ["1"]
    query = urlencode({key: values[0] for key, values in params.items()})
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return base + (f"?{query}" if query else "") + fragment
