"""The read-replica router: anonymous page views read from the replica, nothing else does."""

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from catalog.models import Film
from kcinema import environment
from kcinema.replica import ReplicaMiddleware, ReplicaRouter

router = ReplicaRouter()


def _read_alias_during(request, write: bool = False) -> list[str]:
    seen = []

    def view(request):
        seen.append(router.db_for_read(Film))
        if write:
            router.db_for_write(Film)
            seen.append(router.db_for_read(Film))
        return HttpResponse()

    ReplicaMiddleware(view)(request)
    return seen


def test_an_anonymous_page_view_reads_from_the_replica_and_only_during_the_request():
    assert _read_alias_during(RequestFactory().get("/films/x/")) == ["replica"]
    assert _read_alias_during(RequestFactory().head("/")) == ["replica"]
    assert router.db_for_read(Film) == "default"  # the worker, commands, tests


@pytest.mark.parametrize("cookie", ["sessionid", "kcinema_own_comments", "messages"])
def test_a_visitor_with_a_session_or_a_pending_comment_reads_the_primary(cookie):
    request = RequestFactory().get("/films/x/")
    request.COOKIES[cookie] = "x"
    assert _read_alias_during(request) == ["default"]


def test_forms_read_the_primary_and_a_request_reads_its_own_writes():
    assert _read_alias_during(RequestFactory().post("/films/x/comments/")) == ["default"]
    assert _read_alias_during(RequestFactory().get("/"), write=True) == ["replica", "default"]
    assert router.db_for_write(Film) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there():
    def view(request):
        with transaction.atomic():
            return HttpResponse(router.db_for_read(Film))

    assert ReplicaMiddleware(view)(RequestFactory().get("/")).content == b"default"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "catalog")
    assert not router.allow_migrate("replica", "catalog")


def test_the_replica_url_must_name_postgresql_beside_a_postgresql_primary(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert environment.replica_database() is None
    monkeypatch.setenv("DATABASE_URL", "postgres://kcinema@primary:5432/kcinema")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://kcinema@replica:5432/kcinema")
    replica = environment.replica_database()
    assert (replica["HOST"], replica["TEST"]) == ("replica", {"MIRROR": "default"})
    monkeypatch.setenv("DATABASE_REPLICA_URL", "sqlite:////tmp/x.sqlite3")
    with pytest.raises(ValueError, match="must be a postgres:// URL"):
        environment.replica_database()
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://kcinema@replica:5432/kcinema")
    with pytest.raises(ValueError, match="needs DATABASE_URL"):
        environment.replica_database()


def test_without_a_replica_url_the_site_has_one_database():
    assert list(connections) == ["default"]
