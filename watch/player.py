"""What the Watch section of a film page shows: its playable sources, one of them selected."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from catalog.languages import language_name
from catalog.models import Film
from shield.headers import RESPONSE_ATTRIBUTE, with_frames_allowed
from watch.models import VideoSource
from watch.providers import PROVIDER_LABELS, embed_hosts, embed_src

# What a video host's frame needs to play (its iframe's allow attribute asks for the same).
PLAYER_FEATURES = ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")


@dataclass(frozen=True)
class PlayerSource:
    source: VideoSource
    host_label: str
    label: str  # "Full film · Korean Film Archive"
    iframe_src: str  # with autoplay: requested only once the visitor presses play
    language: str  # "Korean"
    subtitles: list[str]  # ["English", "Japanese"]


def host_label(source: VideoSource) -> str:
    """ "YouTube"; for an operator-allowed host, its name."""
    return PROVIDER_LABELS.get(source.provider) or urlsplit(source.watch_url).hostname or ""


def describe(source: VideoSource) -> PlayerSource:
    note = source.source_note or source.uploader
    label = f"{source.get_kind_display()} · {note}" if note else str(source.get_kind_display())
    return PlayerSource(
        source=source,
        host_label=host_label(source),
        label=label,
        iframe_src=embed_src(source.embed_url, source.start_seconds, autoplay=True),
        language=language_name(source.language.split("-")[0]),
        subtitles=[language_name(code) for code in source.subtitle_languages.split(",") if code],
    )


def player_for(film: Film, selected_id: str | None = None) -> dict:
    """The film's playable sources (full films first), and the one to show first: the one the
    visitor chose (?source=ID), else the first. One query, whatever the film has."""
    sources = [
        describe(source)
        for source in sorted(
            VideoSource.objects.playable().filter(film=film),
            key=lambda s: (s.kind != VideoSource.Kind.FULL_FILM, s.order, s.pk),
        )
    ]
    chosen = next((s for s in sources if str(s.source.pk) == (selected_id or "")), None)
    selected = chosen or (sources[0] if sources else None)
    has_full_film = any(s.source.kind == VideoSource.Kind.FULL_FILM for s in sources)
    return {"sources": sources, "selected": selected, "has_full_film": has_full_film}


def frames_players(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view whose page holds a player: its Content-Security-Policy lets it frame the
    registry's hosts and those the operator allows (KCINEMA_EMBED_HOSTS). Every other page
    frames nothing from another host."""

    @wraps(view)
    def framing_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        hosts = embed_hosts(settings.KCINEMA_EMBED_HOSTS)
        # Read by Django's ContentSecurityPolicyMiddleware, as its csp_override decorator sets it.
        response._csp_config = {**settings.SECURE_CSP, "frame-src": hosts}
        # The iframe's allow attribute can only narrow what the page's policy grants its frames.
        policy = with_frames_allowed(PLAYER_FEATURES, hosts)
        setattr(response, RESPONSE_ATTRIBUTE, policy)
        return response

    return framing_view
