"""The process's own kommundelar, kept in order, and never removed from under a respondent."""

import pytest
from django.urls import reverse

from tests.factories import AreaFactory, ProcessFactory, RespondentFactory

pytestmark = pytest.mark.django_db


def names(process):
    return list(process.areas.order_by("order").values_list("name", flat=True))


def test_areas_are_set_in_order_and_blank_or_repeated_lines_are_dropped(administrator_client):
    process = ProcessFactory(slug="sunne")
    AreaFactory(process=process, name="Rottneros")
    url = reverse("staff:process_areas", kwargs={"slug": "sunne"})
    response = administrator_client.post(
        url, {"names": "Sunne tätort\n\nLysvik\nlysvik\n  Gräsmark  \n"}, follow=True
    )
    assert "Kommundelarna har sparats." in response.content.decode()
    assert names(process) == ["Sunne tätort", "Lysvik", "Gräsmark"]
    assert "Sunne tätort, Lysvik, Gräsmark" in response.content.decode()  # on the dashboard


def test_an_area_a_respondent_named_cannot_be_removed(administrator_client):
    process = ProcessFactory(slug="sunne")
    lysvik = AreaFactory(process=process, name="Lysvik", order=1)
    AreaFactory(process=process, name="Gräsmark", order=2)
    RespondentFactory(process=process, area=lysvik)
    url = reverse("staff:process_areas", kwargs={"slug": "sunne"})
    response = administrator_client.post(url, {"names": "Gräsmark\nÖstra Ämtervik"})
    assert (
        "Lysvik kan inte tas bort: deltagare har sagt att de bor där." in response.content.decode()
    )
    assert names(process) == ["Lysvik", "Gräsmark"]
