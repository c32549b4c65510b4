import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from shield.counters import CacheCounters, DatabaseCounters
from shield.models import Block, TrafficEntry
from shield.offences import WEIGHTS, current_score, offence_key, record_offence
from shield.ratelimits import allow_request
from tests.community.forms import comment_form
from tests.factories import VideoSourceFactory, miracle_in_cell_no_7

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def request_from(address=ATTACKER, path="/"):
    return RequestFactory().get(path, REMOTE_ADDR=address)


@pytest.mark.parametrize("kind", sorted(WEIGHTS))
def test_each_kind_of_offence_adds_its_weight(kind, settings):
    settings.SHIELD_THRESHOLD = 10_000
    record_offence(request_from(), kind)
    record_offence(request_from(), kind)
    assert current_score(ATTACKER) == 2 * WEIGHTS[kind]
    assert TrafficEntry.objects.filter(kind=kind, group=ATTACKER).count() == 2


def test_a_block_comes_at_each_multiple_of_the_threshold(settings):
    settings.SHIELD_THRESHOLD = 6
    blocked = [record_offence(request_from(), "refused_form") for _ in range(4)]
    assert blocked == [False, True, False, True]
    assert Block.objects.count() == 2


def test_an_ipv6_subscriber_is_counted_by_their_64(settings):
    settings.SHIELD_THRESHOLD = 10_000
    record_offence(request_from("2001:db8:1:2::1"), "probe")
    record_offence(request_from("2001:db8:1:2:ffff::9"), "probe")
    assert current_score("2001:db8:1:2::/64") == 20


@pytest.mark.parametrize("backend", [DatabaseCounters, CacheCounters])
def test_scores_count_in_either_shared_store(backend, monkeypatch, settings):
    monkeypatch.setattr("shield.offences.counters", backend)
    settings.SHIELD_THRESHOLD = 25
    assert [record_offence(request_from(), "probe") for _ in range(3)] == [False, False, True]
    assert backend().current(offence_key(ATTACKER)) == 30


def test_a_refused_rate_limit_is_an_offence():
    answers = [allow_request(request_from(), "test", 1, 60) for _ in range(3)]
    assert answers == [True, False, False]
    assert current_score(ATTACKER) == 2 * WEIGHTS["rate_limited"]


def test_a_failed_sign_in_is_an_offence(django_user_model):
    django_user_model.objects.create_user("editor", password="right")
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=ATTACKER)
    assert authenticate(request, username="editor", password="wrong") is None
    assert current_score(ATTACKER) == WEIGHTS["login_failed"]


def test_a_comment_refused_as_a_bots_is_an_offence(client):
    film = miracle_in_cell_no_7()
    client.post(
        f"/films/{film.slug}/comments/", comment_form(film, homepage="x"), REMOTE_ADDR=ATTACKER
    )
    assert current_score(ATTACKER) == WEIGHTS["refused_form"]


def test_a_comment_without_its_proof_of_work_is_a_challenge_offence(client, settings):
    settings.COMMENT_MIN_SECONDS = 0
    film = miracle_in_cell_no_7()
    form = comment_form(film, proof_of_work="forged")
    response = client.post(f"/films/{film.slug}/comments/", form, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 400
    assert TrafficEntry.objects.get().kind == "challenge"


def test_a_refused_problem_report_is_an_offence(client):
    source = VideoSourceFactory()
    response = client.post(f"/watch/{source.pk}/report/", {"reason": ""}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 400
    assert current_score(ATTACKER) == WEIGHTS["refused_form"]


def test_nothing_counts_when_the_firewall_is_off(settings):
    settings.KCINEMA_SHIELD = False
    assert record_offence(request_from(), "fake_crawler") is False
    assert current_score(ATTACKER) == 0
