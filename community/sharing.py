"""Share links: plain addresses of each network's own share page, no third-party script.

KakaoTalk offers no share address without its JavaScript SDK and an app key, so on phones the
browser's own share sheet (the Web Share API, which lists KakaoTalk) stands in for it."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str  # css class and test handle
    label: str
    href: str


def sharing_context(film, absolute: Callable[[str], str]) -> dict:
    """The film page's share row: its address, title and links."""
    url, title = absolute(film.get_absolute_url()), f"{film.display_title} ({film.year})"
    return {"share_url": url, "share_title": title, "share_links": share_links(url, title)}


def share_links(url: str, title: str) -> list[ShareLink]:
    """The share row for a page at this absolute address with this title."""
    text = f"{title} {url}"
    return [
        ShareLink(
            "line", "LINE", "https://social-plugins.line.me/lineit/share?" + urlencode({"url": url})
        ),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "reddit",
            "Reddit",
            "https://www.reddit.com/submit?" + urlencode({"url": url, "title": title}),
        ),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareLink(
            "telegram",
            "Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
        ShareLink(
            "email",
            str(_("E-mail")),
            f"mailto:?subject={quote(title)}&body={quote(text)}",
        ),
    ]
