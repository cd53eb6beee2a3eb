"""Writes on the process frame. Views, commands and the API all call these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import public_data
from core.roles import has_staff_role, is_administrator
from core.translated import swedish
from core.uploads import without_metadata
from dialogues import stages
from dialogues.models import (
    Area,
    Body,
    DialogueEvent,
    EventAttachment,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
    TeamMember,
)


class StageBlocked(Exception):
    """The move is not allowed; `reasons` says why in plain words."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@transaction.atomic
def process_create(*, title: str, slug: str, municipality: str, created_by, **fields) -> Process:
    with swedish():  # `title` is the Swedish title; `title_en`, if given, the English one
        process = Process(
            title=title, slug=slug, municipality=municipality, created_by=created_by, **fields
        )
        process.full_clean()
        process.save()
    TeamMember.objects.create(process=process, user=created_by, added_by=created_by)
    public_data.changed(process, site=True)
    return process


@transaction.atomic
def team_add(*, process: Process, user, by) -> TeamMember:
    """Let a member of staff work in the process."""
    if not has_staff_role(user):
        raise ValidationError(_("Only staff with a role can be in a process's team."))
    member, _created = TeamMember.objects.get_or_create(
        process=process, user=user, defaults={"added_by": by}
    )
    return member


@transaction.atomic
def team_remove(*, process: Process, user, by) -> None:
    """Take someone out of the team; the last administrator stays, so that someone can still
    name the team."""
    members = TeamMember.objects.filter(process=process)
    administrators = [m.user for m in members.select_related("user") if is_administrator(m.user)]
    if administrators == [user]:
        raise ValidationError(_("The team's last administrator stays in it."))
    members.filter(user=user).delete()


@transaction.atomic
def process_save(*, process: Process) -> Process:
    """Save what was changed of the process (its frame, its rules of the game). A new short
    name changes its public address: the old one stops answering."""
    old_slug = Process.objects.filter(pk=process.pk).values_list("slug", flat=True).first()
    process.full_clean()
    process.save()
    public_data.changed(process, old_slug, site=True)
    return process


@transaction.atomic
def mandate_save(*, mandate: Mandate) -> Mandate:
    mandate.full_clean()
    mandate.save()
    public_data.changed(mandate.process)
    return mandate


@transaction.atomic
def body_save(*, body: Body) -> Body:
    """A body is named on the public pages of the processes whose mandate, decision or targets
    name it; bodies change seldom, so every process's pages are made anew."""
    body.full_clean()
    body.save()
    public_data.changed(*Process.objects.all(), site=True)
    return body


@transaction.atomic
def process_move(*, process: Process, to_stage: str, moved_by, note: str = "") -> StageTransition:
    """Move the process to `to_stage`, or raise StageBlocked with what is missing.

    Forward moves go one stage at a time and must pass that stage's guards. A move back may go
    to any earlier stage, by an administrator, with a note saying why.
    """
    process = Process.objects.select_for_update().get(pk=process.pk)
    from_stage = process.stage
    if to_stage not in stages.ORDER:
        raise StageBlocked([_("There is no such stage.")])
    if to_stage == from_stage:
        raise StageBlocked([_("The process is already in this stage.")])
    if stages.index(to_stage) > stages.index(from_stage):
        if to_stage != stages.next_stage(from_stage):
            raise StageBlocked([_("Stages are taken one at a time.")])
        reasons = stages.blockers(process, to_stage)
        if reasons:
            raise StageBlocked(reasons)
    else:
        if not is_administrator(moved_by):
            raise PermissionDenied(_("Only an administrator can move a process back."))
        if not note.strip():
            raise StageBlocked([_("Say in a note why the process moves back.")])
    process.stage = to_stage
    process.save(update_fields=["stage", "updated_at"])
    transition = StageTransition.objects.create(
        process=process,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_by=moved_by,
        moved_at=timezone.now(),
        note=note.strip(),
    )
    public_data.changed(process, site=True)
    for step in stages.steps(to_stage):
        transaction.on_commit(lambda step=step: step(process))
    return transition


def questions_are_open(process: Process) -> bool:
    """The question set can change only while the process is being planned."""
    return process.stage == stages.Stage.PLANNING


def _require_questions_open(process: Process) -> None:
    if not questions_are_open(process):
        raise ValidationError(
            _("The guiding questions are fixed once the process has left planning.")
        )


