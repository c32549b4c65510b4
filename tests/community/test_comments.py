import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from community.models import BlockedWord, Comment
from tests.community.forms import comment_form
from tests.factories import CommentFactory, FilmFactory, miracle_in_cell_no_7

pytestmark = pytest.mark.django_db


def post(client, film, **fields):
    return client.post(f"/films/{film.slug}/comments/", comment_form(film, **fields))


def comments_html(html):
    return html.split('id="comments"', 1)[1]


def test_first_comment_waits_for_approval_and_only_its_author_sees_it(client):
    film = FilmFactory()
    response = post(client, film)
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response["Location"] == f"{film.get_absolute_url()}#comment-{comment.pk}"
    mine = comments_html(client.get(film.get_absolute_url()).text)
    assert "This film made me cry twice." in mine
    assert "Your comment is awaiting moderation." in mine
    assert "This film made me cry twice." not in Client().get(film.get_absolute_url()).text


def test_a_commenter_with_an_approved_comment_is_published_at_once(client):
    film = FilmFactory()
    CommentFactory(film=film, email="Viewer@Example.org ")
    post(client, film, body="Second thoughts: even better.")
    assert Comment.objects.get(body__startswith="Second").status == Comment.Status.APPROVED
    assert "Second thoughts" in Client().get(film.get_absolute_url()).text


@pytest.mark.parametrize(
    "body",
    ["See https://a.example https://b.example and https://c.example", "Buy cheap pills now"],
    ids=["links", "blocked-word"],
)
def test_links_and_blocked_words_send_even_known_commenters_to_moderation(client, body):
    film = FilmFactory()
    CommentFactory(film=film, email="viewer@example.org")
    BlockedWord.objects.create(word="CHEAP PILLS")
    post(client, film, body=body)
    assert Comment.objects.get(body=body).status == Comment.Status.PENDING


def test_pending_comment_notifies_staff_without_header_injection(
    client, admin_user, django_capture_on_commit_callbacks
):
    film = FilmFactory(title="Line\nBreak")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, film, name="Evil\r\nBcc: victim@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [admin_user.email]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Bcc" not in message.extra_headers and not message.bcc


def test_staff_mail_links_to_the_comment_in_the_admin_of_the_pages_language(
    client, admin_user, django_capture_on_commit_callbacks
):
    film = FilmFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ko/films/{film.slug}/comments/", comment_form(film))
    comment = Comment.objects.get()
    body = mail.outbox[0].body
    assert f"http://testserver/ko/admin/community/comment/{comment.pk}/change/" in body
    assert "검토" in mail.outbox[0].subject


def test_replies_are_threaded_up_to_three_levels(client):
    film = FilmFactory()
    top = CommentFactory(film=film)
    second = CommentFactory(film=film, parent=top)
    third = CommentFactory(film=film, parent=second)
    CommentFactory(film=film, email="viewer@example.org")  # a known commenter
    assert post(client, film, parent=str(second.pk), body="A reply.").status_code == 303
    reply = Comment.objects.get(body="A reply.")
    assert (reply.parent, reply.thread, reply.depth) == (second, top, 2)
    html = comments_html(client.get(film.get_absolute_url()).text)
    assert html.index(f'id="comment-{top.pk}"') < html.index(f'id="comment-{reply.pk}"')
    response = post(client, film, parent=str(third.pk), body="Too deep.")
    assert response.status_code == 400
    assert "Replies can go no deeper here" in response.text


@pytest.mark.parametrize("parent", ["other-film", "pending", "999999", "abc", "-1"])
def test_forged_or_foreign_parents_are_refused(client, parent):
    film = FilmFactory()
    parents = {
        "other-film": lambda: str(CommentFactory().pk),
        "pending": lambda: str(CommentFactory(film=film, status="pending").pk),
    }
    value = parents[parent]() if parent in parents else parent
    response = post(client, film, parent=value, body="Sneaky reply.")
    assert response.status_code == 400
    assert not Comment.objects.filter(body="Sneaky reply.").exists()


