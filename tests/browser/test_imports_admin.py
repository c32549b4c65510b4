"""An editor deciding an import in a real browser: a film waiting for review merged into the
catalogue's film by its button, and the film's field sources afterwards."""

import pytest
from django.test import Client

from catalog.models import Film
from importers.models import Review
from tests.factories import CreditFactory, FilmFactory, PersonFactory
from tests.importers.records import imported, memories
from tests.staff import session_cookie, sign_in_verified

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_merges_a_waiting_film_into_the_catalogues(
    open_page, live_server, admin_user, screenshot
):
    film = FilmFactory(title="Memories", original_title="살인의 추억", year=2003, runtime=130)
    CreditFactory(film=film, person=PersonFactory(name_ko="다른 감독"), role="director")
    imported(memories())  # same title and year, no director in common: it waits
    review = Review.objects.get()

    page = open_page(1366, 900)
    client = sign_in_verified(Client(), admin_user)
    page.context.add_cookies([{**session_cookie(client), "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/")
    page.click("#waiting-for-staff >> text=Imports to review")
    page.click(f"text={review.label}")
    screenshot(page, "admin-import-review")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.click(f"button[name=merge][value='{film.pk}']")

    page.wait_for_selector(".messagelist .success")
    assert "was merged into" in page.inner_text(".messagelist")
    film.refresh_from_db()
    assert film.kobis_id == "20030301"
    assert Review.objects.get().status == Review.Status.MERGED
    assert Film.objects.count() == 1

    page.click(f".messagelist a[href='/admin/catalog/film/{film.pk}/change/']")
    page.wait_for_selector("#field-sources")
    row = page.locator("#field-source-runtime")
    assert "changed by an editor" in row.inner_text()
    page.locator("#field-sources").scroll_into_view_if_needed()
    screenshot(page, "admin-film-field-sources")
    row.locator("button[value='runtime:kobis']").click()
    page.wait_for_selector(".messagelist .success")
    film.refresh_from_db()
    assert film.runtime == 131
    assert not [url for url in page.requests if not url.startswith(live_server.url)]
