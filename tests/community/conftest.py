import pytest


@pytest.fixture(autouse=True)
def _quick_comment_checks(settings):
    """An easy proof of work and no waiting, unless a test sets them itself."""
    settings.COMMENT_CHALLENGE_MAX_NUMBER = 2000
    settings.COMMENT_MIN_SECONDS = 0
