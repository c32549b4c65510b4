"""The editors' side of imports: reviews decided by a button, runs read, where each field came
from (and "take this value"), and importing one film from its id, each refused to staff who may
not change the catalogue."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Film, Person
from importers import previews
from importers.http import SourceError
from importers.models import ImportRun, Provenance, Review, SourceRecord
from importers.records import (
    BadRecord,
    CreditRecord,
    FilmRecord,
    PersonRecord,
    Source,
    film_to_json,
)
from importers.runs import run_import
from tests.factories import CreditFactory, FilmFactory, PersonFactory
from tests.importers.records import BONG_KO, edited_film, imported, memories
from tests.importers.replay import Replay
from tests.shield.reads import FIREWALL_QUERIES
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db


def film_review(candidates: int = 1) -> tuple[Review, list[Film]]:
    """A KOBIS record waiting for review: films of its title and year, none by its director."""
    films = []
    for number in range(candidates):
        film = FilmFactory(original_title="살인의 추억", year=2003)
        CreditFactory(
            film=film, person=PersonFactory(name_ko=f"다른 감독{number}"), role="director"
        )
        films.append(film)
    imported(memories())
    return Review.objects.get(kind=Review.Kind.FILM), films


def person_review() -> tuple[Review, Person, Film]:
    """A credited person with no id, named like someone of the catalogue with no film in
    common: the film is imported, the credit waits."""
    namesake = PersonFactory(name="Kim Ji-hoon", name_ko="김지훈")
    CreditFactory(person=namesake, film=FilmFactory(title="Another Film", year=2010))
    record = FilmRecord(
        Source.KOBIS,
        "20200001",
        original_title="새 영화",
        title="A New Film",
        year=2020,
        credits=[CreditRecord(PersonRecord(Source.KOBIS, name_ko="김지훈"), "cast", "Detective")],
    )
    imported(record)
    film = Film.objects.get(original_title="새 영화")
    return Review.objects.get(kind=Review.Kind.PERSON), namesake, film


def staff_with(client: Client, django_user_model, *codenames: str) -> Client:
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return sign_in_verified(client, user)


@pytest.fixture
def reviewer_without_catalogue(client, django_user_model):
    """Staff who may see and change reviews but neither add nor change films."""
    return staff_with(client, django_user_model, "view_review", "change_review", "view_film")


def change_url(review: Review) -> str:
    return f"/admin/importers/review/{review.pk}/change/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# -- imports to review ------------------------------------------------------------------------


def test_the_reviews_list_shows_what_waits_and_why(admin_client):
    film_review()
    page = admin_client.get("/admin/importers/review/?status__exact=open")
    assert page.status_code == 200
    html = page.text
    assert "살인의 추억 (2003)" in html
    assert "a film has its title and year but no director in common" in html
    assert page.context["cl"].result_count == 1
    assert 'href="?kind__exact=film' in html  # the filters


def test_a_film_review_shows_the_record_beside_each_candidate(admin_client):
    review, (first, second) = film_review(candidates=2)
    html = admin_client.get(change_url(review)).text
    record_row = html.split('class="waiting-record"')[1].split("</tr>")[0]
    assert "SALINUI CHUEOK" in record_row and "2003-04-25" in record_row
    assert "Bong Joon-ho" in record_row or BONG_KO in record_row
    assert "KOBIS <code>20030301</code>" in record_row
    for film in (first, second):
        assert f'href="/admin/catalog/film/{film.pk}/change/"' in html
        assert f'name="merge" value="{film.pk}">Merge into this film</button>' in html
    assert "다른 감독0" in html and "다른 감독1" in html  # each candidate's director
    assert 'name="create"' in html and 'name="dismiss"' in html
    assert 'name="_save"' not in html  # nothing to save: the buttons are the decisions


def test_the_review_page_reads_as_many_queries_whatever_its_candidates(
    admin_client, django_assert_num_queries
):
    review, _films = film_review(candidates=1)
    admin_client.get(change_url(review))
    # session, user, device, the review, its candidates, their directors
    with django_assert_num_queries(6 + FIREWALL_QUERIES):
        admin_client.get(change_url(review))
    Review.objects.all().delete()
    many, _films = film_review(candidates=4)
    with django_assert_num_queries(6 + FIREWALL_QUERIES):
        admin_client.get(change_url(many))


def test_merge_into_this_film_imports_the_record_into_the_candidate(admin_client):
    review, (film,) = film_review()
    response = admin_client.post(change_url(review), {"merge": film.pk}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/importers/review/?status__exact=open"
    film.refresh_from_db()
    assert film.kobis_id == "20030301"
    assert Film.objects.count() == 1
    review.refresh_from_db()
    assert review.status == Review.Status.MERGED
    assert messages_of(response) == [
        f"“살인의 추억 (2003)” was merged into "
        f'<a href="/admin/catalog/film/{film.pk}/change/">{film}</a>.'
    ]


def test_create_as_new_makes_a_second_film(admin_client):
    review, _films = film_review()
    response = admin_client.post(change_url(review), {"create": "1"}, follow=True)
    assert Film.objects.count() == 2
    new = Film.objects.get(kobis_id="20030301")
    review.refresh_from_db()
    assert review.status == Review.Status.CREATED
    assert f"/admin/catalog/film/{new.pk}/change/" in messages_of(response)[0]


def test_dismiss_imports_nothing(admin_client):
    review, _films = film_review()
    response = admin_client.post(change_url(review), {"dismiss": "1"}, follow=True)
    review.refresh_from_db()
    assert review.status == Review.Status.DISMISSED
    assert not Film.objects.filter(kobis_id="20030301").exists()
    assert messages_of(response) == ["Dismissed: “살인의 추억 (2003)” was not imported."]


def test_a_film_not_among_the_candidates_is_refused(admin_client):
    review, _films = film_review()
    other = FilmFactory()
    response = admin_client.post(change_url(review), {"merge": other.pk}, follow=True)
    assert messages_of(response) == ["Choose one of the films this review offers."]
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN


def test_a_record_that_cannot_be_imported_is_told_and_keeps_waiting(admin_client):
    record = memories(year=None)
    review = Review.objects.create(
        kind=Review.Kind.FILM,
        source="kobis",
        source_id="20030301",
        label="살인의 추억",
        reason="a test",
        record=film_to_json(record),
    )
    response = admin_client.post(change_url(review), {"create": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(review)
    assert messages_of(response) == ["year: The record gives no year."]
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN


def test_a_person_review_shows_the_credited_person_and_their_namesakes(admin_client):
    review, namesake, film = person_review()
    html = admin_client.get(change_url(review)).text
    record_row = html.split('class="waiting-record"')[1].split("</tr>")[0]
    assert "김지훈" in record_row
    assert f'href="/admin/catalog/film/{film.pk}/change/"' in record_row
    assert "Cast, Detective" in record_row
    assert f'href="/admin/catalog/person/{namesake.pk}/change/"' in html
    assert "Another Film (2010)" in html  # the namesake's films
    assert f'name="merge" value="{namesake.pk}">This is the same person</button>' in html


def test_this_is_the_same_person_credits_them(admin_client):
    review, namesake, film = person_review()
    response = admin_client.post(change_url(review), {"merge": namesake.pk}, follow=True)
    assert list(film.credits.values_list("person", flat=True)) == [namesake.pk]
    assert Person.objects.filter(name_ko="김지훈").count() == 1
    assert messages_of(response)[0].startswith(f"{namesake} is credited in ")


def test_create_as_a_new_person_credits_a_namesake_of_their_own(admin_client):
    review, namesake, film = person_review()
    response = admin_client.post(change_url(review), {"create": "1"}, follow=True)
    credited = film.credits.get().person
    assert credited != namesake and credited.name_ko == "김지훈"
    told = messages_of(response)[0]
    assert told.startswith("“김지훈 · 새 영화 (2020)”: a new person, credited in")


def test_a_resolved_review_is_read_only(admin_client):
    review, (film,) = film_review()
    admin_client.post(change_url(review), {"merge": film.pk})
    html = admin_client.get(change_url(review)).text
    assert "Merge into this film" not in html and 'name="dismiss"' not in html
    assert "Resolved" in html
    assert admin_client.post(change_url(review), {"dismiss": "1"}).status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.MERGED


def test_staff_who_may_not_change_films_see_reviews_but_cannot_decide(
    reviewer_without_catalogue,
):
    review, (film,) = film_review()
    html = reviewer_without_catalogue.get(change_url(review)).text
    assert "살인의 추억" in html
    assert "Merge into this film" not in html
    response = reviewer_without_catalogue.post(change_url(review), {"merge": film.pk})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN


def test_the_admin_index_counts_the_reviews_waiting(admin_client):
    film_review()
    html = admin_client.get("/admin/").text
    box = html.split('id="waiting-for-staff"')[1].split("</table>")[0]
    assert 'href="/admin/importers/review/?status__exact=open">Imports to review</a>' in box
    assert "<strong>1</strong>" in box.split("Imports to review")[1]


# -- import runs ----------------------------------------------------------------------------


def stopped_run() -> ImportRun:
    def records(_skip):
        yield BadRecord("line 7: not JSON")
        yield memories()
        raise SourceError("kobis: the daily limit of calls is reached")

    run_import(Source.KOBIS, records, scope="years 2003", progress=False)
    return ImportRun.objects.get()


def test_the_runs_list_shows_each_runs_outcome(admin_client, django_assert_num_queries):
    stopped_run()
    admin_client.get("/admin/importers/importrun/")
    with django_assert_num_queries(6 + FIREWALL_QUERIES):  # session, user, device, count x2, runs
        page = admin_client.get("/admin/importers/importrun/")
    assert "years 2003" in page.text
    assert 'field-summary">new films: 1; records skipped: 1<' in page.text
    assert "/admin/importers/importrun/add/" not in page.text


def test_a_runs_page_shows_its_counts_what_it_skipped_and_why_it_stopped(admin_client):
    run = stopped_run()
    html = admin_client.get(f"/admin/importers/importrun/{run.pk}/change/").text
    # the film read before the source stopped is written whole
    assert '<tr><th scope="row">new films</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">records skipped</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">films waiting for review</th><td>0</td></tr>' in html
    assert "<li>line 7: not JSON</li>" in html
    assert "kobis: the daily limit of calls is reached" in html
    assert 'name="_save"' not in html


def test_runs_cannot_be_added_changed_or_deleted(admin_client):
    run = stopped_run()
    assert admin_client.get("/admin/importers/importrun/add/").status_code == 403
    assert admin_client.get(f"/admin/importers/importrun/{run.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/importers/importrun/{run.pk}/change/", {"scope": "changed"})
    assert ImportRun.objects.get().scope == "years 2003"


# -- field sources ---------------------------------------------------------------------------


def test_the_films_page_shows_where_each_field_came_from(admin_client):
    film = edited_film()
    html = admin_client.get(f"/admin/catalog/film/{film.pk}/change/").text
    panel = html.split('id="field-sources"')[1].split("</fieldset>")[0]
    runtime = panel.split('id="field-source-runtime"')[1].split("</tr>")[0]
    assert "changed by an editor" in runtime
    assert '<a href="https://www.kobis.or.kr/' in runtime and "131" in runtime
    take = f'formaction="/admin/importers/importrun/take-source-value/film/{film.pk}/"'
    assert take in runtime
    assert 'name="take" value="runtime:kobis">Take this value</button>' in runtime
    title = panel.split('id="field-source-title"')[1].split("</tr>")[0]
    assert "TMDB" in title and "Take this value" not in title  # imports keep it current


def test_the_panel_reads_as_many_queries_whatever_the_sources(admin_client):
    film = edited_film()  # KOBIS and TMDB
    url = f"/admin/catalog/film/{film.pk}/change/"

    def queries_of_the_page() -> int:
        admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url)
        return len(queries)

    two_sources = queries_of_the_page()
    wikidata = memories(Source.WIKIDATA, source_id="Q494722", ids={"kobis_id": "20030301"})
    wikidata.ids["wikidata_id"] = "Q494722"
    imported(wikidata)
    assert Film.objects.get().source_records.count() == 3
    assert queries_of_the_page() == two_sources


def test_a_film_typed_by_hand_shows_no_panel(admin_client):
    film = FilmFactory()
    html = admin_client.get(f"/admin/catalog/film/{film.pk}/change/").text
    assert 'id="field-sources"' not in html


def test_take_this_value_gives_the_field_back_to_the_source(admin_client):
    film = edited_film()
    url = f"/admin/importers/importrun/take-source-value/film/{film.pk}/"
    response = admin_client.post(url, {"take": "runtime:kobis"}, follow=True)
    assert response.redirect_chain[0][0] == f"/admin/catalog/film/{film.pk}/change/#field-sources"
    film.refresh_from_db()
    assert film.runtime == 131
    assert film.provenance.fields["runtime"]["source"] == "kobis"
    assert messages_of(response) == [
        "“Runtime (minutes)” takes the value of KOBIS again, and imports keep it current."
    ]


def test_taking_a_value_no_source_gives_is_told(admin_client):
    film = edited_film()
    url = f"/admin/importers/importrun/take-source-value/film/{film.pk}/"
    response = admin_client.post(url, {"take": "runtime:kmdb"}, follow=True)
    assert messages_of(response) == ["KMDb gives no value for “Runtime (minutes)”."]
    film.refresh_from_db()
    assert film.runtime == 130


def blank_for_none(value):
    return "" if value is None else value


def test_the_films_form_still_saves_with_the_panel_on_it(admin_client):
    """The panel posts nothing with the film's form, and the form needs nothing of it."""
    film = edited_film()
    page = admin_client.get(f"/admin/catalog/film/{film.pk}/change/")
    form = page.context["adminform"].form
    data = {name: blank_for_none(form[name].value()) for name in form.fields if name != "poster"}
    data |= {"countries": ["KR"], "languages": ["ko"], "genres": [], "runtime": "129"}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        if inline.opts.model is Provenance:
            continue  # the panel: nothing of it is posted
        forms = formset.initial_forms
        data[f"{formset.prefix}-TOTAL_FORMS"] = data[f"{formset.prefix}-INITIAL_FORMS"] = len(forms)
        for row in forms:
            data |= {row.add_prefix(name): blank_for_none(row[name].value()) for name in row.fields}
    response = admin_client.post(f"/admin/catalog/film/{film.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    film.refresh_from_db()
    assert film.runtime == 129


def test_the_persons_page_shows_field_sources_and_takes_a_value(admin_client):
    imported(memories())
    director = Person.objects.get(name_ko=BONG_KO)
    director.name_ko = "봉 준호"
    director.save()
    html = admin_client.get(f"/admin/catalog/person/{director.pk}/change/").text
    row = html.split('id="field-source-name_ko"')[1].split("</tr>")[0]
    assert "changed by an editor" in row and 'value="name_ko:kobis"' in row
    url = f"/admin/importers/importrun/take-source-value/person/{director.pk}/"
    admin_client.post(url, {"take": "name_ko:kobis"})
    director.refresh_from_db()
    assert director.name_ko == BONG_KO


def test_staff_who_may_not_change_films_cannot_take_a_value(client, django_user_model):
    film = edited_film()
    viewer = staff_with(client, django_user_model, "view_film")
    html = viewer.get(f"/admin/catalog/film/{film.pk}/change/").text
    assert 'id="field-sources"' in html and "Take this value" not in html
    url = f"/admin/importers/importrun/take-source-value/film/{film.pk}/"
    assert viewer.post(url, {"take": "runtime:kobis"}).status_code == 403
    film.refresh_from_db()
    assert film.runtime == 130


def test_taking_a_value_is_a_post(admin_client):
    film = edited_film()
    url = f"/admin/importers/importrun/take-source-value/film/{film.pk}/"
    assert admin_client.get(url, {"take": "runtime:kobis"}).status_code == 405


# -- import from an id (readers stand in: tests of a real reader's recorded answers below) --


class FakeReader:
    """A reader keeping the importers.sources contract, for ids of the form PREFIX + digits."""

    def __init__(self, source: Source, prefix: str, records: dict[str, FilmRecord]):
        self.SOURCE, self.prefix, self.records = source, prefix, records
        self.key = "a key"

    def client(self, *, cache_dir=None, transport=None):
        if not self.key:
            raise SourceError(f"{self.SOURCE}: set THE_KEY to your key")
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def parse_id(self, text: str) -> str | None:
        if not text.startswith(self.prefix):
            return None
        digits = text.removeprefix(self.prefix)
        return digits if digits.isdigit() else None

    def fetch_one(self, client, source_id: str) -> FilmRecord:
        if source_id not in self.records:
            raise BadRecord(f"{self.SOURCE} has no film {source_id}")
        return self.records[source_id]


@pytest.fixture
def sources(monkeypatch):
    """KOBIS and TMDB readers, both reading bare numbers (as the real ones do)."""
    tmdb = memories(Source.TMDB, source_id="11423", ids={"tmdb_id": "11423"}, runtime=132)
    found = {
        "kobis": FakeReader(Source.KOBIS, "", {"20030301": memories()}),
        "tmdb": FakeReader(Source.TMDB, "tmdb:", {"11423": tmdb}),
    }
    monkeypatch.setattr(previews, "readers", lambda: found)
    return found


IMPORT = "/admin/importers/importrun/from-an-id/"


def test_the_import_page_is_linked_from_the_film_list_and_the_index(admin_client, sources):
    assert (
        f'<a href="{IMPORT}">Import from an id</a>' in admin_client.get("/admin/catalog/film/").text
    )
    assert f'<a href="{IMPORT}">Import from an id</a>' in admin_client.get("/admin/").text
    page = admin_client.get(IMPORT)
    assert page.status_code == 200
    assert 'name="text"' in page.text


def test_the_preview_shows_a_new_film_and_writes_nothing(admin_client, sources):
    page = admin_client.get(IMPORT, {"text": "20030301"})
    html = page.text
    assert "A new film." in html
    assert '<th scope="row">Runtime (minutes)</th><td>—</td><td>131</td>' in html
    assert "Bong Joon-ho" in html  # the credits, by name
    assert 'name="source" value="kobis"' in html and 'name="source_id" value="20030301"' in html
    assert not Film.objects.exists() and not Person.objects.exists()
    assert not SourceRecord.objects.exists() and not Provenance.objects.exists()


def test_the_preview_of_a_known_film_shows_old_and_new_values(admin_client, sources):
    imported(memories())
    film = Film.objects.get()
    html = admin_client.get(IMPORT, {"text": "tmdb:11423"}).text
    assert f'Matched film: <a href="/admin/catalog/film/{film.pk}/change/">' in html
    assert '<th scope="row">TMDB id</th><td>—</td><td>11423</td>' in html
    assert "Runtime (minutes)" not in html  # KOBIS's runtime ranks first: it stays


def test_an_id_several_sources_read_asks_which(admin_client, sources):
    sources["tmdb"].prefix = ""
    html = admin_client.get(IMPORT, {"text": "11423"}).text
    assert "Several sources have a film of this id" in html
    assert 'name="source" value="kobis"' in html and 'name="source" value="tmdb"' in html
    html = admin_client.get(IMPORT, {"text": "11423", "source": "tmdb"}).text
    assert "A new film." in html


def test_an_id_no_source_reads_is_refused(admin_client, sources):
    html = admin_client.get(IMPORT, {"text": "not an id"}).text
    assert "No source has a film of this id or address." in html


def test_a_missing_key_is_said_plainly(admin_client, sources):
    sources["kobis"].key = ""
    html = admin_client.get(IMPORT, {"text": "20030301"}).text
    assert '<p class="errornote" id="import-problem">kobis: set THE_KEY to your key</p>' in html


def test_apply_imports_the_film_and_opens_its_page(admin_client, sources):
    response = admin_client.post(IMPORT, {"source": "kobis", "source_id": "20030301"}, follow=True)
    film = Film.objects.get()
    assert response.redirect_chain == [(f"/admin/catalog/film/{film.pk}/change/", 302)]
    assert film.runtime == 131 and film.kobis_id == "20030301"
    assert messages_of(response) == ["Imported from KOBIS as a new film: 살인의 추억 (2003)."]
    assert 'id="field-sources"' in response.text


def test_an_uncertain_match_waits_for_review_when_applied(admin_client, sources):
    _review, _films = film_review()
    Review.objects.all().delete()
    html = admin_client.get(IMPORT, {"text": "20030301"}).text
    assert "Waits for review: a film has its title and year but no director in common." in html
    response = admin_client.post(IMPORT, {"source": "kobis", "source_id": "20030301"})
    review = Review.objects.get()
    assert response["Location"] == change_url(review)


def test_staff_who_may_not_add_films_cannot_import(client, django_user_model, sources):
    editor = staff_with(client, django_user_model, "change_film", "view_film")
    assert editor.get(IMPORT).status_code == 403
    assert editor.post(IMPORT, {"source": "kobis", "source_id": "20030301"}).status_code == 403
    assert (
        'href="/admin/importers/importrun/from-an-id/"'
        not in editor.get("/admin/catalog/film/").text
    )
    assert not Film.objects.exists()


# -- import from an id, through a real reader and its recorded answers -----------------------

KOBIS_ADDRESS = (
    "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?dtTp=movie&dtCd=20190815"
)


@pytest.fixture
def kobis_answers(monkeypatch, settings, tmp_path):
    """KOBIS's recorded answer for 보이스 (2021), replayed to the reader's real client; the
    response cache in a directory of the test's own."""
    settings.KOBIS_API_KEY = "kobis0test0key0d3adb33f"
    settings.DATA_DIR = tmp_path
    replay = Replay("kobis")
    replay.answer("searchMovieInfo.json", "movie_info_20190815.json", movieCd="20190815")
    monkeypatch.setattr(previews, "TRANSPORT", replay.transport())
    return replay


def test_a_kobis_address_is_previewed_and_applied_from_one_answer(admin_client, kobis_answers):
    html = admin_client.get(IMPORT, {"text": KOBIS_ADDRESS}).text
    assert "보이스 (2021)" in html and "A new film." in html
    assert 'name="source" value="kobis"' in html and 'value="20190815"' in html
    assert not Film.objects.exists()

    response = admin_client.post(IMPORT, {"source": "kobis", "source_id": "20190815"})
    film = Film.objects.get()
    assert response["Location"] == f"/admin/catalog/film/{film.pk}/change/"
    assert (film.original_title, film.kobis_id) == ("보이스", "20190815")
    assert len(kobis_answers.requests) == 1  # Apply read the answer the preview kept


def test_a_missing_kobis_key_is_said_plainly(admin_client, kobis_answers, settings):
    settings.KOBIS_API_KEY = ""
    html = admin_client.get(IMPORT, {"text": KOBIS_ADDRESS}).text
    assert "KOBIS needs an API key: set KOBIS_API_KEY to your key" in html
    assert not kobis_answers.requests


def test_a_bare_number_asks_whether_kobis_or_tmdb_is_meant(admin_client, kobis_answers):
    html = admin_client.get(IMPORT, {"text": "20190815"}).text
    assert "Several sources have a film of this id" in html
    assert 'name="source" value="kobis"' in html and 'name="source" value="tmdb"' in html
    assert not kobis_answers.requests
    html = admin_client.get(IMPORT, {"text": "20190815", "source": "kobis"}).text
    assert "보이스 (2021)" in html and "A new film." in html
