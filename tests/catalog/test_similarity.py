import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from catalog.editing import replace_credits
from catalog.models import Credit, Film, SimilarFilm
from catalog.similarity import (
    WEIGHTS,
    refresh_all_similar_films,
    refresh_similar_films,
    story_words,
)
from tests.catalog.test_admin import film_form
from tests.catalog.test_film_page import FILM_PAGE_QUERIES, film_url
from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory

pytestmark = pytest.mark.django_db

NO_STORY = {"synopsis": "", "synopsis_ko": "", "plot": "", "plot_ko": ""}


def film(*, year=2010, popularity=0, genres=(), people=(), **fields):
    """A film with no story words unless given; people are (person, role) in billing order."""
    made = FilmFactory(year=year, popularity=popularity, genres=list(genres), **NO_STORY | fields)
    for order, (person, role) in enumerate(people):
        CreditFactory(film=made, person=person, role=role, order=order)
    return made


def listed(of):
    return list(
        SimilarFilm.objects.filter(film=of).order_by("rank").values_list("similar_id", "score")
    )


def listed_ids(of):
    return [similar_id for similar_id, _score in listed(of)]


DIRECTOR, WRITER, CAST = Credit.Role.DIRECTOR, Credit.Role.WRITER, Credit.Role.CAST


def test_story_words_trim_particles_and_drop_common_words():
    words = story_words("The father and his daughter", "아버지가 약속을 그리고 아버지의 약속")
    assert words == {"father", "daughter", "아버지", "약속"}


def test_lists_follow_a_plain_reading_of_the_weights():
    drama, thriller, comedy = GenreFactory(), GenreFactory(), GenreFactory()
    director, writer = PersonFactory(), PersonFactory()
    cast = PersonFactory.create_batch(5)
    subject = film(
        genres=[drama, thriller],
        people=[(director, DIRECTOR), (writer, WRITER), *[(p, CAST) for p in cast]],
        synopsis="A fisherman rescues a stranded whale near Tongyeong.",
    )
    same_director = film(year=1990, genres=[comedy], people=[(director, DIRECTOR)])
    same_writer = film(year=2012, genres=[thriller], people=[(writer, WRITER)])
    # The subject's second actor is principal; its fifth is not, so sharing it adds nothing.
    same_actors = film(people=[(cast[1], CAST), (cast[4], CAST)])
    same_story = film(genres=[drama], synopsis="A stranded whale and a fisherman.")
    both_genres = film(year=2005, genres=[drama, thriller])
    popular_drama = film(genres=[drama], popularity=10_000)
    film(published=False, people=[(director, DIRECTOR)])

    refresh_similar_films([subject.pk])

    w = WEIGHTS
    expected = {
        same_director.pk: w.director,  # 20 years apart: nothing for the era
        same_writer.pk: w.writer + w.genre + w.era * 0.8,
        same_actors.pk: w.principal_cast + w.era,
        same_story.pk: w.genre + w.era + 3 * w.story_word,  # fisherman, stranded, whale
        both_genres.pk: 2 * w.genre + w.era * 0.5,
        popular_drama.pk: w.genre + w.era + w.popularity,
    }
    order = sorted(expected, key=lambda pk: (-expected[pk], pk))
    assert listed_ids(subject) == order
    for similar_id, score in listed(subject):
        assert score == pytest.approx(expected[similar_id])


def test_a_shared_director_outranks_a_shared_genre():
    drama, comedy = GenreFactory(), GenreFactory()
    director = PersonFactory()
    subject = film(genres=[drama], people=[(director, DIRECTOR)])
    same_genre = film(genres=[drama], popularity=10_000)
    same_director = film(year=1980, genres=[comedy], people=[(director, DIRECTOR)])
    refresh_similar_films([subject.pk])
    assert listed_ids(subject) == [same_director.pk, same_genre.pk]


def test_a_film_never_lists_itself_nor_an_unpublished_film():
    drama = GenreFactory()
    subject = film(genres=[drama])
    hidden = film(genres=[drama], published=False)
    shown = film(genres=[drama])
    refresh_all_similar_films()
    assert listed_ids(subject) == [shown.pk]
    assert not SimilarFilm.objects.filter(film=hidden).exists()
    assert not SimilarFilm.objects.filter(similar=hidden).exists()


