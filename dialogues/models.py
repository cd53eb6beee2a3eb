from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogues.contact import ProcessContact
from dialogues.querysets import DialogueEventQuerySet, ProcessQuerySet
from dialogues.stages import ORDER, Stage

# A foreign key that a composite index or a unique constraint already starts with has no
# index of its own (db_index=False): see INDEXES in opinions/models.py.


class ParticipationLevel(models.TextChoices):
    """Delaktighetstrappan, the participation ladder."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    DIALOGUE = "dialogue", _("Dialogue")
    INFLUENCE = "influence", _("Influence")
    CO_DECISION = "co_decision", _("Co-decision")


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Municipal council")
    EXECUTIVE_BOARD = "executive_board", _("Municipal executive board")
    COMMITTEE = "committee", _("Committee")
    DRAFTING_COMMITTEE = "drafting_committee", _("Council drafting committee")
    MANAGEMENT_GROUP = "management_group", _("Management group")
    OTHER = "other", _("Other")


class Body(models.Model):
    """A political or administrative body: KF, KS, a nämnd, a drafting committee."""

    Kind = BodyKind

    municipality = models.CharField(_("municipality"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="body_unique_name_per_municipality"
            ),
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="body_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Process(ProcessContact, models.Model):
    """A dialogue process: the root of everything a municipality asks, hears and decides."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    purpose = models.TextField(_("purpose"), blank=True)
    participation_levels = models.JSONField(
        _("participation levels"),
        default=list,
        blank=True,
        help_text=_("The steps of the participation ladder this process offers."),
    )
    # Spelregler: written down before the dialogue starts, as the Sunne case teaches.
    rules_influence = models.TextField(_("what can be influenced"), blank=True)
    rules_input_use = models.TextField(_("how the opinions will be used"), blank=True)
    rules_feedback = models.TextField(_("when and how feedback comes"), blank=True)
    lessons = models.TextField(
        _("lessons learned"),
        blank=True,
        help_text=_("What the process taught, for the next one."),
    )
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.PLANNING
    )
    is_public = models.BooleanField(_("shown on the public site"), default=False)
    daily_statistics = models.BooleanField(
        _("new figures daily while the dialogue is open"),
        default=False,
        help_text=_(
            "The public figures are otherwise renewed at each stage move only. Daily figures "
            "are fresher, but with few people a day they come closer to telling who said what."
        ),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    questions_approved_at = models.DateTimeField(
        _("question set approved"), null=True, blank=True, editable=False
    )
    questions_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("question set approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue process")
        verbose_name_plural = _("dialogue processes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=ORDER), name="process_stage_valid"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="process_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["stage", "-created_at"], name="process_stage_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staff:process_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        unknown = set(self.participation_levels or []) - set(ParticipationLevel.values)
        if unknown:
            raise ValidationError(
                {
                    "participation_levels": _("Unknown participation level: %(levels)s")
                    % {"levels": ", ".join(sorted(unknown))}
                }
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    @property
    def has_rules_of_the_game(self) -> bool:
        return bool(
            self.rules_influence.strip()
            and self.rules_input_use.strip()
            and self.rules_feedback.strip()
        )

    def participation_level_labels(self) -> list[str]:
        labels = dict(ParticipationLevel.choices)
        return [str(labels[level]) for level in self.participation_levels if level in labels]


class Area(models.Model):
    """A kommundel: the process's own list of areas a respondent can say they live in."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="areas",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["process", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="area_unique_per_process")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """Who works in a process, named by its administrator: staff outside the team see nothing
    of it but its public pages (one with no team yet, made before teams, is open to all)."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="team",
        db_index=False,  # the unique constraint starts with it
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="dialogues_team_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.process})"


class Mandate(models.Model):
    """The council's decision that gives the process its mandate (uppdrag)."""

    process = models.OneToOneField(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="mandate"
    )
    issuing_body = models.ForeignKey(
        Body, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="mandates"
    )
    meeting_date = models.DateField(_("meeting date"))
    minute_item = models.CharField(
        _("minute item (§)"), max_length=20, help_text=_("For example § 54.")
    )
    case_number = models.CharField(
        _("case number (dnr)"), max_length=50, help_text=_("For example KS 2012/123.")
    )
    decision_text = models.TextField(_("decision text"))
    assigned_body = models.ForeignKey(
        Body,
        verbose_name=_("committee assigned"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    staff_support = models.CharField(
        _("staff support"),
        max_length=200,
        blank=True,
        help_text=_("The officer who supports the committee, for example the growth strategist."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("meeting_date")),
                name="mandate_deadline_after_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuing_body.abbreviation or self.issuing_body.name} {self.minute_item}"

    def clean(self) -> None:
        if self.deadline and self.meeting_date and self.deadline < self.meeting_date:
            raise ValidationError({"deadline": _("The deadline is before the meeting date.")})


class GuidingQuestion(models.Model):
    """One of the guiding questions; the set is approved as a whole on the process."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="questions",
        db_index=False,
    )
    text = models.TextField(_("question"))  # in English too: translation.py
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["process", "order", "pk"]
        indexes = [models.Index(fields=["process", "order"], name="question_order_idx")]

    def __str__(self) -> str:
        return self.text


class DialogueEventKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview where people are")
    WORKSHOP = "workshop", _("Workshop")
    YOUTH_FAIR = "youth_fair", _("Youth fair stall")
    OPEN_SPACE = "open_space", _("Open Space")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class DialogueEvent(models.Model):
    """A meeting with residents: an interview at a rural shop, a workshop, an Open Space."""

    Kind = DialogueEventKind

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_(
            "Shown on the public site: step-free entrance, accessible toilet, hearing loop, "
            "parking, how to ask for other support."
        ),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_events",
    )
    questions = models.ManyToManyField(
        GuidingQuestion, verbose_name=_("questions used"), blank=True, related_name="events"
    )
    announcement_date = models.DateField(_("announcement date"), null=True, blank=True)
    announcement_text = models.TextField(_("announcement text"), blank=True)
    press_release_date = models.DateField(_("press release date"), null=True, blank=True)
    press_release_text = models.TextField(_("press release text"), blank=True)
    headcount = models.PositiveIntegerField(
        _("people met"),
        null=True,
        blank=True,
        help_text=_("How many people took part; not the number of opinions."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = DialogueEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialogue event")
        verbose_name_plural = _("dialogue events")
        ordering = ["process", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="event_unique_slug"),
            models.CheckConstraint(
                condition=Q(kind__in=DialogueEventKind.values), name="event_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["process", "starts_at"], name="event_time_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "staff:event_detail", kwargs={"slug": self.process.slug, "event_slug": self.slug}
        )

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event ends before it starts.")})

    @property
    def is_open_space(self) -> bool:
        return self.kind == self.Kind.OPEN_SPACE


def attachment_path(instance: "EventAttachment", filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventAttachment(models.Model):
    """A photo of a flip-chart or post-its, or another file from an event."""

    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["event", "uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.file.name


class OpenSpaceSession(models.Model):
    """One item of an Open Space's agenda, made by the participants on the day."""

    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="open_space_sessions",
    )
    topic = models.CharField(_("topic"), max_length=300)
    convener = models.CharField(_("convener"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("Open Space session")
        verbose_name_plural = _("Open Space sessions")
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.topic

    def clean(self) -> None:
        if self.event_id and not self.event.is_open_space:
            raise ValidationError(_("Sessions belong to Open Space events only."))


class StageTransition(models.Model):
    """The log of every stage move: who, when, from, to, note. Never edited."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="transitions",
        db_index=False,
    )
    from_stage = models.CharField(_("from"), max_length=30, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=30, choices=Stage.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    moved_at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["process", "moved_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_stage__in=ORDER) & Q(to_stage__in=ORDER),
                name="transition_stages_valid",
            ),
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="transition_changes_stage"
            ),
        ]
        indexes = [models.Index(fields=["process", "moved_at"], name="transition_time_idx")]

    def __str__(self) -> str:
        return f"{self.process}: {self.from_stage} → {self.to_stage}"

    @property
    def is_backward(self) -> bool:
        return ORDER.index(self.to_stage) < ORDER.index(self.from_stage)
