"""Writes on the strategy: its content, the drafts, the remiss, the decision and the
follow-up. Views and commands call these; each is atomic and checks what the data must keep."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import Body, Process
from strategy import document, kolada
from strategy.models import (
    Assessment,
    Consultation,
    Consultee,
    Decision,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    ReviewComment,
    Strategy,
    Target,
)

PDF_MAX_BYTES = 20 * 1024 * 1024


# The strategy's content -----------------------------------------------------------------------


def strategy_for(process: Process) -> Strategy:
    """The process's strategy, made on first use with the process's title."""
    strategy, _created = Strategy.objects.get_or_create(
        process=process, defaults={"title": process.title[:200]}
    )
    return strategy


def adopted_version(strategy: Strategy) -> DraftVersion | None:
    return (
        DraftVersion.objects.filter(strategy=strategy, decisions__isnull=False)
        .order_by("-number")
        .first()
    )


def is_locked(strategy: Strategy) -> bool:
    """Adopted, and no newer version started: a change needs a new version and decision."""
    newest = DraftVersion.objects.filter(strategy=strategy).order_by("-number").first()
    return newest is not None and newest.decisions.exists()


def _require_editable(strategy: Strategy) -> None:
    if is_locked(strategy):
        raise ValidationError(
            _(
                "The strategy has been adopted and cannot change as it stands. Start a new "
                "version to change it; the change needs a new decision."
            )
        )


@transaction.atomic
def strategy_save(*, strategy: Strategy) -> Strategy:
    _require_editable(strategy)
    strategy.full_clean()
    strategy.save()
    return strategy


@transaction.atomic
def policy_input_save(*, policy_input: PolicyInput) -> PolicyInput:
    _require_editable(policy_input.strategy)
    policy_input.full_clean()
    policy_input.save()
    return policy_input


@transaction.atomic
def goal_save(*, goal: Goal, categories=None, opinions=None, policy_inputs=None) -> Goal:
    """Save the goal and, where given, what it draws on. Categories and opinions must be of
    the strategy's own process."""
    strategy = goal.strategy
    _require_editable(strategy)
    if goal.pk is None and not goal.order:
        goal.order = (Goal.objects.for_strategy(strategy).aggregate(m=Max("order"))["m"] or 0) + 1
    goal.full_clean()
    process_id = strategy.process_id
    if categories is not None and any(c.process_id != process_id for c in categories):
        raise ValidationError({"categories": _("A category of another process was chosen.")})
    if opinions is not None and any(o.process_id != process_id for o in opinions):
        raise ValidationError({"opinions": _("An opinion of another process was chosen.")})
    if policy_inputs is not None and any(i.strategy_id != strategy.pk for i in policy_inputs):
        raise ValidationError({"policy_inputs": _("An input of another strategy was chosen.")})
    goal.save()
    if categories is not None:
        goal.categories.set(categories)
    if opinions is not None:
        goal.opinions.set(opinions)
    if policy_inputs is not None:
        goal.policy_inputs.set(policy_inputs)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    _require_editable(goal.strategy)
    if goal.targets.exists():
        raise ValidationError(_("Move or remove the goal's targets first."))
    goal.delete()


@transaction.atomic
def target_save(*, target: Target) -> Target:
    _require_editable(target.goal.strategy)
    if target.pk is None and not target.order:
        target.order = (
            Target.objects.filter(goal=target.goal).aggregate(m=Max("order"))["m"] or 0
        ) + 1
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target) -> None:
    _require_editable(target.goal.strategy)
    if target.measurements.exists() or target.assessments.exists():
        raise ValidationError(_("The target has measurements; it is kept for the follow-up."))
    target.delete()


# Drafts -----------------------------------------------------------------------------------------


def _freeze(version: DraftVersion) -> None:
    if not version.is_frozen:
        version.data_snapshot = document.data_markdown(version.strategy)
        version.frozen_at = timezone.now()


@transaction.atomic
def version_create(*, strategy: Strategy, created_by) -> DraftVersion:
    """A new working version, its sections copied from the newest one."""
    latest = DraftVersion.objects.for_strategy(strategy).order_by("-number").first()
    return DraftVersion.objects.create(
        strategy=strategy,
        number=(latest.number + 1) if latest else 1,
        text=latest.text if latest else "",
        created_by=created_by,
    )


def _require_open(version: DraftVersion) -> None:
    if version.is_frozen:
        raise ValidationError(
            _("Version %(number)d was sent out or adopted and can no longer be edited.")
            % {"number": version.number}
        )


