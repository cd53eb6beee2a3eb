"""Writes of the remiss: sending it, consultees, responses and the disposition of each point."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import public_data
from core.translated import swedish
from core.uploads import check_size
from strategy.models import (
    Consultation,
    Consultee,
    DraftVersion,
    Response,
    ResponsePoint,
)
from strategy.services.drafts import freeze

PDF_MAX_BYTES = 20 * 1024 * 1024


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
        raise ValidationError(_("A final version is not sent out for consultation."))
    if deadline < sent_on:
        raise ValidationError({"deadline": _("The last day to respond is before the sending.")})
    names = [c.name.strip() for c in consultees if c.name.strip()]
    if not names:
        raise ValidationError({"consultees": _("Name at least one consultee.")})
    if len(set(names)) != len(names):
        raise ValidationError({"consultees": _("A consultee is named twice.")})
    freeze(version)
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
    public_data.changed(version.strategy.process)
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
    public_data.changed(consultation.strategy.process)
    return consultee


def _check_pdf(upload) -> None:
    try:
        check_size(upload.name, upload.size, PDF_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
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
            {"received_on": _("The response cannot arrive before the consultation was sent.")}
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
    public_data.changed(consultation.strategy.process)
    return response


@transaction.atomic
def point_add(*, response: Response, summary: str) -> ResponsePoint:
    with swedish():
        point = ResponsePoint(response=response, summary=summary.strip())
        point.full_clean()
        point.save()
    public_data.changed(response.consultation.strategy.process)
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
    public_data.changed(point.response.consultation.strategy.process)
    return point
