"""A category key on the workbench writes its rows in one statement on PostgreSQL (issue #19:
at most 8 queries a keystroke): the coding added or taken out, its history row, the log row
and the final coding kept in step with its history rows. What is written is what the ORM
writes one row at a time, which SQLite still does (`core.written.write_together`)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import STRATEGIST
from opinions.models import Coding, CodingChange, FinalCoding
from opinions.services.coding import coding_toggle
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="one statement is PostgreSQL's data-modifying WITH"
)


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    return {
        "process": process,
        "boende": CategoryFactory(process=process, name="Boende", key="1"),
        "skola": CategoryFactory(process=process, name="Skola", key="2"),
        "opinion": OpinionFactory(process=process, original_text="Fler hyresrätter i Lysvik"),
        "anna": UserFactory(username="anna", role=STRATEGIST),
        "bo": UserFactory(username="bo", role=STRATEGIST),
    }


def _history(model, opinion):
    return [
        (row.history_type, row.id, row.category_id, row.history_user_id)
        for row in model.history.filter(opinion_id=opinion.pk).order_by("history_id")
    ]


def _statements(context) -> list[str]:
    """The queries, without the transaction's BEGIN and COMMIT (as bench/coding.py counts)."""
    return [q["sql"] for q in context.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_category_key_costs_at_most_8_queries_on_postgresql(client, world):
    """Counted as on a server, with no test savepoint around the step and with the kept
    figures marked stale after the commit: the session (which a server keeps in Redis), the
    user with their roles, the process with its team, the codebook, the opinion locked, one
    read after the lock, the writes, the figures marked stale. BEGIN and COMMIT are the step's
    transaction, not queries of their own (bench/coding.py counts the same way)."""
    client.force_login(world["anna"])
    url = reverse("staff:coding_opinion", args=[world["process"].slug, world["opinion"].pk])
    data = {"action": "toggle", "category": world["boende"].pk, "seen": "0"}
    client.post(url, {**data, "step": str(uuid.uuid4())}, **HTMX)  # warm the session
    OpinionFactory.create_batch(20, process=world["process"])
    with CaptureQueriesContext(connection) as taking_out:
        taken_out = client.post(url, {**data, "step": str(uuid.uuid4())}, **HTMX)
    assert taken_out.status_code == 200
    assert "Boende togs bort." in taken_out.text
    assert len(_statements(taking_out)) <= 8, "\n\n".join(_statements(taking_out))
    with CaptureQueriesContext(connection) as putting_in:
        put_in = client.post(url, {**data, "step": str(uuid.uuid4())}, **HTMX)
    assert 'aria-pressed="true"' in put_in.text
    assert len(_statements(putting_in)) <= 8, "\n\n".join(_statements(putting_in))
    assert Coding.objects.filter(opinion=world["opinion"]).count() == 1
    assert FinalCoding.objects.filter(opinion=world["opinion"]).count() == 1


@pytest.mark.django_db
def test_each_step_leaves_the_rows_and_history_the_orm_would(world):
    """Two coders, in and out: the codings, the final coding, their history rows (who, what,
    which row) and the log, as one row at a time would leave them."""
    opinion, boende, skola = world["opinion"], world["boende"], world["skola"]
    anna, bo = world["anna"], world["bo"]
    seen = 0
    for coder, category in [(anna, boende), (anna, skola), (bo, boende), (anna, skola)]:
        change = coding_toggle(opinion=opinion, category=category, coder=coder, seen=None)
        assert change.pk > seen  # the log row's id, as the next key's `seen`
        seen = change.pk
    codings = Coding.objects.filter(opinion=opinion)
    assert sorted((c.coder_id, c.category_id) for c in codings) == [
        (anna.pk, boende.pk),
        (bo.pk, boende.pk),
    ]
    assert all(c.coded_at is not None for c in codings)
    # Anna alone: Boende, then Boende and Skola; Bo's Boende; Anna's Skola out: they agree.
    anna_skola = [row for row in _history(Coding, opinion) if row[2] == skola.pk]
    assert [row[0] for row in anna_skola] == ["+", "-"]
    assert anna_skola[0][1] == anna_skola[1][1]  # the same row, in and then out
    assert [row[0] for row in _history(Coding, opinion)] == ["+", "+", "+", "-"]
    assert {row[3] for row in _history(Coding, opinion)} == {anna.pk, bo.pk}
    final = _history(FinalCoding, opinion)
    assert [(kind, category) for kind, _id, category, _by in final] == [
        ("+", boende.pk),  # Anna's Boende
        ("+", skola.pk),  # Anna's Skola
        ("-", boende.pk),  # Bo's Boende without Skola: they disagree, no final coding
        ("-", skola.pk),
        ("+", boende.pk),  # Anna takes Skola out: they agree on Boende
    ]
    assert [f.category_id for f in FinalCoding.objects.filter(opinion=opinion)] == [boende.pk]
    assert list(
        CodingChange.objects.filter(opinion=opinion).values_list("user_id", "action", "category")
    ) == [
        (anna.pk, "add", boende.pk),
        (anna.pk, "add", skola.pk),
        (bo.pk, "add", boende.pk),
        (anna.pk, "remove", skola.pk),
    ]