@transaction.atomic
def version_save(*, version: DraftVersion, text: str) -> DraftVersion:
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    _require_open(version)
    version.text = text.replace("\r\n", "\n")  # a browser's textarea sends CRLF
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def version_set_status(*, version: DraftVersion, status: str) -> DraftVersion:
    """Working and for review go back and forth; final freezes the version. A version goes
    out for consultation only by sending the consultation."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    Status = DraftVersion.Status
    if status == Status.FOR_CONSULTATION:
        raise ValidationError(_("A version is marked for consultation by sending it out."))
    if status == Status.FINAL:
        if version.status == Status.FINAL:
            return version
        _freeze(version)
    else:
        _require_open(version)
    version.status = status
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def comment_add(*, version: DraftVersion, author, text: str) -> ReviewComment:
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = ReviewComment(version=version, author=author, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, resolved_by, resolved: bool = True) -> ReviewComment:
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = resolved_by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# The remiss ------------------------------------------------------------------------------------


@dataclass
class Invitee:
    name: str
    kind: str = Consultee.Kind.OTHER
    email: str = ""


@transaction.atomic
def consultation_send(
    *,
    version: DraftVersion,
    sent_on: datetime.date,
    deadline: datetime.date,
    consultees: list[Invitee],
) -> Consultation:
    """Send a version out on remiss: it is marked for consultation and frozen."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == DraftVersion.Status.FINAL:
        raise ValidationError(_("A final version is not sent out on remiss."))
    if deadline < sent_on:
        raise ValidationError({"deadline": _("The last day to respond is before the sending.")})
    names = [c.name.strip() for c in consultees if c.name.strip()]
    if not names:
        raise ValidationError({"consultees": _("Name at least one consultee.")})
    if len(set(names)) != len(names):
        raise ValidationError({"consultees": _("A consultee is named twice.")})
    _freeze(version)
    version.status = DraftVersion.Status.FOR_CONSULTATION
    version.save()
    consultation = Consultation(
        strategy=version.strategy, version=version, sent_on=sent_on, deadline=deadline
    )
    consultation.full_clean()
    consultation.save()
    for invitee in consultees:
        if invitee.name.strip():
            consultee_add(
                consultation=consultation,
                name=invitee.name,
                kind=invitee.kind,
                email=invitee.email,
            )
    return consultation


@transaction.atomic
def consultee_add(
    *,
    consultation: Consultation,
    name: str,
    kind: str = Consultee.Kind.OTHER,
    email: str = "",
    self_registered: bool = False,
) -> Consultee:
    consultee = Consultee(
        consultation=consultation,
        name=name.strip(),
        kind=kind,
        email=email.strip(),
        is_self_registered=self_registered,
    )
    try:
        consultee.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise ValidationError(
                {"name": _("%(name)s is already a consultee.") % {"name": consultee.name}}
            ) from error
        raise
    consultee.save()
    return consultee


def _check_pdf(upload) -> None:
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError({"file": _("%(file)s is larger than 20 MB.") % {"file": upload.name}})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"file": _("%(file)s is not a PDF file.") % {"file": upload.name}})


@transaction.atomic
def response_record(
    *,
    consultation: Consultation,
    received_on: datetime.date,
    registered_by,
    consultee: Consultee | None = None,
    new_consultee: str = "",
    new_consultee_kind: str = Consultee.Kind.RESIDENT,
    case_number: str = "",
    text: str = "",
    file=None,
    position: str = "",
    points: list[str] | None = None,
) -> Response:
    """A response (remissvar), from an invited consultee or from anyone who answers on their
    own (then registered as a consultee too), with its points."""
    if consultee is None:
        if not new_consultee.strip():
            raise ValidationError({"consultee": _("Choose who answered, or give their name.")})
        existing = consultation.consultees.filter(name=new_consultee.strip()).first()
        consultee = existing or consultee_add(
            consultation=consultation,
            name=new_consultee,
            kind=new_consultee_kind,
            self_registered=True,
        )
    elif consultee.consultation_id != consultation.pk:
        raise ValidationError({"consultee": _("That consultee belongs to another consultation.")})
    if not text.strip() and not file:
        raise ValidationError({"text": _("Give the response's text or attach it as a PDF.")})
    if file:
        _check_pdf(file)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The response cannot arrive in the future.")})
    if consultation.sent_on and received_on < consultation.sent_on:
        raise ValidationError(
            {"received_on": _("The response cannot arrive before the remiss was sent.")}
        )
    response = Response(
        consultation=consultation,
        consultee=consultee,
        received_on=received_on,
        case_number=case_number.strip(),
        text=text.strip(),
        position=position,
        registered_by=registered_by,
    )
    if file:
        response.file = file
    response.full_clean()
    response.save()
    for summary in points or []:
        if summary.strip():
            point_add(response=response, summary=summary)
    return response


