"""Editing video sources: a pasted address becomes the source's canonical embed."""

from django.conf import settings
from django.db.models import Count, Q

from catalog.models import Film
from watch.models import VideoSource
from watch.providers import parse_video_url


def apply_video_url(source: VideoSource, url: str) -> VideoSource:
    """Recognise the pasted address and fill in the source's host, id and canonical addresses.

    Raises ValidationError (with the registry's message) for a host that may not be embedded."""
    video = parse_video_url(url, settings.KCINEMA_EMBED_HOSTS)
    source.url = url.strip()
    source.provider = video.provider
    source.video_id = video.video_id
    source.embed_url = video.embed_url
    source.watch_url = video.watch_url
    if video.start_seconds and not source.start_seconds:
        source.start_seconds = video.start_seconds
    return source


def save_source(film: Film, url: str, **fields) -> VideoSource:
    """Add the video at this address to the film, or update the film's source of the same
    video: the writing function for loaders (the admin's form does the same through
    apply_video_url). Validated before it is saved; raises ValidationError."""
    video = parse_video_url(url, settings.KCINEMA_EMBED_HOSTS)
    existing = VideoSource.objects.filter(
        film=film, provider=video.provider, video_id=video.video_id
    ).first()
    source = apply_video_url(existing or VideoSource(film=film), url)
    for name, value in fields.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    return source


def with_open_reports(queryset):
    """Annotate each source with its number of unresolved problem reports."""
    return queryset.annotate(
        open_reports=Count("problem_reports", filter=Q(problem_reports__resolved=False))
    )


def flagged_sources():
    """Sources that visitors keep reporting: at least WATCH_REPORTS_TO_FLAG open reports."""
    return with_open_reports(VideoSource.objects.all()).filter(
        open_reports__gte=settings.WATCH_REPORTS_TO_FLAG
    )
