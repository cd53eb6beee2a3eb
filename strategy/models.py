import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Body, Process
from opinions.models import Category, Opinion
from strategy.querysets import (
    ConsultationQuerySet,
    ConsulteeQuerySet,
    DraftVersionQuerySet,
    GoalQuerySet,
    ResponsePointQuerySet,
    TargetQuerySet,
)

# A foreign key that a composite index or a unique constraint already starts with has no
# index of its own (db_index=False): see INDEXES in opinions/models.py.

APPEAL_PERIOD = datetime.timedelta(weeks=3)


class Strategy(models.Model):
    """The strategy a process produces: a vision, goals, targets."""

    process = models.OneToOneField(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="strategy"
    )
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="strategy_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PolicyInputKind(models.TextChoices):
    POLITICAL_WILL = "political_will", _("Political will")
    PLACE_BRAND = "place_brand", _("Place brand")
    REGIONAL_STRATEGY = "regional_strategy", _("Regional strategy")
    OTHER = "other", _("Other")


class PolicyInput(models.Model):
    """Another source woven into the strategy beside the opinions."""

    Kind = PolicyInputKind

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="inputs"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)

    class Meta:
        verbose_name = _("policy input")
        verbose_name_plural = _("policy inputs")
        ordering = ["strategy", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PolicyInputKind.values), name="input_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """An overarching visionary goal, traced to categories, opinions and policy inputs."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="goals"
    )
    opinions = models.ManyToManyField(
        Opinion, verbose_name=_("chosen opinions"), blank=True, related_name="goals"
    )
    policy_inputs = models.ManyToManyField(
        PolicyInput, verbose_name=_("policy inputs"), blank=True, related_name="goals"
    )

    objects = GoalQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["strategy", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TargetDirection(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    MAINTAIN = "maintain", _("maintain")
    REACH = "reach", _("reach")


class TargetSourceKind(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    SCB = "scb", _("Statistics Sweden (SCB)")
    OWN_SURVEY = "own_survey", _("Own survey")
    OTHER = "other", _("Other")


class Target(models.Model):
    """A measurable target under a goal."""

    Direction = TargetDirection
    SourceKind = TargetSourceKind

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    source_kind = models.CharField(
        _("source"), max_length=12, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    kolada_kpi = models.CharField(_("Kolada KPI id"), max_length=20, blank=True)
    kolada_municipality = models.CharField(_("Kolada municipality id"), max_length=10, blank=True)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )

    objects = TargetQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=TargetDirection.values), name="target_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=TargetSourceKind.values), name="target_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(direction="reach") | Q(target_value__isnull=False),
                name="target_reach_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="kolada") | ~Q(kolada_kpi=""),
                name="target_kolada_has_kpi",
            ),
        ]

    def __str__(self) -> str:
        return self.indicator

    def clean(self) -> None:
        if self.direction == self.Direction.REACH and self.target_value is None:
            raise ValidationError({"target_value": _("A target to reach needs a value.")})
        if self.source_kind == self.SourceKind.KOLADA and not self.kolada_kpi:
            raise ValidationError({"kolada_kpi": _("Give the Kolada KPI id.")})
        if self.kolada_kpi and not self.kolada_municipality:
            raise ValidationError(
                {"kolada_municipality": _("Give the municipality's id in Kolada, such as 1766.")}
            )


class MeasurementGender(models.TextChoices):
    TOTAL = "T", _("total")
    WOMEN = "K", _("women")
    MEN = "M", _("men")


class Measurement(models.Model):
    """A value of a target's indicator for a period, from the yearly follow-up."""

    Gender = MeasurementGender

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.PROTECT,
        related_name="measurements",
        db_index=False,
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2016."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_provisional = models.BooleanField(_("provisional"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["target", "period", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "gender"], name="measurement_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=MeasurementGender.values), name="measurement_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.period} {self.value}"


class AssessmentVerdict(models.TextChoices):
    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    NOT_MET = "not_met", _("not met")
    CANNOT_ASSESS = "cannot_assess", _("cannot be assessed")


class Assessment(models.Model):
    """The yearly judgement of how a target is going, with the reason in a comment."""

    Verdict = AssessmentVerdict

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.PROTECT,
        related_name="assessments",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    verdict = models.CharField(_("assessment"), max_length=15, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["target", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="assessment_unique_year"),
            models.CheckConstraint(
                condition=Q(verdict__in=AssessmentVerdict.values), name="assessment_verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}: {self.get_verdict_display()}"


class DraftVersionStatus(models.TextChoices):
    WORKING = "working", _("working")
    FOR_REVIEW = "for_review", _("for review")
    FOR_CONSULTATION = "for_consultation", _("for consultation")
    FINAL = "final", _("final")


class DraftVersion(models.Model):
    """A numbered version of the strategy document. Frozen once sent out or adopted."""

    Status = DraftVersionStatus

    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="versions",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WORKING
    )
    text = models.TextField(_("text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    data_snapshot = models.TextField(
        _("vision, goals and targets as frozen"),
        blank=True,
        help_text=_("Written when the version is frozen, so that later edits do not change it."),
    )

    objects = DraftVersionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
            models.CheckConstraint(
                condition=Q(status__in=DraftVersionStatus.values), name="version_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ReviewComment(models.Model):
    """A politician's comment on a draft version."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["version", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


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


class Decision(models.Model):
    """The council's decision that adopts a version of the strategy."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="decisions"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting_date = models.DateField(_("meeting date"))
    minute_item = models.CharField(_("minute item (§)"), max_length=20)
    case_number = models.CharField(_("case number (dnr)"), max_length=50)
    text = models.TextField(_("decision text"))
    adopted_version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version adopted"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    minutes_approved_on = models.DateField(_("minutes approved"), null=True, blank=True)
    announced_on = models.DateField(_("announced on the notice board"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["strategy", "meeting_date"]

    def __str__(self) -> str:
        return f"{self.body} {self.meeting_date} {self.minute_item}"

    @property
    def last_day_to_appeal(self) -> datetime.date | None:
        """Three weeks after the minutes were announced (kommunallagen 13 kap.)."""
        return self.announced_on + APPEAL_PERIOD if self.announced_on else None
