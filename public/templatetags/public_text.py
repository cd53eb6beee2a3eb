"""A text of the process in the page's language, marked where it is only in Swedish
(core/translated.py): `{{ process|translated:"purpose"|linebreaksbr }}` shows it inside
`<span lang="sv">` with "(only in Swedish)" beside it; `only_in_swedish` says whether it is,
for an element that cannot hold markup (`<option lang="sv">`)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.translated import Text, in_page_language

register = template.Library()


@register.filter
def translated(obj, field: str):
    text = in_page_language(obj, field)
    return mark_swedish(text)


def mark_swedish(text: Text):
    if not text.only_in_swedish:
        return text
    return format_html(
        '<span lang="sv">{}</span> <small class="only-in-swedish">({})</small>',
        text,
        _("only in Swedish"),
    )


@register.filter
def marked(text):
    """A text already read in the page's language (a `Text`), marked if only in Swedish."""
    return mark_swedish(text) if isinstance(text, Text) else text


@register.filter
def only_in_swedish(obj, field: str) -> bool:
    return in_page_language(obj, field).only_in_swedish


@register.filter
def swedish_name(name: str):
    """The name of a Swedish body or organisation (Kommunfullmäktige), kept as it is in
    every language and marked as Swedish for screen readers."""
    return format_html('<span lang="sv">{}</span>', name) if name else ""


@register.filter
def in_language(question) -> str:
    """A guiding question in the page's language, marked if only in Swedish."""
    return translated(question, "text")
