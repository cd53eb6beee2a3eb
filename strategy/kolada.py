"""Measurements from Kolada: a JSON file in the shape the Kolada API v3 returns for
`/v3/data/kpi/{kpi}/municipality/{id}`:

    {"values": [{"kpi": "N00914", "municipality": "1766", "period": 2016,
                 "values": [{"gender": "T", "value": 12.3, "status": ""}]}]}

`parse` reads the file into rows or raises a ValidationError that names the file and the
entry; it saves nothing (the service `kolada_import` does, all or nothing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import check_size

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
            )
        )


def parse(data: bytes, *, name: str) -> list[Row]:
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
    rows, errors = [], []
    for number, entry in enumerate(document["values"], start=1):
        _entry(entry, {"file": name, "entry": number}, rows, errors)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("%(file)s holds no values.") % {"file": name})
    return rows
