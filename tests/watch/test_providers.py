"""The provider registry: every supported address shape, and every refusal."""

import pytest
from django.core.exceptions import ValidationError

from watch.providers import embed_hosts, embed_src, parse_video_url, seconds

ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "start"),
    [
        (f"https://www.youtube.com/watch?v={ID}", 0),
        (f"http://www.youtube.com/watch?v={ID}", 0),
        (f"youtube.com/watch?v={ID}", 0),
        (f"https://YOUTUBE.COM./watch?v={ID}", 0),
        (f"https://m.youtube.com/watch?v={ID}&feature=share", 0),
        (f"https://music.youtube.com/watch?v={ID}&si=abc", 0),
        (f"https://www.youtube.com/watch?v={ID}&list=PL123&index=4&pp=ygU", 0),
        (f"https://www.youtube.com/watch?utm_source=x&v={ID}&t=1m30s", 90),
        (f"https://www.youtube.com/watch?v={ID}&t=90", 90),
        (f"https://www.youtube.com/watch?v={ID}#t=30", 30),
        (f"https://youtu.be/{ID}", 0),
        (f"https://youtu.be/{ID}?t=42", 42),
        (f"https://youtu.be/{ID}?si=Xy_tracking&t=1h2m3s", 3723),
        (f"https://www.youtube.com/embed/{ID}?start=10", 10),
        (f"https://www.youtube.com/shorts/{ID}", 0),
        (f"https://www.youtube.com/live/{ID}?feature=shared", 0),
        (f"https://www.youtube-nocookie.com/embed/{ID}", 0),
        (f"https://www.youtube.com/v/{ID}", 0),
    ],
)
def test_youtube_shapes_become_one_nocookie_embed(url, start):
    video = parse_video_url(url)
    assert (video.provider, video.host_label, video.video_id) == ("youtube", "YouTube", ID)
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{ID}"
    assert video.watch_url == f"https://www.youtube.com/watch?v={ID}"
    assert video.start_seconds == start
    assert video.oembed_url == (
        f"https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{ID}"
        "&format=json"
    )


@pytest.mark.parametrize(
    ("url", "embed", "start"),
    [
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871", 0),
        ("https://vimeo.com/76979871#t=90s", "https://player.vimeo.com/video/76979871", 90),
        (
            "https://vimeo.com/76979871/abcdef1234",
            "https://player.vimeo.com/video/76979871?h=abcdef1234",
            0,
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871",
            0,
        ),
        (
            "https://vimeo.com/groups/name/videos/76979871",
            "https://player.vimeo.com/video/76979871",
            0,
        ),
        (
            "https://player.vimeo.com/video/76979871?h=abcdef1234",
            "https://player.vimeo.com/video/76979871?h=abcdef1234",
            0,
        ),
    ],
)
def test_vimeo_shapes_keep_the_private_hash(url, embed, start):
    video = parse_video_url(url)
    assert (video.provider, video.video_id, video.embed_url) == ("vimeo", "76979871", embed)
    assert video.start_seconds == start
    assert video.oembed_url.startswith(
        "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailymotion.com/video/x8abc12",
        "https://dailymotion.com/video/x8abc12_some-title",
        "https://dai.ly/x8abc12",
        "https://www.dailymotion.com/embed/video/x8abc12",
        "https://geo.dailymotion.com/player.html?video=x8abc12",
    ],
)
def test_dailymotion_shapes(url):
    video = parse_video_url(url)
    assert (video.provider, video.video_id) == ("dailymotion", "x8abc12")
    assert video.embed_url == "https://www.dailymotion.com/embed/video/x8abc12"


@pytest.mark.parametrize(
    "url",
    [
        "https://tv.naver.com/v/12345678",
        "https://tv.naver.com/embed/12345678",
        "https://m.tv.naver.com/v/12345678",
    ],
)
def test_naver_tv_shapes(url):
    video = parse_video_url(url)
    assert (video.provider, video.host_label, video.video_id) == ("navertv", "Naver TV", "12345678")
    assert video.embed_url == "https://tv.naver.com/embed/12345678"


