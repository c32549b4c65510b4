"""Source health: ask the host's oEmbed endpoint whether a video still exists and may be embedded.

Removed and not-embeddable videos are switched off with the reason and the time; a host that
does not answer (time-out, server error, garbage) leaves the source as it was, marked unreachable,
since that is usually passing."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalog.pagecache import invalidate_film_pages
from watch.models import VideoSource
from watch.providers import parse_video_url

MAX_RESPONSE_BYTES = 256 * 1024
USER_AGENT = "kcinema-source-check/1.0"


@dataclass(frozen=True)
class Answer:
    status: int  # 0 when the host did not answer
    body: bytes


class OEmbedClient:
    """The one way out to the network for health checks; tests point it at a local server."""

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout or settings.WATCH_OEMBED_TIMEOUT

    def get(self, url: str) -> Answer:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return Answer(response.status, response.read(MAX_RESPONSE_BYTES))
        except urllib.error.HTTPError as error:
            return Answer(error.code, b"")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            return Answer(0, b"")


@dataclass(frozen=True)
class Verdict:
    health: str
    reason: str = ""
    title: str = ""

    @property
    def switches_off(self) -> bool:
        return self.health in (VideoSource.Health.REMOVED, VideoSource.Health.NOT_EMBEDDABLE)


def oembed_address(source: VideoSource) -> str | None:
    """The host's oEmbed URL for the source; WATCH_OEMBED_ORIGIN sends it to a test server.

    Raises ValidationError when the source's host may no longer be embedded."""
    address = parse_video_url(source.url, settings.KCINEMA_EMBED_HOSTS).oembed_url
    origin = settings.WATCH_OEMBED_ORIGIN
    if address and origin:
        parts, target = urlsplit(address), urlsplit(origin)
        address = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))
    return address


def judge(answer: Answer) -> Verdict:
    """Read a host's oEmbed answer as the real hosts give it."""
    if answer.status in (401, 403):
        return Verdict(VideoSource.Health.NOT_EMBEDDABLE, _("The host does not allow embedding."))
    if answer.status in (404, 410):
        return Verdict(VideoSource.Health.REMOVED, _("The host has removed the video."))
    if answer.status != 200:
        return Verdict(VideoSource.Health.UNREACHABLE, _("The host did not answer."))
    try:
        data = json.loads(answer.body)
    except (ValueError, UnicodeDecodeError):
        return Verdict(VideoSource.Health.UNREACHABLE, _("The host's answer could not be read."))
    if not isinstance(data, dict) or not (data.get("html") or data.get("type") == "video"):
        return Verdict(VideoSource.Health.UNREACHABLE, _("The host's answer could not be read."))
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return Verdict(VideoSource.Health.OK, title=title[:200])


def check_source(source: VideoSource, client: OEmbedClient | None = None) -> Verdict:
    try:
        address = oembed_address(source)
    except ValidationError:
        verdict = Verdict(
            VideoSource.Health.NOT_EMBEDDABLE, _("The host is no longer on the allowed list.")
        )
    else:
        # Allow-listed hosts have no oEmbed endpoint to ask.
        verdict = (
            judge((client or OEmbedClient()).get(address))
            if address
            else Verdict(VideoSource.Health.OK)
        )
    now = timezone.now()
    source.health = verdict.health
    source.checked_at = now
    fields = ["health", "checked_at", "updated_at"]
    if verdict.switches_off and source.active:
        source.active = False
        source.inactive_reason = f"{verdict.reason} ({date_format(now, 'DATETIME_FORMAT')})"
        fields += ["active", "inactive_reason"]
    if verdict.title and not source.title:
        source.title = verdict.title
        fields.append("title")
    source.save(update_fields=fields)
    if "active" in fields or "title" in fields:
        invalidate_film_pages([source.film_id])  # the film page stops showing it, or names it
    return verdict


def due_sources():
    """Active sources not checked within WATCH_HEALTH_INTERVAL_HOURS."""
    cutoff = timezone.now() - timedelta(hours=settings.WATCH_HEALTH_INTERVAL_HOURS)
    return VideoSource.objects.filter(active=True).filter(
        Q(checked_at__isnull=True) | Q(checked_at__lt=cutoff)
    )
