"""The remiss: sending it, the responses, the points and how each was handled, and the summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy import summary
from strategy.forms import (
    AddPointForm,
    ConsultationForm,
    ConsulteeForm,
    PointForm,
    ResponseForm,
)
from strategy.models import (
    Consultation,
    DraftVersion,
    Response,
    ResponsePoint,
)
from strategy.services import consultation as services
from strategy.views.common import _context, _saved


def _consultation(process, pk) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("version", "strategy"),
        strategy__process=process,
        pk=pk,
    )


@view_rules("strategy.view_strategy", None, obj=process_of)
def consultation_list(request, slug):
    process = process_of(request, slug)
    context = _context(process, "consultation")
    consultations = (
        Consultation.objects.for_strategy(context["strategy"])
        .select_related("version")
        .annotate(
            consultee_count=Count("consultees", distinct=True),
            response_count=Count("responses", distinct=True),
        )
    )
    context["consultations"] = consultations
    return render(request, "strategy/consultation_list.html", context)


@view_rules("strategy.run_consultation", "strategy.run_consultation", obj=process_of)
def consultation_create(request, slug):
    process = process_of(request, slug)
    context = _context(process, "consultation")
    strategy = context["strategy"]
    candidates = DraftVersion.objects.for_strategy(strategy).exclude(
        status=DraftVersion.Status.FINAL
    )
    version = candidates.filter(number=request.POST.get("version") or request.GET.get("version"))
    version = version.first() or candidates.order_by("-number").first()
    if version is None:
        messages.error(request, _("Write a draft version first; the consultation sends one out."))
        return redirect("staff:version_list", slug)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_send(
                version=version,
                sent_on=data["sent_on"],
                deadline=data["deadline"],
                consultees=data["consultees"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(
                request,
                _("Version %(number)d has been sent out for consultation.")
                % {"number": version.number},
                reverse("staff:consultation_detail", args=[slug, consultation.pk]),
            )
    context.update(form=form, version=version, candidates=candidates)
    return render(request, "strategy/consultation_form.html", context)


def _points_prefetch():
    return Prefetch(
        "responses",
        queryset=Response.objects.select_related("consultee").prefetch_related(
            Prefetch(
                "points",
                queryset=ResponsePoint.objects.select_related("changed_in", "disposed_by"),
            )
        ),
    )


@view_rules("strategy.view_strategy", "strategy.run_consultation", obj=process_of)
def consultation_detail(request, slug, pk):
    process = process_of(request, slug)
    consultation = get_object_or_404(
        Consultation.objects.select_related("version").prefetch_related(_points_prefetch()),
        strategy__process=process,
        pk=pk,
    )
    context = _context(process, "consultation")
    can_run = request.user.has_perm("strategy.run_consultation", process)
    consultee_form = ConsulteeForm(request.POST or None, prefix="consultee")
    if request.method == "POST" and consultee_form.is_valid():
        try:
            services.consultee_add(
                consultation=consultation,
                name=consultee_form.cleaned_data["name"],
                kind=consultee_form.cleaned_data["kind"],
                email=consultee_form.cleaned_data["email"],
            )
        except ValidationError as error:
            add_service_errors(consultee_form, error, field="name")
        else:
            return _saved(
                request,
                _("The consultee has been added."),
                reverse("staff:consultation_detail", args=[slug, pk]),
            )
    consultees = list(consultation.consultees.with_answers().order_by("name"))
    today = timezone.localdate()
    points = [p for r in consultation.responses.all() for p in r.points.all()]
    days_left = (consultation.deadline - today).days if consultation.deadline else None
    context.update(
        consultation=consultation,
        consultees=consultees,
        waiting=[c for c in consultees if not c.response_count],
        days_left=days_left,
        reminder_due=days_left is not None and 0 <= days_left <= 14,
        closed=days_left is not None and days_left < 0,
        undecided=sum(1 for p in points if not p.disposition),
        point_count=len(points),
        consultee_form=consultee_form,
        can_run=can_run,
    )
    return render(request, "strategy/consultation_detail.html", context)


@view_rules("strategy.run_consultation", "strategy.run_consultation", obj=process_of)
def response_create(request, slug, pk):
    process = process_of(request, slug)
    consultation = _consultation(process, pk)
    context = _context(process, "consultation", consultation=consultation)
    form = ResponseForm(
        request.POST or None,
        request.FILES or None,
        consultation=consultation,
        initial={"consultee": request.GET.get("consultee")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.response_record(
                consultation=consultation,
                consultee=data["consultee"],
                new_consultee=data["new_consultee"],
                received_on=data["received_on"],
                case_number=data["case_number"],
                text=data["text"],
                file=data["file"],
                position=data["position"],
                points=data["points"].splitlines(),
                registered_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(
                request,
                _("The response has been registered."),
                reverse("staff:consultation_detail", args=[slug, pk]),
            )
    return render(request, "strategy/response_form.html", {**context, "form": form})


@view_rules("strategy.view_strategy", None, obj=process_of)
def response_file(request, slug, pk):
    response = get_object_or_404(Response, consultation__strategy__process__slug=slug, pk=pk)
    if not response.file:
        raise Http404
    return FileResponse(
        response.file.open("rb"),
        as_attachment=True,
        filename=f"remissvar-{response.pk}.pdf",
        content_type="application/pdf",
    )


@view_rules("strategy.run_consultation", "strategy.run_consultation", obj=process_of)
def point_edit(request, slug, pk):
    """The disposition of one point: how it was handled, why, and in which version."""
    process = process_of(request, slug)
    point = get_object_or_404(
        ResponsePoint.objects.select_related("response__consultee", "response__consultation"),
        response__consultation__strategy__process=process,
        pk=pk,
    )
    consultation = point.response.consultation
    context = _context(process, "consultation", consultation=consultation, point=point)
    form = PointForm(request.POST or None, instance=point, strategy=context["strategy"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.point_dispose(
                point=point,
                disposition=data["disposition"],
                reason=data["reason"],
                changed_in=data["changed_in"],
                disposed_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(
                request,
                _("The point's disposition has been saved."),
                reverse("staff:consultation_detail", args=[slug, consultation.pk])
                + f"#point-{point.pk}",
            )
    context.update(form=form, history=history.of(point))
    return render(request, "strategy/point_form.html", context)


@view_rules(None, "strategy.run_consultation", obj=process_of)
def point_add(request, slug, pk):
    process = process_of(request, slug)
    response = get_object_or_404(
        Response.objects.select_related("consultation"),
        consultation__strategy__process=process,
        pk=pk,
    )
    form = AddPointForm(request.POST)
    if form.is_valid():
        services.point_add(response=response, summary=form.cleaned_data["summary"])
        messages.success(request, _("The point has been added."))
    else:
        messages.error(request, _("Write the point."))
    return redirect(
        reverse("staff:consultation_detail", args=[slug, response.consultation_id])
        + f"#response-{response.pk}"
    )


def _summary_context(process, pk) -> dict:
    consultation = get_object_or_404(
        Consultation.objects.select_related("version", "strategy").prefetch_related(
            _points_prefetch()
        ),
        strategy__process=process,
        pk=pk,
    )
    return {
        "process": process,
        "consultation": consultation,
        "consultees": list(consultation.consultees.with_answers().order_by("name")),
        "responses": list(consultation.responses.all()),
    }


@view_rules("strategy.view_strategy", None, obj=process_of)
def consultation_summary(request, slug, pk):
    """The remissammanställning, printable."""
    process = process_of(request, slug)
    return render(request, "strategy/consultation_summary.html", _summary_context(process, pk))


@view_rules("strategy.view_strategy", None, obj=process_of)
def consultation_summary_docx(request, slug, pk):
    process = process_of(request, slug)
    context = _summary_context(process, pk)
    data = summary.docx(**context)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"remissammanstallning-{process.slug}-{pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
