"""The remiss: the version sent, the consultees, their responses and how each point was handled."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from strategy.models.drafts import DraftVersion
from strategy.models.strategy import Strategy
from strategy.querysets import (
    ConsultationQuerySet,
    ConsulteeQuerySet,
    ResponsePointQuerySet,
)


class Consultation(models.Model):
    """The remiss: a version sent out for responses before a deadline."""

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version sent"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    sent_on = models.DateField(_("sent"), null=True, blank=True)
    deadline = models.DateField(_("last day to respond"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["strategy", "sent_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=F("sent_on")),
                name="consultation_deadline_after_sending",
            )
        ]

    def __str__(self) -> str:
        return _("Consultation on %(version)s") % {"version": self.version}


class ConsulteeKind(models.TextChoices):
    PARTY = "party", _("political party")
    ASSOCIATION = "association", _("association")
    AUTHORITY = "authority", _("authority")
    COMMITTEE = "committee", _("committee or board")
    BUSINESS = "business", _("business")
    RESIDENT = "resident", _("resident")
    OTHER = "other", _("other")


class Consultee(models.Model):
    """A remissinstans, invited or self-registered: anyone may answer."""

    Kind = ConsulteeKind

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="consultees",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("e-mail"), blank=True)
    is_self_registered = models.BooleanField(_("registered themselves"), default=False)

    objects = ConsulteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultee")
        verbose_name_plural = _("consultees")
        ordering = ["consultation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="consultee_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=ConsulteeKind.values), name="consultee_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResponsePosition(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    PROPOSES_CHANGES = "proposes_changes", _("proposes changes")
    OPPOSES = "opposes", _("opposes")
    NO_OPINION = "no_opinion", _("no view")


class Response(models.Model):
    """A remissvar."""

    Position = ResponsePosition

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    consultee = models.ForeignKey(
        Consultee,
        verbose_name=_("consultee"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    received_on = models.DateField(_("received"))
    case_number = models.CharField(_("case number (dnr)"), max_length=50, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="responses/", blank=True)
    position = models.CharField(_("position"), max_length=25, choices=Position.choices, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")
        ordering = ["consultation", "received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position="") | Q(position__in=ResponsePosition.values),
                name="response_position_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultee} ({self.received_on})"


class ResponsePointDisposition(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    NOTED = "noted", _("noted")


class ResponsePoint(models.Model):
    """One point of a response, and how it was handled."""

    Disposition = ResponsePointDisposition

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.PROTECT, related_name="points"
    )
    summary = models.TextField(_("summary"))
    disposition = models.CharField(
        _("disposition"), max_length=15, choices=Disposition.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_in = models.ForeignKey(
        DraftVersion,
        verbose_name=_("changed in version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disposed_at = models.DateTimeField(_("handled"), null=True, blank=True)

    objects = ResponsePointQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response point")
        verbose_name_plural = _("response points")
        ordering = ["response", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(disposition="") | Q(disposition__in=ResponsePointDisposition.values),
                name="point_disposition_valid",
            ),
            models.CheckConstraint(
                condition=~Q(disposition="not_accepted") | ~Q(reason=""),
                name="point_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.summary[:60]

    def clean(self) -> None:
        if self.disposition == self.Disposition.NOT_ACCEPTED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the point is not accepted.")})
