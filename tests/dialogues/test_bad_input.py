"""Bad input on every form: a message beside the field, in Swedish (and English under /en/),
and nothing saved."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.models import (
    Body,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
)
from tests.factories import (
    BodyFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
)

pytestmark = pytest.mark.django_db

REQUIRED = {"sv": "Detta fält måste fyllas i.", "en": "This field is required."}


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", title="Sunne")
    ProcessFactory(slug="upptagen")
    BodyFactory(name="Kommunfullmäktige")
    return {
        "process": process,
        "event": DialogueEventFactory(
            process=process, slug="open-space", kind=DialogueEvent.Kind.OPEN_SPACE
        ),
        "question": GuidingQuestionFactory(process=process, text="Vad vill du?"),
    }


def snapshot():
    """Everything the forms could write, to show that nothing was saved."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (Process, Body, Mandate, GuidingQuestion, DialogueEvent, OpenSpaceSession)
    ]


EVENT = {
    "kind": "interview",
    "title": "Intervjuer i Lysvik",
    "starts_at": "2012-09-15T10:00",
}

CASES = [
    # url name, kwargs, data, field, {language: message}
    ("staff:process_create", {}, {"title": "", "municipality": "Sunne kommun"}, "title", REQUIRED),
    (
        "staff:process_create",
        {},
        {
            "title": "Ny",
            "municipality": "Sunne kommun",
            "starts_on": "2014-01-01",
            "ends_on": "2013-01-01",
        },
        "ends_on",
        {
            "sv": "Slutdatumet ligger före startdatumet.",
            "en": "The end date is before the start date.",
        },
    ),
    (
        "staff:process_create",
        {},
        {"title": "Ny", "slug": "upptagen", "municipality": "Sunne kommun"},
        "slug",
        {
            "sv": "Dialogprocess med detta Kortnamn i webbadresser finns redan.",
            "en": "Dialogue process with this Short name in addresses already exists.",
        },
    ),
    (
        "staff:process_create",
        {},
        {"title": "Ny", "municipality": "Sunne kommun", "starts_on": "28 maj"},
        "starts_on",
        {"sv": "Fyll i ett giltigt datum.", "en": "Enter a valid date."},
    ),
    (
        "staff:process_edit",
        {"slug": "sunne"},
        {"title": "", "municipality": ""},
        "municipality",
        REQUIRED,
    ),
    (
        "staff:process_rules",
        {"slug": "sunne"},
        {"rules_influence": "Visionen", "rules_input_use": "Kodas"},
        "rules_feedback",
        REQUIRED,
    ),
    (
        "staff:body_create",
        {},
        {"municipality": "Sunne kommun", "name": "Ny nämnd"},
        "kind",
        REQUIRED,
    ),
    (
        "staff:body_create",
        {},
        {"municipality": "Sunne kommun", "name": "Kommunfullmäktige", "kind": "council"},
        "__all__",
        {
            "sv": "Organ med samma Kommun och Namn finns redan.",
            "en": "Body with this Municipality and Name already exists.",
        },
    ),
    (
        "staff:mandate_edit",
        {"slug": "sunne"},
        {
            "meeting_date": "2012-13-45",
            "minute_item": "§ 54",
            "case_number": "KS 2012/1",
            "decision_text": "Uppdrag",
        },
        "meeting_date",
        {"sv": "Fyll i ett giltigt datum.", "en": "Enter a valid date."},
    ),
    ("staff:mandate_edit", {"slug": "sunne"}, {"minute_item": "§ 54"}, "issuing_body", REQUIRED),
    (
        "staff:question_create",
        {"slug": "sunne"},
        {"text": "  ", "text_en": "What?"},
        "text",
        REQUIRED,
    ),
    ("staff:event_create", {"slug": "sunne"}, {**EVENT, "starts_at": ""}, "starts_at", REQUIRED),
    (
        "staff:event_create",
        {"slug": "sunne"},
        {**EVENT, "ends_at": "2012-09-15T09:00"},
        "ends_at",
        {"sv": "Aktiviteten slutar innan den börjar.", "en": "The event ends before it starts."},
    ),
    (
        "staff:event_create",
        {"slug": "sunne"},
        {**EVENT, "press_release_date": "2012-09-20"},
        "press_release_date",
        {
            "sv": "Datumet ligger efter att aktiviteten har börjat.",
            "en": "This date is after the event has started.",
        },
    ),
    (
        "staff:event_create",
        {"slug": "sunne"},
        {**EVENT, "slug": "open-space"},
        "slug",
        {
            "sv": "En annan aktivitet i processen har redan detta kortnamn.",
            "en": "Another event of this process already has this short name.",
        },
    ),
    (
        "staff:event_create",
        {"slug": "sunne"},
        {**EVENT, "kind": "picnic"},
        "kind",
        {
            "sv": "Välj ett giltigt alternativ. picnic finns inte bland tillgängliga alternativ.",
            "en": "Select a valid choice. picnic is not one of the available choices.",
        },
    ),
    (
        "staff:event_edit",
        {"slug": "sunne", "event_slug": "open-space"},
        {**EVENT, "title": ""},
        "title",
        REQUIRED,
    ),
    (
        "staff:session_create",
        {"slug": "sunne", "event_slug": "open-space"},
        {"topic": "", "convener": "Eva"},
        "topic",
        REQUIRED,
    ),
]


