from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """A phone number as a tel: address reads it: its digits, and a leading + if it has one."""
    number = (number or "").strip()
    digits = "".join(char for char in number if char.isdigit())
    return ("+" + digits) if number.startswith("+") else digits
