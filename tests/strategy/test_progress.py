"""Progress per target at its edges, as the follow-up page shows it."""

from decimal import Decimal

import pytest

from strategy.models import Goal, Measurement, Target
from strategy.progress import progress
from tests.factories import StrategyFactory


@pytest.fixture
def goal(db):
    return Goal.objects.create(strategy=StrategyFactory(), title="Fler företag")


def target(goal, **fields) -> Target:
    fields.setdefault("direction", "increase")
    return Target.objects.create(goal=goal, indicator="Indikator", **fields)


def measure(target, *values, gender="T"):
    for period, value in values:
        Measurement.objects.create(
            target=target, period=str(period), value=Decimal(str(value)), gender=gender
        )


def test_halfway_up_is_fifty_percent(goal):
    t = target(goal, baseline_year=2013, baseline_value=100, target_year=2025, target_value=200)
    measure(t, (2016, 120), (2018, 150))
    result = progress(t)
    assert result.percent == 50
    assert result.latest.period == "2018"
    assert result.on_course is True
    assert "50 %" in result.summary


def test_a_decreasing_target_counts_falling_values_as_progress(goal):
    t = target(
        goal, direction="decrease", baseline_value=Decimal("8.0"), target_value=Decimal("4.0")
    )
    measure(t, (2016, "7.0"))
    assert progress(t).percent == 25
    measure(t, (2017, "9.0"))  # worse than the baseline
    result = progress(t)
    assert result.percent == -25
    assert result.on_course is False
    assert result.bar_percent == 0
    assert result.summary == "Har rört sig bort från målet sedan utgångsläget."


def test_a_target_passed_is_more_than_the_whole_way(goal):
    t = target(goal, baseline_value=10, target_value=20)
    measure(t, (2020, 25))
    result = progress(t)
    assert result.percent == 150
    assert result.bar_percent == 100
    assert result.summary == "Målet är passerat."


def test_exactly_reached(goal):
    t = target(goal, baseline_value=10, target_value=20)
    measure(t, (2020, 20))
    assert progress(t).summary == "Målet är nått."


def test_baseline_equal_to_target_is_kept_or_not(goal):
    t = target(goal, direction="maintain", baseline_value=95, target_value=95)
    measure(t, (2016, 95))
    result = progress(t)
    assert (result.percent, result.on_course) == (100, True)
    measure(t, (2017, 90))
    result = progress(t)
    assert (result.percent, result.on_course) == (0, False)
    assert "hålls inte längre" in result.summary


def test_no_measurement_yet(goal):
    t = target(goal, baseline_value=1, target_value=2)
    measure(t, (2016, 5), gender="K")  # only the women's figure: the total is what counts
    result = progress(t)
    assert result.latest is None
    assert result.percent is None
    assert result.on_course is None
    assert result.summary == "Inget mätvärde ännu."


def test_a_directional_target_shows_its_trend(goal):
    t = target(goal, direction="increase")  # "fler företag": no value to reach
    measure(t, (2014, 410))
    one = progress(t)
    assert (one.trend, one.on_course, one.percent) == ("", None, None)
    measure(t, (2016, 450))
    result = progress(t)
    assert (result.trend, result.on_course, result.percent) == ("rising", True, None)
    assert result.summary == "Trend: stigande sedan utgångsläget."
    measure(t, (2018, 400))
    assert (progress(t).trend, progress(t).on_course) == ("falling", False)


def test_no_baseline_but_a_value_to_reach(goal):
    t = target(goal, direction="reach", target_value=100)
    measure(t, (2016, 80))
    assert progress(t).percent is None
    measure(t, (2017, 100))
    assert progress(t).percent == 100


def test_a_measurement_entered_again_for_its_period_replaces_the_old_value(
    client, goal, strategist_user
):
    from django.urls import reverse

    t = target(goal, baseline_value=100, target_value=200)
    client.force_login(strategist_user)
    url = reverse("staff:target_follow_up", args=[goal.strategy.process.slug, t.pk])
    for value in ("120", "150"):
        client.post(
            url,
            {
                "measurement": "1",
                "measurement-period": "2018",
                "measurement-value": value,
                "measurement-gender": "T",
            },
        )
    assert list(t.measurements.values_list("period", "value")) == [("2018", Decimal("150"))]
    page = client.get(url).content.decode()
    assert "50 % av vägen från utgångsläget till målet." in page
