"""The printable feedback brochure: what we asked, what you said, what we did, what happens
next, on two to four A4 pages. The same HTML prints from the browser and, through WeasyPrint,
becomes the PDF to download."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from public.figures import MIN_RESPONDENTS
from public.outcome import outcome
from public.snapshots import published_figures


def context(process, *, for_pdf: bool = False) -> dict:
    numbers = published_figures(process)
    return {
        "process": process,
        "figures": numbers,
        "categories": numbers.tables[0],
        "minimum": MIN_RESPONDENTS,
        "questions": process.questions.order_by("order", "pk"),
        "outcome": outcome(process),
        "lessons": [line.strip() for line in process.lessons.splitlines() if line.strip()],
        "for_pdf": for_pdf,
    }


def pdf(request, process) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which takes a moment

    html = render_to_string("public/brochure.html", context(process, for_pdf=True), request)
    stylesheet = CSS(filename=finders.find("css/brochure.css"))
    document = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_nothing_fetched
    )
    return document.write_pdf(stylesheets=[stylesheet])


def _nothing_fetched(url: str, *args, **kwargs):
    """The brochure needs no file from anywhere: links stay links, nothing is fetched."""
    raise ValueError(f"not fetched: {url}")
