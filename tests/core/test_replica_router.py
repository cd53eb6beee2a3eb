"""Which database each request reads once a replica is configured (core/db_router.py).

Here the "replica" is a second connection to the test database itself, so that the rules can
be seen on every machine: which connection a request's queries went to. A real streaming
replica that lags is in test_replica.py.
"""

import contextlib
import copy
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import db_router
from tests.factories import GuidingQuestionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUTED = {
    "DATABASE_ROUTERS": ["core.db_router.PrimaryReplicaRouter"],
    "MIDDLEWARE": [*settings.MIDDLEWARE, "core.db_router.ReplicaMiddleware"],
}


@contextlib.contextmanager
def replica_at(blocker, **where):
    """The alias "replica" (at `where`: HOST, PORT), the router and the middleware, as
    DATABASE_REPLICA_URL sets them.

    Django's test case refuses connections to an alias it did not know when the test began;
    the replica's is added by the test itself, so its connections are made the ordinary way
    (pytest-django keeps that way, ensure_connection unpatched, while a test may use the
    database; `blocker` is its django_db_blocker)."""
    ensure_connection = blocker._real_ensure_connection
    config = copy.deepcopy(connections["default"].settings_dict)
    config.update(where)
    connections.settings[db_router.REPLICA] = config
    try:
        with (
            override_settings(**ROUTED),
            mock.patch.object(BaseDatabaseWrapper, "ensure_connection", ensure_connection),
        ):
            yield connections[db_router.REPLICA]
    finally:
        connections[db_router.REPLICA].close()
        del connections[db_router.REPLICA]
        del connections.settings[db_router.REPLICA]


def app_queries(captured) -> list[str]:
    """The queries of a request but the router's own question of WAL positions."""
    return [q["sql"] for q in captured.captured_queries if "_lsn()" not in q["sql"]]


def get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[db_router.REPLICA]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return app_queries(primary), app_queries(replica), response


@pytest.fixture
def routed(django_db_blocker):
    with replica_at(django_db_blocker) as replica:
        yield replica


@pytest.fixture
def process():
    process = ProcessFactory(slug="sunne", is_public=True)
    GuidingQuestionFactory(process=process, text="Hur tar du dig till jobbet?")
    return process


# A replica is a PostgreSQL hot standby: whether it has replayed the last public change is
# asked of PostgreSQL's WAL positions, which SQLite (make test's default) has not; there the
# router leaves every read to the primary, as the remaining tests show.
POSTGRESQL = pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="a streaming replica is PostgreSQL's"
)


@POSTGRESQL
def test_a_residents_public_page_is_read_from_the_replica(routed, process, client):
    primary, replica, response = get(client, "/dialog/sunne/")
    assert "Hur tar du dig till jobbet?" in response.content.decode()
    assert replica
    assert not primary
    assert db_router.PIN_COOKIE not in response.cookies


def test_staff_read_the_primary(routed, process, client):
    client.force_login(UserFactory(role="administrator"))
    for url in ("/dialog/sunne/", reverse("staff:question_list", args=["sunne"])):
        primary, replica, _response = get(client, url)
        assert primary
        assert not replica


@POSTGRESQL
def test_a_write_pins_the_browser_to_the_primary_for_a_while(routed, process, settings):
    settings.REPLICA_PIN_SECONDS = 7
    resident = Client()
    response = resident.post("/kvitto/", {"code": "ABCD2345"})
    pin = response.cookies[db_router.PIN_COOKIE]
    assert pin["max-age"] == 7
    assert pin["httponly"]
    primary, replica, _response = get(resident, "/en/dialog/sunne/")
    assert primary
    assert not replica
    # Once the pin has run out (the browser drops the cookie) it reads the replica again.
    del resident.cookies[db_router.PIN_COOKIE]
    primary, replica, _response = get(resident, "/dialog/sunne/")
    assert replica
    assert not primary


def test_a_replica_that_does_not_answer_leaves_the_page_to_the_primary(
    process, client, django_db_blocker
):
    with replica_at(django_db_blocker, PORT="1"):  # nothing listens there
        response = client.get("/dialog/sunne/")
    assert response.status_code == 200
    assert "Hur tar du dig till jobbet?" in response.content.decode()


def test_work_outside_requests_reads_the_primary(routed, process):
    from dialogues.models import Process

    with CaptureQueriesContext(routed) as replica:
        assert Process.objects.get(slug="sunne").questions.count() == 1
    assert not replica.captured_queries


def test_without_a_replica_nothing_changes(process, client):
    assert db_router.REPLICA not in connections.settings
    assert "core.db_router.ReplicaMiddleware" not in settings.MIDDLEWARE
    response = Client().post("/kvitto/", {"code": "ABCD2345"})
    assert db_router.PIN_COOKIE not in response.cookies
