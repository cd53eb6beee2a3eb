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
from opinions.services.suggestions import suggestions_request


@view_rules("opinions.view_coding", "opinions.code_opinions", obj=process_of)
def suggestions_page(request, slug):
    """How good the suggestions are, a button to train anew, and themes before a codebook."""
    from opinions.analysis.learning import category_names
    from opinions.analysis.themes import themes

    process = process_of(request, slug)
    if request.method == "POST":
        if request.POST.get("action") == "theme":
            try:
                category = theme_to_category(
                    process=process,
                    name=request.POST.get("name", ""),
                    examples=request.POST.getlist("example"),
                    by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(category)s is in the codebook. Give it a better name and a definition.")
                    % {"category": category.name},
                )
                return redirect("staff:category_edit", slug=process.slug, pk=category.pk)
        else:
            suggestions_request(process=process, by=request.user)
            messages.success(request, _("The model is being trained. This page follows it."))
        return redirect("staff:suggestions", slug=process.slug)
    model = process.suggestion_models.select_related("requested_by").first()
    quality = []
    names = {}
    if model and model.status == model.Status.DONE:
        names = category_names(model.quality, process)
        quality = [
            {"name": names.get(pk, pk), **figures}
            for pk, figures in model.quality.get("per_category", {}).items()
        ]
    context = {
        "process": process,
        "model": model,
        "quality": quality,
        "not_learnt": [names.get(pk, pk) for pk in (model.quality or {}).get("not_learnt", [])]
        if model
        else [],
        "pending": Suggestion.objects.filter(
            model__process=process, decision=Suggestion.Decision.PENDING
        ).count(),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
        "themes": themes(process, uncoded=request.GET.get("themes") == "uncoded")
        if request.GET.get("themes")
        else None,
        "uncoded_themes": request.GET.get("themes") == "uncoded",
        "has_codebook": Category.objects.for_process(process).exists(),
    }
    template = "opinions/suggestions.html"
    if request.htmx:
        template += "#model"
    return render(request, template, context)
