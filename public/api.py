"""The read-only part of the JSON API: what the public site shows, for anyone, no login.
Described with the rest at /api/v1/openapi.json."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from core.pages import rows_at
from core.public_ids import public_id
from dialogues.models import Process
from opinions.analysis.kept import kept
from opinions.models import Category, KeptFigures, Opinion
from public import figures as public_figures
from public.snapshots import published_figures

router = Router(tags=["public"])

MAX_PAGE_SIZE = 100


class Pages(PageNumberPagination):
    """Pages of at most MAX_PAGE_SIZE, said so in the description; a page past the last is
    404, and a page number no list could have is refused before any query (422)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs):
        super().__init__(page_size=MAX_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        known = getattr(queryset, "known_count", None)  # set by a list that keeps its count
        count = known if known is not None else self._items_count(queryset)
        offset = (pagination.page - 1) * pagination.page_size
        if offset and offset >= count:
            raise Http404("There is no such page.")
        items = rows_at(queryset, offset, offset + pagination.page_size)
        return {"items": items, "count": count}


class ProcessOut(Schema):
    slug: str
    title: str
    municipality: str
    stage: str
    purpose: str


class EventOut(Schema):
    title: str
    kind: str
    place: str
    address: str
    accessibility: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    headcount: int | None


class ProcessDetailOut(ProcessOut):
    questions: list[str]
    events: list[EventOut]


class OpinionOut(Schema):
    id: str = Field(description="stable, and says nothing of the order opinions came in")
    recorded: datetime.date
    event: str | None
    question: int | None  # the question's number
    text: str  # as published: a reviewed, redacted copy
    categories: list[str]

    @staticmethod
    def resolve_id(obj) -> str:
        return public_id("opinion", obj.pk)

    @staticmethod
    def resolve_recorded(obj) -> datetime.date:
        return timezone.localdate(obj.recorded_at)

    @staticmethod
    def resolve_event(obj) -> str | None:
        return obj.event.title if obj.event else None

    @staticmethod
    def resolve_question(obj) -> int | None:
        return obj.question.order if obj.question else None

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.published_text

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [category.name for category in obj.final_categories.all()]


class CellOut(Schema):
    label: str
    opinions: int | None  # null: fewer than MIN_RESPONDENTS people
    respondents: int | None


class TableOut(Schema):
    key: str
    title: str
    cells: list[CellOut]


class StatisticsOut(Schema):
    people_met: int
    respondents: int
    opinions: int
    published: int
    minimum_respondents: int
    tables: list[TableOut]


def _process(slug: str) -> Process:
    return get_object_or_404(Process.objects.public(), slug=slug)


@router.get("/public/processes", response=list[ProcessOut], url_name="public_processes")
def processes(request):
    """The processes the municipality has made public."""
    return Process.objects.public().order_by("-created_at")


@router.get("/public/processes/{slug}", response=ProcessDetailOut, url_name="public_process")
def process(request, slug: str):
    found = _process(slug)
    return {
        "slug": found.slug,
        "title": found.title,
        "municipality": found.municipality,
        "stage": found.stage,
        "purpose": found.purpose,
        "questions": [q.text for q in found.questions.order_by("order", "pk")],
        "events": list(found.events.order_by("starts_at")),
    }


@router.get(
    "/public/processes/{slug}/opinions",
    response=list[OpinionOut],
    url_name="public_opinions",
)
@paginate(Pages)
def opinions(request, slug: str):
    """The opinions approved for publication, in their published text (CC BY 4.0)."""
    found = _process(slug)
    opinions = (
        Opinion.objects.for_process(found)
        .published()
        .select_related("event", "question")
        .prefetch_related(
            Prefetch("final_categories", queryset=Category.objects.order_by("order", "name"))
        )
        .order_by("recorded_at", "pk")
    )
    # Their count as last counted, not counted on each request; counted when a change has
    # come since, as a client pages on until the count says the list ends.
    published = kept(found, KeptFigures.Kind.PUBLISHED)
    if published.fresh:
        opinions.known_count = published.figures["published"]
    return opinions


@router.get(
    "/public/processes/{slug}/statistics",
    response=StatisticsOut,
    url_name="public_statistics",
)
def statistics(request, slug: str):
    """The figures of "What you said"; a cell of fewer than `minimum_respondents` is null."""
    numbers = published_figures(_process(slug))
    return {
        "people_met": numbers.people_met,
        "respondents": numbers.respondents,
        "opinions": numbers.opinions,
        "published": numbers.published,
        "minimum_respondents": public_figures.MIN_RESPONDENTS,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "cells": [
                    {
                        "label": cell.label,
                        "opinions": cell.value,
                        "respondents": cell.respondents if cell.shown else None,
                    }
                    for cell in table.cells
                ],
            }
            for table in numbers.tables
        ],
    }
