from django import template

from strategy.document import figure as _figure

register = template.Library()


@register.filter
def figure(value) -> str:
    """A measured or target value as the document writes it: 13 100, 4,5, 80,2."""
    return _figure(value)
