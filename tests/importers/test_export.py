"""kcinema export (importers.export): what it writes reads back as the same catalogue, in a
number of queries that does not grow with the films."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from catalog.editing import clear_catalogue
from catalog.models import Credit, Film, Person
from importers.export import export_catalogue
from importers.records import BadRecord, FilmRecord, Source
from importers.runs import listed, run_import
from importers.sources.files import read_file, read_genres
from kcinema.demo import load_demo_catalogue
from search.indexing import deferred as search_index_deferred
from tests.factories import AlternativeTitleFactory, CreditFactory, FilmFactory, GenreFactory

pytestmark = pytest.mark.django_db


def exported(tmp_path, name: str = "catalogue.json", **options) -> list[FilmRecord]:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as out:
        export_catalogue(out, **options)
    records = list(read_file(path))
    assert not [record for record in records if isinstance(record, BadRecord)]
    return records


def film_facts(film: Film) -> dict:
    return {
        "source_id": film.slug,
        "title": film.title,
        "original_title": film.original_title,
        "romanised_title": film.romanised_title,
        "year": film.year,
        "release_date": film.release_date,
        "runtime": film.runtime,
        "countries": film.country_list,
        "languages": film.language_list,
        "certificate": film.certificate,
        "genres": sorted(genre.slug for genre in film.genres.all()),
        "synopsis": film.synopsis,
        "synopsis_ko": film.synopsis_ko,
        "plot": film.plot,
        "plot_ko": film.plot_ko,
        "popularity": film.popularity,
        "ids": {
            name: str(value)
            for name in ("wikidata_id", "tmdb_id", "kobis_id", "kmdb_id", "imdb_id")
            if (value := getattr(film, name))
        },
        "alternative_titles": sorted(
            (title.title, title.language, title.kind) for title in film.alternative_titles.all()
        ),
        "credits": [
            (
                credit.role,
                credit.character,
                credit.character_ko,
                credit.order,
                person_facts(credit.person),
            )
            for credit in film.credits.order_by("order", "pk")
        ],
    }


def person_facts(person: Person) -> tuple:
    return (
        person.slug,
        person.name,
        person.name_ko,
        person.other_name_list,
        person.birth_date,
        person.death_date,
        person.biography,
        person.biography_ko,
    )


def record_facts(film: FilmRecord) -> dict:
    return {
        "source_id": film.source_id,
        "title": film.title,
        "original_title": film.original_title,
        "romanised_title": film.romanised_title,
        "year": film.year,
        "release_date": film.release_date,
        "runtime": film.runtime,
        "countries": film.countries,
        "languages": film.languages,
        "certificate": film.certificate,
        "genres": sorted(film.genres),
        "synopsis": film.synopsis,
        "synopsis_ko": film.synopsis_ko,
        "plot": film.plot,
        "plot_ko": film.plot_ko,
        "popularity": film.popularity,
        "ids": film.ids,
        "alternative_titles": sorted(
            (title.title, title.language, title.kind) for title in film.alternative_titles
        ),
        "credits": [
            (
                credit.role,
                credit.character,
                credit.character_ko,
                credit.order,
                (
                    credit.person.source_id,
                    credit.person.name,
                    credit.person.name_ko,
                    credit.person.other_names,
                    credit.person.birth_date,
                    credit.person.death_date,
                    credit.person.biography,
                    credit.person.biography_ko,
                ),
            )
            for credit in film.credits
        ],
    }


def test_the_demo_catalogue_exported_as_json_reads_back_the_same(tmp_path):
    load_demo_catalogue()
    records = exported(tmp_path)
    films = Film.objects.order_by("pk")
    assert [record.source_id for record in records] == [film.slug for film in films]
    for film, record in zip(films, records, strict=True):
        assert record_facts(record) == film_facts(film), film.slug
    assert read_genres(tmp_path / "catalogue.json")["drama"] == ("Drama", "드라마")


def test_every_fact_of_a_film_and_its_people_reads_back(tmp_path):
    noir = GenreFactory(slug="noir", name="Film noir", name_ko="누아르")
    film = FilmFactory(
        certificate="18",
        countries="KR,FR",
        languages="ko,fr",
        release_date=date(2019, 5, 30),
        wikidata_id="Q61448040",
        tmdb_id=496243,
        kobis_id="20183782",
        kmdb_id="F09210",
        imdb_id="tt6751668",
        popularity=12,
        genres=[noir],
    )
    AlternativeTitleFactory(film=film, title="Gisaengchung", language="ko-Latn", kind="romanised")
    credit = CreditFactory(film=film, role=Credit.Role.DIRECTOR, character="", order=0)
    Person.objects.filter(pk=credit.person_id).update(
        other_names="Bong\nDirector Bong",
        birth_date=date(1969, 9, 14),
        biography="Born in Daegu.",
        biography_ko="대구 출생.",
        wikidata_id="Q495980",
        tmdb_id=21684,
        imdb_id="nm0094435",
        kobis_id="10003201",
        kmdb_id="D00123",
    )
    CreditFactory(film=film, role=Credit.Role.CAST, order=1)
    (record,) = exported(tmp_path)
    assert record_facts(record) == film_facts(Film.objects.get())
    assert record.credits[0].person.ids == {
        "wikidata_id": "Q495980",
        "tmdb_id": "21684",
        "kobis_id": "10003201",
        "kmdb_id": "D00123",
        "imdb_id": "nm0094435",
    }
    assert read_genres(tmp_path / "catalogue.json") == {"noir": ("Film noir", "누아르")}


def test_an_exported_catalogue_imports_into_an_empty_site_as_the_same_catalogue(tmp_path):
    load_demo_catalogue()
    before = {film.slug: film_facts(film) for film in Film.objects.all()}
    path = tmp_path / "catalogue.json"
    with path.open("w", encoding="utf-8") as out:
        export_catalogue(out)
    clear_catalogue()
    first = run_import(Source.FILE, listed(read_file(path)), progress=False)
    assert first.counts["created"] == len(before)
    assert {film.slug: film_facts(film) for film in Film.objects.all()} == before
    again = run_import(Source.FILE, listed(read_file(path)), progress=False)
    assert again.counts["unchanged"] == len(before)


def test_the_demo_catalogue_exported_as_csv_reads_back_its_columns(tmp_path):
    load_demo_catalogue()
    records = exported(tmp_path, "films.csv", format="csv")
    assert (tmp_path / "films.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's BOM
    films = Film.objects.order_by("pk")
    for film, record in zip(films, records, strict=True):
        facts = film_facts(film)
        assert record.source_id == film.slug
        for name in ("title", "original_title", "year", "release_date", "runtime", "certificate"):
            assert getattr(record, name) == facts[name], (film.slug, name)
        for name in ("synopsis", "synopsis_ko"):
            assert getattr(record, name) == facts[name], (film.slug, name)
        assert sorted(record.genres) == facts["genres"]
        assert [(c.role, c.person.name, c.person.name_ko) for c in record.credits] == [
            (credit.role, *csv_names(credit.person))
            for credit in film.credits.filter(role__in=["director", "cast"]).order_by("order")
        ]


def csv_names(person: Person) -> tuple[str, str]:
    """A person's names as a CSV cell gives them back: a Latin name that is the hangul one
    (the demo has one) is written once, as the hangul name."""
    return ("" if person.name == person.name_ko else person.name), person.name_ko


def test_published_only_leaves_out_unpublished_films_and_the_people_only_they_credit(tmp_path):
    shown = CreditFactory(film__title="Shown").film
    hidden = CreditFactory(film__title="Hidden", film__published=False)
    records = exported(tmp_path, published_only=True)
    assert [record.source_id for record in records] == [shown.slug]
    document = (tmp_path / "catalogue.json").read_text(encoding="utf-8")
    assert hidden.person.slug not in document
    assert json.loads(document)["published_only"] is True


def test_stored_posters_are_given_as_addresses_with_the_base_url(tmp_path):
    film = FilmFactory()
    Film.objects.filter(pk=film.pk).update(
        poster="posters/parasite.jpg", poster_width=640, poster_height=960
    )
    out = io.StringIO()
    result = export_catalogue(out, base_url="https://films.example.org/")
    (record,) = exported(tmp_path, base_url="https://films.example.org/")
    assert record.poster.url == "https://films.example.org/media/posters/parasite.jpg"
    assert result.pictures_left_out == 0
    assert export_catalogue(io.StringIO()).pictures_left_out == 1


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="format must be one of json, csv"):
        export_catalogue(io.StringIO(), format="xml")


def films_with_credits(count: int) -> None:
    genre = GenreFactory()
    with search_index_deferred():  # each film indexed once: the tests are about the export
        for _ in range(count):
            _film_with_credits(genre)


def _film_with_credits(genre) -> None:
    film = FilmFactory(genres=[genre])
    AlternativeTitleFactory(film=film)
    CreditFactory(film=film, role=Credit.Role.DIRECTOR)
    CreditFactory(film=film)


@pytest.mark.parametrize("format", ["json", "csv"])
@pytest.mark.parametrize("films", [1, 20])
def test_the_export_takes_the_same_queries_for_one_film_as_for_many(
    films, format, django_assert_max_num_queries
):
    films_with_credits(films)
    # JSON: genres, people, films and three prefetches; CSV: films and two prefetches.
    with django_assert_max_num_queries(6 if format == "json" else 3):
        result = export_catalogue(io.StringIO(), format=format)
    assert result.films == films


def test_the_export_takes_a_fixed_number_of_queries_per_chunk(django_assert_max_num_queries):
    films_with_credits(25)
    with django_assert_max_num_queries(3 + 3 * 3):  # three chunks of ten films
        export_catalogue(io.StringIO(), chunk_size=10)


def test_the_command_writes_the_file_whole_and_says_what_it_wrote(tmp_path):
    films_with_credits(3)
    out = io.StringIO()
    call_command("export", str(tmp_path / "films.csv"), stdout=out)
    assert "Exported 3 films as CSV to" in out.getvalue()
    assert [path.name for path in tmp_path.iterdir()] == ["films.csv"]  # no .part left
    assert len(list(read_file(tmp_path / "films.csv"))) == 3


def test_the_command_writes_to_standard_output(capsys):
    FilmFactory(title="Parasite", original_title="기생충", year=2019)
    call_command("export", "-", "--format", "json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["films"][0]["original_title"] == "기생충"
    assert "Exported 1 films, 0 people and 0 genres as JSON." in captured.err


def test_kcinema_export_runs_the_export_command(monkeypatch):
    from kcinema import cli

    ran = []
    monkeypatch.setattr(cli, "_django", lambda *arguments: ran.append(arguments))
    monkeypatch.setattr("django.setup", lambda: None)
    cli.main(["export", "-", "--format", "csv", "--published-only"])
    cli.main(["export", "site.json", "--base-url", "https://films.example.org"])
    assert ran == [
        ("export", "-", "--format", "csv", "--published-only"),
        ("export", "site.json", "--base-url", "https://films.example.org"),
    ]


def test_a_csv_of_the_same_site_over_its_json_keeps_the_character_names(tmp_path):
    load_demo_catalogue()
    characters = sorted(Credit.objects.exclude(character="").values_list("character", flat=True))
    assert characters
    json_path, csv_path = tmp_path / "catalogue.json", tmp_path / "catalogue.csv"
    with json_path.open("w", encoding="utf-8") as out:
        export_catalogue(out)
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        export_catalogue(out, format="csv")
    clear_catalogue()
    run_import(Source.FILE, listed(read_file(json_path)), progress=False)
    run_import(Source.FILE, listed(read_file(csv_path)), progress=False, scope="csv")
    after = sorted(Credit.objects.exclude(character="").values_list("character", flat=True))
    assert after == characters  # the CSV has no character columns: it says nothing of them


def test_kcinema_import_file_makes_the_genres_the_file_declares(tmp_path):
    genre = GenreFactory(slug="noir", name="Noir", name_ko="누아르")
    FilmFactory(genres=[genre])
    path = tmp_path / "catalogue.json"
    with path.open("w", encoding="utf-8") as out:
        export_catalogue(out)
    clear_catalogue()
    call_command("importfilms", "file", str(path), "--no-progress", stdout=io.StringIO())
    film = Film.objects.get()
    assert [(g.slug, g.name_ko) for g in film.genres.all()] == [("noir", "누아르")]
