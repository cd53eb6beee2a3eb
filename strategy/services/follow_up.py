"""Following up the targets: measurements typed in or imported from Kolada, and assessments."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import public_data
from strategy import kolada
from strategy.models import (
    Assessment,
    Comparison,
    Measurement,
    Strategy,
    Target,
)


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """A new value for a period already measured replaces it (a revised figure)."""
    measurement.period = measurement.period.strip()
    existing = Measurement.objects.filter(
        target=measurement.target, period=measurement.period, gender=measurement.gender
    ).first()
    if existing is not None:
        existing.value = measurement.value
        existing.source = measurement.source
        existing.is_provisional = measurement.is_provisional
        measurement = existing
    measurement.full_clean()
    measurement.save()
    public_data.changed(measurement.target.goal.strategy.process)
    return measurement


@dataclass
class KoladaResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    without_value: int = 0
    removed: int = 0  # withdrawn by Kolada (isdeleted)
    compared: int = 0  # values of other municipalities, kept to compare with


def _kolada_targets(strategy: Strategy, rows: list, name: str) -> dict:
    """KPI → the targets it measures; refused when a KPI measures no target, or comes only for
    other municipalities than the targets' own."""
    targets: dict[str, list[Target]] = {}
    for target in Target.objects.for_strategy(strategy).exclude(kolada_kpi=""):
        targets.setdefault(target.kolada_kpi, []).append(target)
    errors = []
    for kpi in sorted({row.kpi for row in rows}):
        places = sorted({row.municipality for row in rows if row.kpi == kpi})
        measured = targets.get(kpi, [])
        if not measured:
            errors.append(
                _(
                    "%(file)s: no target of this strategy is measured by Kolada KPI %(kpi)s "
                    "for municipality %(municipality)s."
                )
                % {"file": name, "kpi": kpi, "municipality": ", ".join(places)}
            )
        elif not any(target.kolada_municipality in places for target in measured):
            errors.append(
                _(
                    "%(file)s has Kolada KPI %(kpi)s only for other municipalities "
                    "(%(others)s), not for %(municipality)s."
                )
                % {
                    "file": name,
                    "kpi": kpi,
                    "others": ", ".join(places),
                    "municipality": measured[0].kolada_municipality,
                }
            )
    if errors:
        raise ValidationError(errors)
    return targets


def _kolada_compare(target: Target, row, result: KoladaResult) -> None:
    found = Comparison.objects.filter(
        target=target, municipality=row.municipality, period=row.period
    )
    if row.deleted or row.value is None:
        found.delete()
        return
    if row.gender == "T":
        Comparison.objects.update_or_create(
            target=target,
            municipality=row.municipality,
            period=row.period,
            defaults={"value": row.value},
        )
        result.compared += 1


def _kolada_measure(target: Target, row, result: KoladaResult) -> None:
    measurement = Measurement.objects.filter(
        target=target, period=row.period, gender=row.gender
    ).first()
    if row.deleted:
        if measurement is not None:
            measurement.delete()
            result.removed += 1
        return
    if row.value is None:
        result.without_value += 1
        return
    source = f"Kolada {row.kpi}" + (f" ({row.status})" if row.status else "")
    if measurement is None:
        measurement = Measurement(target=target, period=row.period, gender=row.gender)
        result.created += 1
    elif measurement.value == row.value and measurement.source == source:
        result.unchanged += 1
        return
    else:
        result.updated += 1
    measurement.value = row.value
    measurement.source = source
    measurement.is_provisional = bool(row.status)
    measurement.full_clean()
    measurement.save()


@transaction.atomic
def kolada_import(
    *, strategy: Strategy, data: bytes = b"", name: str = "", pages=None
) -> KoladaResult:
    """Kolada's values into the measurements of the targets that name their KPI, for the
    target's own municipality, and into comparisons for the others (the county, the whole
    country); `pages`, as (name, data), when the answer came in several. All or nothing, and a
    second import of the same files changes nothing."""
    pages = pages or [(name, data)]
    rows = kolada.parse_pages(pages)
    targets = _kolada_targets(strategy, rows, pages[0][0])
    result = KoladaResult()
    for row in rows:
        for target in targets[row.kpi]:
            if row.municipality == target.kolada_municipality:
                _kolada_measure(target, row, result)
            else:
                _kolada_compare(target, row, result)
    public_data.changed(strategy.process)
    return result


@transaction.atomic
def assessment_save(
    *, target: Target, year: int, verdict: str, comment: str, assessed_by
) -> Assessment:
    assessment = Assessment.objects.filter(target=target, year=year).first() or Assessment(
        target=target, year=year
    )
    assessment.verdict = verdict
    assessment.comment = comment.strip()
    assessment.assessed_by = assessed_by
    if verdict != Assessment.Verdict.MET and not assessment.comment:
        raise ValidationError({"comment": _("Say in a comment why the target is not met.")})
    assessment.full_clean()
    assessment.save()
    public_data.changed(assessment.target.goal.strategy.process)
    return assessment
