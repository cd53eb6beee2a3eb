"""Agreement between coders on the double-coded sample, and reconciling where they differ."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.pages import IdsFirstPaginator
from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.agreement import kept_agreement
from opinions.analysis.kept import kept
from opinions.forms import (
    ReconcileForm,
    SampleForm,
    add_service_errors,
)
from opinions.models import Category, CodingChange, KeptFigures, Opinion
from opinions.rules import why_not_code
from opinions.services.coding import CodingConflict, opinion_reconcile, sample_draw
from opinions.views.coding import PAGE_SIZE


@view_rules("opinions.view_coding", "opinions.draw_sample", obj=process_of)
def coding_agreement(request, slug):
    process = process_of(request, slug)
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sample = sample_draw(process=process, share=form.cleaned_data["share"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, field="share")
        else:
            messages.success(
                request,
                _("%(count)d opinions are drawn for double coding.")
                % {"count": sample.opinions.count()},
            )
            return redirect("staff:coding_agreement", slug=process.slug)
    figures = kept(process, KeptFigures.Kind.AGREEMENT)
    context = {
        "process": process,
        "form": form,
        "agreement": kept_agreement(figures.figures),
        "can_draw": request.user.has_perm("opinions.draw_sample", process),
        "disagreements": figures.figures["disagreements"],
        "kept": figures,
    }
    return render(request, "opinions/coding_agreement.html", context)


@view_rules("opinions.view_coding", None, obj=process_of)
def reconcile_list(request, slug):
    """Every opinion whose coders disagree, with each coder's categories, to settle."""
    process = process_of(request, slug)
    opinions = (
        Opinion.objects.for_process(process)
        .for_coding()
        .filter(status="registered", reconciliation__isnull=True)
        .in_disagreement()
        .prefetch_related("versions")  # each shows its current text
    )
    page = IdsFirstPaginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    revisions = dict(
        CodingChange.objects.filter(opinion__in=list(page))
        .values("opinion")
        .annotate(last=Max("pk"))
        .values_list("opinion", "last")
    )
    codebook = list(Category.objects.for_process(process).in_codebook())
    rows = []
    for opinion in page:
        by_coder: dict = {}
        for c in opinion.codings.all():
            by_coder.setdefault(c.coder, []).append(c.category)
        agreed = set.intersection(*({c.pk for c in cats} for cats in by_coder.values()))
        rows.append(
            {
                "opinion": opinion,
                "by_coder": by_coder,
                "form": ReconcileForm(
                    process=process,
                    codebook=codebook,
                    initial={"categories": list(agreed)},
                    prefix=f"o{opinion.pk}",
                ),
                "revision": revisions.get(opinion.pk, 0),
            }
        )
    context = {"process": process, "page": page, "rows": rows}
    return render(request, "opinions/reconcile.html", context)


@view_rules("opinions.code_opinions", "opinions.code_opinions", obj=process_of, reason=why_not_code)
def reconcile_opinion(request, slug, pk):
    process = process_of(request, slug)
    opinion = get_object_or_404(Opinion.objects.for_process(process), pk=pk)
    if request.method != "POST":
        return redirect("staff:reconcile_list", slug=process.slug)
    form = ReconcileForm(request.POST, process=process, prefix=f"o{opinion.pk}")
    seen = request.POST.get("seen", "")
    if form.is_valid():
        try:
            opinion_reconcile(
                opinion=opinion,
                categories=list(form.cleaned_data["categories"]),
                by=request.user,
                seen=int(seen) if seen.isdigit() else None,
            )
        except CodingConflict as conflict:
            messages.error(
                request,
                _("Not saved: %(changes)s changed the opinion meanwhile. Look again.")
                % {"changes": ", ".join(str(change.user) for change in conflict.changes)},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The final coding is settled."))
    return redirect("staff:reconcile_list", slug=process.slug)
