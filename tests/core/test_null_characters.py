"""U+0000 in a request's query or form data: no text can hold it (PostgreSQL refuses it) and
no person types it, so a request that carries one is refused with a message before any view
reads it; a view reading a value straight from the request met it as a server error."""

import pytest
from django.urls import reverse

from core.roles import STRATEGIST
from opinions.models import Category
from tests.factories import OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db
MESSAGE = "Förfrågan innehåller ett nolltecken (byte 0), som text inte kan innehålla."


@pytest.fixture
def process():
    process = ProcessFactory(slug="sunne", stage="analysis", is_public=True)
    OpinionFactory(process=process, consent_to_publish=True)
    return process


def test_a_theme_named_with_a_null_character_is_refused(client, process):
    client.raise_request_exception = False
    client.force_login(UserFactory(username="sara", role=STRATEGIST))
    response = client.post(
        reverse("staff:suggestions", args=["sunne"]),
        {"action": "theme", "name": "Buss\x00ar", "example": ["Bättre bussar"]},
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Category.objects.exists()


def test_a_public_search_for_a_null_character_says_so(client, process):
    response = client.get(reverse("public:results", args=["sunne"]), {"q": "buss\x00"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_the_api_answers_in_its_own_way(client, process):
    """The API's JSON is not a page: its own checks answer what it is sent."""
    url = reverse("api:public_opinions", kwargs={"slug": "sunne"})
    assert client.get(url, {"page": "1\x00"}).status_code == 422
