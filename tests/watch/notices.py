"""Takedown notices for tests: the public form's fields, and notices filed by watch.takedowns."""

from watch import takedowns
from watch.models import TakedownNotice


def notice_form(urls, **overrides):
    """What a claimant posts to /takedown/."""
    data = {
        "claimant_name": "Kim Rights",
        "organisation": "Example Pictures",
        "email": "rights@example.org",
        "phone": "+82 2 123 4567",
        "postal_address": "1 Film Street, Seoul",
        "work": "The film Example (2013)",
        "urls": urls,
        "good_faith": "on",
        "accurate": "on",
        "signature": "Kim Rights",
    }
    data.update(overrides)
    return data


def filed(**overrides):
    """A notice's stored claim, as the form leaves it."""
    return {
        "claimant_name": "A",
        "email": "a@example.org",
        "postal_address": "x",
        "work": "w",
        "urls": "u",
        "good_faith": True,
        "accurate": True,
        "signature": "A",
        **overrides,
    }


def source_targets(*sources):
    return [("watch:play", {"pk": source.pk}) for source in sources]


def notice_hiding(*sources) -> TakedownNotice:
    """A notice filed and confirmed by its claimant: it hides its sources (within the cap)."""
    notice = takedowns.file_notice(TakedownNotice(**filed()), source_targets(*sources))
    takedowns.confirm_claimant_email(notice)
    notice.refresh_from_db()
    return notice
