import pytest

from community.challenge import new_challenge, solve
from community.moderation import form_token


@pytest.fixture(autouse=True)
def _quick_comment_checks(settings):
    """An easy proof of work and no waiting, unless a test sets them itself."""
    settings.COMMENT_CHALLENGE_MAX_NUMBER = 2000
    settings.COMMENT_MIN_SECONDS = 0


def comment_form(film, **fields):
    """What a browser with JavaScript sends."""
    data = {
        "name": "Kim Viewer",
        "email": "viewer@example.org",
        "website": "",
        "body": "This film made me cry twice.",
        "form_token": form_token(film),
        "homepage": "",
        "proof_of_work": solve(new_challenge()),
        "year": "",
        "parent": "",
    }
    data.update(fields)
    return data
