"""Staff pages for the process frame: process, mandate, rules, questions, events, stages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Prefetch, Q, When
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from core.roles import works_only_at_events
from dialogues import contact, guards, services, stages
from dialogues.forms import (
    AreasForm,
    DialogueEventForm,
    EventPhotoForm,
    EventReportForm,
    GuidingQuestionForm,
    OpenSpaceSessionForm,
    ProcessForm,
    RulesOfTheGameForm,
    StageMoveForm,
)
from dialogues.lookups import event_of, process_of
from dialogues.models import (
    DialogueEvent,
    EventAttachment,
    GuidingQuestion,
    OpenSpaceSession,
    Process,
    StageTransition,
)

# Processes ----------------------------------------------------------------------------------


@view_rules("dialogues.view_process", None)
def staff_home(request):
    """Where each role's work is: a facilitator's own events, the processes for the others."""
    work = "staff:my_events" if works_only_at_events(request.user) else "staff:process_list"
    return redirect(work)


@view_rules("dialogues.view_process", None)
def process_list(request):
    processes = Process.objects.visible_to(request.user).with_counts().order_by("-created_at")
    return render(request, "dialogues/process_list.html", {"processes": processes})


@view_rules("dialogues.add_process", "dialogues.add_process")
def process_create(request):
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        process = services.process_create(
            title=data["title"],
            slug=data["slug"],
            municipality=data["municipality"],
            created_by=request.user,
            purpose=data["purpose"],
            participation_levels=data["participation_levels"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            is_public=data["is_public"],
            daily_statistics=data["daily_statistics"],
            lessons=data["lessons"],
            **{name: data[name] for name in contact.FIELDS},
        )
        messages.success(request, _("The process has been created."))
        return redirect(process)
    return render(request, "dialogues/process_form.html", {"form": form})


def _dashboard_process(request, slug, **kwargs) -> Process:
    return process_of(
        request,
        slug,
        queryset=Process.objects.select_related("mandate__issuing_body", "mandate__assigned_body")
        .with_counts()
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=StageTransition.objects.select_related("moved_by").order_by(
                    "-moved_at", "-pk"
                ),
            )
        ),
    )


@view_rules("dialogues.view_process", None, obj=_dashboard_process)
def process_detail(request, slug):
    """The stage dashboard: the timeline, what blocks the next stage, and the log."""
    process = _dashboard_process(request, slug)
    upcoming = stages.next_stage(process.stage)
    transitions = list(process.transitions.all())
    entered = {}
    for move in transitions:  # newest first: the last time each stage was entered
        entered.setdefault(move.to_stage, move.moved_at)
    timeline = [
        {
            "value": value,
            "label": label,
            "description": stages.STAGE_DESCRIPTIONS[value],
            "entered": entered.get(value)
            if stages.index(value) <= stages.index(process.stage)
            else None,
            "state": (
                "done"
                if stages.index(value) < stages.index(process.stage)
                else "current"
                if value == process.stage
                else "upcoming"
            ),
        }
        for value, label in stages.Stage.choices
    ]
    context = {
        "process": process,
        "timeline": timeline,
        "next_stage": upcoming,
        "next_stage_label": stages.Stage(upcoming).label if upcoming else None,
        "blockers": stages.blockers(process, upcoming) if upcoming else [],
        "earlier_stages": [
            (value, stages.Stage(value).label) for value in stages.earlier_stages(process.stage)
        ],
        "move_form": StageMoveForm(),
        "opinion_count": process.opinions.filter(deleted_at__isnull=True).count(),
        "transitions": transitions,
    }
    return render(request, "dialogues/process_detail.html", context)


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def process_edit(request, slug):
    process = process_of(request, slug)
    # The form gets its own copy: a refused form must not change the page around it.
    form = ProcessForm(request.POST or None, instance=Process.objects.get(pk=process.pk))
    if request.method == "POST" and form.is_valid():
        process = services.process_save(process=form.instance)
        messages.success(request, _("The process has been saved."))
        return redirect(process)
    return render(request, "dialogues/process_form.html", {"form": form, "process": process})


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def process_rules(request, slug):
    process = process_of(request, slug)
    form = RulesOfTheGameForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        services.process_save(process=form.instance)
        messages.success(request, _("The rules of the game have been saved."))
        return redirect(process)
    return render(request, "dialogues/rules_form.html", {"form": form, "process": process})


@view_rules(None, "dialogues.move_process", obj=process_of)
def process_move(request, slug):
    process = process_of(request, slug)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a stage to move to."))
        return redirect(process)
    _move(request, process, form.cleaned_data["to_stage"], note=form.cleaned_data["note"])
    return redirect(process)


def _move(request, process, to_stage: str, *, note: str = "") -> bool:
    """Move the process and say so, or say in plain words what blocks the move."""
    try:
        transition = services.process_move(
            process=process, to_stage=to_stage, moved_by=request.user, note=note
        )
    except services.StageBlocked as blocked:
        for reason in blocked.reasons:
            messages.error(request, reason)
        return False
    messages.success(
        request,
        _("The process is now in the stage “%(stage)s”.")
        % {"stage": transition.get_to_stage_display()},
    )
    return True


# Guiding questions --------------------------------------------------------------------------


def _questions_process(request, slug, **kwargs) -> Process:
    return process_of(
        request, slug, queryset=Process.objects.select_related("questions_approved_by")
    )


@view_rules("dialogues.view_process", None, obj=_questions_process)
def question_list(request, slug):
    process = _questions_process(request, slug)
    questions = process.questions.annotate(event_count=Count("events")).order_by("order", "pk")
    can_change = services.questions_are_open(process)
    awaiting = can_change and process.questions_approved_at is None and bool(questions)
    context = {
        "process": process,
        "questions": questions,
        "can_change": can_change,
        # Approving the set and moving on to the stage it opens are one idea: the move is
        # offered with the approval when nothing else stands in its way.
        "move_blockers": guards.blockers_once_questions_approved(process) if awaiting else [],
        "move_to": stages.Stage.QUESTIONS_APPROVED,
    }
    return render(request, "dialogues/question_list.html", context)


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def question_create(request, slug):
    process = process_of(request, slug)
    return _question_form(request, process, GuidingQuestion(process=process))


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def question_edit(request, slug, pk):
    process = process_of(request, slug)
    question = get_object_or_404(GuidingQuestion, process=process, pk=pk)
    return _question_form(request, process, question)


def _question_form(request, process, question):
    form = GuidingQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(question=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("staff:question_list", slug=process.slug)
    context = {"form": form, "process": process, "question": question}
    return render(request, "dialogues/question_form.html", context)


@view_rules(None, "dialogues.change_process", obj=process_of)
def question_delete(request, slug, pk):
    process = process_of(request, slug)
    question = get_object_or_404(GuidingQuestion, process=process, pk=pk)
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question has been removed."))
    return redirect("staff:question_list", slug=process.slug)


@view_rules(None, "dialogues.change_process", obj=process_of)
def question_move(request, slug, pk):
    process = process_of(request, slug)
    question = get_object_or_404(GuidingQuestion, process=process, pk=pk)
    try:
        services.question_move(question=question, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("staff:question_list", slug=process.slug)


@view_rules(None, "dialogues.change_process", obj=process_of)
def questions_approve(request, slug):
    """Approve the question set, and move the process on with it when asked (`then=move`)."""
    process = process_of(request, slug)
    try:
        services.questions_approve(process=process, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:question_list", slug=process.slug)
    messages.success(request, _("The set of guiding questions has been approved."))
    moving = request.POST.get("then") == "move" and request.user.has_perm(
        "dialogues.move_process", process
    )
    if moving and _move(request, process, stages.Stage.QUESTIONS_APPROVED):
        return redirect(process)
    return redirect("staff:question_list", slug=process.slug)


# Events and Open Space sessions -------------------------------------------------------------


@view_rules("dialogues.view_process", None, obj=process_of)
def event_list(request, slug):
    process = process_of(request, slug)
    events = DialogueEvent.objects.for_process(process).with_details().order_by("starts_at")
    return render(request, "dialogues/event_list.html", {"process": process, "events": events})


@view_rules("dialogues.change_dialogueevent", "dialogues.change_dialogueevent", obj=process_of)
def event_create(request, slug):
    process = process_of(request, slug)
    return _event_form(request, process, DialogueEvent(process=process))


@view_rules("dialogues.change_dialogueevent", "dialogues.change_dialogueevent", obj=process_of)
def event_edit(request, slug, event_slug):
    event = event_of(request, slug, event_slug)
    return _event_form(request, event.process, event)


def _event_form(request, process, event):
    # The form gets its own copy: a refused form must not change the page around it.
    editing = DialogueEvent.objects.get(pk=event.pk) if event.pk else event
    form = DialogueEventForm(request.POST or None, instance=editing, process=process)
    if request.method == "POST" and form.is_valid():
        form.instance.slug = form.cleaned_data["slug"]
        event = services.event_save(
            event=form.instance,
            questions=form.cleaned_data["questions"],
            facilitators=form.cleaned_data["facilitators"],
        )
        messages.success(request, _("The event has been saved."))
        return redirect(event)
    return render(
        request, "dialogues/event_form.html", {"form": form, "process": process, "event": event}
    )


@view_rules("dialogues.view_dialogueevent", None, obj=event_of)
def event_detail(request, slug, event_slug):
    event = get_object_or_404(
        DialogueEvent.objects.select_related("process").prefetch_related(
            "facilitators",
            "questions",
            Prefetch(
                "open_space_sessions",
                queryset=OpenSpaceSession.objects.annotate(
                    opinion_count=Count("opinions", filter=Q(opinions__deleted_at__isnull=True))
                ),
            ),
        ),
        process__slug=slug,
        slug=event_slug,
    )
    context = {"event": event, "process": event.process}
    return render(request, "dialogues/event_detail.html", context)


@view_rules("dialogues.change_openspacesession", "dialogues.change_openspacesession", obj=event_of)
def session_create(request, slug, event_slug):
    event = event_of(request, slug, event_slug)
    if not event.is_open_space:
        messages.error(request, _("Sessions belong to Open Space events only."))
        return redirect(event)
    return _session_form(request, event, OpenSpaceSession(event=event))


@view_rules("dialogues.change_openspacesession", "dialogues.change_openspacesession", obj=event_of)
def session_edit(request, slug, event_slug, pk):
    event = event_of(request, slug, event_slug)
    session = get_object_or_404(OpenSpaceSession, event=event, pk=pk)
    return _session_form(request, event, session)


def _session_form(request, event, session):
    form = OpenSpaceSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.session_save(session=form.instance)
        messages.success(request, _("The session has been saved."))
        return redirect(event)
    context = {"form": form, "event": event, "process": event.process, "session": session}
    return render(request, "dialogues/session_form.html", context)


@view_rules("dialogues.view_process", None)
def my_events(request):
    """A facilitator's own events, the next first, with the way to register opinions."""
    events = (
        DialogueEvent.objects.assigned_to(request.user)
        .select_related("process")
        .prefetch_related("facilitators")
        .annotate(closed=Case(When(process__stage=stages.Stage.DIALOGUE_OPEN, then=0), default=1))
        .order_by("closed", "starts_at")
    )
    return render(request, "dialogues/my_events.html", {"events": events})


