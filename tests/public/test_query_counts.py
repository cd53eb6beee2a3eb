"""Public pages answer in the same number of queries at 100 opinions and at 100,000: the
figures are counted in the database and the lists are paged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import public_cache
from dialogues.models import DialogueEvent
from opinions.models import FinalCoding, Opinion, Respondent
from public.snapshots import snapshot_make
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    ConsultationFactory,
    DecisionFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    MandateFactory,
    ProcessFactory,
    ResponsePointFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    process = ProcessFactory(slug="sunne", is_public=True, stage="feedback_published")
    MandateFactory(process=process)
    questions = [GuidingQuestionFactory(process=process) for _ in range(4)]
    areas = [AreaFactory(process=process) for _ in range(5)]
    events = [
        DialogueEventFactory(process=process, kind=kind, headcount=40)
        for kind in (DialogueEvent.Kind.INTERVIEW, DialogueEvent.Kind.WORKSHOP)
    ]
    categories = [CategoryFactory(process=process, order=n) for n in range(10)]
    strategy = StrategyFactory(process=process, vision="Sunne är platsen där modet växer.")
    for number, category in enumerate(categories[:4]):
        goal = strategy.goals.create(title=f"Mål {number}", order=number)
        goal.categories.add(category)
        target = goal.targets.create(
            indicator="Befolkning", direction="increase", target_value=14000
        )
        target.measurements.create(period="2014", value=13100)
    consultation = ConsultationFactory(strategy=strategy)
    ResponsePointFactory(response__consultation=consultation, disposition="accepted")
    DecisionFactory(strategy=strategy)
    return {
        "process": process,
        "questions": questions,
        "areas": areas,
        "events": events,
        "categories": categories,
        "goals": list(strategy.goals.all()),
        "user": UserFactory(),
        "made": 0,
    }


def grow_to(world, total: int) -> None:
    """Bulk-insert opinions (one respondent each three) up to `total`, coded and approved."""
    process, user = world["process"], world["user"]
    now = timezone.now()
    while world["made"] < total:
        batch = min(10_000, total - world["made"])
        start = world["made"]
        respondents = Respondent.objects.bulk_create(
            [
                Respondent(
                    process=process,
                    event=world["events"][n % 2],
                    area=world["areas"][n % 5],
                    age_band="30-44",
                    external_id=f"grow:{start + n}",
                )
                for n in range(0, batch, 3)
            ]
        )
        opinions = Opinion.objects.bulk_create(
            [
                Opinion(
                    process=process,
                    event=world["events"][n % 2],
                    question=world["questions"][n % 4],
                    respondent=respondents[n // 3],
                    original_text=f"Synpunkt {start + n}",
                    published_text=f"Synpunkt {start + n}",
                    consent_to_publish=True,
                    publication="approved",
                    recorded_by=user,
                    recorded_at=now - datetime.timedelta(seconds=start + n),
                )
                for n in range(batch)
            ],
            batch_size=5000,
        )
        FinalCoding.objects.bulk_create(
            [
                FinalCoding(opinion=opinion, category=world["categories"][n % 10], decided_by=user)
                for n, opinion in enumerate(opinions)
            ],
            batch_size=5000,
        )
        if start == 0:
            for goal in world["goals"]:
                goal.opinions.add(*opinions[:3])
            world["receipt"] = respondents[0].receipt_code
        world["made"] += batch


def pages(world) -> list[str]:
    slug = world["process"].slug
    category = world["categories"][0].pk
    return [
        reverse("home"),
        reverse("public:process", args=[slug]),
        reverse("public:results", args=[slug]),
        reverse("public:results", args=[slug]) + f"?category={category}&q=synpunkt&page=2",
        reverse("public:outcome", args=[slug]),
        reverse("public:brochure", args=[slug]),
        reverse("public:open_data", args=[slug]),
        reverse("public:open_data_file", args=[slug, "statistics", "json"]),
        reverse("public:open_data_file", args=[slug, "opinions", "csv"]),
        reverse("public:receipt", args=[world["receipt"]]),
        reverse("api:public_statistics", kwargs={"slug": slug}),
        reverse("api:public_opinions", kwargs={"slug": slug}) + "?page=1",
    ]


def count(client, url: str) -> int:
    public_cache.clear()  # what it costs to make the page, not to read it from the cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _publish(client, world, capture) -> None:
    """The figures published as a stage move would, said once it commits; the staff figures
    on the method page (the quality card) are then counted by a first visit, as they would be
    by the first resident after the change."""
    with capture(execute=True):
        snapshot_make(world["process"])
    for url in pages(world):
        count(client, url)


def test_the_same_queries_at_100_and_at_100_000_opinions(
    client, world, django_capture_on_commit_callbacks
):
    grow_to(world, 100)
    _publish(client, world, django_capture_on_commit_callbacks)
    small = {url: count(client, url) for url in pages(world)}
    grow_to(world, 100_000)
    _publish(client, world, django_capture_on_commit_callbacks)
    large = {url: count(client, url) for url in pages(world)}
    assert large == small
    assert max(small.values()) <= 26, small  # the brochure reads everything
    # And the figures are right at that size: every opinion counted, none shown twice.
    page = client.get(reverse("public:results", args=[world["process"].slug])).content.decode()
    assert "100000" in page.replace("\u00a0", "").replace(" ", "")


def test_the_api_list_reads_its_count_as_the_results_page_does(
    client, world, django_capture_on_commit_callbacks
):
    """The API's pages counted the published opinions on every request (0.6 s among the
    200,000 published of a 2,000,000-opinion process, for anyone asking any page): like the
    results page, it reads their count as last counted, and the count is right."""
    grow_to(world, 300)
    _publish(client, world, django_capture_on_commit_callbacks)
    url = reverse("api:public_opinions", kwargs={"slug": world["process"].slug})
    public_cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url + "?page=2&page_size=100")
    assert response.json()["count"] == 300
    assert len(response.json()["items"]) == 100
    counted = [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not counted, counted
