"""The import benchmark's generator (scripts/import_benchmark.py) on a small file: what it
writes is read back by the Wikidata reader as the films and people it made. No timing here."""

import sys
from collections import Counter
from pathlib import Path

from importers.records import BadRecord, FilmRecord
from importers.sources import wikidata

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import import_benchmark  # from scripts/, on the path above


def test_generated_dump_reads_back_as_its_films_and_people(tmp_path):
    path = tmp_path / "dump.json"
    counts = import_benchmark.generate(path, films=200, seed=7)
    assert counts["films"] == 200 and counts["people"] == 600
    records = list(wikidata.read_file(path))
    films = [r for r in records if isinstance(r, FilmRecord)]
    assert [r for r in records if isinstance(r, BadRecord)] == []
    assert len(films) == 200
    assert sum(len(f.credits) for f in films) == counts["credits"]
    assert all(8 <= len(f.credits) <= 12 for f in films)
    assert all(f.original_title and f.year and f.directors() for f in films)
    people = {c.person.source_id: c.person for f in films for c in f.credits}
    assert all(p.name_ko or p.name for p in people.values())
    names = Counter(p.name_ko for p in people.values() if p.name_ko)
    assert names.most_common(1)[0][1] > 1  # homonyms, as Korean names have them


def test_generation_is_deterministic(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    import_benchmark.generate(first, films=20, seed=3)
    import_benchmark.generate(second, films=20, seed=3)
    assert first.read_bytes() == second.read_bytes()


def test_generated_ids_are_unique_per_film(tmp_path):
    path = tmp_path / "dump.json"
    import_benchmark.generate(path, films=300, seed=11)
    films = [r for r in wikidata.read_file(path) if isinstance(r, FilmRecord)]
    for field in ("imdb_id", "tmdb_id", "kobis_id", "kmdb_id"):
        values = [f.ids[field] for f in films if field in f.ids]
        assert values and len(values) == len(set(values)), field