@transaction.atomic
def question_save(*, question: GuidingQuestion) -> GuidingQuestion:
    """Add or change a question. A change to an approved set withdraws the approval."""
    process = question.process
    _require_questions_open(process)
    if question.pk is None:
        last = process.questions.order_by("-order").values_list("order", flat=True).first()
        question.order = (last or 0) + 1
    question.full_clean()
    question.save()
    _withdraw_approval(process)
    public_data.changed(process)
    return question


@transaction.atomic
def question_delete(*, question: GuidingQuestion) -> None:
    process = question.process
    _require_questions_open(process)
    question.delete()
    _withdraw_approval(process)
    public_data.changed(process)


@transaction.atomic
def question_move(*, question: GuidingQuestion, up: bool) -> None:
    """Swap a question with its neighbour above or below."""
    process = question.process
    _require_questions_open(process)
    siblings = list(process.questions.order_by("order", "pk"))
    position = siblings.index(question)
    other = position - 1 if up else position + 1
    if other < 0 or other >= len(siblings):
        return
    siblings[position], siblings[other] = siblings[other], siblings[position]
    for number, item in enumerate(siblings, start=1):
        if item.order != number:
            GuidingQuestion.objects.filter(pk=item.pk).update(order=number)
    _withdraw_approval(process)
    public_data.changed(process)


@transaction.atomic
def questions_approve(*, process: Process, approved_by) -> Process:
    _require_questions_open(process)
    if not process.questions.exists():
        raise ValidationError(_("Write at least one guiding question before approving the set."))
    process.questions_approved_at = timezone.now()
    process.questions_approved_by = approved_by
    process.save(update_fields=["questions_approved_at", "questions_approved_by", "updated_at"])
    public_data.changed(process)
    return process


def _withdraw_approval(process: Process) -> None:
    if process.questions_approved_at is not None:
        Process.objects.filter(pk=process.pk).update(
            questions_approved_at=None, questions_approved_by=None
        )
        process.questions_approved_at = None
        process.questions_approved_by = None


@transaction.atomic
def process_set_areas(*, process: Process, names: list[str]) -> list[Area]:
    """Make the process's kommundelar exactly `names`, in that order. An area that respondents
    have named cannot be removed: what they said would lose its place."""
    wanted: list[str] = []
    for name in (name.strip() for name in names):
        if not name or name.lower() in {w.lower() for w in wanted}:
            continue
        if len(name) > 100:
            raise ValidationError(
                _("“%(name)s…” is longer than 100 characters.") % {"name": name[:40]}
            )
        wanted.append(name)
    current = {area.name: area for area in process.areas.annotate(used=Count("respondents"))}
    removed = [area for name, area in current.items() if name not in wanted]
    in_use = [area.name for area in removed if area.used]
    if in_use:
        raise ValidationError(
            _("%(areas)s cannot be removed: respondents have said they live there.")
            % {"areas": ", ".join(in_use)}
        )
    Area.objects.filter(pk__in=[area.pk for area in removed]).delete()
    for order, name in enumerate(wanted, start=1):
        Area.objects.update_or_create(process=process, name=name, defaults={"order": order})
    public_data.changed(process)
    return list(process.areas.order_by("order"))


# Events -------------------------------------------------------------------------------------


@transaction.atomic
def event_save(*, event: DialogueEvent, questions=None, facilitators=None) -> DialogueEvent:
    """Add or change an event; `questions` and `facilitators`, when given, are its own."""
    event.full_clean()
    event.save()
    if questions is not None:
        event.questions.set(questions)
    if facilitators is not None:
        event.facilitators.set(facilitators)
    public_data.changed(event.process)
    return event


@transaction.atomic
def event_report(*, event: DialogueEvent, headcount: int | None, notes: str) -> DialogueEvent:
    """After the event: how many people were met (which is not the number of opinions)."""
    event.headcount, event.notes = headcount, notes
    event.full_clean()
    event.save(update_fields=["headcount", "notes"])
    public_data.changed(event.process)
    return event


@transaction.atomic
def event_photo_add(*, event: DialogueEvent, photo, caption: str, by) -> EventAttachment:
    """A photo of what was written at the event (a flip-chart): for staff, never public."""
    return EventAttachment.objects.create(
        event=event, file=without_metadata(photo), caption=caption, uploaded_by=by
    )


@transaction.atomic
def session_save(*, session: OpenSpaceSession) -> OpenSpaceSession:
    session.full_clean()
    session.save()
    public_data.changed(session.event.process)
    return session
