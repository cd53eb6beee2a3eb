"""The residents' side: what was asked, what was said, what was decided, and what became of
my opinion. Only what is published is shown, and no page needs an account.

Pages are cached whole for visitors who are not signed in, under the process's cache
generation (core/public_cache.py), so a page asks the database once for the process and
nothing more until its data change. Nothing on them is personal: no form posts, no CSRF token.
"""

from __future__ import annotations

import datetime
import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from core import public_cache
from core.pages import IdsFirstPaginator
from core.permissions import public
from core.translated import Text, in_page_language
from dialogues.models import DialogueEvent, Mandate, Process
from dialogues.stages import Stage
from opinions.analysis.kept import kept
from opinions.analysis.quality import quality
from opinions.models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Category,
    KeptFigures,
    Opinion,
    Respondent,
)
from public import brochure, calendar, figures, meetings, opendata, stages
from public.my_opinion import as_given
from public.outcome import opinions_followed, outcome
from public.snapshots import published_figures
from strategy.models import Goal

PAGE_SIZE = 20
STATEMENT_DATE = datetime.date(2026, 11, 27)  # the accessibility statement's last review
# Receipt codes: 8 of 32 characters, about 10^12 codes. Wrong codes tried, per address and
# hour; and per address when more than RECEIPT_FAILURES_TOTAL are tried in all.
RECEIPT_FAILURES = "20/h"
RECEIPT_FAILURES_TOTAL = "500/h"
RECEIPT_FAILURES_CROWDED = "3/h"


