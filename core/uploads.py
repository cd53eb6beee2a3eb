"""What every upload goes through: the one size check, made before anything reads the file; a JSON
file refused when it holds a null character, which text cannot; and photos kept without the
metadata they carry."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import formats
from django.utils.translation import gettext as _
from PIL import Image, ImageOps


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


def holds_null(document) -> bool:
    """Whether a parsed JSON document holds U+0000 in any string, key or value: JSON may carry
    it, text in PostgreSQL cannot. Walked with a list, not by recursion: json reads nestings
    deeper than Python's stack would let a recursive walk go."""
    waiting = [document]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            waiting.extend(value.keys())
            waiting.extend(value.values())
        elif isinstance(value, list):
            waiting.extend(value)
    return False


def check_no_null(name: str, document) -> None:
    """Refuse a JSON file that holds U+0000 anywhere, with a message that names it."""
    if holds_null(document):
        raise ValidationError(
            _(
                "%(file)s holds a null character (byte 0), which text cannot hold; the file "
                "may be damaged."
            )
            % {"file": name},
            code="null_character",
        )


def without_metadata(photo) -> ContentFile:
    """The photo as it looks, and nothing else: EXIF (the camera, the time, the GPS position of
    where it was taken), XMP and text chunks are left behind. Turned upright first, as the EXIF
    orientation said."""
    with Image.open(photo) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        upright.info = {}  # what save() would otherwise write back (EXIF, XMP, text, ICC)
        out = io.BytesIO()
        options = {"quality": 90} if image_format == "JPEG" else {}
        upright.save(out, format=image_format, exif=b"", **options)
    return ContentFile(out.getvalue(), name=photo.name)
