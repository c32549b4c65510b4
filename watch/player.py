"""What the Watch section of a film page shows: its playable sources, one of them selected."""

from dataclasses import dataclass

from catalog.models import Film
from watch.models import VideoSource
from watch.providers import PROVIDER_LABELS, embed_src


@dataclass(frozen=True)
class PlayerSource:
    source: VideoSource
    host_label: str
    label: str  # "Full film · Korean Film Archive"
    iframe_src: str  # with autoplay: requested only once the visitor presses play


def host_label(source: VideoSource) -> str:
    return PROVIDER_LABELS.get(source.provider) or source.provider


def describe(source: VideoSource) -> PlayerSource:
    note = source.source_note or source.uploader
    label = f"{source.get_kind_display()} · {note}" if note else str(source.get_kind_display())
    return PlayerSource(
        source=source,
        host_label=host_label(source)
        if source.provider != "allowed"
        else source.watch_url.split("/")[2],
        label=label,
        iframe_src=embed_src(source.embed_url, source.start_seconds, autoplay=True),
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
