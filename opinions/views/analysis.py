"""The analysis: crosstabs and charts of the coded opinions, and near-duplicates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.crosstabs import DIMENSIONS, MIN_RESPONDENTS, Counts, list_filters
from opinions.analysis.kept import kept
from opinions.analysis.quality import quality
from opinions.forms import (
    ReconcileForm,
)
from opinions.models import Category, KeptFigures, Opinion
from opinions.services.coding import group_code


def _chart(per_category, links: dict[str, str]) -> list[dict]:
    """The rows of the table of opinions per category, each with its bar (a share of the
    largest, in per cent) drawn under the category's name: no script, no internet, and a
    label as whole and as large on a phone as the page's text. Each figure opens the opinions
    behind it (`links`, by category name)."""
    top = max([int(n) for n in per_category["opinions"]] or [0]) or 1
    return [
        {"name": name, "opinions": int(row.opinions), "respondents": int(row.respondents),
         "width": round(100 * int(row.opinions) / top), "link": links.get(name)}
        for name, row in per_category.iterrows()
    ]  # fmt: skip


def _links(process, by: str) -> tuple[dict[str, str], callable]:
    """The coding list filtered to a category's final coding, and to a crosstab cell: staff
    read the opinions behind any figure (the list is theirs; only published figures hide small
    cells)."""
    base = reverse("staff:coding_list", args=[process.slug])
    # By the name the reader reads (in their language, or Swedish where it is not translated).
    ids = {c.name: c.pk for c in Category.objects.for_process(process).in_codebook()}
    links = {name: f"{base}?{urlencode({'final': pk})}" for name, pk in ids.items()}
    field, values = list_filters(process, by)

    def cell(name: str, column: str) -> str | None:
        if name not in ids or column not in values:
            return None
        return f"{base}?{urlencode({'final': ids[name], field: values[column]})}"

    return links, cell


def _crosstab_rows(table, cell) -> list:
    """Per category: each cell's opinions, respondents and the link to its opinions."""
    return [
        (
            name,
            [
                (
                    int(table.opinions.loc[name, column]),
                    int(table.respondents.loc[name, column]),
                    cell(name, str(column)),
                    str(column),
                )
                for column in table.opinions.columns
            ],
        )
        for name in table.opinions.index
    ]


@view_rules("opinions.view_coding", None, obj=process_of)
def analysis_page(request, slug):
    process = process_of(request, slug)
    by = request.GET.get("by", "event_kind")
    if by not in DIMENSIONS:
        by = "event_kind"
    figures = kept(process, KeptFigures.Kind.ANALYSIS)
    counts = Counts(figures.figures)
    table = counts.crosstab(process, by)
    links, cell = _links(process, by)
    crosstab_rows = _crosstab_rows(table, cell)
    bars = _chart(counts.per_category(), links)
    context = {
        "process": process,
        "dimensions": DIMENSIONS,
        "by": by,
        "bars": bars,
        "most": max(bars, key=lambda bar: bar["opinions"], default=None),
        "least": min(bars, key=lambda bar: bar["opinions"], default=None),
        "columns": [str(column) for column in table.opinions.columns],
        "crosstab": crosstab_rows,
        "minimum": MIN_RESPONDENTS,
        "cooccurrence": [
            (name, [int(v) for v in row]) for name, row in counts.cooccurrence().iterrows()
        ],
        "opinions": counts.opinions,
        "kept": figures,
        "quality": quality(process),
    }
    return render(request, "opinions/analysis.html", context)


@view_rules("opinions.view_coding", "opinions.code_opinions", obj=process_of)
def duplicates_page(request, slug):
    """Groups of nearly the same opinions, each codable at once."""
    from opinions.analysis.duplicates import LIMIT, groups

    process = process_of(request, slug)
    found = groups(process)
    if request.method == "POST":
        index = request.POST.get("group", "")
        form = ReconcileForm(request.POST, process=process, prefix="g")
        if index.isdigit() and int(index) < len(found) and form.is_valid():
            members = list(Opinion.objects.filter(pk__in=found[int(index)]))
            try:
                made = group_code(
                    opinions=members,
                    categories=list(form.cleaned_data["categories"]),
                    coder=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(made)d codings were made in a group of %(size)d opinions.")
                    % {"made": made, "size": len(members)},
                )
        else:
            messages.error(request, _("The groups have changed; look again."))
        return redirect("staff:duplicates", slug=process.slug)
    shown = found[:100]
    texts = dict(
        Opinion.objects.filter(pk__in=[pk for group in shown for pk in group]).values_list(
            "pk", "original_text"
        )
    )
    context = {
        "process": process,
        "groups": [
            {"index": i, "texts": [(pk, texts[pk]) for pk in group], "size": len(group)}
            for i, group in enumerate(shown)
        ],
        "total": len(found),
        "in_groups": sum(len(group) for group in found),
        "limit": LIMIT,
        "form": ReconcileForm(process=process, prefix="g"),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
    }
    return render(request, "opinions/duplicates.html", context)
