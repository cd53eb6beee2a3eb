"""Two strategists' keys on one opinion at the same moment, on PostgreSQL with two real
connections: the second waits for the first's lock, and what it reads once it has the lock
(the changes, the codings, the final coding: one statement, `opinions.services.coding_rows`)
includes what the first committed meanwhile. A read made before it waited would miss it."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from core.roles import STRATEGIST
from opinions.models import Coding, FinalCoding, Opinion
from opinions.services.coding import CodingConflict, coding_toggle
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no row locks to wait on"
    ),
]


@pytest.fixture
def world():
    process = ProcessFactory(slug="sunne", stage="analysis")
    return {
        "boende": CategoryFactory(process=process, name="Boende", key="1"),
        "skola": CategoryFactory(process=process, name="Skola", key="2"),
        "opinion": OpinionFactory(process=process, original_text="Fler hyresrätter i Lysvik"),
        "anna": UserFactory(username="anna", role=STRATEGIST),
        "bo": UserFactory(username="bo", role=STRATEGIST),
    }


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else kept for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def _second_key_while_the_first_holds_the_lock(world, **second) -> dict:
    """Bo's key is stored in a transaction held open until Anna's key waits on its lock."""
    outcome = {}

    def anna_keys():
        try:
            outcome["change"] = coding_toggle(
                opinion=Opinion(pk=world["opinion"].pk, process_id=world["opinion"].process_id),
                category=world["boende"],
                coder=world["anna"],
                **second,
            )
        except CodingConflict as conflict:
            outcome["conflict"] = conflict
        finally:
            connections.close_all()

    with transaction.atomic():
        coding_toggle(
            opinion=world["opinion"], category=world["skola"], coder=world["bo"], seen=None
        )
        anna = threading.Thread(target=anna_keys)
        anna.start()
        for _ in range(100):
            if _waiting_for_a_lock():
                break
            time.sleep(0.05)
        assert _waiting_for_a_lock(), "Anna's key did not wait for Bo's lock"
    anna.join(10)
    return outcome


def test_a_key_sees_the_codings_committed_while_it_waited(world):
    """Bo put it in Skola, Anna (seeing nothing of it) in Boende: they disagree, so there is
    no final coding. Had Anna's step read the codings before it waited, it would have kept
    Bo's final Skola and added Boende beside it."""
    outcome = _second_key_while_the_first_holds_the_lock(world, seen=None)
    assert "change" in outcome
    assert set(Coding.objects.values_list("coder__username", "category__name")) == {
        ("bo", "Skola"),
        ("anna", "Boende"),
    }
    assert not FinalCoding.objects.exists()


def test_a_key_on_what_changed_while_it_waited_is_refused_as_a_conflict(world):
    """Anna saw the opinion before Bo's change (seen=0) and it is not coded blind: her key
    is refused with Bo's change, and nothing of hers is stored."""
    outcome = _second_key_while_the_first_holds_the_lock(world, seen=0)
    assert [c.user.username for c in outcome["conflict"].changes] == ["bo"]
    assert not Coding.objects.filter(coder=world["anna"]).exists()
