"""Pages read as their ids first, then their rows (core/pages.py): the same pages as Django's
Paginator gives, in the same order, with what the query fetches alongside each row."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pages import IdsFirstPaginator
from opinions.models import Opinion
from tests.factories import OpinionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinions():
    process = ProcessFactory()
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(53):  # ties in the order: three opinions a minute
        OpinionFactory(process=process, recorded_at=start + datetime.timedelta(minutes=n // 3))
    return (
        Opinion.objects.for_process(process)
        .select_related("event", "question")
        .prefetch_related("versions")
        .order_by("recorded_at", "pk")
    )


@pytest.mark.parametrize("orphans", [0, 4])
def test_every_page_is_the_page_djangos_paginator_gives(opinions, orphans):
    ours, django = IdsFirstPaginator(opinions, 10, orphans), Paginator(opinions, 10, orphans)
    assert ours.num_pages == django.num_pages
    for number in django.page_range:
        assert list(ours.page(number)) == list(django.page(number)), number
    assert list(ours.get_page("x")) == list(django.get_page("x"))
    assert list(ours.get_page(10**6)) == list(django.get_page(10**6))


def test_a_page_far_down_reads_its_rows_by_id_with_what_they_bring(opinions):
    page = IdsFirstPaginator(opinions, 10).page(6)
    with CaptureQueriesContext(connection) as context:
        rows = list(page)
        for opinion in rows:
            opinion.event, opinion.question, list(opinion.versions.all())
    assert len(rows) == 3
    assert len(context.captured_queries) == 0  # the page's rows came with their relations
    paginator = IdsFirstPaginator(opinions, 10)
    paginator.count  # noqa: B018 (counted before, as a page shows its count)
    with CaptureQueriesContext(connection) as context:
        list(paginator.page(4))
    sql = [query["sql"] for query in context.captured_queries]
    assert len(sql) == 3, sql  # the ids, their rows, their versions
    assert "OFFSET" in sql[0]
    assert '"opinions_opinion"."original_text"' not in sql[0]  # the ids alone
    assert all("OFFSET" not in query for query in sql[1:]), sql


def test_a_list_that_is_not_a_query_is_paged_as_django_pages_it():
    assert list(IdsFirstPaginator(list(range(25)), 10).page(3)) == [20, 21, 22, 23, 24]