def cached(scope_of, *, query: tuple[str, ...] = ()):
    """Cache the whole response for visitors not signed in, under the generation of
    `scope_of(**kwargs)`. A cached page costs one cache round trip and no query; on a miss the view
    runs (and may answer 404, which is not kept). The page is kept under its path and the
    `query` parameters it reads, nothing else: another query string, or a cookie that names no
    session, gets the same page, never a new one made."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, **kwargs):
            if not _anonymous_and_plain(request):
                return view(request, **kwargs)
            scope, path = scope_of(**kwargs), _cache_path(request, query)
            stored, generation = public_cache.page_get(scope, path)
            if stored is None:
                response = view(request, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                stored = (response.content, response["Content-Type"], _extra_headers(response))
                # A page that changes with the clock says until when it holds (cache_seconds).
                seconds = getattr(response, "cache_seconds", None)
                public_cache.page_set(scope, path, generation, stored, seconds=seconds)
            content, content_type, headers = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            return response

        return public(wrapped)

    return decorator


def _cache_path(request, query: tuple[str, ...]) -> str:
    params = [(name, request.GET.get(name, "")[:200]) for name in query if request.GET.get(name)]
    return request.path + ("?" + urlencode(params) if params else "")


def _anonymous_and_plain(request) -> bool:
    """A GET by someone not signed in, with no message waiting: the page is the same for all
    such visitors. (A signed-in user's page names them; a message is for one person.) A cookie
    that names no valid session is no reason to make the page anew."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _extra_headers(response) -> dict:
    return {
        name: response[name]
        for name in ("Content-Disposition", "Cache-Control")
        if response.has_header(name)
    }


def _slug(slug: str, **kwargs) -> str:
    return public_cache.of_slug(slug)


def _site(**kwargs) -> str:
    return public_cache.SITE


def _public_process(slug: str) -> Process:
    return get_object_or_404(Process.objects.public(), slug=slug)


# The site ------------------------------------------------------------------------------------


@cached(_site)
def home(request):
    """The front page: the processes the municipality has made public."""
    online = DialogueEvent.objects.filter(kind=DialogueEvent.Kind.ONLINE).order_by("starts_at")
    processes = (
        Process.objects.public()
        .order_by("-created_at")
        .prefetch_related(Prefetch("events", queryset=online, to_attr="online_events"))
    )
    return render(request, "home.html", {"processes": processes})


@cached(_site)
def accessibility(request):
    """Tillgänglighetsredogörelse: the accessibility statement the DOS law asks for."""
    context = {
        "contact_email": settings.PUBLIC_CONTACT_EMAIL,
        "statement_date": STATEMENT_DATE,
    }
    return render(request, "public/accessibility.html", context)


# A process -----------------------------------------------------------------------------------


def _questions(process: Process) -> list[Text]:
    return [in_page_language(q, "text") for q in process.questions.order_by("order", "pk")]


@cached(_slug)
def process_page(request, slug):
    process = _public_process(slug)
    now = timezone.now()
    events = list(process.events.order_by("starts_at"))
    upcoming, past = meetings.split(events, now)
    mandate = (
        Mandate.objects.select_related("issuing_body", "assigned_body")
        .filter(process=process)
        .first()
    )
    result = outcome(process, goals=False)
    context = {
        "process": process,
        "tab": "process",
        "timeline": stages.timeline(process),
        "questions": _questions(process),
        "upcoming": upcoming,
        "past": past,
        # The online form is open while the dialogue is (public/online.py).
        "online": [e for e in events if e.kind == DialogueEvent.Kind.ONLINE]
        if process.stage == Stage.DIALOGUE_OPEN
        else [],
        "mandate": mandate,
        "decision": result.decision,
        # Once adopted, the page opens with what was decided: the vision and the goals.
        "adopted": result if result.adopted else None,
        "adopted_goals": list(Goal.objects.for_strategy(result.strategy).order_by("order", "pk"))
        if result.adopted
        else [],
        "lessons": in_page_language(process, "lessons").lines(),
    }
    response = render(request, "public/process.html", context)
    response.cache_seconds = meetings.seconds_until_change(events, now)
    return response


@cached(_slug)
def events_ics(request, slug):
    """The process's events as an iCalendar feed to subscribe to."""
    process = _public_process(slug)
    events = process.events.order_by("starts_at")
    body = calendar.feed(process, events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}.ics"'
    return response


@cached(_slug, query=("q", "category", "event", "question", "page"))
def results(request, slug):
    """What you said: figures, charts with their tables, and the published opinions."""
    process = _public_process(slug)
    numbers = published_figures(process)
    categories = list(Category.objects.for_process(process).in_codebook().order_by("order"))
    events = list(process.events.order_by("starts_at"))
    questions = list(process.questions.order_by("order", "pk"))
    chosen = {
        "category": _choice(request, "category", categories),
        "event": _choice(request, "event", events),
        "question": _choice(request, "question", questions),
    }
    query = request.GET.get("q", "").strip()[:200]
    opinions = (
        Opinion.objects.for_process(process)
        .published_matching(**chosen, query=query)
        .select_related("event", "question")
        .prefetch_related(
            Prefetch(
                "final_categories",
                queryset=Category.objects.order_by("order", "name"),
            )
        )
        .order_by("recorded_at", "pk")
    )
    paginator = IdsFirstPaginator(opinions, PAGE_SIZE)
    if not (query or any(chosen.values())):  # all published: their count as last counted
        known = kept(process, KeptFigures.Kind.PUBLISHED).figures["published"]
        if known is not None:
            paginator.count = known
    page = paginator.get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "process": process,
        "tab": "results",
        "figures": numbers,
        "minimum": figures.MIN_RESPONDENTS,
        "page": page,
        "query": query,
        "categories": categories,
        "events": events,
        "questions": questions,
        "chosen": chosen,
        "filters": filters.urlencode(),
        "filtered": bool(query or any(chosen.values())),
    }
    return render(request, "public/results.html", context)


def _choice(request, name: str, options: list):
    value = request.GET.get(name, "")
    return next((option for option in options if str(option.pk) == value), None)


