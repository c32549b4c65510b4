"""The comment form's proof of work: the shield's ALTCHA challenge, at the comments' difficulty
(COMMENT_CHALLENGE_MAX_NUMBER)."""

from django.conf import settings

from shield import challenge as proof_of_work
from shield.challenge import CHALLENGE_LIFETIME, solution_is_valid, solve

__all__ = ["CHALLENGE_LIFETIME", "new_challenge", "solution_is_valid", "solve"]


def new_challenge() -> dict:
    return proof_of_work.new_challenge(settings.COMMENT_CHALLENGE_MAX_NUMBER)
