"""A real PostgreSQL streaming replica (bench/replica.py): the public pages read it, and a
write shows at once to whoever made it, and on the public pages, even while the replica lags.

It runs where a replica can be made (root, as in CI, or the postgres user) from a primary of
at most REPLICA_TEST_MAX_BYTES; as root a replica that cannot be made fails the test rather
than skipping it.
"""

import os

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from bench import replica as replicas
from core import public_data
from dialogues.models import GuidingQuestion
from tests.core.test_replica_router import get, replica_at
from tests.factories import GuidingQuestionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
MAX_BYTES = int(os.environ.get("REPLICA_TEST_MAX_BYTES", str(2 * 1024**3)))


@pytest.fixture(scope="module")
def standby():
    if connections["default"].vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL")
    reason = replicas.usable()
    if reason is None and replicas.cluster_bytes() > MAX_BYTES:
        reason = f"the primary holds more than {MAX_BYTES} bytes to copy"
    if reason:
        (pytest.fail if os.geteuid() == 0 else pytest.skip)(reason)
    with replicas.streaming_replica() as made:
        yield made


@pytest.fixture
def reading(standby, django_db_blocker):
    with replica_at(django_db_blocker, HOST="127.0.0.1", PORT=str(standby.port)):
        yield standby
    standby.resume()


def test_public_pages_read_the_replica_and_a_write_shows_at_once_while_it_lags(reading):
    process = ProcessFactory(slug="sunne", is_public=True)
    question = GuidingQuestionFactory(process=process, text="Hur tar du dig till jobbet?")
    public_data.changed(process)  # as the services do: the replica must replay this first
    reading.catch_up()

    primary, replica, page = get(Client(), "/dialog/sunne/")
    assert replica
    assert not primary
    assert "Hur tar du dig till jobbet?" in page.content.decode()

    # The replica falls behind; a change on the primary that no page was told of is not on it,
    # and a page made now from the replica shows the text as it was: the page read the replica.
    reading.pause()
    GuidingQuestion.objects.filter(pk=question.pk).update(text="Bara på primären?")
    primary, replica, page = get(Client(), "/en/dialog/sunne/")
    assert replica
    assert not primary
    assert "Hur tar du dig till jobbet?" in page.content.decode()
    assert "Bara på primären?" not in page.content.decode()

    # Staff write while it lags: they see their write at once, and so do residents.
    staff = Client()
    staff.force_login(UserFactory(role="administrator"))
    response = staff.post(
        reverse("staff:question_create", args=["sunne"]), {"text": "Vad ska skolan göra?"}
    )
    assert response.status_code == 302
    assert reading.lag_bytes() > 0
    for url in (reverse("staff:question_list", args=["sunne"]), "/dialog/sunne/"):
        primary, replica, page = get(staff, url)
        assert primary
        assert not replica
        assert "Vad ska skolan göra?" in page.content.decode()
    primary, replica, page = get(Client(), "/dialog/sunne/")
    assert primary
    assert not replica
    assert "Vad ska skolan göra?" in page.content.decode()

    # Caught up, it is read again.
    reading.resume()
    reading.catch_up()
    primary, replica, page = get(Client(), "/en/dialog/sunne/?again")
    assert replica
    assert not primary
    assert "Vad ska skolan göra?" in page.content.decode()
