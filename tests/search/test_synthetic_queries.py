"""The benchmark's synthetic catalogue and its query mixes, on a small catalogue: they can be
made, and the queries search has to understand find what they were drawn from."""

import sys
from pathlib import Path

import pytest

from search import indexing
from search.engine import search

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import synthetic_catalogue as synthetic

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    synthetic.generate(synthetic.CatalogueSize(films=300, people=900))
    indexing.rebuild()


def first_three(query: synthetic.Query) -> bool:
    found = search(query.text)
    films = [synthetic.film_key(f.title, f.original_title) for f in found.films.object_list[:3]]
    people = [
        key
        for entry in found.people[:3]
        for key in (
            synthetic.person_key(entry.person.name, entry.person.name_ko),
            synthetic.person_key("", entry.person.name_ko),
        )
    ]
    return query.expects in films + people


def test_the_understood_queries_find_what_they_were_drawn_from(catalogue):
    queries = synthetic.understanding_mix()
    kinds = {query.kind for query in queries}
    assert kinds == set(synthetic.UNDERSTANDING_MIX)
    missed: dict[str, list[str]] = {}
    for query in queries:
        if not first_three(query):
            missed.setdefault(query.kind, []).append(query.text)
    shares = {
        kind: 1 - len(missed.get(kind, [])) / sum(q.kind == kind for q in queries) for kind in kinds
    }
    assert all(share >= 0.95 for share in shares.values()), (shares, missed)


def test_the_base_mix_is_drawn_from_the_catalogue(catalogue):
    queries = synthetic.query_mix(200)
    assert len(queries) >= 190 and {query.kind for query in queries} >= {"english title"}
