"""The registry of services where a film can be watched legally (streamed, rented, bought): each
with a stable key, its name in both languages, its home address, the domains its links live on
and a badge drawn here (its initials on a colour), never an image from elsewhere.

Countries a service operates in are left out: no source we could cite lists them reliably, and a
wrong list would hide real offers."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Service:
    key: str
    name: Promise | str  # translated: "넷플릭스" on the Korean site
    home: str
    domains: tuple[str, ...]  # a link is on the service if its host is one of these or below it
    badge_text: str  # a few letters drawn on the badge, in place of the service's logo
    badge_colour: str
    badge_ink: str = "#ffffff"

    @property
    def badge_font_size(self) -> int:
        """Shorter text is drawn larger, so every badge fills its square alike."""
        return {1: 26, 2: 20}.get(len(self.badge_text), 15)

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == domain or host.endswith(f".{domain}") for domain in self.domains)


SERVICES: dict[str, Service] = {
    service.key: service
    for service in [
        Service(
            "netflix", _("Netflix"), "https://www.netflix.com/", ("netflix.com",), "N", "#e50914"
        ),
        Service("tving", _("TVING"), "https://www.tving.com/", ("tving.com",), "T", "#ff153c"),
        Service("wavve", _("Wavve"), "https://www.wavve.com/", ("wavve.com",), "w", "#1a4bd8"),
        Service(
            "coupang_play",
            _("Coupang Play"),
            "https://www.coupangplay.com/",
            ("coupangplay.com",),
            "CP",
            "#111111",
        ),
        Service("watcha", _("Watcha"), "https://watcha.com/", ("watcha.com",), "W", "#ff0558"),
        Service(
            "disney_plus",
            _("Disney+"),
            "https://www.disneyplus.com/",
            ("disneyplus.com",),
            "D+",
            "#0e2a7a",
        ),
        Service(
            "apple_tv", _("Apple TV"), "https://tv.apple.com/", ("tv.apple.com",), "tv", "#000000"
        ),
        Service(
            "google_play",
            _("Google Play Movies"),
            "https://play.google.com/store/movies",
            ("play.google.com",),
            "GP",
            "#01875f",
        ),
        Service(
            "youtube",
            _("YouTube (Movies)"),
            "https://www.youtube.com/",
            ("youtube.com", "youtu.be"),
            "YT",
            "#cc0000",
        ),
        Service(
            "amazon_prime_video",
            _("Amazon Prime Video"),
            "https://www.primevideo.com/",
            ("primevideo.com", "amazon.com", "amazon.co.uk", "amazon.de", "amazon.co.jp"),
            "PV",
            "#00a8e1",
            "#0f171e",
        ),
        Service(
            "naver_series_on",
            _("Naver Series On"),
            "https://serieson.naver.com/",
            ("serieson.naver.com",),
            "S",
            "#03c75a",
        ),
    ]
}

SERVICE_CHOICES = [(service.key, service.name) for service in SERVICES.values()]


def service(key: str) -> Service | None:
    return SERVICES.get(key)