@transaction.atomic
def point_add(*, response: Response, summary: str) -> ResponsePoint:
    point = ResponsePoint(response=response, summary=summary.strip())
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def point_dispose(
    *,
    point: ResponsePoint,
    disposition: str,
    reason: str = "",
    changed_in: DraftVersion | None = None,
    disposed_by,
) -> ResponsePoint:
    point = ResponsePoint.objects.select_for_update().get(pk=point.pk)
    strategy_id = point.response.consultation.strategy_id
    if changed_in is not None and changed_in.strategy_id != strategy_id:
        raise ValidationError({"changed_in": _("That version belongs to another strategy.")})
    point.disposition = disposition
    point.reason = reason.strip()
    point.changed_in = changed_in
    point.disposed_by = disposed_by
    point.disposed_at = timezone.now()
    point.full_clean()
    point.save()
    return point


# The decision ----------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    strategy: Strategy,
    version: DraftVersion,
    body: Body,
    meeting_date: datetime.date,
    minute_item: str,
    case_number: str,
    text: str,
    minutes_approved_on: datetime.date | None = None,
    announced_on: datetime.date | None = None,
) -> Decision:
    """The decision that adopts `version`: it becomes final and frozen for good."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    if version.strategy_id != strategy.pk:
        raise ValidationError({"version": _("That version belongs to another strategy.")})
    if version.decisions.exists():
        raise ValidationError({"version": _("That version has already been adopted.")})
    newer = DraftVersion.objects.filter(strategy=strategy, number__gt=version.number)
    if newer.filter(decisions__isnull=False).exists():
        raise ValidationError({"version": _("A newer version has already been adopted.")})
    errors = {}
    if minutes_approved_on and minutes_approved_on < meeting_date:
        errors["minutes_approved_on"] = _("The minutes cannot be approved before the meeting.")
    if announced_on and announced_on < (minutes_approved_on or meeting_date):
        errors["announced_on"] = _(
            "The minutes cannot be announced before the meeting and the approval."
        )
    if errors:
        raise ValidationError(errors)
    _freeze(version)
    version.status = DraftVersion.Status.FINAL
    version.save()
    decision = Decision(
        strategy=strategy,
        adopted_version=version,
        body=body,
        meeting_date=meeting_date,
        minute_item=minute_item.strip(),
        case_number=case_number.strip(),
        text=text.strip(),
        minutes_approved_on=minutes_approved_on,
        announced_on=announced_on,
    )
    decision.full_clean()
    decision.save()
    return decision


# Follow-up ---------------------------------------------------------------------------------------


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """A new value for a period already measured replaces it (a revised figure)."""
    measurement.period = measurement.period.strip()
    existing = Measurement.objects.filter(
        target=measurement.target, period=measurement.period, gender=measurement.gender
    ).first()
    if existing is not None:
        existing.value = measurement.value
        existing.source = measurement.source
        existing.is_provisional = measurement.is_provisional
        measurement = existing
    measurement.full_clean()
    measurement.save()
    return measurement


@dataclass
class KoladaResult:
    created: int
    updated: int
    unchanged: int
    without_value: int


@transaction.atomic
def kolada_import(*, strategy: Strategy, data: bytes, name: str) -> KoladaResult:
    """Kolada's values into the measurements of the targets that name their KPI and
    municipality; all or nothing, and a second import of the same file changes nothing."""
    rows = kolada.parse(data, name=name)
    targets = {
        (t.kolada_kpi, t.kolada_municipality): t
        for t in Target.objects.for_strategy(strategy).exclude(kolada_kpi="")
    }
    errors = []
    for key in sorted({(row.kpi, row.municipality) for row in rows}):
        if key not in targets:
            errors.append(
                _(
                    "%(file)s: no target of this strategy is measured by Kolada KPI %(kpi)s "
                    "for municipality %(municipality)s."
                )
                % {"file": name, "kpi": key[0], "municipality": key[1]}
            )
    if errors:
        raise ValidationError(errors)
    result = KoladaResult(0, 0, 0, 0)
    for row in rows:
        if row.value is None:
            result.without_value += 1
            continue
        target = targets[(row.kpi, row.municipality)]
        source = f"Kolada {row.kpi}" + (f" ({row.status})" if row.status else "")
        measurement = Measurement.objects.filter(
            target=target, period=row.period, gender=row.gender
        ).first()
        if measurement is None:
            measurement = Measurement(target=target, period=row.period, gender=row.gender)
            result.created += 1
        elif measurement.value == row.value and measurement.source == source:
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        measurement.value = row.value
        measurement.source = source
        measurement.is_provisional = bool(row.status)
        measurement.full_clean()
        measurement.save()
    return result


@transaction.atomic
def assessment_save(
    *, target: Target, year: int, verdict: str, comment: str, assessed_by
) -> Assessment:
    assessment = Assessment.objects.filter(target=target, year=year).first() or Assessment(
        target=target, year=year
    )
    assessment.verdict = verdict
    assessment.comment = comment.strip()
    assessment.assessed_by = assessed_by
    if verdict != Assessment.Verdict.MET and not assessment.comment:
        raise ValidationError({"comment": _("Say in a comment why the target is not met.")})
    assessment.full_clean()
    assessment.save()
    return assessment
