"""An event's opinions, one opinion with its history, and its correction or deletion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import history
from core.pages import IdsFirstPaginator
from core.permissions import view_rules
from dialogues.lookups import event_of
from opinions.forms import (
    OpinionCorrectForm,
    OpinionDeleteForm,
    add_service_errors,
)
from opinions.models import Coding, FinalCoding, Opinion
from opinions.services import records as services

EVENT_PAGE_SIZE = 50


def _opinion(request, pk, **kwargs) -> Opinion:
    return get_object_or_404(Opinion.objects.select_related("process"), pk=pk)


@view_rules("dialogues.view_dialogueevent", None, obj=event_of)
def event_opinions(request, slug, event_slug):
    """The event's opinions, oldest first, a page at a time (an event may hold 100,000)."""
    event = event_of(request, slug, event_slug)
    opinions = Opinion.objects.for_event(event).with_history().order_by("recorded_at", "pk")
    page = IdsFirstPaginator(opinions, EVENT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"event": event, "process": event.process, "page": page}
    return render(request, "opinions/event_opinions.html", context)


@view_rules("opinions.view_opinion", None, obj=_opinion)
def opinion_detail(request, pk):
    opinion = get_object_or_404(
        Opinion.objects.with_history().select_related("process", "event"), pk=pk
    )
    context = {
        "opinion": opinion,
        "process": opinion.process,
        "versions": opinion.versions.all(),
        "history": _opinion_history(opinion),
    }
    return render(request, "opinions/opinion_detail.html", context)


def _opinion_history(opinion) -> list:
    """The opinion's own changes, and every coding and final coding made or taken away."""

    def what(record) -> str:
        if isinstance(record, Coding.history.model):
            coder = record.coder.get_full_name() or record.coder.username if record.coder else ""
            return _("%(category)s by %(coder)s") % {"category": record.category, "coder": coder}
        if isinstance(record, FinalCoding.history.model):
            return _("final category %(category)s") % {"category": record.category}
        return _("the opinion")

    records = [
        *opinion.history.select_related("history_user"),
        *Coding.history.filter(opinion_id=opinion.pk).select_related(
            "history_user", "category", "coder"
        ),
        *FinalCoding.history.filter(opinion_id=opinion.pk).select_related(
            "history_user", "category"
        ),
    ]
    return history.entries(records, what=what)


@view_rules("opinions.change_opinion", "opinions.change_opinion", obj=_opinion)
def opinion_correct(request, pk):
    opinion = get_object_or_404(Opinion.objects.with_history().select_related("process"), pk=pk)
    form = OpinionCorrectForm(request.POST or None, initial={"text": opinion.current_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_correct(
                opinion=opinion,
                text=form.cleaned_data["text"],
                corrected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="text")
        else:
            messages.success(request, _("The correction is saved as a new version."))
            return redirect("staff:opinion_detail", pk=opinion.pk)
    context = {"opinion": opinion, "process": opinion.process, "form": form}
    return render(request, "opinions/opinion_correct.html", context)


@view_rules("opinions.change_opinion", "opinions.change_opinion", obj=_opinion)
def opinion_delete(request, pk):
    opinion = get_object_or_404(Opinion.objects.with_history().select_related("process"), pk=pk)
    form = OpinionDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_delete(
                opinion=opinion, deleted_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, _("The opinion is marked deleted; it stays in the record."))
            return redirect("staff:opinion_detail", pk=opinion.pk)
    context = {"opinion": opinion, "process": opinion.process, "form": form}
    return render(request, "opinions/opinion_delete.html", context)
