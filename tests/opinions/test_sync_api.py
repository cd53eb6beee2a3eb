"""The sync endpoint the entry page sends to: idempotent, item by item, and guarded."""

import datetime
import json
import secrets
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opinions.models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Opinion,
    Respondent,
    RespondentContact,
)
from tests.factories import (
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
    StageTransitionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(facilitator_user):
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    event = DialogueEventFactory(process=process, slug="lysvik")
    event.facilitators.add(facilitator_user)
    GuidingQuestionFactory(process=process)
    return event


def sync_url(event):
    return reverse(
        "api:event_sync", kwargs={"process_slug": event.process.slug, "event_slug": event.slug}
    )


def batch(event, *, opinions=3, respondent_id=None, receipt="K7M2P9QX"):
    respondent_id = respondent_id or uuid.uuid4()
    question = event.process.questions.first()
    return {
        "respondents": [
            {
                "client_uuid": str(respondent_id),
                "receipt_code": receipt,
                "age_band": "30-44",
                "gender": "not_said",
                "role": "resident",
            }
        ],
        "opinions": [
            {
                "client_uuid": str(uuid.uuid4()),
                "respondent": str(respondent_id),
                "question": question.pk,
                "text": f"Bättre bussar till Lysvik, nummer {n}.",
                "consent_to_publish": n % 2 == 0,
                "recorded_at": timezone.now().isoformat(),
            }
            for n in range(opinions)
        ],
    }


def post(client, event, body):
    return client.post(sync_url(event), json.dumps(body), content_type="application/json")


def test_a_batch_is_stored_once_however_often_it_is_sent(client, event, facilitator_user):
    client.force_login(facilitator_user)
    body = batch(event)
    first = post(client, event, body).json()
    assert [r["status"] for r in first["opinions"]] == ["stored"] * 3
    assert first["respondents"][0] == {
        "client_uuid": body["respondents"][0]["client_uuid"],
        "status": "stored",
        "reason": "",
        "receipt_code": "K7M2P9QX",
    }
    again = post(client, event, body).json()
    assert [r["status"] for r in again["opinions"]] == ["already_stored"] * 3
    assert again["respondents"][0]["status"] == "already_stored"
    assert Opinion.objects.count() == 3
    assert Respondent.objects.count() == 1
    opinion = Opinion.objects.order_by("recorded_at").first()
    assert opinion.original_text == "Bättre bussar till Lysvik, nummer 0."
    assert opinion.recorded_by == facilitator_user
    assert opinion.event == event
    assert opinion.respondent.receipt_code == "K7M2P9QX"
    assert opinion.respondent.age_band == "30-44"


def test_an_opinion_can_follow_its_respondent_in_a_later_batch(client, event, facilitator_user):
    client.force_login(facilitator_user)
    body = batch(event, opinions=1)
    post(client, event, body)
    later = {"respondents": [], "opinions": batch(event, opinions=1)["opinions"]}
    later["opinions"][0]["respondent"] = body["respondents"][0]["client_uuid"]
    result = post(client, event, later).json()
    assert result["opinions"][0]["status"] == "stored"
    assert Respondent.objects.get().opinions.count() == 2


def test_a_bad_item_is_rejected_with_its_reason_and_the_others_are_stored(
    client, event, facilitator_user
):
    client.force_login(facilitator_user)
    body = batch(event, opinions=3)
    body["opinions"][0]["question"] = GuidingQuestionFactory().pk  # another process's question
    body["opinions"][1]["text"] = "   "
    body["opinions"][2]["text"] = "x" * 10_001
    extra = batch(event, opinions=1)["opinions"][0]
    extra["respondent"] = body["respondents"][0]["client_uuid"]
    body["opinions"].append(extra)
    result = post(client, event, body).json()
    assert [(r["status"], r["reason"]) for r in result["opinions"]] == [
        ("rejected", "Frågan hör inte till den här processens frågor."),
        ("rejected", "Synpunkten är tom."),
        ("rejected", "Synpunkten är längre än 10000 tecken."),
        ("stored", ""),
    ]
    assert Opinion.objects.count() == 1


def test_a_null_character_is_rejected_with_its_reason_not_a_server_error(
    client, event, facilitator_user
):
    """JSON may carry U+0000, which PostgreSQL cannot store in text: the item that holds one
    is rejected, saying so, and the rest of the batch is stored."""
    client.raise_request_exception = False
    client.force_login(facilitator_user)
    body = batch(event, opinions=2)
    body["opinions"][0]["text"] = "Bättre bussar\u0000 till Lysvik"
    second = batch(event, opinions=1, receipt="BBBBBBBB")
    second["respondents"][0]["phone"] = "070\u0000123"
    body["respondents"] += second["respondents"]
    response = post(client, event, body)
    assert response.status_code == 200
    result = response.json()
    assert [(r["status"], r["reason"]) for r in result["opinions"]] == [
        ("rejected", "Synpunkten innehåller ett nolltecken (byte 0), som text inte kan innehålla."),
        ("stored", ""),
    ]
    assert [r["status"] for r in result["respondents"]] == ["stored", "rejected"]
    assert "nolltecken" in result["respondents"][1]["reason"]
    assert Opinion.objects.count() == 1
    assert Respondent.objects.count() == 1


def test_a_contact_for_feedback_is_kept_apart_with_a_date_to_delete_it(
    client, event, facilitator_user
):
    client.force_login(facilitator_user)
    body = batch(event, opinions=1)
    body["respondents"][0]["email"] = "eva@example.se"
    post(client, event, body)
    contact = RespondentContact.objects.get()
    assert contact.email == "eva@example.se"
    assert contact.retain_until == timezone.localdate() + datetime.timedelta(days=730)


def test_a_taken_receipt_code_is_rejected_not_merged(client, event, facilitator_user):
    client.force_login(facilitator_user)
    post(client, event, batch(event, opinions=1, receipt="AAAAAAAA"))
    result = post(client, event, batch(event, opinions=1, receipt="AAAAAAAA")).json()
    assert result["respondents"][0]["status"] == "rejected"
    assert result["opinions"][0]["status"] == "rejected"
    assert Respondent.objects.count() == 1
    assert Opinion.objects.count() == 1


def test_only_the_events_facilitators_and_administrators_may_send(
    client, event, strategist_user, administrator
):
    assert post(client, event, batch(event)).status_code == 401
    client.force_login(strategist_user)
    response = post(client, event, batch(event))
    assert response.status_code == 403
    assert response.json()["detail"] == "Du är inte samtalsledare för den här aktiviteten."
    client.force_login(UserFactory(role="facilitator"))
    assert post(client, event, batch(event)).status_code == 403
    elsewhere = UserFactory(role="facilitator")  # of another event of the same process
    DialogueEventFactory(process=event.process, slug="rottneros").facilitators.add(elsewhere)
    client.force_login(elsewhere)
    assert post(client, event, batch(event)).status_code == 403
    client.force_login(administrator)
    assert post(client, event, batch(event)).status_code == 200
    assert Opinion.objects.count() == 3


def test_nothing_is_registered_once_the_dialogue_has_closed(client, event, facilitator_user):
    event.process.stage = "analysis"
    event.process.save()
    client.force_login(facilitator_user)
    response = post(client, event, batch(event))
    assert response.status_code == 403
    assert "Dialogen är inte öppen" in response.json()["detail"]
    assert not Opinion.objects.exists()


def test_what_was_recorded_while_the_dialogue_was_open_is_stored_after_it_closes(
    client, event, facilitator_user
):
    """Found in a browser walk: opinions a facilitator registered offline at an open event
    were refused for good when the dialogue closed before the phone found a network, and the
    entry page that held them could no longer be opened. What was said while the dialogue
    was open is stored whenever it arrives; what is timed after it closed is refused, each
    item saying why."""
    process = event.process
    StageTransitionFactory(
        process=process, from_stage="dialogue_open", to_stage="analysis", moved_at=timezone.now()
    )
    process.stage = "analysis"
    process.save()
    body = batch(event, opinions=2)
    body["opinions"][0]["recorded_at"] = (timezone.now() - datetime.timedelta(hours=2)).isoformat()
    body["opinions"][1]["recorded_at"] = (
        timezone.now() + datetime.timedelta(minutes=1)
    ).isoformat()
    client.force_login(facilitator_user)
    response = post(client, event, body)
    assert response.status_code == 200
    answers = response.json()["opinions"]
    assert [answer["status"] for answer in answers] == ["stored", "rejected"]
    assert "efter att dialogen stängdes" in answers[1]["reason"]
    assert Opinion.objects.get().client_uuid == uuid.UUID(body["opinions"][0]["client_uuid"])
    # The entry page opens, to send what waits, and says that nothing new can be registered.
    url = reverse("staff:event_entry", kwargs={"slug": "sunne", "event_slug": "lysvik"})
    page = client.get(url)
    assert page.status_code == 200
    assert "Dialogen är stängd" in page.content.decode()
    # Another facilitator's event is still not theirs.
    other = DialogueEventFactory(process=process, slug="rottneros")
    assert post(client, other, batch(other)).status_code == 403


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("en", "The dialogue is not open, so no opinions can be registered now."),
        ("en-GB,en;q=0.9", "The dialogue is not open, so no opinions can be registered now."),
        ("sv", "Dialogen är inte öppen, så inga synpunkter kan registreras nu."),
        (None, "Dialogen är inte öppen, så inga synpunkter kan registreras nu."),
        ("fi", "Dialogen är inte öppen, så inga synpunkter kan registreras nu."),
    ],
)
def test_the_api_answers_in_the_language_asked_for(client, event, facilitator_user, asked, said):
    """Found in a browser walk: the English entry page showed the API's refusal in Swedish,
    as the API's addresses carry no language and Swedish is the default. The API answers in
    the language of Accept-Language (the entry page sends its own), else in Swedish."""
    event.process.stage = "analysis"
    event.process.save()
    client.force_login(facilitator_user)
    headers = {"HTTP_ACCEPT_LANGUAGE": asked} if asked else {}
    response = client.post(
        sync_url(event), json.dumps(batch(event)), content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["detail"] == said


def test_the_session_cookie_alone_is_not_enough_without_the_csrf_token(event, facilitator_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator_user)
    assert post(client, event, batch(event)).status_code == 403
    assert not Opinion.objects.exists()


def test_the_api_is_described_by_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/events/{process_slug}/{event_slug}/sync" in spec["paths"]


def test_the_entry_page_says_why_when_the_dialogue_is_closed(client, event, facilitator_user):
    event.process.stage = "analysis"
    event.process.save()
    client.force_login(facilitator_user)
    url = reverse("staff:event_entry", kwargs={"slug": "sunne", "event_slug": "lysvik"})
    response = client.get(url)
    assert response.status_code == 403
    assert "Dialogen är inte öppen, så inga synpunkter kan registreras nu." in (
        response.content.decode()
    )
    # Found in a browser walk: below the stage's reason the page also said the user's role
    # did not include this, and told even the administrator to ask the administrator.
    assert "Din roll omfattar inte detta" not in response.content.decode()


def test_a_receipt_code_is_eight_of_the_alphabet_and_never_tells_whether_it_is_taken(
    client, event, facilitator_user
):
    client.force_login(facilitator_user)
    assert (
        post(client, event, batch(event, receipt="K7M2P9QX")).json()["respondents"][0]["status"]
        == "stored"
    )
    answers = {}
    for name, code in (("short", "AAAAAA"), ("long", "AAAAAAAAAA"), ("taken", "K7M2P9QX")):
        result = post(client, event, batch(event, receipt=code)).json()["respondents"][0]
        assert result["status"] == "rejected", name
        answers[name] = result["reason"]
    assert len(set(answers.values())) == 1, answers  # the same answer for taken and wrong
    assert not Respondent.objects.filter(receipt_code__in=["AAAAAA", "AAAAAAAAAA"]).exists()


def test_an_opinion_from_before_the_event_or_from_the_future_is_refused(
    client, event, facilitator_user
):
    client.force_login(facilitator_user)
    body = batch(event, opinions=2)
    body["opinions"][0]["recorded_at"] = "1990-05-01T10:00:00+02:00"
    body["opinions"][1]["recorded_at"] = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    results = post(client, event, body).json()["opinions"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert not Opinion.objects.exists()


def many(event, count: int) -> dict:
    """`count` opinions, each from its own new respondent, half with a contact."""
    body = {"respondents": [], "opinions": []}
    for n in range(count):
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        one = batch(event, opinions=1, receipt=code)
        if n % 2 == 0:
            one["respondents"][0]["email"] = f"person{n}@example.se"
        body["respondents"] += one["respondents"]
        body["opinions"] += one["opinions"]
    return body


def test_a_batch_costs_the_same_queries_at_1_10_and_100_opinions(client, event, facilitator_user):
    """On PostgreSQL every query is the same whatever the batch's size. SQLite takes at most
    999 parameters a statement, so Django splits a large INSERT there; every other query is
    still the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator_user)
    counts, others = {}, {}
    for size in (1, 10, 100):
        body = many(event, size)
        for sent in ("first", "again"):
            with CaptureQueriesContext(connection) as queries:
                result = post(client, event, body).json()
            expected = "stored" if sent == "first" else "already_stored"
            assert [r["status"] for r in result["opinions"]] == [expected] * size
            assert [r["status"] for r in result["respondents"]] == [expected] * size
            sql = [query["sql"] for query in queries.captured_queries]
            counts[size, sent] = len(sql)
            others[size, sent] = len([q for q in sql if not q.startswith("INSERT")])
    assert Opinion.objects.count() == 111
    assert RespondentContact.objects.count() == 1 + 5 + 50
    constant = counts if connection.vendor == "postgresql" else others
    assert constant[1, "first"] == constant[10, "first"] == constant[100, "first"], counts
    assert constant[1, "again"] == constant[10, "again"] == constant[100, "again"], counts


def test_every_opinion_of_a_batch_has_its_history_row(client, event, facilitator_user):
    client.force_login(facilitator_user)
    post(client, event, many(event, 5))
    history = Opinion.history.filter(history_type="+")
    assert history.count() == 5
    assert {h.history_user for h in history} == {facilitator_user}
    assert set(history.values_list("id", flat=True)) == set(
        Opinion.objects.values_list("pk", flat=True)
    )


def test_an_item_sent_twice_in_one_batch_is_stored_once(client, event, facilitator_user):
    client.force_login(facilitator_user)
    body = batch(event, opinions=2)
    body["opinions"].append(dict(body["opinions"][0]))
    body["respondents"].append(dict(body["respondents"][0]))
    result = post(client, event, body).json()
    assert [r["status"] for r in result["opinions"]] == ["stored", "stored", "already_stored"]
    assert [r["status"] for r in result["respondents"]] == ["stored", "already_stored"]
    assert Opinion.objects.count() == 2
    assert Respondent.objects.count() == 1


def test_a_receipt_code_twice_in_one_batch_is_stored_for_the_first_only(
    client, event, facilitator_user
):
    client.force_login(facilitator_user)
    first, second = batch(event, opinions=1), batch(event, opinions=1)
    body = {
        "respondents": first["respondents"] + second["respondents"],
        "opinions": first["opinions"] + second["opinions"],
    }
    result = post(client, event, body).json()
    assert [r["status"] for r in result["respondents"]] == ["stored", "rejected"]
    assert [r["status"] for r in result["opinions"]] == ["stored", "rejected"]
    assert Respondent.objects.count() == 1


def test_a_respondent_of_another_process_is_not_taken_over(client, event, facilitator_user):
    client.force_login(facilitator_user)
    other = DialogueEventFactory(process=ProcessFactory(stage="dialogue_open"))
    other.facilitators.add(facilitator_user)
    GuidingQuestionFactory(process=other.process)
    body = batch(other, opinions=1)
    post(client, other, body)
    again = batch(event, opinions=1, respondent_id=body["respondents"][0]["client_uuid"])
    result = post(client, event, again).json()
    assert result["respondents"][0]["status"] == "rejected"
    assert result["opinions"][0]["status"] == "rejected"
    assert Opinion.objects.filter(process=event.process).count() == 0


def test_a_sync_of_one_opinion_costs_a_few_queries(client, event, facilitator_user):
    """Issue #19: what a first sending of one opinion with its respondent and contact asks of
    the database. Here 11: the session and the user; the event with whether the user is in
    its team and facilitates it; the process's questions; what of the batch is stored already
    (respondents and opinions, one statement); the respondent, its contact, the opinion and its
    history row, each one INSERT; this test's savepoint around the batch's transaction, two. On
    a server the savepoint is the transaction itself, the session is in Redis, and once it
    commits the process's kept figures are marked stale: 9. It was 18, with a savepoint around
    each table's INSERT, the team and the facilitators each read on their own, and a look-up
    for each table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator_user)
    post(client, event, many(event, 1))  # the session is warm
    body = many(event, 1)
    with CaptureQueriesContext(connection) as queries:
        result = post(client, event, body).json()
    assert [r["status"] for r in result["opinions"]] == ["stored"]
    assert len(queries.captured_queries) <= 11, [q["sql"][:80] for q in queries.captured_queries]


def test_items_another_request_stored_meanwhile_are_answered_already_stored(
    client, event, facilitator_user, monkeypatch
):
    """Two sendings of one batch at once (a retry while the first is still working): the
    second looked before the first committed, so its INSERT is refused by the unique indexes.
    It is then stored item by item, and each item is answered as stored once."""
    from opinions.services import sync

    client.force_login(facilitator_user)
    body = many(event, 3)
    post(client, event, body)
    history = Opinion.history.count()
    # As if this sending's look-ups ran before the first sending committed.
    monkeypatch.setattr(sync, "_stored", lambda checked, opinions: ([], set()))
    result = post(client, event, body)
    assert result.status_code == 200
    assert [r["status"] for r in result.json()["respondents"]] == ["already_stored"] * 3
    assert [r["status"] for r in result.json()["opinions"]] == ["already_stored"] * 3
    assert Opinion.objects.count() == 3
    assert Respondent.objects.count() == 3
    assert RespondentContact.objects.count() == 2
    assert Opinion.history.count() == history


def test_a_new_item_beside_one_stored_meanwhile_is_still_stored(
    client, event, facilitator_user, monkeypatch
):
    from opinions.services import sync

    client.force_login(facilitator_user)
    body = many(event, 2)
    post(client, event, {"respondents": body["respondents"][:1], "opinions": body["opinions"][:1]})
    monkeypatch.setattr(sync, "_stored", lambda checked, opinions: ([], set()))
    result = post(client, event, body).json()
    assert [r["status"] for r in result["respondents"]] == ["already_stored", "stored"]
    assert [r["status"] for r in result["opinions"]] == ["already_stored", "stored"]
    assert Opinion.objects.count() == 2
    assert Opinion.history.filter(history_type="+").count() == 2


def test_a_batch_larger_than_one_request_may_be_is_refused_in_words_not_as_a_page(
    client, event, facilitator_user, settings
):
    """Found by trying a large batch: over DATA_UPLOAD_MAX_MEMORY_SIZE the API answered 400 with
    the site's HTML error page, which a client cannot read. It is a 413 problem saying how much
    one request may carry (the entry page sends its items in parts under that)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    client.force_login(facilitator_user)
    body = batch(event, opinions=10)
    for opinion in body["opinions"]:
        opinion["text"] = "Bussarna till Lysvik går för sällan. " * 60
    response = post(client, event, body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].replace("\xa0", " ") == (
        "Begäran är större än servern tar emot (högst 20 000 byte): skicka den i delar."
    )
    assert not Opinion.objects.exists()
