"""Following up the targets after the adoption."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy.forms import (
    AssessmentForm,
    KoladaForm,
    MeasurementForm,
)
from strategy.models import (
    Goal,
    Measurement,
    Target,
)
from strategy.progress import compared, progress
from strategy.services import follow_up as services
from strategy.views.common import _context, _saved


@view_rules("strategy.view_strategy", "strategy.follow_up", obj=process_of)
def follow_up(request, slug):
    process = process_of(request, slug)
    context = _context(process, "follow_up")
    strategy = context["strategy"]
    goals = list(Goal.objects.for_strategy(strategy).with_sources())
    rows = [
        {
            "goal": goal,
            "targets": [
                {
                    "target": t,
                    "progress": progress(t, t.measurements.all()),
                    "assessment": next(iter(t.assessments.all()), None),
                }
                for t in goal.targets.all()
            ],
        }
        for goal in goals
    ]
    form = KoladaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pages = [(upload.name, upload.read()) for upload in form.cleaned_data["file"]]
        try:
            result = services.kolada_import(strategy=strategy, pages=pages)
        except ValidationError as error:
            add_service_errors(form, error, field="file")
        else:
            return _saved(
                request,
                _(
                    "Kolada: %(created)d new measurements, %(updated)d changed, "
                    "%(unchanged)d already there, %(empty)d without a value, %(removed)d "
                    "withdrawn by Kolada, %(compared)d values of other municipalities to "
                    "compare with."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "empty": result.without_value,
                    "removed": result.removed,
                    "compared": result.compared,
                },
                reverse("staff:follow_up", args=[slug]),
            )
    context.update(rows=rows, form=form)
    return render(request, "strategy/follow_up.html", context)


@view_rules("strategy.follow_up", "strategy.follow_up", obj=process_of)
def target_follow_up(request, slug, pk):
    process = process_of(request, slug)
    context = _context(process, "follow_up")
    target = get_object_or_404(
        Target.objects.with_follow_up().select_related("goal"),
        goal__strategy=context["strategy"],
        pk=pk,
    )
    measurement_form = MeasurementForm(
        request.POST if "measurement" in request.POST else None,
        prefix="measurement",
        instance=Measurement(target=target),
    )
    assessment_form = AssessmentForm(
        request.POST if "assessment" in request.POST else None,
        prefix="assessment",
        initial={"year": timezone.localdate().year},
    )
    url = reverse("staff:target_follow_up", args=[slug, pk])
    if request.method == "POST":
        if "measurement" in request.POST and measurement_form.is_valid():
            try:
                services.measurement_save(measurement=measurement_form.instance)
            except ValidationError as error:
                add_service_errors(measurement_form, error, field=None)
            else:
                return _saved(request, _("The measurement has been saved."), url)
        if "assessment" in request.POST and assessment_form.is_valid():
            data = assessment_form.cleaned_data
            try:
                services.assessment_save(
                    target=target,
                    year=data["year"],
                    verdict=data["verdict"],
                    comment=data["comment"],
                    assessed_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(assessment_form, error, field=None)
            else:
                return _saved(request, _("The assessment has been saved."), url)
    context.update(
        target=target,
        progress=progress(target, target.measurements.all()),
        compared=compared(target.measurements.all(), target.comparisons.all()),
        measurement_form=measurement_form,
        assessment_form=assessment_form,
    )
    return render(request, "strategy/target_follow_up.html", context)
