"""The proof of work a browser solves before posting (the ALTCHA protocol, version 1):
find the number that, appended to a salt, hashes to the challenge. Costs a browser a moment;
costs a bot posting thousands of comments thousands of moments."""

import base64
import binascii
import json
from datetime import timedelta

import altcha
from django.conf import settings
from django.utils import timezone

from shield.ratelimits import allow

CHALLENGE_LIFETIME = timedelta(minutes=30)


def hmac_key() -> str:
    return f"kcinema-altcha:{settings.SECRET_KEY}"


def new_challenge() -> dict:
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            hmac_key=hmac_key(),
            max_number=settings.COMMENT_CHALLENGE_MAX_NUMBER,
            expires=timezone.now() + CHALLENGE_LIFETIME,
        )
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def solution_is_valid(payload: str) -> bool:
    """A correct, unexpired solution, never seen before: one solution buys one comment."""
    if not payload or len(payload) > 2000:
        return False
    try:
        decoded = json.loads(base64.b64decode(payload, validate=True))
        signature = str(decoded["signature"])
    except (ValueError, binascii.Error, KeyError, TypeError):
        return False
    try:
        valid, _error = altcha.verify_solution_v1(payload, hmac_key(), check_expires=True)
    except Exception:
        return False
    window = int(CHALLENGE_LIFETIME.total_seconds())
    return bool(valid) and allow("altcha-used", signature, 1, window)


def solve(challenge: dict) -> str:
    """What a browser does, for tests and the spam corpus's honest commenters."""
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = solution.number
    return base64.b64encode(json.dumps(payload).encode()).decode()