@cached(_slug)
def outcome_page(request, slug):
    """What we did: the vision, goals and targets with where they came from, the remiss,
    the decision and how the targets are going."""
    process = _public_process(slug)
    context = {"process": process, "tab": "outcome", "outcome": outcome(process)}
    if process.stage == Stage.FEEDBACK_PUBLISHED:  # how the opinions were read, for residents
        context["quality"] = quality(process)
    return render(request, "public/outcome.html", context)


@cached(_slug)
def brochure_page(request, slug):
    process = _public_process(slug)
    context = brochure.context(process)
    return render(request, "public/brochure.html", context)


@cached(_slug)
def brochure_pdf(request, slug):
    process = _public_process(slug)
    response = HttpResponse(brochure.pdf(request, process), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-aterkoppling.pdf"'
    return response


@cached(_slug)
def open_data(request, slug):
    process = _public_process(slug)
    context = {
        "process": process,
        "tab": "data",
        "licence": opendata.LICENCE,
        "minimum": figures.MIN_RESPONDENTS,
    }
    return render(request, "public/open_data.html", context)


@cached(_slug)
def open_data_file(request, slug, name: str, fmt: str):
    process = _public_process(slug)
    if name not in opendata.FILES or fmt not in ("csv", "json"):
        raise Http404
    body = opendata.FILES[name](process, fmt, base=request.build_absolute_uri("/"))
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-{name}.{fmt}"'
    return response


# My opinion ----------------------------------------------------------------------------------


def _receipt_code(text: str) -> str | None:
    """A receipt code as typed (any case, spaces, hyphens), or None if it cannot be one."""
    code = text.strip().upper().replace(" ", "").replace("-", "")
    if len(code) != RECEIPT_LENGTH or any(char not in RECEIPT_ALPHABET for char in code):
        return None
    return code


def _failures(request, *, increment: bool) -> bool:
    """Whether this address has tried too many wrong codes. Only failures count, so a right
    code is never held up by others' use; and when many addresses fail at once (guessing
    spread over addresses), each may fail fewer times."""
    crowded = is_ratelimited(
        request,
        group="public.receipt.failures.all",
        key=lambda group, request: "all",
        rate=RECEIPT_FAILURES_TOTAL,
        method=ALL,
        increment=increment,
    )
    return is_ratelimited(
        request,
        group="public.receipt.failures",
        key="ip",
        rate=RECEIPT_FAILURES_CROWDED if crowded else RECEIPT_FAILURES,
        method=ALL,
        increment=increment,
    )


@public
def receipt_lookup(request):
    """Where a resident types the code from their receipt."""
    typed = request.GET.get("code", "")
    if typed:
        code = _receipt_code(typed)
        if code is not None:
            return redirect("public:receipt", code=code)
        return render(request, "public/receipt_lookup.html", {"typed": typed[:20]}, status=400)
    return render(request, "public/receipt_lookup.html")


@never_cache  # one person's page: never kept by a browser or a proxy
@public
def receipt(request, code):
    """What a respondent sees with their receipt code: their opinions, the categories they
    were coded into, the goals they informed, and where the process stands. Never their name:
    we do not know it. Their own words are shown to them with personal data masked, beside the
    text as published once it passed the publication review (public/my_opinion.py)."""
    if _failures(request, increment=False):
        return render(request, "public/receipt_throttled.html", status=429)
    code = _receipt_code(code) or ""
    respondent = (
        Respondent.objects.filter(receipt_code=code).select_related("process").first()
        if code
        else None
    )
    if respondent is None:
        _failures(request, increment=True)
        return render(request, "public/receipt.html", {"code": code}, status=404)
    result = outcome(respondent.process, goals=False)
    opinions = as_given(
        opinions_followed(respondent, with_goals=result.goals_public), respondent.process
    )
    context = {
        "respondent": respondent,
        "process": respondent.process,
        "opinions": opinions,
        "timeline": stages.timeline(respondent.process),
        "outcome": result,
    }
    return render(request, "public/receipt.html", context)
