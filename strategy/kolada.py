"""Measurements from Kolada: JSON files in the shape the Kolada API v3 returns for
`/v3/data/kpi/{kpi}/municipality/{ids}`, one page each:

    {"count": 2, "next_url": "…?page=2…", "previous_url": null,
     "values": [{"kpi": "N00914", "municipality": "1766", "period": 2016,
                 "values": [{"gender": "T", "value": 12.3, "status": "", "count": 1}]}]}

An answer of several pages is read only whole: the pages are numbered from their `next_url`
and `previous_url` (its `page` parameter), and a missing page is named. A value marked
`isdeleted` (on the value or its entry) is one Kolada has withdrawn. A value of null is
Kolada's "no value for that year". Several municipalities may be asked for at once (the
municipality, the county, 0000 for the whole country): which are compared with is decided by
the service.

`parse_pages` reads the files into rows or raises a ValidationError that names the file and the
entry; it saves nothing (the service `kolada_import` does, all or nothing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import check_no_null, check_size

MAX_BYTES = 10 * 1024 * 1024
GENDERS = {"T", "K", "M"}


@dataclass(frozen=True)
class Row:
    kpi: str
    municipality: str
    period: str
    gender: str
    value: Decimal | None
    status: str
    deleted: bool = False


def _period(value) -> str | None:
    """Kolada's periods are years; a year given as a number or a four-digit string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1900 <= value <= 2200:
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"(19|20|21)\d\d", value.strip()):
        return value.strip()
    return None


def _entry(entry, where: dict, rows: list[Row], errors: list[str]) -> None:
    """One entry of Kolada's "values": its rows, or what is wrong with it."""
    if not isinstance(entry, dict):
        errors.append(_("%(file)s, entry %(entry)d: not an object.") % where)
        return
    kpi, municipality = entry.get("kpi"), entry.get("municipality")
    if not isinstance(kpi, str) or not kpi.strip():
        errors.append(_('%(file)s, entry %(entry)d: "kpi" is missing.') % where)
        return
    if not isinstance(municipality, str | int) or not str(municipality).strip():
        errors.append(_('%(file)s, entry %(entry)d: "municipality" is missing.') % where)
        return
    period = _period(entry.get("period"))
    if period is None:
        errors.append(
            _('%(file)s, entry %(entry)d: the period "%(period)s" is not a year.')
            % {**where, "period": entry.get("period")}
        )
        return
    values = entry.get("values")
    if not isinstance(values, list):
        errors.append(_('%(file)s, entry %(entry)d: "values" is not a list.') % where)
        return
    for value in values:
        gender = value.get("gender") if isinstance(value, dict) else None
        if gender not in GENDERS:
            errors.append(
                _("%(file)s, entry %(entry)d: the gender “%(gender)s” is not T, K or M.")
                % {**where, "gender": gender}
            )
            continue
        raw = value.get("value")
        try:
            number_value = None if raw is None else Decimal(str(raw))
            if number_value is not None and not number_value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                _("%(file)s, entry %(entry)d: the value “%(value)s” is not a number.")
                % {**where, "value": raw}
            )
            continue
        rows.append(
            Row(
                kpi=kpi.strip(),
                municipality=str(municipality).strip(),
                period=period,
                gender=gender,
                value=number_value,
                status=str(value.get("status") or "").strip(),
                deleted=value.get("isdeleted") is True or entry.get("isdeleted") is True,
            )
        )


@dataclass
class Page:
    name: str
    rows: list[Row]
    number: int | None  # None: its links name no page numbers
    is_last: bool


def _page_number(url) -> int | None:
    if not isinstance(url, str):
        return None
    numbers = parse_qs(urlsplit(url).query).get("page", [])
    return int(numbers[0]) if numbers and numbers[0].isdigit() else None


def parse(data: bytes, *, name: str) -> Page:
    check_size(name, len(data), MAX_BYTES)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            _("%(file)s is not a JSON file from Kolada: %(error)s") % {"file": name, "error": error}
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        raise ValidationError(
            _('%(file)s has no list "values" at the top, as Kolada\'s answers have.')
            % {"file": name}
        )
    check_no_null(name, document)
    rows, errors = [], []
    for number, entry in enumerate(document["values"], start=1):
        _entry(entry, {"file": name, "entry": number}, rows, errors)
    if errors:
        raise ValidationError(errors)
    following = document.get("next_url") or document.get("next_page")  # v3, or v2's name
    before = document.get("previous_url") or document.get("previous_page")
    if following:
        number = (_page_number(following) or 0) - 1 or None
    elif before:
        number = (_page_number(before) or 0) + 1 or None
    else:
        number = 1
    return Page(name=name, rows=rows, number=number, is_last=not following)


def parse_pages(pages: list[tuple[str, bytes]]) -> list[Row]:
    """Every row of a whole answer: its pages, in any order; refused when a page is missing."""
    read = [parse(data, name=name) for name, data in pages]
    unnumbered = [page for page in read if page.number is None and not page.is_last]
    if unnumbered:
        raise ValidationError(
            _("%(file)s is one page of several, but its links do not say which.")
            % {"file": unnumbered[0].name}
        )
    numbers = {page.number: page for page in read if page.number is not None}
    last = max(numbers) if numbers else 1
    if numbers and not numbers[last].is_last:
        last += 1
    missing = [n for n in range(1, last + 1) if n not in numbers]
    if missing:
        raise ValidationError(
            _(
                "%(file)s is page %(page)d; page %(missing)d is missing. Save every page of "
                "Kolada's answer (each page's next_url leads to the next) and choose them all."
            )
            % {"file": read[0].name, "page": read[0].number or 1, "missing": missing[0]}
        )
    rows = [row for page in read for row in page.rows]
    if not rows:
        raise ValidationError(_("%(file)s holds no values.") % {"file": read[0].name})
    return rows
