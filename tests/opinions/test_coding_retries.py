"""A step of coding sent again, because its answer was lost, is applied once: the workbench
sends each step with the client's id for it (`step`), and the server recognises a step it
has already stored (issue #16)."""

import uuid

import pytest
from django.db import connection
from django.urls import reverse

from core.roles import STRATEGIST
from opinions.models import Coding, CodingChange, Memo, Opinion, Suggestion, SuggestionModel
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(client, db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    boende = CategoryFactory(process=process, name="Boende", key="1")
    opinion = OpinionFactory(process=process, original_text="Fler hyresrätter i Lysvik")
    anna = UserFactory(username="anna", role=STRATEGIST)
    client.force_login(anna)
    url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
    return {"process": process, "boende": boende, "opinion": opinion, "anna": anna, "url": url}


def twice(client, url, data, **headers):
    """The same request sent twice, as a retry after a lost answer sends it."""
    step = str(uuid.uuid4())
    return [client.post(url, {**data, "step": step}, **headers) for _ in range(2)]


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain-form"])
def test_a_category_key_sent_twice_is_applied_once(client, world, headers):
    data = {"action": "toggle", "category": world["boende"].pk, "seen": "0"}
    first, again = twice(client, world["url"], data, **headers)
    assert first.status_code in (200, 302)
    assert again.status_code in (200, 302)
    assert Coding.objects.filter(opinion=world["opinion"]).count() == 1  # not taken out again
    assert CodingChange.objects.filter(opinion=world["opinion"]).count() == 1
    if headers:
        assert 'aria-pressed="true"' in again.content.decode()
        assert "Boende lades till." in again.content.decode()
    # A new press of the same key (a new step) takes it out, as a toggle does.
    client.post(world["url"], {**data, "step": str(uuid.uuid4())}, **headers)
    assert not Coding.objects.filter(opinion=world["opinion"]).exists()


def test_undo_sent_twice_takes_back_one_step(client, world):
    for _ in range(2):  # two steps: in, then out of Boende
        client.post(
            world["url"],
            {"action": "toggle", "category": world["boende"].pk, "step": str(uuid.uuid4())},
            **HTMX,
        )
    undo = reverse("staff:coding_undo", args=[world["process"].slug])
    twice(client, undo, {"opinion": world["opinion"].pk}, **HTMX)
    # One undo puts Boende back; a second would have taken it out again.
    assert Coding.objects.filter(opinion=world["opinion"]).count() == 1


def test_exclusion_and_memo_sent_twice_are_saved_once_without_an_error(client, world):
    _first, again = twice(client, world["url"], {"action": "exclude", "reason": "Dubblett"}, **HTMX)
    assert "redan utesluten" not in again.content.decode()  # not refused as done by another
    assert Opinion.objects.get(pk=world["opinion"].pk).exclusion_reason == "Dubblett"
    _first, again = twice(client, world["url"], {"action": "memo", "memo": "Se Lysvik"}, **HTMX)
    assert "detsamma som förut" not in again.content.decode()
    assert Memo.objects.get(opinion=world["opinion"]).text == "Se Lysvik"
    assert CodingChange.objects.filter(opinion=world["opinion"]).count() == 2


def test_accepting_a_suggestion_sent_twice_is_not_refused(client, world):
    model = SuggestionModel.objects.create(process=world["process"], requested_by=world["anna"])
    suggestion = Suggestion.objects.create(
        model=model, opinion=world["opinion"], category=world["boende"], confidence=0.9
    )
    data = {"action": "accept", "suggestion": suggestion.pk}
    _first, again = twice(client, world["url"], data, **HTMX)
    assert "redan tagit ställning" not in again.content.decode()
    assert Coding.objects.filter(opinion=world["opinion"]).count() == 1


def test_a_step_id_that_is_not_a_uuid_is_ignored(client, world):
    data = {"action": "toggle", "category": world["boende"].pk, "step": "not-a-uuid"}
    for _ in range(2):
        client.post(world["url"], data, **HTMX)
    assert not Coding.objects.filter(opinion=world["opinion"]).exists()  # in, then out


def test_a_category_key_costs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    """A keystroke on the workbench costs the same whatever the process holds. Here, inside the
    test's transaction: 3 to know the user with their roles and the process with its team
    (session, user, process), the codebook, the test's savepoint around the step (2), the
    opinion locked, one statement after the lock for a conflict or a retry, the codings and the
    final coding; then the writes: on PostgreSQL one statement (the coding with its history, the
    log row, the final coding with its history; tests/opinions/test_coding_one_statement.py
    counts a keystroke as a server makes it, at most 8), on SQLite one a row (5). It was 27,
    then 17, then 15, then 13 on both."""
    data = {"action": "toggle", "category": world["boende"].pk, "seen": "0"}
    client.post(world["url"], {**data, "step": str(uuid.uuid4())}, **HTMX)  # warm the session
    OpinionFactory.create_batch(20, process=world["process"])  # more opinions cost nothing more
    with django_assert_max_num_queries(9 if connection.vendor == "postgresql" else 13):
        response = client.post(world["url"], {**data, "step": str(uuid.uuid4())}, **HTMX)
    assert response.status_code == 200
    assert not Coding.objects.filter(opinion=world["opinion"]).exists()


def test_undo_that_moves_to_another_opinion_moves_the_address_too(client, world):
    """Found in a browser walk: undo from another opinion showed the opinion it took the step
    back on, while the address bar still named the one before (a reload or a bookmark then
    gave another opinion). The answer now tells htmx the address of the opinion shown."""
    data = {"action": "toggle", "category": world["boende"].pk, "seen": "0"}
    client.post(world["url"], data, **HTMX)
    other = OpinionFactory(process=world["process"])
    undo = reverse("staff:coding_undo", args=[world["process"].slug])
    response = client.post(undo, {"opinion": other.pk}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == world["url"]
    assert world["opinion"].original_text in response.text
