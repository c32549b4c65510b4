"""The spam corpus: bot submissions of the kinds that flood WordPress comment forms, and real
comments from people, posted through the site's own comment form with the test client.

Run it with `scripts/spam-corpus`, which prints the figures; the test in test_spam_corpus.py
holds the site to them."""

import csv
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core import signing
from django.test import Client

from community.challenge import new_challenge, solve
from community.models import Comment
from community.moderation import FORM_SALT

FIXTURES = Path(__file__).parent / "fixtures"
SPAM_BODIES = [
    "Cheap watches at https://watches.example and https://more-watches.example and https://x.example",
    "Best casino bonus!!! https://casino.example https://casino2.example https://c3.example",
    "Great post. Visit my site https://seo.example https://seo2.example https://seo3.example",
    "최저가 대출 바로가기 https://loan.example https://loan2.example https://loan3.example",
    "Buy followers now https://followers.example https://followers2.example https://f3.example",
]


@dataclass
class Tally:
    posted: int = 0
    published: int = 0  # approved at once
    held: int = 0  # stored, awaiting moderation
    refused: int = 0  # nothing stored
    statuses: dict = field(default_factory=dict)

    def add(self, status_code: int, comment: Comment | None) -> None:
        self.posted += 1
        self.statuses[status_code] = self.statuses.get(status_code, 0) + 1
        if comment is None:
            self.refused += 1
        elif comment.status == Comment.Status.APPROVED:
            self.published += 1
        else:
            self.held += 1


def legitimate_comments() -> list[str]:
    with open(FIXTURES / "ko-reviews.tsv", encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        korean = [row["text"] for row in rows]
    english = [
        line.strip()
        for line in (FIXTURES / "en-comments.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return korean + english


def token(film, seconds_ago: float) -> str:
    return signing.dumps({"film": film.pk, "at": time.time() - seconds_ago}, salt=FORM_SALT)


def send(client: Client, film, **fields) -> tuple[int, Comment | None]:
    before = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    data = {"name": "", "email": "", "website": "", "body": "", "form_token": "", "homepage": ""}
    data.update({"proof_of_work": "", "year": "", "parent": ""}, **fields)
    response = client.post(f"/films/{film.slug}/comments/", data)
    comment = Comment.objects.filter(pk__gt=before).first()
    return response.status_code, comment


def run_legitimate(films) -> Tally:
    """Each person comments once, from their own address, after reading for a while, with the
    proof of work their browser solves."""
    tally = Tally()
    for number, (body, film) in enumerate(zip(legitimate_comments(), itertools.cycle(films))):
        client = Client(REMOTE_ADDR=f"10.1.{number // 250}.{number % 250 + 1}")
        status, comment = send(
            client,
            film,
            name=f"관객{number}" if number % 2 else f"Viewer {number}",
            email=f"person{number}@example.org",
            body=body,
            form_token=token(film, 45),
            proof_of_work=solve(new_challenge()),
        )
        tally.add(status, comment)
    return tally


def run_spam(films) -> Tally:
    """200 bot submissions: plain form posts without the browser's challenge, posts sent the
    moment the page loaded, honeypot fillers, link-stuffed bodies, and repeats."""
    tally = Tally()
    film_cycle = itertools.cycle(films)
    for number in range(200):
        film = next(film_cycle)
        kind = number % 5
        client = Client(REMOTE_ADDR=f"203.0.113.{number % 200 + 1}")
        fields = {
            "name": f"Best Offer {number}",
            "email": f"bot{number}@spam.example",
            "website": "https://spam.example",
            "body": SPAM_BODIES[number % len(SPAM_BODIES)] + f" #{number}",
            "form_token": token(film, 30),
        }
        if kind == 0:  # a plain POST: no JavaScript, so no proof of work
            pass
        elif kind == 1:  # posted as soon as the page arrived, with a solved challenge
            fields.update(form_token=token(film, 0.2), proof_of_work=solve(new_challenge()))
        elif kind == 2:  # fills every field it finds, the honeypot included
            fields.update(homepage="https://spam.example", year=str(film.year))
        elif kind == 3:  # a smarter bot that runs the challenge, then stuffs links
            fields.update(proof_of_work=solve(new_challenge()))
        else:  # the same message again and again from one address
            client = Client(REMOTE_ADDR="198.51.100.7")
            fields.update(
                email="repeat@spam.example",
                body=SPAM_BODIES[0],
                proof_of_work=solve(new_challenge()),
            )
        tally.add(*send(client, film, **fields))
    return tally
