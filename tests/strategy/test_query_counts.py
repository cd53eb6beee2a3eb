"""The strategy's lists run the same number of queries at 3 rows as at 300."""

import datetime

import pytest
from django.urls import reverse

from strategy.models import DraftVersion, Goal, Measurement, ResponsePoint, ReviewComment, Target
from tests.dialogues.test_query_counts import grow
from tests.factories import (
    CategoryFactory,
    ConsultationFactory,
    ConsulteeFactory,
    ProcessFactory,
    ResponseFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(db):
    return StrategyFactory(process=ProcessFactory(slug="vision"))


@pytest.fixture
def strategist_client(client, strategist_user):
    client.force_login(strategist_user)
    return client


def test_the_strategy_page_with_goals_targets_and_the_matrix(strategist_client, strategy):
    def make(rows):
        for n in range(Goal.objects.count(), rows):
            goal = Goal.objects.create(strategy=strategy, title=f"Mål {n}", order=n)
            category = CategoryFactory(process=strategy.process, name=f"Kategori {n}")
            goal.categories.add(category)
            Target.objects.create(goal=goal, indicator=f"Indikator {n}", direction="increase")

    grow(make, strategist_client, lambda _: reverse("staff:strategy", args=["vision"]), budget=16)


def test_the_follow_up_page(strategist_client, strategy):
    goal = Goal.objects.create(strategy=strategy, title="Mål")

    def make(rows):
        for n in range(Target.objects.count(), rows):
            target = Target.objects.create(goal=goal, indicator=f"I{n}", direction="increase")
            Measurement.objects.create(target=target, period="2016", value=n)

    grow(make, strategist_client, lambda _: reverse("staff:follow_up", args=["vision"]), budget=14)


def test_the_version_list(strategist_client, strategy):
    def make(rows):
        for n in range(DraftVersion.objects.count() + 1, rows + 1):
            version = DraftVersion.objects.create(strategy=strategy, number=n, created_by=_user())
            ReviewComment.objects.create(version=version, author=_user(), text="Bra")

    grow(
        make, strategist_client, lambda _: reverse("staff:version_list", args=["vision"]), budget=10
    )


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.first()


@pytest.mark.parametrize("page", ["staff:consultation_detail", "staff:consultation_summary"])
def test_the_remiss_and_its_summary(strategist_client, strategy, page):
    consultation = ConsultationFactory(strategy=strategy, deadline=datetime.date(2014, 2, 1))

    def make(rows):
        for _ in range(ResponsePoint.objects.count(), rows):
            response = ResponseFactory(
                consultation=consultation, consultee=ConsulteeFactory(consultation=consultation)
            )
            ResponsePoint.objects.create(response=response, summary="Punkt", disposition="noted")

    grow(
        make,
        strategist_client,
        lambda _: reverse(page, args=["vision", consultation.pk]),
        budget=14,
    )
