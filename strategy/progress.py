"""How far a target has come: a share of the way for a numeric target, the trend for a
directional one. Reads the total (gender T) measurements, latest period last."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass
class Progress:
    latest: object | None  # the latest Measurement, or None
    share: Decimal | None  # (latest − baseline) / (target − baseline); 1 means reached
    trend: str  # "rising", "falling", "unchanged" or "" (fewer than two values)
    on_course: bool | None  # None: cannot be said
    summary: str

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def bar_percent(self) -> int:
        """The share drawn as a bar: 0–100."""
        return max(0, min(100, self.percent or 0))


TRENDS = {"rising": _("rising"), "falling": _("falling"), "unchanged": _("unchanged")}


def _trend(first: Decimal, last: Decimal) -> str:
    return "rising" if last > first else "falling" if last < first else "unchanged"


def _past(target, value: Decimal) -> bool:
    """The value is at the target or beyond it, in the target's direction."""
    if target.direction == target.Direction.INCREASE:
        return value >= target.target_value
    if target.direction == target.Direction.DECREASE:
        return value <= target.target_value
    return value == target.target_value


def progress(target, measurements=None) -> Progress:
    """`measurements`: the target's measurements if already fetched (they are prefetched on
    lists); only the totals count."""
    if measurements is None:
        measurements = target.measurements.all()
    totals = sorted((m for m in measurements if m.gender == "T"), key=lambda m: m.period)
    if not totals:
        return Progress(None, None, "", None, str(_("No measurement yet.")))
    latest = totals[-1]
    start = target.baseline_value if target.baseline_value is not None else totals[0].value
    has_two = target.baseline_value is not None or len(totals) > 1
    trend = _trend(start, latest.value) if has_two else ""
    if target.target_value is None:
        wanted = {
            target.Direction.INCREASE: "rising",
            target.Direction.DECREASE: "falling",
            target.Direction.MAINTAIN: "unchanged",
        }.get(target.direction)
        on_course = None if not trend or wanted is None else trend == wanted
        if target.direction == target.Direction.MAINTAIN and trend:
            on_course = trend != "falling"
        summary = (
            _("Trend: %(trend)s since the baseline.") % {"trend": TRENDS[trend]}
            if trend
            else _("One measurement: no trend yet.")
        )
        return Progress(latest, None, trend, on_course, str(summary))
    if target.baseline_value is None:
        reached = _past(target, latest.value)
        share = Decimal(1) if reached else None
        summary = (
            _("Reached.") if reached else _("No baseline: the share of the way cannot be said.")
        )
        return Progress(latest, share, trend, reached or None, str(summary))
    span = target.target_value - target.baseline_value
    if span == 0:
        # The baseline is the target: keeping it is all there is to do.
        kept = _past(target, latest.value)
        share = Decimal(1) if kept else Decimal(0)
        summary = (
            _("The baseline already was the target, and it is kept.")
            if kept
            else _("The baseline already was the target, and it is no longer kept.")
        )
        return Progress(latest, share, trend, kept, str(summary))
    share = (latest.value - target.baseline_value) / span
    if share >= 1:
        summary = _("Target reached.") if share == 1 else _("Target passed.")
    elif share < 0:
        summary = _("Moved away from the target since the baseline.")
    else:
        summary = _("%(percent)d %% of the way from the baseline to the target.") % {
            "percent": round(share * 100)
        }
    return Progress(latest, share, trend, share > 0, str(summary))


@dataclass
class Compared:
    """The target's own totals beside the comparisons (other municipalities, the county, the
    whole country): one row per period, one column per series; None where a series has no
    value for that period."""

    labels: list[str]  # the comparison series, after the target's own
    rows: list[tuple[str, object, list]]  # (period, own value, [comparison values])


def compared(measurements, comparisons) -> Compared | None:
    comparisons = list(comparisons)
    if not comparisons:
        return None
    own = {m.period: m.value for m in measurements if m.gender == "T"}
    places = list(dict.fromkeys(c.municipality for c in comparisons))
    labels = {c.municipality: c.label for c in comparisons}
    values = {(c.municipality, c.period): c.value for c in comparisons}
    periods = sorted(set(own) | {c.period for c in comparisons})
    return Compared(
        labels=[labels[place] for place in places],
        rows=[
            (period, own.get(period), [values.get((place, period)) for place in places])
            for period in periods
        ],
    )
