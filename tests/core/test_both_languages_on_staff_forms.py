"""A staff form edits a text residents read in Swedish and in English on the same page: the
Swedish field and its English one beside it, labelled; and what is typed in the Swedish field
stays the Swedish text when the staff member reads the site in English (#17)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.models import Process
from opinions.models import Category
from tests.factories import CategoryFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def labels(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+|\*", " ", label).strip() for label in
            re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)]  # fmt: skip


def test_the_process_form_has_each_text_in_swedish_with_its_english_beside_it(
    administrator_client,
):
    process = ProcessFactory(title="Cykelväg", title_en="Cycle path")
    html = administrator_client.get(english("staff:process_edit", slug=process.slug)).content
    found = labels(html.decode())
    for label in ("Title", "Purpose", "Lessons learned"):
        swedish = found.index(f"{label} (Swedish)")
        assert found[swedish + 1] == f"{label} (English)"
    assert re.search(rb'<input[^>]*name="title_en"[^>]*value="Cycle path"', html)
    assert re.search(rb'<input[^>]*name="title"[^>]*value="Cykelv\xc3\xa4g"', html)
    assert b'lang="en"' in html


def test_a_swedish_text_typed_on_the_english_staff_pages_stays_swedish(administrator_client):
    process = ProcessFactory(title="Cykelväg", rules_influence="Sträckningen.")
    response = administrator_client.post(
        english("staff:process_rules", slug=process.slug),
        {
            "rules_influence": "Var vägen går.",
            "rules_influence_en": "Where the path runs.",
            "rules_input_use": "Sammanställs.",
            "rules_input_use_en": "",
            "rules_feedback": "På webben.",
            "rules_feedback_en": "On the web.",
        },
    )
    assert response.status_code == 302
    saved = Process.objects.get(pk=process.pk)
    assert (saved.rules_influence_sv, saved.rules_influence_en) == (
        "Var vägen går.",
        "Where the path runs.",
    )
    assert saved.rules_input_use_sv == "Sammanställs."
    assert not saved.rules_input_use_en  # left for later: the English site marks it Swedish
    with translation.override("sv"):
        assert saved.rules_influence == "Var vägen går."


def test_a_category_is_named_in_both_languages(administrator_client):
    process = ProcessFactory(stage="dialogue_open")
    CategoryFactory(process=process, name="Turism", order=1)
    url = english("staff:codebook", slug=process.slug)
    assert "Name (English)" in labels(administrator_client.get(url).content.decode())
    for name, name_en in (("Natur", "Nature"), ("Skola", "")):
        response = administrator_client.post(
            url, {"name": name, "name_en": name_en, "colour": "#123456", "order": 2}
        )
        assert response.status_code == 302, response.content
    assert {(c.name_sv, c.name_en) for c in Category.objects.filter(process=process)} == {
        ("Turism", None),
        ("Natur", "Nature"),
        ("Skola", None),  # two without English do not collide
    }
