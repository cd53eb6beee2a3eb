"""A target's progress as a small line chart for the public site, drawn on the server
(templates/public/_target_chart.html): the baseline and the yearly totals as a line, the target
as a dashed line, the values' range labelled on the left and the years along the bottom.

It is drawn at the size it is shown, no wider than a phone's column of text (the card of a goal
on a 375 px screen leaves 285 px), so that its text is never scaled below 12 px.
"""

from __future__ import annotations

WIDTH, PLOT_HEIGHT, LEFT, RIGHT, TOP = 270, 90, 56, 22, 8
FONT = 12  # px, as drawn
YEAR_GAP = 38  # px between the middles of two year labels ("2016" is about 30 px wide)


def chart(target, measurements) -> dict | None:
    """What the template draws, in whole pixels (a template would write 8,5 in Swedish); None
    when there is no measured total to draw."""
    totals = [m for m in measurements if m.gender == "T"]
    if not totals:
        return None
    has_baseline = target.baseline_value is not None and bool(target.baseline_year)
    points = [(str(target.baseline_year), target.baseline_value, False)] if has_baseline else []
    points += [(m.period, m.value, m.is_provisional) for m in totals]
    values = [value for _period, value, _provisional in points]
    if target.target_value is not None:
        values.append(target.target_value)
    low, high = min(values), max(values)
    span = float(high - low) or 1.0
    inner = PLOT_HEIGHT - 2 * TOP

    def y(value) -> int:
        return round(TOP + inner - float(value - low) / span * inner)

    xs = _x_positions([period for period, _value, _provisional in points])
    drawn = [
        {
            "period": period,
            "value": value,
            "provisional": provisional,
            "baseline": has_baseline and number == 0,
            "x": xs[number],
            "y": y(value),
        }
        for number, (period, value, provisional) in enumerate(points)
    ]
    axis_y = PLOT_HEIGHT
    return {
        "width": WIDTH,
        "height": axis_y + FONT + 8,
        "left": LEFT,
        "right": WIDTH - RIGHT // 2,
        "font": FONT,
        "points": drawn,
        "years": _labelled(drawn),
        "axis_y": axis_y,
        "year_y": axis_y + FONT + 4,
        "provisional": any(p["provisional"] for p in drawn),
        "line": " ".join(f"{p['x']},{p['y']}" for p in drawn),
        "target_y": y(target.target_value) if target.target_value is not None else None,
        "high": high,
        "low": low,
        "high_y": y(high),
        "low_y": y(low),
    }


def _x_positions(periods: list[str]) -> list[int]:
    """Where each period goes along the bottom: by its year where every period is one (so that
    2012, 2016, 2017 are not evenly spaced), else one step apart."""
    room = WIDTH - LEFT - RIGHT
    if all(period.isdigit() for period in periods) and len(set(periods)) == len(periods) > 1:
        years = [int(period) for period in periods]
        first, last = min(years), max(years)
        return [round(LEFT + (year - first) / (last - first) * room) for year in years]
    step = room / max(1, len(periods) - 1)
    return [round(LEFT + number * step) for number in range(len(periods))]


def _labelled(points: list[dict]) -> list[dict]:
    """The points whose year is written under the axis: the first and the last always, and
    between them as many as fit without two running together."""
    shown = []
    for point in points:
        if not shown or point["x"] - shown[-1]["x"] >= YEAR_GAP:
            shown.append(point)
    last = points[-1]
    if shown[-1] is not last:
        if len(shown) > 1 and last["x"] - shown[-1]["x"] < YEAR_GAP:
            shown.pop()
        shown.append(last)
    return shown
