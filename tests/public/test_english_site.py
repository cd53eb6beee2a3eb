"""The English site (finding 2 of #17): under /en/ every text a resident reads is in English
where an English version is written, and a text written only in Swedish says so (lang="sv" on
its element, WCAG 3.1.2, and "only in Swedish" beside it) rather than mixing in silently."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from core import public_data
from dialogues.models import DialogueEvent, GuidingQuestion, Process
from opinions.models import Category
from strategy.models import Goal

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
MARKER = "only in Swedish"


class _Text(HTMLParser):
    """A page's text, split into what is marked Swedish (inside lang="sv") and the rest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.outside: list[str] = []
        self.inside: list[str] = []

    def _swedish(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        marked = lang.startswith("sv") if lang else self._swedish()
        self.stack.append((tag, marked))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        (self.inside if self._swedish() else self.outside).append(data)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read(html: str) -> tuple[str, str]:
    parser = _Text()
    parser.feed(html)
    return _squeeze(" ".join(parser.outside)), _squeeze(" ".join(parser.inside))


def lines(text: str | None) -> list[str]:
    """The lines of a text that could be found on a page (a short one could be anything)."""
    return [_squeeze(line) for line in (text or "").splitlines() if len(_squeeze(line)) >= 4]


def translated_values():
    """(model, field, Swedish, English) for every row of every translated model."""
    for model in translator.get_registered_models(abstract=False):
        if hasattr(model, "instance_type"):  # a history, not shown
            continue
        fields = translator.get_options_for_model(model).fields
        for row in model.objects.rewrite(False).all():
            for name in fields:
                yield model, name, getattr(row, f"{name}_sv"), getattr(row, f"{name}_en")


def public_paths(process: Process) -> list[str]:
    slug = process.slug
    translation.activate("sv")  # the Swedish address; /en is put before it
    return [
        reverse("public:process", args=[slug]),
        reverse("public:results", args=[slug]),
        reverse("public:outcome", args=[slug]),
        reverse("public:open_data", args=[slug]),
        reverse("public:brochure", args=[slug]),
    ]


@pytest.fixture
def pages(client):
    """Every public page of every demo process, as read in Swedish and in English (the demo
    is loaded first; call the fixture after changing it)."""
    call_command("seed_demo", stdout=io.StringIO())

    def fetch():
        translation.activate("sv")
        paths = [reverse("home")]
        for process in Process.objects.public():
            paths += public_paths(process)
        found = {}
        for path in paths:
            swedish = client.get(path)
            english = client.get("/en" + path)
            assert swedish.status_code == english.status_code == 200, path
            found[path] = (read(swedish.content.decode()), read(english.content.decode()))
        translation.activate("sv")
        return found

    return fetch


def test_the_demo_carries_an_english_text_for_every_text_residents_read(pages):
    pages()
    translated = {model.__name__ for model in translator.get_registered_models()}
    assert translated >= {
        "Process", "DialogueEvent", "GuidingQuestion", "Mandate", "Category", "Strategy",
        "Goal", "Target", "Decision", "PolicyInput", "ResponsePoint",
    }  # fmt: skip
    missing = [
        f"{model.__name__}.{name}: {swedish[:40]}"
        for model, name, swedish, english in translated_values()
        if swedish and swedish.strip() and not (english or "").strip()
    ]
    assert not missing


def test_under_en_no_text_is_shown_in_swedish_where_an_english_one_is_written(pages):
    found = pages()
    shown_in_swedish = []
    checked = 0
    for path, (swedish_texts, (english_page, _marked)) in found.items():
        swedish_page = " ".join(swedish_texts)  # all of it: <html lang="sv">
        for model, name, swedish, english in translated_values():
            if not english or _squeeze(english) == _squeeze(swedish or ""):
                continue
            for line in lines(swedish):
                if line in swedish_page and line not in lines(english):
                    checked += 1
                    if line in english_page:
                        shown_in_swedish.append(f"/en{path}: {model.__name__}.{name}: {line}")
    assert checked > 200  # process, events, questions, categories, goals, targets, decision
    assert not shown_in_swedish, "\n".join(shown_in_swedish)


def test_a_text_written_only_in_swedish_is_marked_as_swedish(pages):
    sunne = Process.objects.get(slug="sunne-vision-2025")
    # What a busy municipality leaves untranslated: a rule, an event, a question, a category,
    # a goal's description.
    Process.objects.filter(pk=sunne.pk).update(rules_feedback_en="", purpose_en="")
    DialogueEvent.objects.filter(process=sunne, kind="workshop").update(
        title_en="", accessibility_en=""
    )
    GuidingQuestion.objects.filter(process=sunne, order=2).update(text_en="")
    Category.objects.filter(process=sunne).update(name_en=None)
    Goal.objects.filter(strategy__process=sunne).update(description_en="")
    public_data.changed(sunne)
    found = pages()
    unmarked, marked = [], 0
    for path, (_swedish, (english_page, english_marked)) in found.items():
        for model, name, swedish, english in translated_values():
            if (english or "").strip():
                continue
            for line in lines(swedish):
                if line in english_page:
                    unmarked.append(f"/en{path}: {model.__name__}.{name}: {line}")
                elif line in english_marked:
                    marked += 1
    assert marked > 20
    assert not unmarked, "\n".join(unmarked)
    assert MARKER in found[reverse("public:process", args=[sunne.slug])][1][0]


def text(response) -> str:
    return read(response.content.decode())[0]


def test_the_open_data_and_the_brochure_follow_the_language(client):
    call_command("seed_demo", stdout=io.StringIO())
    sunne = Process.objects.get(slug="sunne-vision-2025")
    category = Category.objects.filter(process=sunne).order_by("order").first()
    statistics = reverse("public:open_data_file", args=[sunne.slug, "statistics", "json"])
    opinions = reverse("public:open_data_file", args=[sunne.slug, "opinions", "csv"])
    brochure = reverse("public:brochure", args=[sunne.slug])
    swedish = json.loads(client.get(statistics).content)
    english = json.loads(client.get("/en" + statistics).content)
    assert category.name_sv in {row["label"] for row in swedish["statistics"]}
    assert category.name_en in {row["label"] for row in english["statistics"]}
    assert category.name_sv not in {row["label"] for row in english["statistics"]}
    assert sunne.title_en in english["title"]
    assert category.name_en in client.get("/en" + opinions).content.decode()
    assert category.name_sv not in client.get("/en" + opinions).content.decode()
    assert category.name_sv in client.get(opinions).content.decode()
    assert sunne.title_en in text(client.get("/en" + brochure))


def test_english_and_swedish_pages_are_cached_apart(client):
    call_command("seed_demo", stdout=io.StringIO())
    sunne = Process.objects.get(slug="sunne-vision-2025")
    path = reverse("public:process", args=[sunne.slug])
    for first, second in (("/en" + path, path), (path, "/en" + path)):
        client.get(first)  # cached now
        english_first = first.startswith("/en")
        assert (sunne.title_en in text(client.get(first))) is english_first
        assert (sunne.title_en in text(client.get(second))) is not english_first
