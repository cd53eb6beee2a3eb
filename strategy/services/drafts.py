"""Writes of the draft versions and the politicians' review comments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import public_data
from core.translated import swedish
from strategy import document
from strategy.models import (
    DraftVersion,
    ReviewComment,
    Strategy,
)


def keep_data(version: DraftVersion) -> None:
    """Write down the vision, goals and targets as they are now, if they are not written down
    for the version already: from then on they are the version's own."""
    if not version.data_snapshot:
        with swedish():  # the document decided on is the Swedish one, whoever freezes it
            version.data_snapshot = document.data_markdown(version.strategy)


def freeze(version: DraftVersion) -> None:
    if not version.is_frozen:
        keep_data(version)
        version.frozen_at = timezone.now()


@transaction.atomic
def version_create(*, strategy: Strategy, created_by) -> DraftVersion:
    """A new working version, its sections copied from the newest one. The versions before it
    keep the goals and targets as they are now: what changes in them later belongs to the new
    version, and each older one shows what it said (its text stays open until it is sent)."""
    for older in DraftVersion.objects.for_strategy(strategy).filter(data_snapshot=""):
        keep_data(older)
        older.save(update_fields=["data_snapshot"])
    latest = DraftVersion.objects.for_strategy(strategy).order_by("-number").first()
    version = DraftVersion.objects.create(
        strategy=strategy,
        number=(latest.number + 1) if latest else 1,
        text=latest.text if latest else "",
        created_by=created_by,
    )
    public_data.changed(strategy.process)
    return version


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
    public_data.changed(version.strategy.process)
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
        freeze(version)
    else:
        _require_open(version)
    version.status = status
    version.full_clean()
    version.save()
    public_data.changed(version.strategy.process)
    return version


@transaction.atomic
def comment_add(*, version: DraftVersion, author, text: str, section: str = "") -> ReviewComment:
    """A comment on the version, or on the section whose anchor `section` is."""
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = ReviewComment(version=version, author=author, text=text.strip(), section=section)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, resolved_by, resolved: bool = True) -> ReviewComment:
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = resolved_by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
