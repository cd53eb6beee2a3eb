"""The process's documents as PDF/A for the e-archive: every version of the strategy, the
consultation summary (remissammanställning), the decision and the feedback brochure.

PDF/A-2a (ISO 19005-2, level A): fonts embedded, colours with an output intent, the XMP
metadata saying `pdfaid:part="2"`, and tagged, so that the archived copy is as readable to a
screen reader as the published one (DOS-lagen). Written in Swedish, the records' language.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from core.translated import swedish
from strategy.document import render_document, version_document
from strategy.models import Consultation, Decision, DraftVersion, ResponsePoint

PDF_VARIANT = "pdf/a-2a"
STYLE = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; } h3 { font-size: 12pt; }
.municipality, .meta { color: #444; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1em; }
th, td { border: 0.5pt solid #777; padding: 3pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
.cell-label { display: none; }  /* a column's name in each cell, for a phone's cards */
dt { font-weight: bold; }
"""


@dataclass
class Document:
    name: str  # the file's name in the package's documents folder
    record_class: str  # archive/retention.py
    title: str
    pdf: bytes


def documents(process, *, site_url: str) -> list[Document]:
    """Every document of the process, each a PDF/A."""
    with translation.override("sv"), swedish():
        found = [*_versions(process), *_summaries(process), *_decisions(process)]
        found.append(_brochure(process, site_url))
    return found


def _pdf(html: str, stylesheet: str | None = None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which takes a moment

    styles = [CSS(string=STYLE)] if stylesheet is None else [CSS(filename=stylesheet)]
    document = HTML(string=html, base_url="about:blank", url_fetcher=_nothing_fetched)
    return document.write_pdf(stylesheets=styles, pdf_variant=PDF_VARIANT)


def _nothing_fetched(url: str, *args, **kwargs):
    """An archived document is whole in itself: nothing is fetched from anywhere."""
    raise ValueError(f"not fetched: {url}")


def _versions(process) -> list[Document]:
    versions = DraftVersion.objects.filter(strategy__process=process).select_related("strategy")
    found = []
    for version in versions.order_by("number"):
        html = render_to_string(
            "archive/pdf/version.html",
            {
                "process": process,
                "strategy": version.strategy,
                "version": version,
                "html": render_document(version_document(version), top=2).html,
            },
        )
        found.append(
            Document(
                f"strategy-version-{version.number}.pdf",
                "strategy",
                f"{version.strategy.title or process.title}, version {version.number}",
                _pdf(html),
            )
        )
    return found


def _summaries(process) -> list[Document]:
    consultations = (
        Consultation.objects.filter(strategy__process=process)
        .select_related("version")
        .prefetch_related(
            Prefetch("responses__points", ResponsePoint.objects.select_related("changed_in")),
            "responses__consultee",
        )
        .order_by("pk")
    )
    found = []
    for number, consultation in enumerate(consultations, start=1):
        html = render_to_string(
            "archive/pdf/consultation_summary.html",
            {
                "process": process,
                "consultation": consultation,
                "consultees": list(consultation.consultees.with_answers().order_by("name")),
                "responses": list(consultation.responses.all()),
            },
        )
        name = f"consultation-summary-{number}.pdf"
        found.append(Document(name, "consultation", "Remissammanställning", _pdf(html)))
    return found


def _decisions(process) -> list[Document]:
    decisions = Decision.objects.filter(strategy__process=process).select_related(
        "body", "adopted_version"
    )
    found = []
    for number, decision in enumerate(decisions.order_by("meeting_date", "pk"), start=1):
        html = render_to_string(
            "archive/pdf/decision.html", {"process": process, "decision": decision}
        )
        found.append(Document(f"decision-{number}.pdf", "decision", "Beslut", _pdf(html)))
    return found


def _brochure(process, site_url: str) -> Document:
    """The brochure as residents got it (public/brochure.py), with the site's address where
    it tells them to follow their opinion."""
    from public import brochure

    address = urlsplit(site_url)
    request = SimpleNamespace(scheme=address.scheme, get_host=lambda: address.netloc)
    context = {**brochure.context(process, for_pdf=True), "request": request}
    html = render_to_string("public/brochure.html", context)
    pdf = _pdf(html, finders.find("css/brochure.css"))
    return Document("feedback-brochure.pdf", "feedback", "Återkoppling", pdf)
