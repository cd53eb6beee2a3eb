"""What an administrator types stays typed, and one idea is one step: the mandate form survives
the side step of adding a body, and approving the questions offers the stage move with it."""

import re

import pytest
from django.urls import reverse

from dialogues.models import Body, Process
from tests.factories import (
    BodyFactory,
    GuidingQuestionFactory,
    MandateFactory,
    ProcessFactory,
)

pytestmark = pytest.mark.django_db

TYPED = {
    "meeting_date": "2012-05-28",
    "minute_item": "§ 54",
    "case_number": "KS 2012/241",
    "decision_text": "Fullmäktige ger beredningen i uppdrag att ta fram en kommunstrategi.",
}


def side_step_button(page: str) -> str:
    """The control that leads to adding a body, as the page has it."""
    match = re.search(r"<(a|button)\b[^>]*>\s*Lägg till ett organ\s*</\1>", page)
    assert match, "the mandate form offers no way to add a body"
    return match.group(0)


def test_what_was_typed_in_the_mandate_is_there_after_adding_a_body(administrator_client):
    process = ProcessFactory(municipality="Sunne kommun")
    BodyFactory(name="Kommunfullmäktige", abbreviation="KF")
    mandate_url = reverse("staff:mandate_edit", kwargs={"slug": process.slug})
    button = side_step_button(administrator_client.get(mandate_url).content.decode())
    # The side step is a button of the form (no script needed), so what is typed goes with it.
    assert button.startswith("<button"), button
    name = re.search(r'name="([^"]+)"', button).group(1)
    value = re.search(r'value="([^"]+)"', button).group(1)

    response = administrator_client.post(mandate_url, {**TYPED, name: value})
    assert response.status_code == 302
    body_url = response["Location"]
    assert body_url.startswith(reverse("staff:body_create"))
    body_page = administrator_client.get(body_url).content.decode()
    assert 'value="Sunne kommun"' in body_page  # the process's municipality, already filled
    assert f'href="{mandate_url}"' in body_page  # cancelling goes back to the mandate

    response = administrator_client.post(
        body_url,
        {
            "municipality": "Sunne kommun",
            "name": "Fullmäktigeberedningen",
            "kind": "drafting_committee",
        },
    )
    assert response["Location"] == mandate_url
    page = administrator_client.get(mandate_url).content.decode()
    assert 'value="§ 54"' in page
    assert 'value="KS 2012/241"' in page
    assert 'value="2012-05-28"' in page
    assert TYPED["decision_text"] in page
    assert "Fullmäktigeberedningen</option>" in page
    assert "Detta fält måste fyllas i." not in page  # nothing is judged before it is saved

    council = Body.objects.get(abbreviation="KF")
    committee = Body.objects.get(name="Fullmäktigeberedningen")
    data = {**TYPED, "issuing_body": council.pk, "assigned_body": committee.pk}
    assert administrator_client.post(mandate_url, data).status_code == 302
    process.refresh_from_db()
    assert process.mandate.case_number == "KS 2012/241"
    assert process.mandate.assigned_body == committee


def test_the_kept_draft_is_the_processs_own_and_read_once(administrator_client):
    process, other = ProcessFactory(), ProcessFactory()
    mandate_url = reverse("staff:mandate_edit", kwargs={"slug": process.slug})
    button = side_step_button(administrator_client.get(mandate_url).content.decode())
    name = re.search(r'name="([^"]+)"', button).group(1)
    value = re.search(r'value="([^"]+)"', button).group(1)
    administrator_client.post(mandate_url, {**TYPED, name: value})

    other_url = reverse("staff:mandate_edit", kwargs={"slug": other.slug})
    assert "KS 2012/241" not in administrator_client.get(other_url).content.decode()
    assert "KS 2012/241" in administrator_client.get(mandate_url).content.decode()
    assert "KS 2012/241" not in administrator_client.get(mandate_url).content.decode()


def test_an_existing_mandate_is_kept_as_typed_over_its_saved_values(administrator_client):
    mandate = MandateFactory(case_number="KS 2012/1")
    url = reverse("staff:mandate_edit", kwargs={"slug": mandate.process.slug})
    button = side_step_button(administrator_client.get(url).content.decode())
    name = re.search(r'name="([^"]+)"', button).group(1)
    value = re.search(r'value="([^"]+)"', button).group(1)
    administrator_client.post(url, {**TYPED, name: value})
    page = administrator_client.get(url).content.decode()
    assert 'value="KS 2012/241"' in page
    assert 'value="KS 2012/1"' not in page
    mandate.refresh_from_db()
    assert mandate.case_number == "KS 2012/1"  # nothing saved until the form is


# Approving the question set ----------------------------------------------------------------


def ready_to_approve(**fields) -> Process:
    process = ProcessFactory(
        rules_influence="Visionen och målen.",
        rules_input_use="Synpunkterna kodas och vävs in.",
        rules_feedback="En broschyr till alla hushåll.",
        **fields,
    )
    MandateFactory(process=process)
    GuidingQuestionFactory(process=process, text="Vad vill du att Sunne ska vara känt för?")
    return process


MOVE_ON = "Godkänn och gå vidare till ”Frågorna godkända”"


def test_approving_the_questions_moves_the_process_on_in_the_same_step(administrator_client):
    process = ready_to_approve()
    questions_url = reverse("staff:question_list", kwargs={"slug": process.slug})
    page = administrator_client.get(questions_url).content.decode()
    button = re.search(rf"<button\b[^>]*>\s*{MOVE_ON}\s*</button>", page)
    assert button, "the move is not offered with the approval"
    name = re.search(r'name="([^"]+)"', button.group(0)).group(1)
    value = re.search(r'value="([^"]+)"', button.group(0)).group(1)

    response = administrator_client.post(
        reverse("staff:questions_approve", kwargs={"slug": process.slug}),
        {name: value},
        follow=True,
    )
    process.refresh_from_db()
    assert process.questions_approved_at is not None
    assert process.stage == "questions_approved"
    assert process.transitions.get().to_stage == "questions_approved"
    text = response.content.decode()
    assert "Processen är nu i steget ”Frågorna godkända”." in text


def test_while_the_guard_blocks_the_move_approval_alone_is_offered_and_what_blocks(
    administrator_client,
):
    process = ready_to_approve()
    process.mandate.delete()
    questions_url = reverse("staff:question_list", kwargs={"slug": process.slug})
    page = administrator_client.get(questions_url).content.decode()
    assert MOVE_ON not in page
    assert "Godkänn frågorna" in page
    assert "Registrera fullmäktiges uppdrag." in page  # what still stands in the way

    # Asked for anyway (a page left open while the mandate was removed): approved, not moved.
    response = administrator_client.post(
        reverse("staff:questions_approve", kwargs={"slug": process.slug}),
        {"then": "move"},
        follow=True,
    )
    process.refresh_from_db()
    assert process.questions_approved_at is not None
    assert process.stage == "planning"
    assert "Registrera fullmäktiges uppdrag." in response.content.decode()


def test_approving_alone_still_leaves_the_stage_as_it_is(administrator_client):
    process = ready_to_approve()
    administrator_client.post(reverse("staff:questions_approve", kwargs={"slug": process.slug}))
    process.refresh_from_db()
    assert process.questions_approved_at is not None
    assert process.stage == "planning"
