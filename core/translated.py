"""Texts residents read, kept in Swedish and in English.

Each app registers its texts with django-modeltranslation (`<app>/translation.py`): a text
`title` gets `title_sv` (Swedish, the default language) and `title_en`; `title` itself reads
the page's language and falls back to Swedish. A page must say when it falls back, so pages
read a text through `in_page_language`, which marks a Swedish fallback (`Text.lang`), and the
template tags in `public_text` show the mark: `lang="sv"` on the element (WCAG 3.1.2) and
"only in Swedish" beside it.

A text written by its plain name (`Process(title=...)`, a form's `title` field) is the Swedish
one, whatever language the staff member reads the site in: services and forms write it in
`swedish()`, and a staff form edits the English text in a field of its own beside it
(`BothLanguagesForm`).
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

SWEDISH = "sv"
ENGLISH = "en"


class Text(str):
    """A text as a page shows it, with the language it is written in."""

    lang: str = ""

    def __new__(cls, value: str, lang: str = "") -> Text:
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    @property
    def only_in_swedish(self) -> bool:
        return self.lang == SWEDISH

    def lines(self) -> list[Text]:
        """Its lines that have words, each in the text's language."""
        return [Text(line.strip(), self.lang) for line in self.splitlines() if line.strip()]


def page_language() -> str:
    return (translation.get_language() or SWEDISH).split("-")[0]


def translated_fields(model) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def in_page_language(obj, field: str) -> Text:
    """`obj`'s `field` in the page's language; the Swedish text, marked, where there is none."""
    language = page_language()
    swedish = getattr(obj, f"{field}_{SWEDISH}", None) or ""
    if language == SWEDISH:
        return Text(swedish)
    own = getattr(obj, f"{field}_{language}", None) or ""
    if own.strip():
        return Text(own)
    return Text(swedish, SWEDISH if swedish.strip() else "")


def lookup(path: str):
    """An expression for the text at `path` (`"category__name"`) in the page's language, the
    Swedish one where it has none: for querysets of models that are not translated themselves,
    whose lookups through a relation modeltranslation does not rewrite."""
    language = page_language()
    swedish = F(f"{path}_{SWEDISH}")
    if language == SWEDISH:
        return swedish
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), swedish, output_field=TextField())


@contextmanager
def swedish():
    """Write texts by their plain names as the Swedish ones (see the module's docstring)."""
    with translation.override(SWEDISH):
        yield


class BothLanguagesForm:
    """A staff ModelForm mixin: each translated text of the form (`title`) is the Swedish one,
    labelled so, with its English version (`title_en`, listed in Meta.fields) beside it."""

    def __init__(self, *args, **kwargs):
        with swedish():
            super().__init__(*args, **kwargs)
        self._pair_the_languages()

    def _pair_the_languages(self) -> None:
        order = []
        for name in list(self.fields):
            if name.endswith(f"_{ENGLISH}") and name[:-3] in self.fields:
                continue
            order.append(name)
            english = f"{name}_{ENGLISH}"
            if name in translated_fields(self._meta.model) and english in self.fields:
                self._pair(name, english)
                order.append(english)
        self.order_fields(order)

    def _pair(self, name: str, english: str) -> None:
        field, other = self.fields[name], self.fields[english]
        label = field.label
        field.label = _("%(label)s (Swedish)") % {"label": label}
        other.label = _("%(label)s (English)") % {"label": label}
        other.help_text = _(
            "For the English site. Left empty, the English site shows the Swedish text, "
            "marked as only in Swedish."
        )
        widget = copy.deepcopy(field.widget)
        widget.attrs = {**widget.attrs, "lang": ENGLISH}
        widget.attrs.pop("required", None)
        widget.is_required = False
        other.widget = widget
        field.widget.attrs["lang"] = SWEDISH

    def _post_clean(self):
        # The model's own checks (a name taken?) look at the Swedish texts; the fields' checks
        # before them speak the reader's language.
        with swedish():
            super()._post_clean()

    def save(self, commit: bool = True):
        with swedish():
            return super().save(commit)
