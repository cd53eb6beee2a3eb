"""The one check of an upload's size, made before anything reads the file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _


def megabytes(size: int) -> str:
    """A size in MB as a person reads it: "20", or "2,5" where it is not whole."""
    value = size / 1_000_000
    return formats.number_format(value, 0 if value == int(value) or value >= 10 else 1)


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse a file larger than `limit` bytes, with a message that names it."""
    if size > limit:
        raise ValidationError(
            _("%(file)s is larger than %(max)s MB.") % {"file": name, "max": megabytes(limit)},
            code="too_large",
        )