def test_unpublishing_a_film_takes_it_off_every_list():
    drama = GenreFactory()
    first, second, third = film(genres=[drama]), film(genres=[drama]), film(genres=[drama])
    refresh_all_similar_films()
    assert third.pk in listed_ids(first)
    Film.objects.filter(pk=third.pk).update(published=False)
    refresh_similar_films([third.pk])
    assert listed_ids(first) == [second.pk]
    assert listed_ids(second) == [first.pk]
    assert listed(third) == []


def test_refreshing_an_edited_film_updates_the_lists_of_others():
    director = PersonFactory()
    subject = film(people=[(director, DIRECTOR)])
    other = film(year=1970)
    refresh_all_similar_films()
    assert listed_ids(subject) == []

    replace_credits(other, [Credit(person=director, role=DIRECTOR)])
    refresh_similar_films([other.pk])
    assert listed_ids(subject) == [other.pk]

    replace_credits(other, [])
    refresh_similar_films([other.pk])
    assert listed_ids(subject) == []


def test_a_full_list_that_loses_an_entry_is_made_again_whole():
    drama = GenreFactory()
    subject = film(genres=[drama])
    others = [film(genres=[drama], popularity=100 - n) for n in range(14)]
    refresh_all_similar_films()
    assert listed_ids(subject) == [other.pk for other in others[:12]]
    Film.objects.filter(pk=others[0].pk).update(published=False)
    refresh_similar_films([others[0].pk])
    assert listed_ids(subject) == [other.pk for other in others[1:13]]


def test_the_rebuild_gives_the_lists_the_refreshes_gave():
    drama, thriller = GenreFactory(), GenreFactory()
    director, actor = PersonFactory(), PersonFactory()
    films = [
        film(year=2000 + n % 7, genres=[drama, thriller][: 1 + n % 2], popularity=n * 7)
        for n in range(10)
    ]
    CreditFactory(film=films[1], person=director, role=DIRECTOR)
    CreditFactory(film=films[6], person=director, role=DIRECTOR)
    CreditFactory(film=films[3], person=actor, order=0)
    CreditFactory(film=films[8], person=actor, order=0)
    refresh_similar_films([f.pk for f in films])
    refreshed = {f.pk: listed(f) for f in films}
    call_command("similar_films", "--quiet")
    assert {f.pk: listed(f) for f in films} == refreshed


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_film_page_shows_the_precomputed_list_in_constant_queries(
    client, django_assert_num_queries, large
):
    drama = GenreFactory()
    subject = film(genres=[drama], title="The Subject")
    for n in range(20 if large else 1):
        film(genres=[drama], title=f"Alike {n}", popularity=n)
    refresh_all_similar_films()
    with django_assert_num_queries(FILM_PAGE_QUERIES - 2):  # no comments: no threads to read
        html = client.get(film_url(subject)).text
    section = html.split('class="more-like-this"')[1]
    assert ("Alike 19" if large else "Alike 0") in section
    assert section.count('class="film-card"') == (6 if large else 1)


def test_editor_saving_a_film_queues_its_refresh(admin_client, django_capture_on_commit_callbacks):
    film_to_edit = film(title="Old Title", year=2006, slug="the-host-2006")
    form = film_form(**{"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/catalog/film/{film_to_edit.pk}/change/", form)
    assert response.status_code == 302
    job = DBTaskResult.objects.get(task_path="catalog.tasks.refresh_similar_films_of")
    assert job.args_kwargs["args"] == [[film_to_edit.pk]]


# The worker closes its database connection between tasks, as a real worker process does:
# this test runs outside the per-test transaction (as tests/watch/test_health.py does).
@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_the_lists_an_editor_save_queued(admin_client):
    drama = GenreFactory(slug="drama", name="Drama")
    alike = film(genres=[drama], year=2006)
    response = admin_client.post(
        "/admin/catalog/film/add/",
        film_form(**{"credits-TOTAL_FORMS": "0", "genres": drama.pk}),
    )
    assert response.status_code == 302
    added = Film.objects.get(title="The Host")
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert listed_ids(added) == [alike.pk]
    assert listed_ids(alike) == [added.pk]


def test_the_pages_query_reads_the_list_through_indexes():
    drama = GenreFactory()
    subject = film(genres=[drama])
    for _ in range(3):
        film(genres=[drama])
    refresh_all_similar_films()
    query = Film.objects.published().similar_to(subject).as_cards()[:6]
    if connection.vendor == "postgresql":
        # Tiny tables are read whole whatever the indexes; forbid that to see which it would use.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
        assert "Seq Scan" not in plan, plan
        assert "similar_film_rank" in plan, plan
    else:
        plan = query.explain()
        assert "SCAN" not in plan, plan
        assert "similar_film_rank" in plan, plan
