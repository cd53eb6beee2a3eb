"""The printable feedback brochure: what we asked, what you said, what we did, what happens
next, on two to four A4 pages. The same HTML prints from the browser and, through WeasyPrint,
becomes the PDF to download."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from core.translated import in_page_language
from opinions.models import FinalCoding
from public.figures import MIN_RESPONDENTS
from public.outcome import outcome
from public.snapshots import published_figures


def context(process, *, for_pdf: bool = False) -> dict:
    numbers = published_figures(process)
    result = outcome(process)
    _quotes(result.goals)
    return {
        "process": process,
        "figures": numbers,
        "categories": numbers.tables[0],
        "minimum": MIN_RESPONDENTS,
        "questions": process.questions.order_by("order", "pk"),
        "outcome": result,
        "lessons": in_page_language(process, "lessons").lines(),
        "for_pdf": for_pdf,
    }


def _quotes(goals) -> None:
    """Give each goal its quote (`goal.quote`, or None): one of the published opinions the goal
    cites, the one most about the goal (the largest share of what it was sorted under among the
    goal's categories), and never one that another goal quotes. The best pairs are taken first,
    so that a goal whose one good quote another goal also cites keeps it."""
    cited = {opinion.pk for goal in goals for opinion in goal.published_opinions}
    sorted_under = defaultdict(set)
    for opinion, category in FinalCoding.objects.filter(opinion__in=cited).values_list(
        "opinion_id", "category_id"
    ):
        sorted_under[opinion].add(category)
    pairs = []
    for number, goal in enumerate(goals):
        goal.quote = None
        about = {category.pk for category in goal.categories.all()}
        for rank, opinion in enumerate(goal.published_opinions):
            under = sorted_under[opinion.pk]
            share = len(under & about) / len(under) if under else 0.0
            pairs.append((-share, number, rank, goal, opinion))
    quoted = set()
    for *_order, goal, opinion in sorted(pairs, key=lambda pair: pair[:3]):
        if goal.quote is None and opinion.pk not in quoted:
            goal.quote = opinion
            quoted.add(opinion.pk)


def pdf(request, process) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which takes a moment

    html = render_to_string("public/brochure.html", context(process, for_pdf=True), request)
    stylesheet = CSS(filename=finders.find("css/brochure.css"))
    document = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_nothing_fetched
    )
    # Tagged (PDF/UA-1): a structure tree for screen readers, the language of <html lang> and
    # the <title> shown as the window's title, as DOS-lagen asks of a public site's documents.
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def _nothing_fetched(url: str, *args, **kwargs):
    """The brochure needs no file from anywhere: links stay links, nothing is fetched."""
    raise ValueError(f"not fetched: {url}")
