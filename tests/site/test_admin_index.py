"""The admin's index starts with what waits for staff, each count linking to its list."""

import pytest
from django.contrib.auth.models import Permission

from community.models import Comment
from importers.models import Review
from tests.factories import CommentFactory, VideoSourceFactory
from tests.shield.reads import FIREWALL_QUERIES
from tests.site.test_admin_deleting import film_with_everything
from tests.staff import sign_in_verified
from watch.models import ProblemReport, VideoSource
from watch.reports import file_report

pytestmark = pytest.mark.django_db


def waiting_rows(html: str) -> dict[str, str]:
    """{label: count} of the index's waiting box."""
    box = html.split('id="waiting-for-staff"')[1].split("</table>")[0]
    rows = {}
    for row in box.split("<tr>")[1:]:
        label = row.split("</a>")[0].rsplit(">", 1)[1]
        count = row.split("<td>")[1].split("</td>")[0]
        rows[label] = count.replace("<strong>", "").replace("</strong>", "").split(">")[-1]
        rows[label] = rows[label].replace("</span", "")
    return rows


def test_the_index_counts_what_waits_and_links_to_it(admin_client, settings):
    settings.WATCH_REPORTS_TO_FLAG = 2
    film_with_everything()  # a pending notice, one open report, two approved comments
    CommentFactory.create_batch(2, status=Comment.Status.PENDING)
    flagged = VideoSourceFactory()
    for _ in range(2):
        file_report(flagged, reason="does_not_play")
    VideoSourceFactory(health=VideoSource.Health.REMOVED, active=False)
    Review.objects.create(kind="film", source="kobis", label="살인의 추억", reason="?", record={})
    html = admin_client.get("/admin/").text
    assert waiting_rows(html) == {
        "Comments to moderate": "2",
        "Open problem reports": "3",
        "Takedown notices awaiting a decision": "1",
        "Sources flagged by repeated reports": "1",
        "Sources that no longer play": "1",
        "Imports to review": "1",
    }
    for link, shown in [
        ("/admin/community/comment/?status__exact=pending", 2),
        ("/admin/watch/problemreport/?resolved__exact=0", 3),
        ("/admin/watch/takedownnotice/?awaiting=yes", 1),
        ("/admin/watch/videosource/?flagged=yes", 1),
        ("/admin/watch/videosource/?unhealthy=yes", 1),
        ("/admin/importers/review/?status__exact=open", 1),
    ]:
        assert f'href="{link}"' in html
        page = admin_client.get(link)
        assert page.status_code == 200
        assert page.context["cl"].result_count == shown, link


def test_the_index_is_in_korean_on_the_korean_admin(admin_client):
    html = admin_client.get("/ko/admin/").text
    assert 'href="/ko/admin/community/comment/?status__exact=pending"' in html


def test_the_index_reads_a_constant_number_of_queries(admin_client, django_assert_num_queries):
    admin_client.get("/admin/")  # the session and the user are read the same way each time
    # session, user, its authenticator, log, one per queue
    with django_assert_num_queries(10 + FIREWALL_QUERIES):
        admin_client.get("/admin/")
    for _ in range(5):
        source = VideoSourceFactory(health=VideoSource.Health.UNREACHABLE)
        file_report(source, reason="other", details="gone")
        CommentFactory(status=Comment.Status.PENDING)
    with django_assert_num_queries(10 + FIREWALL_QUERIES):
        admin_client.get("/admin/")
    assert ProblemReport.objects.count() == 5


def test_staff_see_only_the_queues_they_may_open(client, django_user_model):
    moderator = django_user_model.objects.create_user("moderator", password="x", is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="view_comment"))
    sign_in_verified(client, moderator)
    rows = waiting_rows(client.get("/admin/").text)
    assert list(rows) == ["Comments to moderate"]
