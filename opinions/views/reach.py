"""Who the dialogue reached, compared with who lives in the municipality."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.representation import UNDER, by_event_kind, comparison
from opinions.formats.population import parse
from opinions.services.reach import figures_save


def _reach_bars(rows) -> list[dict]:
    """Two bars per group, drawn under its name in the table: its share of the respondents
    and its share of the residents, each in per cent of the largest share in the table."""
    shares = [share for row in rows for share in (row.reached_share, row.resident_share)]
    top = max([share or 0 for share in shares] or [0]) or 1
    return [
        {
            "reached": round(100 * (row.reached_share or 0) / top),
            "residents": round(100 * (row.resident_share or 0) / top),
        }
        for row in rows
    ]


def _saved(count: int, found) -> str:
    if found.region:
        return _("%(count)d figures for %(region)s (%(period)s) were saved.") % {
            "count": count,
            "region": found.region,
            "period": found.period,
        }
    return _("%(count)d figures were saved.") % {"count": count}


def _why_not_enter(user, process) -> str:
    return _("Only strategists and administrators enter population figures.")


@view_rules(
    "dialogues.view_process", "opinions.edit_population", obj=process_of, reason=_why_not_enter
)
def reach_page(request, slug):
    """Who was reached against who lives here; figures entered or imported by strategists."""
    from opinions.forms import PopulationForm, PopulationImportForm

    process = process_of(request, slug)
    can_edit = request.user.has_perm("opinions.edit_population", process)
    form = PopulationForm(process=process)
    import_form = PopulationImportForm()
    if request.method == "POST":
        if "file" in request.FILES:
            import_form = PopulationImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                try:
                    found = parse(process, upload.name, upload.read())
                except ValidationError as error:
                    import_form.add_error("file", error.messages)
                else:
                    count = figures_save(process=process, figures=found.figures)
                    messages.success(request, _saved(count, found))
                    return redirect("staff:reach", slug=process.slug)
        else:
            form = PopulationForm(request.POST, process=process)
            if form.is_valid():
                figures_save(process=process, figures=form.figures())
                messages.success(request, _("The population figures are saved."))
                return redirect("staff:reach", slug=process.slug)
    labels = {"age_band": _("Age"), "gender": _("Gender"), "area": _("Area")}
    compared = comparison(process)
    sections = [
        {
            "dimension": dimension,
            "label": labels[dimension],
            "rows": list(zip(rows, _reach_bars(rows), strict=True)),
            "fields": form.fields_of(dimension),
            "by_kind": by_event_kind(process, dimension),
        }
        for dimension, rows in compared.items()
    ]
    context = {
        "process": process,
        "sections": sections,
        "form": form,
        "import_form": import_form,
        "can_edit": can_edit,
        "under": int(UNDER * 100),
    }
    return render(request, "opinions/reach.html", context)