@pytest.mark.parametrize(
    "url",
    [
        "https://tv.kakao.com/v/123456789",
        "https://tv.kakao.com/channel/12345/cliplink/123456789",
        "https://play-tv.kakao.com/embed/player/cliplink/123456789",
        "https://tv.kakao.com/embed/player/cliplink/123456789",
    ],
)
def test_kakao_tv_shapes(url):
    video = parse_video_url(url)
    assert (video.provider, video.host_label, video.video_id) == (
        "kakaotv",
        "Kakao TV",
        "123456789",
    )
    assert video.embed_url == "https://play-tv.kakao.com/embed/player/cliplink/123456789"


def test_operator_allowed_host_embeds_its_own_https_address():
    video = parse_video_url(
        "https://archive.example.org/embed/film-42?lang=ko#x", allowed_hosts=["archive.example.org"]
    )
    assert (video.provider, video.host_label) == ("allowed", "archive.example.org")
    assert video.embed_url == "https://archive.example.org/embed/film-42?lang=ko"
    assert video.oembed_url is None
    assert "https://archive.example.org" in embed_hosts(["archive.example.org"])


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        None,
        "https://www.youtube.com/watch?v=" + "a" * 500,
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        f"//www.youtube.com/watch?v={ID}",
        f"https://youtube.com@evil.example/watch?v={ID}",
        f"https://evil.example@youtube.com/watch?v={ID}",
        f"https://user:pass@youtube.com/watch?v={ID}",
        f"https://youtube.com:8080/watch?v={ID}",
        f"https://youtube.com.evil.example/watch?v={ID}",
        f"https://evil-youtube.com/watch?v={ID}",
        f"https://youtube.co/watch?v={ID}",
        f"https://yt.be/{ID}",
        "https://evil.example/?v=youtube.com",
        f"https://evil.example/watch?v={ID}",
        f"https://xn--youtube-9ya.com/watch?v={ID}",
        f"https://yоutube.com/watch?v={ID}",  # Cyrillic о
        "https://www.youtube.com/watch?v=abc",
        f"https://www.youtube.com/watch?v={ID}<script>",
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
        "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
        "https://www.youtube.com/@channel",
        f"https://www.youtube.com/watch?v={ID}\t&t=1",
        f"https://www.you tube.com/watch?v={ID}",
        f"https://www.youtube.com/watch?v={ID}\n&t=1",
        f"https:\\\\www.youtube.com\\watch?v={ID}",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871/not-a-hash!",
        "https://www.dailymotion.com/video/12345",
        "https://tv.naver.com/v/abc",
        "https://tv.kakao.com/channel/12345",
        "http://archive.example.org/embed/film-42",
        "https://sub.archive.example.org/embed/film-42",
    ],
)
def test_refused_addresses_get_a_clear_error(url):
    with pytest.raises(ValidationError) as refusal:
        parse_video_url(url, allowed_hosts=["archive.example.org"])
    assert refusal.value.messages[0]


def test_surrounding_whitespace_of_a_paste_is_forgiven():
    assert parse_video_url(f"  https://youtu.be/{ID}\n").video_id == ID


def test_unknown_host_error_names_the_host():
    with pytest.raises(ValidationError, match=r"not from evil\.example"):
        parse_video_url("https://evil.example/video/1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90", 90), ("90s", 90), ("1m30s", 90), ("1h2m3s", 3723), ("2m", 120), ("", 0), ("abc", 0)],
)
def test_durations(value, expected):
    assert seconds(value) == expected


def test_embed_src_adds_start_and_autoplay_in_each_hosts_own_way():
    assert embed_src(f"https://www.youtube-nocookie.com/embed/{ID}", 30, autoplay=True) == (
        f"https://www.youtube-nocookie.com/embed/{ID}?start=30&autoplay=1"
    )
    assert embed_src("https://player.vimeo.com/video/1?h=abcdef1234", 90, autoplay=True) == (
        "https://player.vimeo.com/video/1?h=abcdef1234&autoplay=1#t=90s"
    )
    assert embed_src("https://tv.naver.com/embed/5", 0) == "https://tv.naver.com/embed/5"


def test_frame_hosts_are_https_origins_only():
    hosts = embed_hosts()
    assert "https://www.youtube-nocookie.com" in hosts
    assert all(host.startswith("https://") and host.count("/") == 2 for host in hosts)
