from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_language(question) -> str:
    """A guiding question in the page's language, where it has been translated."""
    return question.text_for(get_language())
