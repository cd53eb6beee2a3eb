"""The JSON API fuzzed from its own OpenAPI description (schemathesis): whatever is sent, by
anyone or by a signed-in facilitator, the answer is never a server error."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings

from tests.factories import (
    DialogueEventFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,  # no example database left in the checkout
)


@pytest.fixture
def operations(settings):
    """Every operation of the API, read from the description the API itself serves."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 5  # the sync and the public reads
    return found


@pytest.fixture
def facilitator_headers(db):
    facilitator = UserFactory(username="fredrik", role="facilitator")
    process = ProcessFactory(slug="sunne", stage="dialogue_open", is_public=True)
    GuidingQuestionFactory(process=process)
    event = DialogueEventFactory(process=process, slug="torget")
    event.facilitators.add(facilitator)
    OpinionFactory(
        process=process, consent_to_publish=True, publication="approved", published_text="Ja."
    )
    client = Client()
    client.force_login(facilitator)
    csrf = _get_new_csrf_string()
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }


def fuzz(operation, headers=None, at_the_event=False) -> None:
    @given(case=operation.as_strategy())
    @FUZZ
    def check(case):
        if at_the_event and "process_slug" in (case.path_parameters or {}):
            # At the real event, so that the body itself is what gets fuzzed.
            case.path_parameters = {"process_slug": "sunne", "event_slug": "torget"}
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:500]}"
        )

    check()


def test_no_server_error_for_anyone(operations, facilitator_headers):
    for operation in operations:
        fuzz(operation)


def test_no_server_error_for_a_signed_in_facilitator(operations, facilitator_headers):
    for operation in operations:
        fuzz(operation, headers=facilitator_headers, at_the_event=True)
