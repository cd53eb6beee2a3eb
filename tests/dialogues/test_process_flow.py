"""An administrator drives a process from planning to dialogue_open through the staff pages."""

import pytest
from django.urls import reverse

from dialogues.models import Body, DialogueEvent, GuidingQuestion, Process, StageTransition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, url, data, *, follow=True):
    response = client.post(url, data, follow=follow)
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def page_text(response) -> str:
    return response.content.decode()


def test_planning_to_dialogue_open_through_the_staff_pages(client, administrator):
    administrator.set_password("rätt-lösenord-1")
    administrator.save()
    facilitator = UserFactory(username="kim", first_name="Kim", last_name="Ek", role="facilitator")

    response = post(
        client,
        reverse("login"),
        {"username": administrator.username, "password": "rätt-lösenord-1"},
    )
    assert "Dialogprocesser" in page_text(response)

    response = post(
        client,
        reverse("staff:process_create"),
        {
            "title": "Vision 2025",
            "slug": "",
            "municipality": "Sunne kommun",
            "purpose": "Att ta fram en ny kommunstrategi i bred dialog.",
            "participation_levels": ["consultation", "dialogue"],
            "starts_on": "2012-05-28",
            "ends_on": "2014-11-30",
        },
    )
    process = Process.objects.get()
    assert process.slug == "vision-2025"
    assert process.stage == "planning"
    dashboard = reverse("staff:process_detail", kwargs={"slug": process.slug})
    assert response.redirect_chain[-1][0] == dashboard
    text = page_text(response)
    assert "Registrera fullmäktiges uppdrag." in text
    assert "Godkänn uppsättningen av vägledande frågor." not in text  # no question yet
    assert "Skriv minst en vägledande fråga." in text

    for name, abbreviation, kind in [
        ("Kommunfullmäktige", "KF", "council"),
        ("Fullmäktigeberedningen", "", "drafting_committee"),
    ]:
        post(
            client,
            reverse("staff:body_create"),
            {
                "municipality": "Sunne kommun",
                "name": name,
                "abbreviation": abbreviation,
                "kind": kind,
            },
        )
    council = Body.objects.get(abbreviation="KF")
    committee = Body.objects.get(kind="drafting_committee")

    post(
        client,
        reverse("staff:mandate_edit", kwargs={"slug": process.slug}),
        {
            "issuing_body": council.pk,
            "meeting_date": "2012-05-28",
            "minute_item": "§ 54",
            "case_number": "KS 2012/241",
            "decision_text": "Beredningen ska ta fram en ny kommunstrategi i bred dialog.",
            "assigned_body": committee.pk,
            "staff_support": "Tillväxtstrategen",
            "deadline": "2014-05-31",
        },
    )
    post(
        client,
        reverse("staff:process_rules", kwargs={"slug": process.slug}),
        {
            "rules_influence": "Vision, mål och mätbara mål.",
            "rules_input_use": "Varje synpunkt kodas och vävs in i förslaget.",
            "rules_feedback": "En broschyr till varje hushåll efter beslutet.",
        },
    )
    for text, text_en in [
        ("Vad vill du att vår kommun ska vara känd för 2025?", "What should we be known for?"),
        ("Hur vill du att det ska se ut i Sunne 2025?", ""),
    ]:
        post(
            client,
            reverse("staff:question_create", kwargs={"slug": process.slug}),
            {"text": text, "text_en": text_en},
        )
    first, second = GuidingQuestion.objects.order_by("order")
    post(
        client,
        reverse("staff:question_move", kwargs={"slug": process.slug, "pk": second.pk}),
        {"direction": "up"},
    )
    assert list(process.questions.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]

    # Not yet approved: the move is refused with what is missing.
    response = post(
        client,
        reverse("staff:process_move", kwargs={"slug": process.slug}),
        {"to_stage": "questions_approved"},
    )
    assert "Godkänn uppsättningen av vägledande frågor." in page_text(response)
    process.refresh_from_db()
    assert process.stage == "planning"

    response = post(client, reverse("staff:questions_approve", kwargs={"slug": process.slug}), {})
    assert "Uppsättningen av vägledande frågor har godkänts." in page_text(response)

    response = post(
        client,
        reverse("staff:process_move", kwargs={"slug": process.slug}),
        {"to_stage": "questions_approved", "note": "Beredningen har godkänt frågorna."},
    )
    process.refresh_from_db()
    assert process.stage == "questions_approved"
    assert "Planera minst en dialogaktivitet." in page_text(response)

    post(
        client,
        reverse("staff:event_create", kwargs={"slug": process.slug}),
        {
            "kind": "interview",
            "title": "Intervjuer i lanthandeln, Lysvik",
            "slug": "",
            "place": "Lanthandeln i Lysvik",
            "starts_at": "2012-09-15T10:00",
            "ends_at": "2012-09-15T13:00",
            "target_groups": "Alla som handlar",
            "facilitators": [facilitator.pk],
            "questions": [first.pk, second.pk],
            "announcement_date": "2012-09-05",
            "press_release_date": "2012-09-08",
            "press_release_text": "Kom och berätta!",
        },
    )
    event = DialogueEvent.objects.get()
    assert event.slug == "intervjuer-i-lanthandeln-lysvik"
    assert list(event.facilitators.all()) == [facilitator]
    assert event.questions.count() == 2

    response = post(
        client,
        reverse("staff:process_move", kwargs={"slug": process.slug}),
        {"to_stage": "dialogue_open"},
    )
    process.refresh_from_db()
    assert process.stage == "dialogue_open"
    text = page_text(response)
    assert "Processen är nu i steget ”Dialogen öppen”." in text

    log = list(
        StageTransition.objects.order_by("moved_at").values_list(
            "from_stage", "to_stage", "moved_by__username", "note"
        )
    )
    assert log == [
        (
            "planning",
            "questions_approved",
            administrator.username,
            "Beredningen har godkänt frågorna.",
        ),
        ("questions_approved", "dialogue_open", administrator.username, ""),
    ]
    assert "Beredningen har godkänt frågorna." in text  # the log is on the dashboard


def test_questions_are_fixed_after_planning(administrator_client):
    from tests.factories import GuidingQuestionFactory, ProcessFactory

    process = ProcessFactory(stage="questions_approved")
    question = GuidingQuestionFactory(process=process, text="Gammal fråga?")
    response = administrator_client.post(
        reverse("staff:question_edit", kwargs={"slug": process.slug, "pk": question.pk}),
        {"text": "Ny fråga?"},
    )
    assert response.status_code == 200
    assert "De vägledande frågorna ligger fast" in response.content.decode()
    question.refresh_from_db()
    assert question.text == "Gammal fråga?"


def test_changing_an_approved_question_withdraws_the_approval(administrator_client):
    from django.utils import timezone

    from tests.factories import GuidingQuestionFactory, ProcessFactory

    process = ProcessFactory(questions_approved_at=timezone.now())
    question = GuidingQuestionFactory(process=process)
    administrator_client.post(
        reverse("staff:question_edit", kwargs={"slug": process.slug, "pk": question.pk}),
        {"text": "Omskriven fråga?"},
    )
    process.refresh_from_db()
    assert process.questions_approved_at is None
