"""The analysis: crosstabs and charts of the coded opinions, and near-duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.crosstabs import (
    DIMENSIONS,
    MIN_RESPONDENTS,
    cooccurrence,
    crosstab,
    frame,
    per_category,
)
from opinions.forms import (
    ReconcileForm,
)
from opinions.models import (
    Opinion,
)
from opinions.services.coding import group_code


def _chart(per_category) -> list[dict]:
    """Bars for an SVG chart drawn on the server: no script, no internet."""
    top = max([int(n) for n in per_category["opinions"]] or [0]) or 1
    return [
        {"name": name, "opinions": int(row.opinions), "respondents": int(row.respondents),
         "width": round(400 * int(row.opinions) / top), "y": 28 * i}
        for i, (name, row) in enumerate(per_category.iterrows())
    ]  # fmt: skip


@view_rules("opinions.view_coding", None, obj=process_of)
def analysis_page(request, slug):
    process = process_of(request, slug)
    by = request.GET.get("by", "event_kind")
    if by not in DIMENSIONS:
        by = "event_kind"
    data = frame(process)
    counts = per_category(process, data)
    table = crosstab(process, by, data)
    crosstab_rows = [
        (
            name,
            [
                (int(table.opinions.loc[name, column]), int(table.respondents.loc[name, column]))
                for column in table.opinions.columns
            ],
        )
        for name in table.opinions.index
    ]
    both = cooccurrence(process, data)
    bars = _chart(counts)
    context = {
        "process": process,
        "dimensions": DIMENSIONS,
        "by": by,
        "bars": bars,
        "chart_height": 28 * len(bars),
        "most": max(bars, key=lambda bar: bar["opinions"], default=None),
        "least": min(bars, key=lambda bar: bar["opinions"], default=None),
        "columns": [str(column) for column in table.opinions.columns],
        "crosstab": crosstab_rows,
        "minimum": MIN_RESPONDENTS,
        "cooccurrence": [(name, [int(v) for v in row]) for name, row in both.iterrows()],
        "opinions": data["opinion"].nunique() if not data.empty else 0,
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
