"""What an attacker's requests to the public site could do, and do not: make the costly pages
anew at will, or break a page with what they type."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OpinionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = ProcessFactory(is_public=True, slug="sunne")
    OpinionFactory(process=process, consent_to_publish=True)
    return process


@pytest.mark.parametrize("name", ["public:brochure_pdf", "public:events_ics"])
def test_a_query_string_or_a_made_up_session_gets_the_kept_pdf_and_calendar(client, process, name):
    url = reverse(name, args=["sunne"])
    first = client.get(url)
    assert first.status_code == 200
    for variant in (f"{url}?x=1", f"{url}?x=2&utm=evil", url):
        client.cookies["sessionid"] = "no-such-session"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(variant)
        assert response.status_code == 200
        assert response.content == first.content
        made_anew = [q for q in queries.captured_queries if "dialogues_process" in q["sql"]]
        assert not made_anew, f"{variant} was made anew"


def test_a_receipt_code_with_a_slash_is_a_message_not_a_server_error(client):
    response = client.get(reverse("public:receipt_lookup"), {"code": "ABCD/EFGH"})
    assert response.status_code == 400
    assert "är ingen kvittokod" in response.content.decode()


def test_a_page_number_past_any_page_is_not_a_server_error(client, process):
    url = reverse("api:public_opinions", kwargs={"slug": "sunne"})
    for page in ("99999999999999999999", "-1", "0", "abc"):
        response = client.get(url, {"page": page})
        assert response.status_code in (400, 404, 422), (page, response.status_code)
    response = client.get(reverse("public:results", args=["sunne"]), {"page": "9" * 30})
    assert response.status_code == 200


def test_two_readings_around_one_new_respondent_cannot_tell_their_profile(
    client, administrator, django_capture_on_commit_callbacks
):
    from dialogues.services import process_move
    from opinions.services.records import opinion_register, respondent_register
    from tests.factories import AreaFactory

    process = ProcessFactory(is_public=True, slug="dialog", stage="dialogue_open")
    lysvik, amtervik = (
        AreaFactory(process=process, name="Lysvik"),
        AreaFactory(process=process, name="Östra Ämtervik"),
    )
    for number in range(12):
        respondent, _ = respondent_register(process=process, age_band="30-44", area=lysvik)
        opinion_register(
            process=process,
            text=f"Synpunkt {number}.",
            respondent=respondent,
            recorded_by=administrator,
        )
    url = reverse("api:public_statistics", kwargs={"slug": "dialog"})
    before = client.get(url).json()
    respondent, _ = respondent_register(process=process, age_band="80+", area=amtervik)
    opinion_register(
        process=process,
        text="Bussen till Östra Ämtervik.",
        respondent=respondent,
        recorded_by=administrator,
    )
    after = client.get(url).json()
    assert after == before  # the same snapshot: nothing to subtract
    with django_capture_on_commit_callbacks(execute=True):
        process_move(process=process, to_stage="analysis", moved_by=administrator)
    moved = client.get(url).json()
    assert moved["opinions"] == 13  # published anew at the stage move


def test_published_opinions_carry_no_sequential_ids(client, process):
    from core.public_ids import public_id

    opinion = process.opinions.get()
    opinion.publication, opinion.published_text = "approved", "Fler bänkar."
    opinion.save()
    listed = client.get(reverse("api:public_opinions", kwargs={"slug": "sunne"})).json()
    assert [item["id"] for item in listed["items"]] == [public_id("opinion", opinion.pk)]
    assert str(opinion.pk) != listed["items"][0]["id"]
    data = client.get(reverse("public:open_data_file", args=["sunne", "opinions", "json"])).json()
    assert str(opinion.pk) not in {str(row["id"]) for row in data.get("opinions", data)}
