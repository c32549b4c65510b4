"""What TMDB's terms ask of a site that shows TMDB's data: when the About page must carry TMDB's
logo and notice, and how long a value read from TMDB may be kept.

TMDB's API Terms of Use (https://www.themoviedb.org/api-terms-of-use, "last updated on: October
20, 2023"; quoted here as public repositories record it word for word, the page itself not being
reachable from where this was written):

- 3, Attribution: "You must use the TMDB logo to identify Your use of TMDB, the TMDB APIs, or
  TMDB Content. Any use of any TMDB logos in Your Application must be less prominent than the
  logos or marks that primarily describe or identify Your Application [...] In addition, You
  must place the following notice prominently in or on Your Application: 'This [website,
  program, service, application, product] uses TMDB and the TMDB APIs but is not endorsed,
  certified, or otherwise approved by TMDB.'"
- TMDB's developer FAQ (https://developer.themoviedb.org/docs/faq, "What are the attribution
  requirements?") words the notice "This product uses the TMDB API but is not endorsed or
  certified by TMDB.", and adds: "When attributing TMDB, the attribution must be within your
  application's 'About' or 'Credits' type section. When using a TMDB logo, we require you to use
  one of our approved logos." The About page shows the terms' wording (it says all the FAQ's
  does) and the approved logo kcinema/static/kcinema/tmdb-logo.svg (its origin beside it).
- 1.C, among what "You must not" do: "Cache, for longer than 6 months, any information obtained
  through or from TMDB or the TMDB APIs." 1.D: when the licence ends, "promptly delete or
  otherwise purge all TMDB Content, including any cached content."

So a value kcinema holds because TMDB gave it is read again before it is six months old, and
dropped if it could not be: REFRESH_AFTER and KEEP_AT_MOST below, which importers' provenance
(when and from where each field's value came) applies."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

# Six calendar months are never shorter than 181 days (September to February, or February to
# July): a value read 180 days ago is inside the limit whichever months they were.
KEEP_AT_MOST = timedelta(days=180)
# Read again from 150 days: a month of runs to do it in before the limit.
REFRESH_AFTER = timedelta(days=150)


def tmdb_attribution_needed() -> bool:
    """Whether the site shows data from TMDB and so owes TMDB its logo and notice: it is set up
    to read TMDB (TMDB_API_KEY, which `kcinema import tmdb` and `kcinema offers tmdb` both need),
    or its operator says it still holds TMDB's data (KCINEMA_TMDB_ATTRIBUTION). Settings only:
    no query, nothing kept in one process, so every process and every kept page agree."""
    return settings.TMDB_ATTRIBUTION or bool(settings.TMDB_API_KEY)


def tmdb_refresh_before(now: datetime | None = None) -> datetime:
    """Values read from TMDB before this moment are due to be read again."""
    return (now or timezone.now()) - REFRESH_AFTER


def tmdb_expired_before(now: datetime | None = None) -> datetime:
    """Values read from TMDB before this moment may no longer be kept: drop them (the field
    falls back to the next source's value, or empty) unless TMDB gave them again."""
    return (now or timezone.now()) - KEEP_AT_MOST