@view_rules("dialogues.report_event", "dialogues.report_event", obj=event_of)
def event_report(request, slug, event_slug):
    """After the event: how many people were met, notes, and photos of what was written."""
    event = event_of(request, slug, event_slug)
    report_form = EventReportForm(
        request.POST if "save_report" in request.POST else None,
        instance=DialogueEvent.objects.get(pk=event.pk),
    )
    photo_form = EventPhotoForm(
        request.POST if "add_photo" in request.POST else None,
        request.FILES if "add_photo" in request.POST else None,
    )
    if request.method == "POST" and "save_report" in request.POST and report_form.is_valid():
        services.event_report(
            event=report_form.instance,
            headcount=report_form.cleaned_data["headcount"],
            notes=report_form.cleaned_data["notes"],
        )
        messages.success(request, _("The report has been saved."))
        return redirect("staff:event_report", slug=slug, event_slug=event_slug)
    if request.method == "POST" and "add_photo" in request.POST and photo_form.is_valid():
        services.event_photo_add(
            event=event,
            photo=photo_form.cleaned_data["photo"],
            caption=photo_form.cleaned_data["caption"],
            by=request.user,
        )
        messages.success(request, _("The photo has been added."))
        return redirect("staff:event_report", slug=slug, event_slug=event_slug)
    context = {
        "event": event,
        "process": event.process,
        "report_form": report_form,
        "photo_form": photo_form,
        "attachments": event.attachments.select_related("uploaded_by"),
    }
    return render(request, "dialogues/event_report.html", context)


def _attachment(request, pk, **kwargs) -> EventAttachment:
    return get_object_or_404(EventAttachment, pk=pk)


@view_rules("dialogues.view_eventattachment", None, obj=_attachment)
def attachment_file(request, pk):
    """Photos are shown to staff only, through this view, never from a public address."""
    attachment = get_object_or_404(EventAttachment, pk=pk)
    response = FileResponse(attachment.file.open("rb"))
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    # Whatever the file holds, the browser runs nothing in it: no script, no form, no plugin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def process_areas(request, slug):
    """The process's own list of kommundelar that respondents choose among."""
    process = process_of(request, slug)
    initial = "\n".join(process.areas.order_by("order", "name").values_list("name", flat=True))
    form = AreasForm(request.POST or None, initial={"names": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.process_set_areas(
                process=process, names=form.cleaned_data["names"].splitlines()
            )
        except ValidationError as error:
            form.add_error("names", error)
        else:
            messages.success(request, _("The areas have been saved."))
            return redirect(process)
    return render(request, "dialogues/areas_form.html", {"form": form, "process": process})
