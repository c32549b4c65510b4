"""Takedown notices, written so that they cannot be abused: a notice is stored at once, but its
sources are hidden only when the claimant confirms their e-mail address (or carries a trusted
claimant's token), at most a few per notice, and never while the site-wide circuit breaker is
tripped; the rest wait for staff, who confirm (hiding them all), reject (restoring them) or
weigh a counter-notice. Every step is written to the notice's audit trail (TakedownEvent).

Reads for pages live in watch/forms.py (what a notice names) and here (breaker_state)."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from catalog.pagecache import invalidate_film_pages
from shield.ratelimits import allow
from shield.staffmail import mail_staff, site_subject
from watch.models import (
    BlockedClaimant,
    TakedownBreaker,
    TakedownEvent,
    TakedownNotice,
    TrustedClaimant,
    VideoSource,
    WaitingReason,
)
from watch.signals import sources_changed

# Notices in these statuses keep the sources they hid hidden.
HOLDING_STATUSES = (
    TakedownNotice.Status.RECEIVED,
    TakedownNotice.Status.CONFIRMED,
    TakedownNotice.Status.COUNTER_NOTICE,
)
# A counter-notice disputes a notice that hid something and is not settled.
COUNTERABLE_STATUSES = (TakedownNotice.Status.RECEIVED, TakedownNotice.Status.CONFIRMED)
CONFIRMATION_SALT = "watch.takedowns.confirm-email"
BREAKER_WINDOW = timedelta(hours=24)
DAY = 24 * 3600


class Decision:
    """The decisions staff can take on a notice, by name (the admin's buttons and actions)."""

    CONFIRM = "confirm"
    REJECT = "reject"
    RESTORE = "restore"


# Which decision is open in which status: a notice is confirmed (hiding everything it names) or
# rejected once filed, confirmed by its claimant or not; a confirmed notice can still be found
# unfounded; a counter-notice is upheld (restore) or not (confirm); a rejected notice is settled.
OPEN_DECISIONS = {
    TakedownNotice.Status.UNCONFIRMED: (Decision.CONFIRM, Decision.REJECT),
    TakedownNotice.Status.RECEIVED: (Decision.CONFIRM, Decision.REJECT),
    TakedownNotice.Status.CONFIRMED: (Decision.REJECT,),
    TakedownNotice.Status.COUNTER_NOTICE: (Decision.RESTORE, Decision.CONFIRM),
    TakedownNotice.Status.REJECTED: (),
}


def decisions_open_to(notice: TakedownNotice) -> tuple[str, ...]:
    """The names of the decisions staff may take on this notice now."""
    return OPEN_DECISIONS.get(notice.status, ())


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def sources_named(targets: Iterable[tuple[str, dict]]) -> list[VideoSource]:
    """The sources a notice's addresses name: a /watch/ID/ line that source, a film page line
    the film's full-film sources (a trailer is the distributor's advertising, not the work)."""
    source_ids, film_slugs = set(), set()
    for view_name, kwargs in targets:
        if view_name == "watch:play":
            source_ids.add(kwargs["pk"])
        else:
            film_slugs.add(kwargs["slug"])
    full_films = VideoSource.objects.filter(
        film__slug__in=film_slugs, kind=VideoSource.Kind.FULL_FILM
    )
    return list((VideoSource.objects.filter(pk__in=source_ids) | full_films).order_by("pk"))


# Who may file: the block list, trusted claimants' tokens, the daily limits.


def blocked_because(email: str) -> str | None:
    """The reason a claimant's address or domain is on the block list; None if it is not."""
    email = email.strip().lower()
    entry = BlockedClaimant.objects.filter(address__in=[email, email_domain(email)]).first()
    return entry.reason if entry else None


def token_hash(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is as good as a slow hash here."""
    return hashlib.sha256(token.strip().encode()).hexdigest()


def issue_claimant_token(claimant: TrustedClaimant) -> str:
    """Give a trusted claimant a new token (the old one stops working); only its hash is
    stored, so the token returned is shown to staff once, to pass on."""
    token = secrets.token_urlsafe(32)
    claimant.token_hash = token_hash(token)
    claimant.email_domain = claimant.email_domain.strip().lower().lstrip("@")
    claimant.save()
    return token


def trusted_claimant_for(email: str, token: str) -> TrustedClaimant | None:
    """The active trusted claimant whose token this is, if the e-mail is at its domain."""
    if not token.strip():
        return None
    claimant = TrustedClaimant.objects.filter(token_hash=token_hash(token), active=True).first()
    if claimant is None or claimant.email_domain != email_domain(email):
        return None
    return claimant


def within_daily_limits(email: str, network: str, *, scope: str = "takedown") -> bool:
    """Count one notice (or counter-notice) by its e-mail address, its domain and the network
    it came from (shield.addresses.network_of); False once any of them is over its limit."""
    email = email.strip().lower()
    checks = [
        allow(f"{scope}-email", email, settings.TAKEDOWN_NOTICES_PER_EMAIL_DAY, DAY),
        allow(
            f"{scope}-domain", email_domain(email), settings.TAKEDOWN_NOTICES_PER_DOMAIN_DAY, DAY
        ),
        allow(f"{scope}-network", network, settings.TAKEDOWN_NOTICES_PER_NETWORK_DAY, DAY),
    ]
    return all(checks)


# Filing, and the claimant's confirmation.


def confirmation_token(notice: TakedownNotice) -> str:
    """A signed, timestamped token naming the notice and the address it was sent to."""
    return signing.dumps({"notice": notice.pk, "email": notice.email}, salt=CONFIRMATION_SALT)


def notice_for_token(token: str) -> TakedownNotice:
    """The notice a confirmation token names; signing.SignatureExpired for an expired token,
    signing.BadSignature for a forged one, TakedownNotice.DoesNotExist for a deleted notice."""
    max_age = timedelta(hours=settings.TAKEDOWN_CONFIRM_HOURS)
    data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a confirmation token")
    return TakedownNotice.objects.get(pk=data.get("notice"), email=data.get("email"))


@transaction.atomic
def file_notice(
    notice: TakedownNotice,
    targets: Iterable[tuple[str, dict]],
    *,
    token: str = "",
    origin: str = "",
) -> TakedownNotice:
    """Save a notice (the caller validated it: watch.forms.TakedownNoticeForm) and record what
    it names. A trusted claimant's notice hides what it may at once; any other waits for its
    claimant to confirm by the link mailed to them. Staff are mailed either way."""
    trusted = trusted_claimant_for(notice.email, token)
    notice.status = TakedownNotice.Status.UNCONFIRMED
    notice.trusted_claimant = trusted
    notice.save()
    sources = sources_named(targets)
    notice.sources.set(sources)
    _record(notice, TakedownEvent.Action.FILED, details={"named_sources": _ids(sources)})
    if trusted:
        _record(notice, TakedownEvent.Action.TRUSTED, note=str(trusted))
        _hide_what_it_may(notice, origin=origin)
    else:
        _record(notice, TakedownEvent.Action.WAITING, reason=WaitingReason.UNCONFIRMED)
        transaction.on_commit(lambda: mail_confirmation_link(notice, origin=origin))
    transaction.on_commit(lambda: notify_staff_of_notice(notice, origin=origin))
    return notice


def confirm_claimant_email(notice: TakedownNotice, *, origin: str = "") -> bool:
    """The claimant followed the link: the notice hides what it may. False if the link was
    already used (or staff decided first): a link works once."""
    with transaction.atomic():
        claimed = TakedownNotice.objects.filter(
            pk=notice.pk, status=TakedownNotice.Status.UNCONFIRMED, email_confirmed_at=None
        ).update(status=TakedownNotice.Status.RECEIVED, email_confirmed_at=timezone.now())
        if not claimed:
            return False
        notice.refresh_from_db()
        _record(notice, TakedownEvent.Action.CLAIMANT_CONFIRMED)
        _hide_what_it_may(notice, origin=origin)
    return True


def _hide_what_it_may(notice: TakedownNotice, *, origin: str) -> None:
    """Hide the notice's sources without a person, within its cap and the breaker's limits;
    record what waits for staff, and why. Serialised on the breaker's row, so that two
    notices at once cannot both slip under the limit."""
    notice.status = TakedownNotice.Status.RECEIVED
    notice.save(update_fields=["status"])
    breaker = _locked_breaker()
    sources = list(notice.sources.all())
    cap = auto_hide_cap(notice)
    chosen, rest = sources[:cap], sources[cap:]
    # A source another notice already hid costs the site nothing more: it is not counted.
    adding = sum(1 for source in chosen if not source.hidden_by_takedown)
    if adding and (breaker.tripped_at or _would_trip(adding, breaker)):
        _trip(breaker, notice, origin=origin)
        _record(notice, TakedownEvent.Action.WAITING, reason=WaitingReason.BREAKER)
        return
    if chosen:
        _hide(notice, chosen)
        notice.auto_hidden_count = adding
        notice.auto_hidden_at = timezone.now()
        notice.save(update_fields=["auto_hidden_count", "auto_hidden_at"])
    if rest:
        _record(
            notice,
            TakedownEvent.Action.WAITING,
            reason=WaitingReason.CAP,
            details={"waiting_sources": _ids(rest)},
        )


def auto_hide_cap(notice: TakedownNotice) -> int:
    if notice.trusted_claimant_id:
        return settings.TAKEDOWN_AUTO_HIDE_MAX_TRUSTED
    return settings.TAKEDOWN_AUTO_HIDE_MAX


# The circuit breaker.


@dataclass(frozen=True)
class BreakerState:
    """What the admin shows of the breaker."""

    tripped_at: datetime | None
    reset_at: datetime | None
    hidden_unreviewed: int
    limit: int


def current_breaker() -> TakedownBreaker:
    breaker, _ = TakedownBreaker.objects.get_or_create(pk=1)
    return breaker


def _locked_breaker() -> TakedownBreaker:
    current_breaker()
    return TakedownBreaker.objects.select_for_update().get(pk=1)


def hidden_unreviewed(breaker: TakedownBreaker) -> int:
    """Sources hidden without a person by notices staff have not decided on, in the last 24 hours
    (and since staff last reset the breaker)."""
    since = timezone.now() - BREAKER_WINDOW
    if breaker.reset_at and breaker.reset_at > since:
        since = breaker.reset_at
    total = TakedownNotice.objects.filter(decided_at=None, auto_hidden_at__gte=since).aggregate(
        total=Sum("auto_hidden_count")
    )["total"]
    return total or 0


def breaker_limit() -> int:
    """The most sources unreviewed notices may hide in a day: the smaller of the two settings
    (the share rounded up, so that a site of a handful of sources can still take one down)."""
    active = VideoSource.objects.filter(active=True).count()
    share = -(-active * settings.TAKEDOWN_BREAKER_PERCENT // 100)
    return min(settings.TAKEDOWN_BREAKER_SOURCES, share)


def _would_trip(adding: int, breaker: TakedownBreaker) -> bool:
    return hidden_unreviewed(breaker) + adding > breaker_limit()


def breaker_state() -> BreakerState:
    breaker = current_breaker()
    return BreakerState(
        tripped_at=breaker.tripped_at,
        reset_at=breaker.reset_at,
        hidden_unreviewed=hidden_unreviewed(breaker),
        limit=breaker_limit(),
    )


def _trip(breaker: TakedownBreaker, notice: TakedownNotice, *, origin: str) -> None:
    """Trip the breaker if it is not tripped yet, and then only, mail staff (once per trip)."""
    tripped = TakedownBreaker.objects.filter(pk=breaker.pk, tripped_at=None).update(
        tripped_at=timezone.now()
    )
    if tripped:
        transaction.on_commit(lambda: notify_staff_of_trip(notice, origin=origin))


def reset_breaker() -> None:
    """Staff have looked: automatic hiding starts again, counting only what is hidden from now."""
    current_breaker()
    TakedownBreaker.objects.filter(pk=1).update(tripped_at=None, reset_at=timezone.now())


# Hiding and showing.


def _ids(sources: Iterable[VideoSource]) -> list[int]:
    return sorted(source.pk for source in sources)


def _record(notice: TakedownNotice, action: str, **fields) -> TakedownEvent:
    return TakedownEvent.objects.create(notice=notice, action=action, **fields)


def _hide(
    notice: TakedownNotice, sources: list[VideoSource], *, actor: AbstractBaseUser | None = None
) -> None:
    """Hide these sources on the notice's behalf, and record which."""
    notice.hidden_sources.add(*sources)
    _set_hidden(_ids(sources), hidden=True)
    _record(
        notice, TakedownEvent.Action.HIDDEN, actor=actor, details={"hidden_sources": _ids(sources)}
    )


def _set_hidden(source_ids: list[int], *, hidden: bool) -> None:
    """Hide or show these sources, and say so (sources_changed): an update() sends no
    post_save, and what others keep about playable sources (search's filters) must follow."""
    sources = VideoSource.objects.filter(pk__in=source_ids)
    film_ids = sorted(set(sources.values_list("film_id", flat=True)))
    sources.update(hidden_by_takedown=hidden)
    if film_ids:
        sources_changed.send(sender=VideoSource, film_ids=film_ids)
        invalidate_film_pages(film_ids)  # on every server, in every language


def _restore_sources(notice: TakedownNotice) -> list[int]:
    """Show what the notice hid again, except what another notice that holds still hides."""
    held_elsewhere = (
        TakedownNotice.objects.filter(status__in=HOLDING_STATUSES)
        .exclude(pk=notice.pk)
        .values_list("hidden_sources", flat=True)
    )
    restorable = notice.hidden_sources.exclude(pk__in=[pk for pk in held_elsewhere if pk])
    ids = sorted(restorable.values_list("pk", flat=True))
    _set_hidden(ids, hidden=False)
    return ids


# Staff's decisions.


def _decide(
    notice: TakedownNotice,
    *,
    status: str,
    action: str,
    actor: AbstractBaseUser | None,
    note: str,
    restore: bool,
) -> TakedownNotice:
    """Record staff's decision on a notice, showing its sources again when `restore`."""
    notice.status = status
    notice.decided_at = timezone.now()
    if note:
        notice.decision_note = note
    notice.save(update_fields=["status", "decided_at", "decision_note"])
    restored = _restore_sources(notice) if restore else []
    _record(
        notice,
        action,
        actor=actor,
        note=note,
        details={"restored_sources": restored} if restore else {},
    )
    return notice


@transaction.atomic
def confirm_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """Staff agree with the notice: everything it names is hidden (what waited too)."""
    waiting = list(notice.sources.exclude(pk__in=notice.hidden_sources.all()))
    if waiting:
        _hide(notice, waiting, actor=actor)
    return _decide(
        notice,
        status=TakedownNotice.Status.CONFIRMED,
        action=TakedownEvent.Action.CONFIRMED,
        actor=actor,
        note=note,
        restore=False,
    )


@transaction.atomic
def reject_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """Staff find the notice unfounded: what it hid is shown again."""
    return _decide(
        notice,
        status=TakedownNotice.Status.REJECTED,
        action=TakedownEvent.Action.REJECTED,
        actor=actor,
        note=note,
        restore=True,
    )


@dataclass(frozen=True)
class CounterNotice:
    """An uploader's counter-notice, as the public form (or staff) took it down."""

    text: str
    name: str = ""
    email: str = ""


@transaction.atomic
def record_counter_notice(
    notice: TakedownNotice,
    counter: CounterNotice,
    *,
    actor: AbstractBaseUser | None = None,
    origin: str = "",
) -> TakedownNotice:
    """The uploader disputes the notice: recorded, staff mailed; the sources stay hidden until
    staff restore them."""
    notice.counter_notice = counter.text
    notice.counter_name = counter.name
    notice.counter_email = counter.email
    notice.status = TakedownNotice.Status.COUNTER_NOTICE
    notice.save(update_fields=["counter_notice", "counter_name", "counter_email", "status"])
    note = f"{counter.name} <{counter.email}>\n{counter.text}" if counter.email else counter.text
    _record(notice, TakedownEvent.Action.COUNTER_NOTICE, actor=actor, note=note)
    if actor is None:
        transaction.on_commit(lambda: notify_staff_of_counter_notice(notice, origin=origin))
    return notice


@transaction.atomic
def restore_after_counter_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """The uploader's counter-notice stands: the sources are shown again."""
    return _decide(
        notice,
        status=TakedownNotice.Status.REJECTED,
        action=TakedownEvent.Action.RESTORED,
        actor=actor,
        note=note,
        restore=True,
    )


def decide(
    notice: TakedownNotice, decision: str, *, actor: AbstractBaseUser | None, note: str = ""
) -> TakedownNotice:
    """Take one of the decisions open to the notice (decisions_open_to); ValueError for one
    that is not (the admin offers only those, but a list action or a stale page may ask)."""
    if decision not in decisions_open_to(notice):
        raise ValueError(f"{decision!r} is not open to a notice that is {notice.status!r}")
    steps = {
        Decision.CONFIRM: confirm_notice,
        Decision.REJECT: reject_notice,
        Decision.RESTORE: restore_after_counter_notice,
    }
    return steps[decision](notice, actor=actor, note=note)


# Mail: the claimant's link, and staff's alerts (shield.staffmail, as for comments).


def notice_admin_link(notice: TakedownNotice, origin: str) -> str:
    return origin + reverse("admin:watch_takedownnotice_change", args=[notice.pk])


def mail_confirmation_link(notice: TakedownNotice, *, origin: str = "") -> None:
    """Send the claimant the one-click link that confirms their address, in the page's language."""
    link = origin + reverse("watch:takedown-confirm", args=[confirmation_token(notice)])
    names = {"number": notice.pk, "site": settings.KCINEMA_SITE_NAME}
    subject = gettext("Confirm your takedown notice %(number)s") % names
    body = (
        gettext(
            "A takedown notice (number %(number)s) was filed on %(site)s with this e-mail "
            "address. Nothing is hidden until you confirm it by opening this link and pressing "
            "the button:"
        )
        % names
        + f"\n\n{link}\n\n"
        + gettext(
            "The link works once, for %(hours)d hours. If you did not file this notice, ignore "
            "this message."
        )
        % {"hours": settings.TAKEDOWN_CONFIRM_HOURS}
        + "\n"
    )
    send_mail(site_subject(subject), body, None, [notice.email])


def notify_staff_of_notice(notice: TakedownNotice, *, origin: str = "") -> None:
    names = {"number": notice.pk, "name": notice.claimant_name, "email": notice.email}
    trusted = (
        gettext("From a trusted claimant: %(claimant)s.") % {"claimant": notice.trusted_claimant}
        if notice.trusted_claimant_id
        else gettext("Nothing is hidden until the claimant confirms their e-mail address.")
    )
    body = (
        gettext("%(name)s <%(email)s> filed takedown notice %(number)s.") % names
        + "\n"
        + trusted
        + "\n\n"
        + notice.urls
        + "\n\n"
        + gettext("Review: %(link)s") % {"link": notice_admin_link(notice, origin)}
        + "\n"
    )
    mail_staff(gettext("Takedown notice %(number)s — %(name)s") % names, body)


def notify_staff_of_trip(notice: TakedownNotice, *, origin: str = "") -> None:
    state = breaker_state()
    names = {"hidden": state.hidden_unreviewed, "limit": state.limit, "number": notice.pk}
    body = (
        gettext(
            "Takedown notices not yet reviewed have hidden %(hidden)d sources in the last 24 "
            "hours; notice %(number)s would have taken them past the limit of %(limit)d. "
            "Automatic hiding has stopped: new notices wait for staff until the breaker is "
            "reset in the admin."
        )
        % names
        + "\n\n"
        + gettext("Review: %(link)s") % {"link": notice_admin_link(notice, origin)}
        + "\n"
    )
    mail_staff(gettext("Takedown circuit breaker tripped"), body)


def notify_staff_of_counter_notice(notice: TakedownNotice, *, origin: str = "") -> None:
    names = {"number": notice.pk, "name": notice.counter_name, "email": notice.counter_email}
    body = (
        gettext("%(name)s <%(email)s> disputes takedown notice %(number)s:") % names
        + f"\n\n{notice.counter_notice}\n\n"
        + gettext("Review: %(link)s") % {"link": notice_admin_link(notice, origin)}
        + "\n"
    )
    mail_staff(gettext("Counter-notice on takedown notice %(number)s") % names, body)
