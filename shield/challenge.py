"""The proof of work a browser solves (the ALTCHA protocol, version 1): find the number that,
appended to a salt, hashes to the challenge. Costs a browser a moment; costs a bot sending
thousands of requests thousands of moments. The comment form and the block page both use it."""

import base64
import binascii
import json
from datetime import timedelta

import altcha
from django.conf import settings
from django.utils import timezone

from shield.ratelimits import allow

CHALLENGE_LIFETIME = timedelta(minutes=30)
MAX_PAYLOAD_LENGTH = 2000


def hmac_key() -> str:
    return f"kcinema-altcha:{settings.SECRET_KEY}"


def new_challenge(max_number: int) -> dict:
    """A signed challenge whose answer is a number up to max_number (the difficulty)."""
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            hmac_key=hmac_key(),
            max_number=max_number,
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
    """A correct, unexpired solution, never seen before: one solution buys one thing."""
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
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
    """What a browser does, for tests, scripts and the spam corpus's honest commenters."""
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    payload["number"] = solution.number
    return base64.b64encode(json.dumps(payload).encode()).decode()
