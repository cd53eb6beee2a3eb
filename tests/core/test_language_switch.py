"""The header's language switch, on a signed-in page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_account_menu_switches_an_english_page_back_to_swedish(client):
    """Found in a browser walk: on a signed-in page under /en/, choosing Svenska in the header
    came back to the same English page (the form sent the English address, which the language
    switch, itself under no language, could not translate)."""
    client.force_login(UserFactory(username="anna", role="administrator"))
    with translation.override("en"):
        url = reverse("staff:process_list")
    page = client.get(url + "?page=1").content.decode()
    form = page[page.index('action="/i18n/setlang/"') :]
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', form)[1]
    response = client.post("/i18n/setlang/", {"language": "sv", "next": next_url})
    assert response["Location"] == reverse("staff:process_list") + "?page=1"
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response["Location"] == url + "?page=1"
