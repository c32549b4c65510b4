"""The index follows every edit of the catalogue, in the edit's own transaction."""

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Credit, Film
from kcinema.demo import load_demo_catalogue
from search import indexing
from search.engine import search, suggest
from search.models import SearchEntry, SearchPrefix, SearchTerm, SearchWord
from tests.factories import (
    AlternativeTitleFactory,
    CreditFactory,
    FilmFactory,
    PersonFactory,
    miracle_in_cell_no_7,
)

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [film.title for film in search(query).films.object_list]


def test_a_new_film_is_found_at_once():
    FilmFactory(title="Burning", original_title="버닝")
    assert titles("버닝") == ["Burning"]


def test_a_renamed_film_is_found_by_its_new_title_only():
    film = FilmFactory(title="Working Title", original_title="가제")
    film.title = "Final Title"
    film.save()
    assert titles("final title") == ["Final Title"]
    assert titles("working") == []


def test_alternative_titles_are_searched_and_forgotten_when_removed():
    film = FilmFactory(title="The Host", original_title="괴물")
    alternative = AlternativeTitleFactory(film=film, title="Gwoemul Monster", language="en")
    assert titles("gwoemul monster") == ["The Host"]
    alternative.delete()
    assert titles("gwoemul monster") == []


def test_credits_added_and_removed_change_what_finds_a_film():
    film = FilmFactory(title="Parasite", original_title="기생충")
    song = PersonFactory(name="Song Kang-ho", name_ko="송강호")
    credit = CreditFactory(film=film, person=song, order=0)
    assert titles("송강호") == ["Parasite"]
    credit.delete()
    assert titles("송강호") == []


def test_a_renamed_person_finds_their_films_by_the_new_name():
    film = miracle_in_cell_no_7()
    person = film.credits.get(role=Credit.Role.DIRECTOR).person
    person.name = "Lee Hwan-gyeong"
    person.save()
    assert titles("hwan gyeong") == [film.title]
    assert search("hwan gyeong").people[0].person == person


def test_a_persons_best_known_film_follows_popularity():
    miracle = miracle_in_cell_no_7()
    miracle.popularity = 100
    miracle.save()
    ryu = miracle.credits.get(person__name="Ryu Seung-ryong").person
    other = FilmFactory(title="Extreme Job", popularity=1)
    CreditFactory(film=other, person=ryu)
    assert search("류승룡").people[0].known_for == miracle
    other.popularity = 99999
    other.save()
    assert search("류승룡").people[0].known_for == other


def test_unpublished_and_deleted_films_leave_the_index():
    film = FilmFactory(title="Oasis", original_title="오아시스")
    film.published = False
    film.save()
    assert titles("oasis") == [] and suggest("oasis").films == []
    film.published = True
    film.save()
    assert titles("oasis") == ["Oasis"]
    film.delete()
    assert not SearchEntry.objects.filter(kind="film").exists()
    assert not SearchPrefix.objects.filter(kind="film").exists()


def test_deferred_indexing_writes_each_film_once_at_the_end(monkeypatch):
    written = []
    original = indexing.index_films
    monkeypatch.setattr(
        indexing, "index_films", lambda ids: written.append(set(ids)) or original(ids)
    )
    with indexing.deferred():
        film = FilmFactory(title="Mother", original_title="마더")
        for order in range(5):
            CreditFactory(film=film, order=order)
        assert written == []
        assert titles("mother") == []  # not yet
    assert written == [{film.pk}]
    assert titles("mother") == ["Mother"]


def test_an_edit_that_fails_leaves_the_index_as_it_was():
    film = FilmFactory(title="Poetry", original_title="시")
    with pytest.raises(RuntimeError), indexing.transaction.atomic():
        film.title = "Prose"
        film.save()
        raise RuntimeError("the editor's save failed half way")
    assert titles("poetry") == ["Poetry"]
    assert titles("prose") == []


def test_rebuild_gives_the_index_the_edits_gave(django_capture_on_commit_callbacks):
    miracle_in_cell_no_7()
    FilmFactory(title="Sunny", original_title="써니", popularity=7362)
    before = sorted(
        SearchEntry.objects.values_list("kind", "names", "leads", "people", "story__body")
    )
    prefixes = SearchPrefix.objects.count()
    progress = []
    assert indexing.rebuild(lambda done, total: progress.append((done, total))) == 6
    assert progress[-1] == (6, 6)
    after = sorted(
        SearchEntry.objects.values_list("kind", "names", "leads", "people", "story__body")
    )
    assert after == before
    assert SearchPrefix.objects.count() == prefixes
    assert indexing.rebuild() == 6  # and again: nothing doubles
    assert SearchTerm.objects.filter(term="miracle").count() == 1
    assert titles("miracle cell") == ["Miracle in Cell No. 7"]
    assert titles("써니") == ["Sunny"]


def test_rebuild_catches_up_with_writes_that_bypassed_the_signals():
    Film.objects.bulk_create(
        [Film(title="Exit", original_title="엑시트", year=2019, slug="exit-2019")]
    )
    assert titles("exit") == []
    call_command("reindex", "--quiet")
    assert titles("exit") == ["Exit"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_reindex_on_postgresql_clears_away_the_old_index():
    """The rebuild's DELETEs leave the old rows dead in the tables; `kcinema reindex`
    vacuums them after its commit, so that searches do not read past them."""
    FilmFactory(title="Sunny", original_title="써니")
    call_command("reindex", "--quiet")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_dead_tup, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('search_searchentry', 'search_searchprefix')"
        )
        assert sorted(cursor.fetchall()) == [
            ("search_searchentry", 0, True),
            ("search_searchprefix", 0, True),
        ]
    assert titles("sunny") == ["Sunny"]


def test_the_demo_catalogue_is_searchable_once_loaded():
    load_demo_catalogue()
    assert titles("7번방")[0] == "Miracle in Cell No. 7"
    assert titles("parasite")[0] == "Parasite"
    assert search("봉준호").people[0].person.name == "Bong Joon-ho"


def test_a_new_story_word_is_found_by_its_start_and_many_endings_still_work(monkeypatch):
    FilmFactory(title="Plain Title", synopsis="A xylophonist plays on.", popularity=1)
    assert titles("xyloph") == ["Plain Title"]  # the story's word, by its start
    assert titles("xylophonist") == ["Plain Title"]
    assert titles("xylophones") == []
    film = FilmFactory(title="Other Title", synopsis="Xylophones fall silent.", popularity=2)
    assert titles("xyloph") == ["Other Title", "Plain Title"]
    # Too many endings to list: the index's own prefix search, with the same answer.
    monkeypatch.setattr("search.engine.ranking.MAX_ENDINGS", 1)
    assert titles("xyloph") == ["Other Title", "Plain Title"]
    film.synopsis = "Drums fall silent."
    film.save()
    assert titles("xyloph") == ["Plain Title"]


def test_the_story_vocabulary_is_rebuilt_from_the_stories():
    FilmFactory(title="Plain Title", synopsis="사랑을 찾아서 떠나는 여행")
    SearchWord.objects.all().delete()
    assert titles("사랑") == []
    call_command("reindex", "--quiet")
    assert titles("사랑") == ["Plain Title"]
    assert set(SearchWord.objects.values_list("word", flat=True)) >= {"사랑을", "찾아서", "여행"}
