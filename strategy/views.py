"""Staff pages of the strategy: content and weaving, drafts and review, the remiss, the
decision and the follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy import document, services, summary
from strategy.forms import (
    AddPointForm,
    AssessmentForm,
    CommentForm,
    ConsultationForm,
    ConsulteeForm,
    DecisionForm,
    GoalForm,
    KoladaForm,
    MeasurementForm,
    PointForm,
    PolicyInputForm,
    ResponseForm,
    StrategyForm,
    TargetForm,
    VersionStatusForm,
    VersionTextForm,
)
from strategy.models import (
    Consultation,
    Decision,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    ReviewComment,
    Target,
)
from strategy.progress import progress
from strategy.weaving import weaving
from sunnemodel import history
from sunnemodel.permissions import permission_required


def _context(process, tab: str, **extra) -> dict:
    strategy = services.strategy_for(process)
    return {
        "process": process,
        "strategy": strategy,
        "tab": tab,
        "locked": services.is_locked(strategy),
        **extra,
    }


def _saved(request, message: str, url: str):
    messages.success(request, message)
    return redirect(url)


# The strategy and where it comes from ---------------------------------------------------------


@permission_required("strategy.view_strategy", fn=process_of)
def strategy_page(request, slug):
    """Vision, goals and targets, the inputs beside the opinions, and the weaving matrix."""
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    context.update(
        weaving=weaving(strategy),
        inputs=PolicyInput.objects.filter(strategy=strategy),
    )
    return render(request, "strategy/strategy.html", context)


@permission_required("strategy.change_strategy", fn=process_of)
def strategy_edit(request, slug):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    form = StrategyForm(request.POST or None, instance=context["strategy"])
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(strategy=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The vision has been saved."), _strategy_url(process))
    return render(request, "strategy/form.html", {**context, "form": form, "title": _("Vision")})


def _strategy_url(process) -> str:
    return reverse("staff:strategy", args=[process.slug])


@permission_required("strategy.change_strategy", fn=process_of)
def policy_input_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    instance = (
        get_object_or_404(PolicyInput, strategy=strategy, pk=pk)
        if pk
        else PolicyInput(strategy=strategy)
    )
    form = PolicyInputForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_input_save(policy_input=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The input has been saved."), _strategy_url(process))
    title = _("Other input: political will, place brand, regional strategy")
    return render(request, "strategy/form.html", {**context, "form": form, "title": title})


@permission_required("strategy.change_strategy", fn=process_of)
def goal_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    goal = get_object_or_404(Goal, strategy=strategy, pk=pk) if pk else Goal(strategy=strategy)
    form = GoalForm(request.POST or None, instance=goal, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(
                goal=form.instance,
                categories=list(form.cleaned_data["categories"]),
                opinions=form.cleaned_data["opinion_ids"],
                policy_inputs=list(form.cleaned_data["policy_inputs"]),
            )
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The goal has been saved."), _strategy_url(process))
    cited = goal.opinions.order_by("pk") if goal.pk else []
    context.update(form=form, goal=goal, cited=cited, history=history.of(goal) if goal.pk else None)
    return render(request, "strategy/goal_form.html", context)


@permission_required("strategy.change_strategy", fn=process_of)
def target_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    target = get_object_or_404(Target, goal__strategy=strategy, pk=pk) if pk else Target()
    initial = {"goal": request.GET.get("goal")} if not pk else None
    form = TargetForm(request.POST or None, instance=target, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(target=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The target has been saved."), _strategy_url(process))
    title = _("Measurable target")
    delete_url = reverse("staff:target_delete", args=[slug, target.pk]) if target.pk else None
    context.update(
        form=form,
        title=title,
        delete_url=delete_url,
        history=history.of(target) if target.pk else None,
    )
    return render(request, "strategy/form.html", context)


def _delete(request, process, delete, obj, done: str):
    try:
        delete(obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, done)
    return redirect(_strategy_url(process))


@permission_required("strategy.change_strategy", fn=process_of)
@require_POST
def goal_delete(request, slug, pk):
    process = process_of(request, slug)
    goal = get_object_or_404(Goal, strategy__process=process, pk=pk)
    done = _delete(
        request, process, lambda g: services.goal_delete(goal=g), goal, _("The goal is removed.")
    )
    return done or redirect("staff:goal_edit", slug, pk)


@permission_required("strategy.change_strategy", fn=process_of)
@require_POST
def target_delete(request, slug, pk):
    process = process_of(request, slug)
    target = get_object_or_404(
        Target.objects.select_related("goal__strategy"), goal__strategy__process=process, pk=pk
    )
    done = _delete(
        request,
        process,
        lambda t: services.target_delete(target=t),
        target,
        _("The target is removed."),
    )
    return done or redirect("staff:target_edit", slug, pk)


# Drafts and review ----------------------------------------------------------------------------


def _version(process, number) -> DraftVersion:
    return get_object_or_404(
        DraftVersion.objects.select_related("strategy", "created_by"),
        strategy__process=process,
        number=number,
    )


@permission_required("strategy.view_strategy", fn=process_of)
def version_list(request, slug):
    process = process_of(request, slug)
    context = _context(process, "versions")
    if request.method == "POST":
        if not request.user.has_perm("strategy.change_strategy", process):
            raise PermissionDenied
        version = services.version_create(strategy=context["strategy"], created_by=request.user)
        return _saved(
            request,
            _("Version %(number)d has been started.") % {"number": version.number},
            reverse("staff:version_edit", args=[slug, version.number]),
        )
    versions = (
        DraftVersion.objects.for_strategy(context["strategy"])
        .with_comment_counts()
        .select_related("created_by")
        .order_by("-number")
    )
    return render(request, "strategy/version_list.html", {**context, "versions": versions})


@permission_required("strategy.view_strategy", fn=process_of)
def version_detail(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    context = _context(process, "versions")
    comments = version.comments.select_related("author", "resolved_by")
    context.update(
        version=version,
        html=document.render_markdown(document.version_document(version)),
        comments=comments,
        comment_form=CommentForm(),
        status_form=VersionStatusForm(initial={"status": version.status}),
        decision=Decision.objects.filter(adopted_version=version).select_related("body").first(),
        other_versions=DraftVersion.objects.for_strategy(version.strategy).exclude(pk=version.pk),
        history=history.of(version),
    )
    return render(request, "strategy/version_detail.html", context)


@permission_required("strategy.change_strategy", fn=process_of)
def version_edit(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    context = _context(process, "versions", version=version)
    if version.is_frozen:
        messages.error(
            request,
            _("Version %(number)d was sent out or adopted and can no longer be edited.")
            % {"number": version.number},
        )
        return redirect("staff:version_detail", slug, number)
    form = VersionTextForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(version=version, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error, field="text")
        else:
            return _saved(
                request,
                _("Version %(number)d has been saved.") % {"number": version.number},
                reverse("staff:version_detail", args=[slug, number]),
            )
    return render(request, "strategy/version_edit.html", {**context, "form": form})


@permission_required("strategy.change_strategy", fn=process_of)
@require_POST
def version_status(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    form = VersionStatusForm(request.POST)
    if form.is_valid():
        try:
            version = services.version_set_status(
                version=version, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Version %(number)d is now “%(status)s”.")
                % {"number": version.number, "status": version.get_status_display()},
            )
    return redirect("staff:version_detail", slug, number)


@permission_required("strategy.add_reviewcomment", fn=process_of)
@require_POST
def comment_add(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(version=version, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect(reverse("staff:version_detail", args=[slug, number]) + "#comments")


@permission_required("strategy.resolve_reviewcomment", fn=process_of)
@require_POST
def comment_resolve(request, slug, pk):
    comment = get_object_or_404(
        ReviewComment.objects.select_related("version"),
        version__strategy__process__slug=slug,
        pk=pk,
    )
    resolved = request.POST.get("resolved", "1") == "1"
    services.comment_resolve(comment=comment, resolved_by=request.user, resolved=resolved)
    return redirect(
        reverse("staff:version_detail", args=[slug, comment.version.number]) + "#comments"
    )


@permission_required("strategy.view_strategy", fn=process_of)
def version_compare(request, slug):
    process = process_of(request, slug)
    context = _context(process, "versions")
    versions = list(DraftVersion.objects.for_strategy(context["strategy"]).order_by("number"))
    numbers = [v.number for v in versions]
    try:
        old_number = int(request.GET.get("from") or (numbers[-2] if len(numbers) > 1 else 0))
        new_number = int(request.GET.get("to") or (numbers[-1] if numbers else 0))
    except ValueError as error:
        raise Http404 from error
    old = next((v for v in versions if v.number == old_number), None)
    new = next((v for v in versions if v.number == new_number), None)
    changes = None
    if old and new:
        changes = document.diff(document.version_document(old), document.version_document(new))
    context.update(versions=versions, old=old, new=new, diff=changes)
    return render(request, "strategy/version_compare.html", context)


# The remiss -----------------------------------------------------------------------------------


def _consultation(process, pk) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("version", "strategy"),
        strategy__process=process,
        pk=pk,
    )


@permission_required("strategy.view_strategy", fn=process_of)
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


@permission_required("strategy.run_consultation", fn=process_of)
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
        messages.error(request, _("Write a draft version first; the remiss sends one out."))
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
                _("Version %(number)d has been sent out on remiss.") % {"number": version.number},
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


@permission_required("strategy.view_strategy", fn=process_of)
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
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if consultee_form.is_valid():
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
        undecided=sum(1 for p in points if not p.disposition),
        point_count=len(points),
        consultee_form=consultee_form,
        can_run=can_run,
    )
    return render(request, "strategy/consultation_detail.html", context)


@permission_required("strategy.run_consultation", fn=process_of)
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


@permission_required("strategy.view_strategy", fn=process_of)
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


@permission_required("strategy.run_consultation", fn=process_of)
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


@permission_required("strategy.run_consultation", fn=process_of)
@require_POST
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


@permission_required("strategy.view_strategy", fn=process_of)
def consultation_summary(request, slug, pk):
    """The remissammanställning, printable."""
    process = process_of(request, slug)
    return render(request, "strategy/consultation_summary.html", _summary_context(process, pk))


@permission_required("strategy.view_strategy", fn=process_of)
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


# The decision ---------------------------------------------------------------------------------


@permission_required("strategy.record_decision", fn=process_of)
def decision_record(request, slug):
    process = process_of(request, slug)
    context = _context(process, "decision")
    strategy = context["strategy"]
    decisions = Decision.objects.filter(strategy=strategy).select_related("body", "adopted_version")
    form = DecisionForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(
                request,
                _("The decision has been recorded: version %(number)d is adopted.")
                % {"number": decision.adopted_version.number},
                reverse("staff:decision", args=[slug]),
            )
    context.update(
        form=form,
        decisions=decisions,
        history=history.entries(
            Decision.history.filter(strategy_id=strategy.pk).select_related("history_user")
        ),
    )
    return render(request, "strategy/decision.html", context)


# Follow-up ------------------------------------------------------------------------------------


@permission_required("strategy.view_strategy", fn=process_of)
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
    if request.method == "POST":
        if not request.user.has_perm("strategy.follow_up", process):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.kolada_import(
                    strategy=strategy, data=upload.read(), name=upload.name
                )
            except ValidationError as error:
                add_service_errors(form, error, field="file")
            else:
                return _saved(
                    request,
                    _(
                        "Kolada: %(created)d new measurements, %(updated)d changed, "
                        "%(unchanged)d already there, %(empty)d without a value."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "empty": result.without_value,
                    },
                    reverse("staff:follow_up", args=[slug]),
                )
    context.update(rows=rows, form=form)
    return render(request, "strategy/follow_up.html", context)


@permission_required("strategy.follow_up", fn=process_of)
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
        measurement_form=measurement_form,
        assessment_form=assessment_form,
    )
    return render(request, "strategy/target_follow_up.html", context)