def test_email_is_never_shown(client):
    film = miracle_in_cell_no_7()
    CommentFactory(film=film, email="secret.person@example.org", name="Secret")
    post(client, film, email="another.secret@example.org")
    everywhere = [
        client.get(film.get_absolute_url()).text,
        client.get("/feeds/films.rss").text,
        client.get(f"/ko{film.get_absolute_url()}").text,
    ]
    for text in everywhere:
        assert "secret.person" not in text and "another.secret" not in text


def test_comment_text_is_plain_with_links_and_paragraphs(client):
    film = FilmFactory()
    CommentFactory(
        film=film,
        body='<b>bold</b> <script>alert(1)</script>\n\nSee https://example.org/x?a=1&b=2 "now"',
    )
    html = comments_html(client.get(film.get_absolute_url()).text)
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc"' in html
    assert html.count("<p>") >= 2


def test_avatars_are_drawn_locally(client):
    film = FilmFactory()
    CommentFactory(film=film, name="류승룡 팬")
    html = comments_html(client.get(film.get_absolute_url()).text)
    assert '<span class="avatar tone-' in html and ">류</span>" in html
    assert "gravatar" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"body": ""}, "This field is required."),
        ({"body": "x" * 3001}, "at most 3000 characters"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"name": "n" * 81}, "at most 80 characters"),
    ],
)
def test_bad_fields_get_a_clear_error_and_nothing_is_stored(client, fields, message):
    film = FilmFactory()
    response = post(client, film, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert not Comment.objects.exists()


def test_failed_post_keeps_what_the_visitor_typed(client):
    film = FilmFactory()
    response = post(client, film, email="oops", body="A long thoughtful comment.")
    assert "A long thoughtful comment." in response.text


@pytest.mark.parametrize(
    ("fields", "reason_text"),
    [
        ({"homepage": "http://spam.example"}, "could not be posted"),
        ({"proof_of_work": ""}, "type the film"),
        ({"proof_of_work": "bm90IGEgc29sdXRpb24="}, "type the film"),
        ({"form_token": "forged"}, "has expired"),
    ],
    ids=["honeypot", "no-proof", "bad-proof", "forged-token"],
)
def test_bots_get_nothing_stored(client, fields, reason_text):
    film = FilmFactory()
    response = post(client, film, **fields)
    assert response.status_code == 400
    assert reason_text in response.text
    assert not Comment.objects.exists()


def test_too_fast_is_refused(client, settings):
    settings.COMMENT_MIN_SECONDS = 60
    film = FilmFactory()
    assert post(client, film).status_code == 400
    assert not Comment.objects.exists()


def test_without_javascript_the_films_year_stands_in_for_the_proof(client):
    film = FilmFactory(year=2013)
    assert post(client, film, proof_of_work="", year="2013").status_code == 303
    assert post(client, film, proof_of_work="", year="2012", body="Other").status_code == 400
    assert Comment.objects.count() == 1


def test_one_solution_buys_one_comment(client):
    film = FilmFactory()
    data = comment_form(film)
    assert client.post(f"/films/{film.slug}/comments/", data).status_code == 303
    data["body"] = "Another comment with the same solution."
    assert client.post(f"/films/{film.slug}/comments/", data).status_code == 400
    assert Comment.objects.count() == 1


def test_double_submit_stores_one_comment(client):
    film = FilmFactory()
    assert post(client, film).status_code == 303
    response = post(client, film)
    assert response.status_code == 409
    assert "already posted this comment" in response.text
    assert Comment.objects.count() == 1


def test_rate_limits_per_address_and_per_email(client):
    film = FilmFactory()
    statuses = [post(client, film, body=f"Comment {n}").status_code for n in range(6)]
    assert statuses == [303] * 5 + [429]
    # The same e-mail from other addresses: 10 an hour in all, wherever they come from.
    second = Client(REMOTE_ADDR="10.2.3.4")
    statuses = [post(second, film, body=f"Again {n}").status_code for n in range(5)]
    assert statuses == [303] * 5
    third = Client(REMOTE_ADDR="10.2.3.5")
    assert post(third, film, body="Eleventh").status_code == 429
    assert Comment.objects.count() == 10


def test_posting_with_javascript_returns_the_new_comment(client):
    film = FilmFactory()
    response = client.post(
        f"/films/{film.slug}/comments/", comment_form(film), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending" and data["parent"] is None
    assert f'id="comment-{data["id"]}"' in data["html"]
    assert "viewer@example.org" not in response.text
    bad = client.post(
        f"/films/{film.slug}/comments/",
        comment_form(film, email="bad"),
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 400 and "email" in bad.json()["errors"]


def test_comment_form_needs_its_csrf_token():
    film = FilmFactory()
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(f"/films/{film.slug}/comments/", comment_form(film))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comments_are_paginated_and_ordered(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    film = FilmFactory()
    for n in range(3):
        CommentFactory(film=film, body=f"Number {n}")
    oldest = comments_html(client.get(film.get_absolute_url()).text)
    assert "Number 0" in oldest and "Number 1" in oldest and "Number 2" not in oldest
    newest = comments_html(client.get(film.get_absolute_url(), {"comments": "newest"}).text)
    assert newest.index("Number 2") < newest.index("Number 1")
    page_two = comments_html(client.get(film.get_absolute_url(), {"cpage": "2"}).text)
    assert "Number 2" in page_two
    assert client.get(film.get_absolute_url(), {"cpage": "x" * 500}).status_code == 200


def test_count_near_the_title_and_korean_labels(client):
    film = FilmFactory()
    CommentFactory.create_batch(2, film=film)
    CommentFactory(film=film, status="pending")
    assert '<a href="#comments">2 comments</a>' in client.get(film.get_absolute_url()).text
    with translation.override("ko"):
        url = film.get_absolute_url()
    html = client.get(url).text
    assert "댓글 2개" in html and "댓글 남기기" in html


def test_reply_page_works_without_javascript(client):
    film = FilmFactory()
    top = CommentFactory(film=film, name="First Viewer")
    html = client.get(f"/comments/{top.pk}/reply/").text
    assert "First Viewer" in html
    assert f'name="parent" value="{top.pk}"' in html
    assert client.get(f"/comments/{CommentFactory(status='spam').pk}/reply/").status_code == 404


def test_staff_moderate_in_bulk_and_reply(admin_client):
    film = FilmFactory()
    pending = CommentFactory.create_batch(2, film=film, status="pending")
    admin_client.post(
        "/admin/community/comment/",
        {"action": "approve", "_selected_action": [c.pk for c in pending]},
    )
    assert Comment.objects.filter(status="approved").count() == 2
    target = pending[0]
    admin_client.post(
        f"/admin/community/comment/{target.pk}/change/",
        {
            "name": target.name,
            "website": "",
            "body": target.body,
            "status": "approved",
            "staff_reply": "Thanks for watching!",
        },
    )
    reply = Comment.objects.get(body="Thanks for watching!")
    assert (reply.parent, reply.status) == (target, "approved")


def test_script_in_the_name_and_website_is_never_run(client):
    film = FilmFactory()
    CommentFactory(film=film, email="viewer@example.org")
    post(client, film, name="<img src=x onerror=alert(1)>", website='https://ok.example/"><b>')
    html = comments_html(client.get(film.get_absolute_url()).text)
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '"><b>' not in html


def test_own_pending_comment_is_not_headed_by_zero_comments(client):
    film = FilmFactory()
    post(client, film)
    html = client.get(film.get_absolute_url()).text
    section = comments_html(html)
    assert "This film made me cry twice." in section
    assert "0 comments" not in html
    assert '<h2 id="comments-heading">Comments</h2>' in html
    assert "Write the first comment" in html


def test_an_empty_comment_names_the_missing_fields(client):
    film = FilmFactory()
    empty = {"body": "", "name": "", "email": ""}
    response = client.post(
        f"/films/{film.slug}/comments/",
        comment_form(film, **empty),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    data = response.json()
    assert data["message"] == "Please fill in: Name, E-mail, Comment."
    assert set(data["errors"]) == {"body", "name", "email"}
    page = post(client, film, **empty)
    assert page.status_code == 400
    assert "Please fill in: Name, E-mail, Comment." in page.text
    assert not Comment.objects.exists()
