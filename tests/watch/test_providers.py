"""The provider registry: every supported address shape per host, and every refusal."""

import pytest
from django.core.exceptions import ValidationError

from watch.providers import (
    PROVIDER_LABELS,
    embed_hosts,
    embed_src,
    parse_video_url,
    seconds,
)

YT = "dQw4w9WgXcQ"
YT_EMBED = f"https://www.youtube-nocookie.com/embed/{YT}"
VIMEO_EMBED = "https://player.vimeo.com/video/76979871"
DM_EMBED = "https://www.dailymotion.com/embed/video/x8abc12"
NAVER_EMBED = "https://tv.naver.com/embed/12345678"
KAKAO_EMBED = "https://play-tv.kakao.com/embed/player/cliplink/123456789"
ALLOWED = ["archive.example.org"]

# (pasted address, provider, video id, canonical embed, start seconds)
SHAPES = [
    (f"https://www.youtube.com/watch?v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"http://www.youtube.com/watch?v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"youtube.com/watch?v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"youtube.com/watch?v={YT}&t=1m30s", "youtube", YT, YT_EMBED, 90),
    (f"https://YouTube.COM./watch?v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://youtube.com:443/watch?v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/watch?v={YT}&t=90", "youtube", YT, YT_EMBED, 90),
    (f"https://www.youtube.com/watch?v={YT}&t=90s", "youtube", YT, YT_EMBED, 90),
    (f"https://www.youtube.com/watch?v={YT}&t=1h2m3s", "youtube", YT, YT_EMBED, 3723),
    (f"https://www.youtube.com/watch?v={YT}&start=75", "youtube", YT, YT_EMBED, 75),
    (f"https://www.youtube.com/watch?v={YT}&t=not-a-time", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/watch?v={YT}#t=30", "youtube", YT, YT_EMBED, 30),
    (f"https://m.youtube.com/watch?v={YT}&feature=share", "youtube", YT, YT_EMBED, 0),
    (f"https://music.youtube.com/watch?v={YT}&si=abc", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/watch?v={YT}&list=PL1&index=4&pp=ygU", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/watch?utm_source=x&utm_medium=y&v={YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/watch?v={YT}&ab_channel=Rick&fbclid=z", "youtube", YT, YT_EMBED, 0),
    (f"https://youtu.be/{YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://youtu.be/{YT}?t=42", "youtube", YT, YT_EMBED, 42),
    (f"https://youtu.be/{YT}?si=Xy_tracking&t=1h2m3s", "youtube", YT, YT_EMBED, 3723),
    (f"https://www.youtube.com/embed/{YT}?start=10", "youtube", YT, YT_EMBED, 10),
    (f"https://www.youtube.com/shorts/{YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/live/{YT}?feature=shared", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube-nocookie.com/embed/{YT}", "youtube", YT, YT_EMBED, 0),
    (f"https://www.youtube.com/v/{YT}", "youtube", YT, YT_EMBED, 0),
    ("https://vimeo.com/76979871", "vimeo", "76979871", VIMEO_EMBED, 0),
    ("http://vimeo.com/76979871", "vimeo", "76979871", VIMEO_EMBED, 0),
    ("https://vimeo.com/76979871#t=90s", "vimeo", "76979871", VIMEO_EMBED, 90),
    ("https://vimeo.com/76979871#t=1m30s", "vimeo", "76979871", VIMEO_EMBED, 90),
    (
        "https://vimeo.com/76979871/abcdef1234",
        "vimeo",
        "76979871",
        f"{VIMEO_EMBED}?h=abcdef1234",
        0,
    ),
    ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871", VIMEO_EMBED, 0),
    ("https://vimeo.com/groups/name/videos/76979871", "vimeo", "76979871", VIMEO_EMBED, 0),
    ("https://player.vimeo.com/video/76979871", "vimeo", "76979871", VIMEO_EMBED, 0),
    (
        "https://player.vimeo.com/video/76979871?h=abcdef1234#t=20s",
        "vimeo",
        "76979871",
        f"{VIMEO_EMBED}?h=abcdef1234",
        20,
    ),
    ("https://www.dailymotion.com/video/x8abc12", "dailymotion", "x8abc12", DM_EMBED, 0),
    ("https://dailymotion.com/video/x8abc12_some-title", "dailymotion", "x8abc12", DM_EMBED, 0),
    ("https://dai.ly/x8abc12", "dailymotion", "x8abc12", DM_EMBED, 0),
    ("https://www.dailymotion.com/embed/video/x8abc12", "dailymotion", "x8abc12", DM_EMBED, 0),
    (
        "https://geo.dailymotion.com/player.html?video=x8abc12",
        "dailymotion",
        "x8abc12",
        DM_EMBED,
        0,
    ),
    (
        "https://geo.dailymotion.com/player/x1a2b.html?video=x8abc12",
        "dailymotion",
        "x8abc12",
        DM_EMBED,
        0,
    ),
    ("https://www.dailymotion.com/video/x8abc12?start=30", "dailymotion", "x8abc12", DM_EMBED, 30),
    ("https://tv.naver.com/v/12345678", "navertv", "12345678", NAVER_EMBED, 0),
    ("https://tv.naver.com/v/12345678?t=45", "navertv", "12345678", NAVER_EMBED, 45),
    ("https://tv.naver.com/embed/12345678", "navertv", "12345678", NAVER_EMBED, 0),
    ("https://m.tv.naver.com/v/12345678", "navertv", "12345678", NAVER_EMBED, 0),
    ("https://tv.kakao.com/v/123456789", "kakaotv", "123456789", KAKAO_EMBED, 0),
    (
        "https://tv.kakao.com/channel/12345/cliplink/123456789",
        "kakaotv",
        "123456789",
        KAKAO_EMBED,
        0,
    ),
    (
        "https://play-tv.kakao.com/embed/player/cliplink/123456789",
        "kakaotv",
        "123456789",
        KAKAO_EMBED,
        0,
    ),
    (
        "https://tv.kakao.com/embed/player/cliplink/123456789",
        "kakaotv",
        "123456789",
        KAKAO_EMBED,
        0,
    ),
]


@pytest.mark.parametrize(("url", "provider", "video_id", "embed_url", "start"), SHAPES)
def test_each_supported_shape_becomes_its_canonical_embed(
    url, provider, video_id, embed_url, start
):
    video = parse_video_url(url)
    assert (video.provider, video.video_id, video.embed_url, video.start_seconds) == (
        provider,
        video_id,
        embed_url,
        start,
    )
    assert video.host_label == PROVIDER_LABELS[provider]
    # The player asks for autoplay only once the visitor presses play.
    assert "autoplay" not in video.embed_url


@pytest.mark.parametrize(
    ("url", "watch_url", "oembed_url"),
    [
        (
            f"https://youtu.be/{YT}?t=5",
            f"https://www.youtube.com/watch?v={YT}",
            "https://www.youtube.com/oembed"
            f"?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{YT}&format=json",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://vimeo.com/76979871",
            "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=abcdef1234",
            "https://vimeo.com/76979871/abcdef1234",
            "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871%2Fabcdef1234",
        ),
        (
            "https://dai.ly/x8abc12",
            "https://www.dailymotion.com/video/x8abc12",
            "https://www.dailymotion.com/services/oembed"
            "?url=https%3A%2F%2Fwww.dailymotion.com%2Fvideo%2Fx8abc12&format=json",
        ),
        (
            "https://m.tv.naver.com/v/12345678",
            "https://tv.naver.com/v/12345678",
            "https://tv.naver.com/oembed?url=https%3A%2F%2Ftv.naver.com%2Fv%2F12345678&format=json",
        ),
        (
            "https://play-tv.kakao.com/embed/player/cliplink/123456789",
            "https://tv.kakao.com/v/123456789",
            "https://tv.kakao.com/oembed?url=https%3A%2F%2Ftv.kakao.com%2Fv%2F123456789&format=json",
        ),
    ],
)
def test_watch_page_and_oembed_endpoint_are_canonical(url, watch_url, oembed_url):
    video = parse_video_url(url)
    assert (video.watch_url, video.oembed_url) == (watch_url, oembed_url)


@pytest.mark.parametrize(
    ("url", "allowed_hosts", "video_id"),
    [
        ("https://archive.example.org/embed/film-42?lang=ko#x", ALLOWED, "/embed/film-42?lang=ko"),
        ("https://ARCHIVE.example.org./embed/1", ALLOWED, "/embed/1"),
        ("https://archive.example.org:443/embed/1", ALLOWED, "/embed/1"),
        ("https://archive.example.org", ALLOWED, "/"),
        ("https://archive.example.org/embed/1", [" Archive.Example.ORG. "], "/embed/1"),
        ("https://archive.example.org/영화/1", ALLOWED, "/%EC%98%81%ED%99%94/1"),
        ('https://archive.example.org/a"<b>', ALLOWED, "/a%22%3Cb%3E"),
    ],
)
def test_operator_allowed_host_embeds_its_own_https_address(url, allowed_hosts, video_id):
    video = parse_video_url(url, allowed_hosts=allowed_hosts)
    assert (video.provider, video.host_label, video.video_id) == (
        "allowed",
        "archive.example.org",
        video_id,
    )
    assert video.embed_url == video.watch_url == f"https://archive.example.org{video_id}"
    assert (video.start_seconds, video.oembed_url) == (0, None)


def test_built_in_hosts_win_over_the_allowed_list():
    assert parse_video_url(f"https://youtu.be/{YT}", ["youtu.be"]).provider == "youtube"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Paste the address of a video."),
        ("   \n", "Paste the address of a video."),
        (None, "Paste the address of a video."),
        (42, "Paste the address of a video."),
        (f"https://youtu.be/{YT}".encode(), "Paste the address of a video."),
        (f"https://www.youtube.com/watch?v={YT}&x=" + "a" * 500, "longer than 500 characters"),
        ("javascript:alert(1)", "Only https addresses can be embedded."),
        ("JavaScript:alert(document.cookie)", "Only https addresses can be embedded."),
        ("javascript://%0Aalert(1)", "Only https addresses can be embedded."),
        ("data:text/html;base64,PHNjcmlwdD4=", "Only https addresses can be embedded."),
        ("file:///etc/passwd", "Only https addresses can be embedded."),
        (f"ftp://youtube.com/watch?v={YT}", "Only https addresses can be embedded."),
        (f"//www.youtube.com/watch?v={YT}", "starting with https://"),
        (f"https://youtube.com@evil.example/watch?v={YT}", "user name or password"),
        (f"https://evil.example@youtube.com/watch?v={YT}", "user name or password"),
        (f"https://user:pass@youtube.com/watch?v={YT}", "user name or password"),
        (f"https://@youtube.com/watch?v={YT}", "user name or password"),
        (f"https://youtube.com:8080/watch?v={YT}", "leave out “:8080”"),
        (f"http://youtube.com:80/watch?v={YT}", "leave out “:80”"),
        (f"youtube.com:8443/watch?v={YT}", "leave out “:8443”"),
        (f"https://youtube.com:99999/watch?v={YT}", "not a valid web address"),
        (f"https://youtube.com:https/watch?v={YT}", "not a valid web address"),
        ("https://[::1/watch", "not a valid web address"),
        ("https://youtube.com＃@evil.example/", "not a valid web address"),  # fullwidth #
        ("https:///watch?v=" + YT, "does not name a host"),
        (f"https://youtube.com.evil.example/watch?v={YT}", "not from youtube.com.evil.example."),
        (f"https://evil-youtube.com/watch?v={YT}", "not from evil-youtube.com."),
        (f"https://youtube.co/watch?v={YT}", "not from youtube.co."),
        (f"https://yt.be/{YT}", "not from yt.be."),
        (f"https://youtube.com../watch?v={YT}", "not from youtube.com.."),
        ("evil.example/?v=youtube.com", "not from evil.example."),
        (f"https://evil.example/watch?v={YT}", "not from evil.example."),
        (f"https://xn--youtube-9ya.com/watch?v={YT}", "international characters"),
        (f"https://www.xn--yutube-wqf.com/watch?v={YT}", "international characters"),
        (f"https://yоutube.com/watch?v={YT}", "international characters"),  # Cyrillic о
        ("https://www.youtube.com/watch?v=abc", "11 letters, digits, - or _"),
        (f"https://www.youtube.com/watch?v={YT}<script>", "11 letters, digits, - or _"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXc%22", "11 letters, digits, - or _"),
        (f"https://www.youtube.com/watch?v={YT}%0A", "11 letters, digits, - or _"),
        (f"https://youtu.be/{YT}x", "11 letters, digits, - or _"),
        ("https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs", "one video"),
        ("https://www.youtube.com/@channel", "one video"),
        ("https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA", "one video"),
        ("https://www.youtube.com/embed/videoseries?list=PL590L5WQmH8fJ54F369", "one video"),
        ("https://www.youtube.com/watch?list=PL590L5WQmH8fJ54F369", "one video"),
        (f"https://www.youtube.com/watch?v={YT}&v=aaaaaaaaaaa", "one video"),
        ("https://youtu.be/", "one video"),
        (f"https://www.youtube.com/watch?v={YT}\t&t=1", "spaces or invisible characters"),
        (f"https://www.you tube.com/watch?v={YT}", "spaces or invisible characters"),
        (f"https://www.youtube.com/watch?v={YT}\n&t=1", "spaces or invisible characters"),
        (f"https://www.youtube.com/watch?v={YT}\x00", "spaces or invisible characters"),
        (f"https://www.youtube.com/watch?v={YT}\x7f", "spaces or invisible characters"),
        (f"https://youtube\u200b.com/watch?v={YT}", "spaces or invisible characters"),
        (f"https://youtube.com/watch?v={YT}\u202e", "spaces or invisible characters"),
        (f"https://youtube.com/watch?v=\u3000{YT}", "spaces or invisible characters"),
        (f"https:\\\\www.youtube.com\\watch?v={YT}", "backslash"),
        (f"https://evil.example\\@youtube.com/watch?v={YT}", "backslash"),
        ("https://vimeo.com/channels/staffpicks", "vimeo.com/76979871"),
        ("https://vimeo.com/", "vimeo.com/76979871"),
        ("https://player.vimeo.com/video/abc", "vimeo.com/76979871"),
        ("https://vimeo.com/76979871/not-a-hash!", "private part of this Vimeo address"),
        ("https://vimeo.com/76979871?h=ABC%0A", "private part of this Vimeo address"),
        ("https://www.dailymotion.com/video/12345", "an id starting with x"),
        ("https://www.dailymotion.com/user/someone", "an id starting with x"),
        ("https://geo.dailymotion.com/player.html", "an id starting with x"),
        ("https://dai.ly/", "an id starting with x"),
        ("https://tv.naver.com/v/abc", "tv.naver.com/v/12345678"),
        ("https://tv.naver.com/v/", "tv.naver.com/v/12345678"),
        ("https://tv.kakao.com/channel/12345", "tv.kakao.com/v/123456789"),
        ("https://tv.kakao.com/channel/abc/cliplink/123456789", "tv.kakao.com/v/123456789"),
        ("https://play-tv.kakao.com/v/123456789", "tv.kakao.com/v/123456789"),
        ("http://archive.example.org/embed/film-42", "Only https addresses can be embedded."),
        ("https://sub.archive.example.org/embed/film-42", "not from sub.archive.example.org."),
        ("https://example.org/embed/film-42", "not from example.org."),
    ],
)
def test_refused_addresses_get_a_clear_error(url, message):
    with pytest.raises(ValidationError) as refusal:
        parse_video_url(url, allowed_hosts=ALLOWED)
    assert refusal.value.code == "invalid_video_url"
    assert message in refusal.value.messages[0]


def test_surrounding_whitespace_of_a_paste_is_forgiven():
    assert parse_video_url(f"  https://youtu.be/{YT}\n").video_id == YT


def test_unknown_host_error_names_the_hosts_kcinema_embeds_from():
    with pytest.raises(ValidationError) as refusal:
        parse_video_url("https://evil.example/video/1")
    assert refusal.value.messages == [
        "kcinema embeds from YouTube, Vimeo, Dailymotion, Naver TV, Kakao TV and the hosts the "
        "operator allows; not from evil.example."
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", 90),
        ("90s", 90),
        ("1m30s", 90),
        ("1m30", 90),
        ("1h2m3s", 3723),
        ("2m", 120),
        ("1h", 3600),
        ("", 0),
        ("abc", 0),
        ("-5", 0),
        ("90\n", 90),
        ("٩٠", 0),  # Arabic-Indic digits are not a time
    ],
)
def test_durations(value, expected):
    assert seconds(value) == expected


@pytest.mark.parametrize(
    ("embed", "start", "autoplay", "src"),
    [
        (YT_EMBED, 0, False, YT_EMBED),
        (YT_EMBED, 30, True, f"{YT_EMBED}?start=30&autoplay=1"),
        (YT_EMBED, -5, True, f"{YT_EMBED}?autoplay=1"),
        (VIMEO_EMBED, 90, False, f"{VIMEO_EMBED}#t=90s"),
        (
            f"{VIMEO_EMBED}?h=abcdef1234",
            90,
            True,
            f"{VIMEO_EMBED}?h=abcdef1234&autoplay=1#t=90s",
        ),
        (DM_EMBED, 30, True, f"{DM_EMBED}?start=30&autoplay=1"),
        (NAVER_EMBED, 30, True, f"{NAVER_EMBED}?t=30&autoplay=1"),
        (NAVER_EMBED, 0, False, NAVER_EMBED),
        (KAKAO_EMBED, 30, True, f"{KAKAO_EMBED}?start=30&autoplay=1"),
        (
            "https://archive.example.org/e?x=&y=1&y=2&q=a%2Fb",
            5,
            False,
            "https://archive.example.org/e?x=&y=1&y=2&q=a%2Fb&start=5",
        ),
        (
            "https://archive.example.org/e?autoplay=0&start=9",
            0,
            True,
            "https://archive.example.org/e?start=9&autoplay=1",
        ),
    ],
)
def test_embed_src_adds_start_and_autoplay_in_each_hosts_own_way(embed, start, autoplay, src):
    assert embed_src(embed, start, autoplay=autoplay) == src


def test_embed_src_takes_a_parsed_video():
    video = parse_video_url(f"https://youtu.be/{YT}?t=42")
    assert embed_src(video, video.start_seconds) == f"{YT_EMBED}?start=42"


def test_frame_hosts_are_the_built_in_players_then_each_allowed_host_once():
    assert embed_hosts() == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
        "https://tv.naver.com",
        "https://play-tv.kakao.com",
    ]
    hosts = embed_hosts(["archive.example.org", " Archive.Example.org. ", "", "films.example"])
    assert hosts[5:] == ["https://archive.example.org", "https://films.example"]
    assert all(host.startswith("https://") and host.count("/") == 2 for host in hosts)
