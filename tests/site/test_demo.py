import json
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from catalog.models import Credit, Film, Genre, Person
from kcinema.demo import load_demo_catalogue, read_catalogue
from watch.models import VideoSource

pytestmark = pytest.mark.django_db


def test_demo_catalogue_loads_and_loads_again_without_duplicates():
    first = load_demo_catalogue()
    counts = (Film.objects.count(), Person.objects.count(), Credit.objects.count())
    second = load_demo_catalogue()
    assert first == second
    assert (Film.objects.count(), Person.objects.count(), Credit.objects.count()) == counts
    assert Genre.objects.count() == first.genres


def test_demo_catalogue_has_miracle_in_cell_no_7_with_its_page(client):
    load_demo_catalogue()
    film = Film.objects.get(title="Miracle in Cell No. 7", year=2013)
    assert film.original_title == "7번방의 선물"
    html = client.get(film.get_absolute_url()).text
    assert "directed by Lee Hwan-kyung, starring Ryu Seung-ryong and Kal So-won." in html


def test_demo_catalogue_is_facts_with_texts_in_both_languages():
    films = read_catalogue()["films"]
    assert 40 <= len(films) <= 70
    assert min(film["year"] for film in films) <= 1961
    assert max(film["year"] for film in films) >= 2023
    for film in films:
        cast = [credit for credit in film["credits"] if credit["role"] == "cast"]
        directors = [credit for credit in film["credits"] if credit["role"] == "director"]
        # Films from the Korean Film Archive carry only the cast a cited page names.
        assert len(cast) <= 10, film["title"]
        assert directors, film["title"]
        assert all(credit["name_ko"] for credit in film["credits"]), film["title"]
        for text in ("synopsis", "synopsis_ko"):
            assert film[text].strip(), (film["title"], text)
        # A plot in both languages or in neither.
        assert bool(film["plot"].strip()) == bool(film["plot_ko"].strip()), film["title"]


def test_invalid_demo_record_writes_nothing(tmp_path):
    catalogue = read_catalogue()
    catalogue["films"][-1]["runtime"] = 0
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(catalogue), encoding="utf-8")
    with pytest.raises(ValidationError, match="runtime"):
        load_demo_catalogue(broken)
    assert not Film.objects.exists() and not Genre.objects.exists()


# Two different people who share a hangul name: the actor Lee Byung-hun and the director
# Lee Byeong-heon (Extreme Job).
HOMONYMS = {"이병헌"}


def test_each_person_has_one_spelling_across_the_demo():
    """The loader matches people by Latin name: two spellings would make two people."""
    spellings: dict[str, set[str]] = {}
    for film in read_catalogue()["films"]:
        for credit in film["credits"]:
            spellings.setdefault(credit["name_ko"], set()).add(credit["name"])
    doubled = {ko: names for ko, names in spellings.items() if len(names) > 1}
    assert set(doubled) <= HOMONYMS, doubled


def test_demo_command_loads_an_empty_catalogue_only_once_and_keeps_editors_changes():
    call_command("load_demo", stdout=StringIO())
    film = Film.objects.get(title="Miracle in Cell No. 7", year=2013)
    film.synopsis = "An editor's own synopsis."
    film.save()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "not loaded again" in out.getvalue()
    film.refresh_from_db()
    assert film.synopsis == "An editor's own synopsis."


def test_demo_reset_starts_over_from_the_demo():
    call_command("load_demo", stdout=StringIO())
    film = Film.objects.get(title="Miracle in Cell No. 7", year=2013)
    film.synopsis = "An editor's own synopsis."
    film.save()
    extra = Person.objects.create(name="Not In The Demo", slug="not-in-the-demo")
    call_command("load_demo", "--reset", stdout=StringIO())
    assert not Person.objects.filter(pk=extra.pk).exists()
    film = Film.objects.get(title="Miracle in Cell No. 7", year=2013)
    assert film.synopsis != "An editor's own synopsis."
    assert Film.objects.count() == len(read_catalogue()["films"])


def test_demo_romanised_titles_do_not_hyphenate_every_syllable():
    for film in read_catalogue()["films"]:
        for alternative in film.get("alternative_titles", []):
            if alternative["kind"] == "romanised":
                assert not re.search(r"\w-\w+-\w", alternative["title"]), alternative["title"]


def test_demo_videos_are_cited_and_labelled():
    """Every demo video id was read from a public page, cited beside it; none is guessed."""
    sources = [
        (film, source) for film in read_catalogue()["films"] for source in film.get("sources", [])
    ]
    kinds = {source["kind"] for _, source in sources}
    assert {"full_film", "trailer"} <= kinds
    for film, source in sources:
        assert source["citation"]["url"].startswith(("https://", "http://")), film["title"]
        assert source["citation"]["quote"].strip(), film["title"]
        assert source["uploader"].strip(), film["title"]
        assert source["language"], film["title"]


def test_demo_films_play_their_cited_videos(client):
    load_demo_catalogue()
    playable = VideoSource.objects.playable()
    full_films = playable.filter(kind=VideoSource.Kind.FULL_FILM)
    assert full_films.exists() and playable.filter(kind=VideoSource.Kind.TRAILER).exists()
    full = full_films.select_related("film").first()
    html = client.get(full.film.get_absolute_url()).text
    assert f'data-embed-src="{full.embed_url}?autoplay=1' in html
    assert f"uploaded by {full.uploader}" in html


def test_demo_offers_are_cited_and_shown_where_the_film_cannot_be_played(client):
    films = read_catalogue()["films"]
    offers = [offer for film in films for offer in film.get("offers", [])]
    assert offers
    for offer in offers:
        assert offer["citation"]["url"].startswith(("https://", "http://"))
        assert offer["citation"]["quote"].strip()
    load_demo_catalogue()
    film = Film.objects.get(title="Miracle in Cell No. 7", year=2013)
    html = client.get("/ko" + film.get_absolute_url()).text
    where = html.split('id="where-to-watch"', 1)[1]
    assert "디즈니+" in where or "Disney+" in where
    assert 'href="https://www.disneyplus.com/"' in where