def error_beside(html: str, field: str) -> str:
    """The text of the error shown beside a field (or above the form for __all__)."""
    if field == "__all__":
        match = re.search(r'<div class="alert alert-danger" role="alert">(.*?)</div>', html, re.S)
    else:
        match = re.search(
            rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', html, re.S
        )
    assert match, f"no error shown beside {field}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("name", "kwargs", "data", "field", "message"), CASES)
def test_bad_input_is_refused_beside_the_field(
    administrator_client, world, language, name, kwargs, data, field, message
):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    assert url.startswith("/en/") == (language == "en")
    before = snapshot()
    response = administrator_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, field) == message[language]
    if field != "__all__":
        # The field itself points at its message, for screen readers.
        assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert snapshot() == before, "nothing may be saved from a refused form"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Ange ett korrekt användarnamn och lösenord."),
        ("en", "Please enter a correct username and password."),
    ],
)
def test_a_wrong_password_is_told_in_the_users_language(client, administrator, language, message):
    with translation.override(language):
        url = reverse("login")
    response = client.post(url, {"username": administrator.username, "password": "fel"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_refused_stage_move_saves_nothing_and_says_why_in_english(administrator_client, world):
    process = world["process"]
    with translation.override("en"):
        url = reverse("staff:process_move", kwargs={"slug": process.slug})
    response = administrator_client.post(url, {"to_stage": "questions_approved"}, follow=True)
    html = response.content.decode()
    assert "Register the council&#x27;s mandate." in html
    process.refresh_from_db()
    assert process.stage == "planning"
    assert not process.transitions.exists()


def test_an_unknown_stage_is_refused(administrator_client, world):
    process = world["process"]
    url = reverse("staff:process_move", kwargs={"slug": process.slug})
    response = administrator_client.post(url, {"to_stage": "nowhere"}, follow=True)
    assert "Välj ett steg att flytta till." in response.content.decode()
    process.refresh_from_db()
    assert process.stage == "planning"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_edit_forms_refuse_bad_input_beside_the_field(administrator_client, world, language):
    from tests.factories import OpenSpaceSessionFactory

    body = Body.objects.get(name="Kommunfullmäktige")
    session = OpenSpaceSessionFactory(event=world["event"], topic="Centrum")
    cases = [
        ("staff:body_edit", {"pk": body.pk}, {"municipality": "Sunne kommun", "name": ""}, "name"),
        (
            "staff:question_edit",
            {"slug": "sunne", "pk": world["question"].pk},
            {"text": ""},
            "text",
        ),
        (
            "staff:session_edit",
            {"slug": "sunne", "event_slug": "open-space", "pk": session.pk},
            {"topic": ""},
            "topic",
        ),
    ]
    for name, kwargs, data, field in cases:
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        before = snapshot()
        response = administrator_client.post(url, data)
        assert response.status_code == 200, name
        assert error_beside(response.content.decode(), field) == REQUIRED[language], name
        assert snapshot() == before, name
