"""Suggested categories and proposed themes, for a person to accept or not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.models import (
    Category,
    Suggestion,
)
from opinions.services.codebook import theme_to_category
from opinions.services.suggestions import suggestion_threshold_set, suggestions_request


def _percent(figures: dict) -> int | None:
    share = figures.get("without_suggestion")
    return None if share is None else round(100 * share)


def _theme_to_category(request, process):
    try:
        category = theme_to_category(
            process=process,
            name=request.POST.get("name", ""),
            examples=request.POST.getlist("example"),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(
        request,
        _("%(category)s is in the codebook. Give it a better name and a definition.")
        % {"category": category.name},
    )
    return redirect("staff:category_edit", slug=process.slug, pk=category.pk)


def _threshold_choose(request, process) -> None:
    model = process.suggestion_models.first()
    try:
        threshold = float(request.POST.get("threshold", ""))
    except ValueError:
        threshold = None
    if model is None:
        messages.error(request, _("Train a model first."))
        return
    try:
        suggestion_threshold_set(model=model, threshold=threshold)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Categories are suggested from %(percent)s %% sure.")
            % {"percent": round(model.threshold * 100)},
        )


def _model_context(process, model) -> dict:
    """The model's held-out figures at the chosen threshold, and each choice with its own."""
    from opinions.analysis.learning import THRESHOLDS, category_names
    from opinions.analysis.quality import held_out_at

    names, figures, quality, choices = {}, {}, [], []
    if model and model.status == model.Status.DONE:
        names = category_names(model.quality, process)
        figures = held_out_at(model.quality, model.threshold)
        quality = [
            {"name": names.get(pk, pk), **row}
            for pk, row in figures.get("per_category", {}).items()
        ]
        measured = model.quality.get("by_threshold", {})
        for threshold in (t for t in THRESHOLDS if str(t) in measured):
            at = held_out_at(model.quality, threshold)
            choices.append(
                {
                    "value": threshold,
                    "percent": round(threshold * 100),
                    "chosen": threshold == model.threshold,
                    **at,
                    "without_percent": _percent(at),
                }
            )
    not_learnt = (model.quality or {}).get("not_learnt", []) if model else []
    return {
        "model": model,
        "quality": quality,
        "not_learnt": [names.get(pk, pk) for pk in not_learnt],
        "figures": figures,
        "threshold_percent": round(model.threshold * 100) if model else None,
        "without_percent": _percent(figures) if figures else None,
        "choices": choices,
    }


@view_rules("opinions.view_coding", "opinions.code_opinions", obj=process_of)
def suggestions_page(request, slug):
    """How good the suggestions are, how sure they must be, a button to train anew, and
    themes (before a codebook, and of the opinions it does not hold yet)."""
    from opinions.analysis.themes import themes

    process = process_of(request, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "theme":
            if made := _theme_to_category(request, process):
                return made
        elif action == "threshold":
            _threshold_choose(request, process)
        else:
            suggestions_request(process=process, by=request.user)
            messages.success(request, _("The model is being trained. This page follows it."))
        return redirect("staff:suggestions", slug=process.slug)
    model = process.suggestion_models.select_related("requested_by").first()
    wanted = request.GET.get("themes")
    context = {
        "process": process,
        **_model_context(process, model),
        "pending": Suggestion.objects.shown().filter(model__process=process).count(),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
        "themes": themes(process, uncoded=wanted == "uncoded") if wanted else None,
        "uncoded_themes": wanted == "uncoded",
        "has_codebook": Category.objects.for_process(process).exists(),
    }
    template = "opinions/suggestions.html"
    if request.htmx:
        template += "#model"
    return render(request, template, context)
