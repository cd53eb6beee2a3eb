"""Open data of a process: the published opinions with their categories, and the figures,
as CSV and JSON under CC BY 4.0. Only what the public pages show: approved opinions in their
published (redacted) text, and no figure with fewer than MIN_RESPONDENTS respondents."""

from __future__ import annotations

import csv
import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from core import translated
from core.public_ids import public_id
from opinions.formats.codebook_files import neutralise
from opinions.models import FinalCoding, Opinion
from public.figures import MIN_RESPONDENTS
from public.snapshots import published_figures

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
OPINION_FIELDS = ["id", "recorded", "event", "event_kind", "question", "text", "categories"]
STATISTICS_FIELDS = ["table", "label", "opinions", "respondents"]


def _opinion_rows(process):
    published = Opinion.objects.for_process(process).published()
    categories: dict[int, list[str]] = {}
    for opinion_id, name in (
        FinalCoding.objects.filter(opinion__in=published)
        .order_by("category__order", "category__name")
        .values_list("opinion_id", translated.lookup("category__name"))
    ):
        categories.setdefault(opinion_id, []).append(name)
    rows = published.order_by("recorded_at", "pk").values_list(
        "pk",
        "recorded_at",
        translated.lookup("event__title"),
        "event__kind",
        translated.lookup("question__text"),
        "published_text",
    )
    for pk, recorded, event, kind, question, text in rows.iterator(chunk_size=5000):
        yield {
            "id": public_id("opinion", pk),
            "recorded": timezone.localdate(recorded).isoformat(),
            "event": event or "",
            "event_kind": kind or "",
            "question": question or "",
            "text": text,
            "categories": categories.get(pk, []),
        }


def _statistics_rows(process):
    numbers = published_figures(process)
    for table in numbers.tables:
        for cell in table.cells:
            yield {
                "table": table.key,
                "label": cell.label,
                "opinions": cell.value,
                "respondents": cell.respondents if cell.shown else None,
            }


def _meta(process, base: str, what: str) -> dict:
    return {
        "title": f"{process.title}: {what}",
        "publisher": process.municipality,
        "licence": LICENCE,
        "source": base.rstrip("/") + f"/dialog/{process.slug}/",
        "generated": timezone.now().isoformat(timespec="seconds"),
        "note": _(
            "Only opinions approved for publication, in their published text. A figure with "
            "fewer than %(minimum)d respondents is left out (null)."
        )
        % {"minimum": MIN_RESPONDENTS},
    }


def _csv(rows, fields: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: neutralise("; ".join(value) if isinstance(value, list) else str(value))
                if value is not None
                else ""
                for key, value in row.items()
            }
        )
    return out.getvalue()


def opinions_file(process, fmt: str, *, base: str) -> str:
    if fmt == "csv":
        return _csv(_opinion_rows(process), OPINION_FIELDS)
    document = _meta(process, base, _("published opinions"))
    document["opinions"] = list(_opinion_rows(process))
    return json.dumps(document, ensure_ascii=False, indent=1)


def statistics_file(process, fmt: str, *, base: str) -> str:
    if fmt == "csv":
        return _csv(_statistics_rows(process), STATISTICS_FIELDS)
    document = _meta(process, base, _("statistics"))
    document["statistics"] = list(_statistics_rows(process))
    return json.dumps(document, ensure_ascii=False, indent=1)


FILES = {"opinions": opinions_file, "statistics": statistics_file}
