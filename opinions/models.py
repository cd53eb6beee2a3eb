import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Area, DialogueEvent, GuidingQuestion, OpenSpaceSession, Process
from opinions.querysets import CategoryQuerySet, OpinionQuerySet

# INDEXES. Each index is written with each row, and opinions, codings and suggestions are
# written by the 100,000 or on every keystroke: a foreign key that a composite index or a
# unique constraint already starts with has no index of its own (db_index=False), as
# tests/sunnemodel/test_schema.py checks (in every app).

# Letters and digits that cannot be mistaken for one another when read aloud or from a screen.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))


def stalled(active: bool, since) -> bool:
    """Background work that should be running but has shown no sign of life for longer than
    TASK_STALLED_AFTER_SECONDS: its worker was stopped or killed, or none is running."""
    limit = datetime.timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    return active and since is not None and timezone.now() - since > limit


class RespondentAgeBand(models.TextChoices):
    UNDER_16 = "0-15", _("under 16")
    AGE_16_19 = "16-19", _("16–19")
    AGE_20_29 = "20-29", _("20–29")
    AGE_30_44 = "30-44", _("30–44")
    AGE_45_64 = "45-64", _("45–64")
    AGE_65_79 = "65-79", _("65–79")
    AGE_80_PLUS = "80+", _("80 or older")


class RespondentGender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    OTHER = "other", _("other")
    NOT_SAID = "not_said", _("prefer not to say")


class RespondentRole(models.TextChoices):
    RESIDENT = "resident", _("resident")
    POLITICIAN = "politician", _("politician")
    EMPLOYEE = "employee", _("employee")
    BUSINESS = "business", _("business")
    ASSOCIATION = "association", _("association")
    YOUNG_PERSON = "young_person", _("young person")
    VISITOR = "visitor", _("visitor")


class Respondent(models.Model):
    """An anonymous person met at an event. Never a personnummer, never a name."""

    AgeBand = RespondentAgeBand
    Gender = RespondentGender
    Role = RespondentRole

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="respondents",
        db_index=False,  # respondent_event_idx starts with it
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="respondents",
    )
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="respondents",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    receipt_code = models.CharField(
        _("receipt code"), max_length=12, unique=True, default=new_receipt_code, editable=False
    )
    client_uuid = models.UUIDField(_("client id"), null=True, blank=True, unique=True)
    external_id = models.CharField(
        _("id in the source"),
        max_length=100,
        blank=True,
        help_text=_("For example the author-id of a Polis export."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["process", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_band="") | Q(age_band__in=RespondentAgeBand.values),
                name="respondent_age_band_valid",
            ),
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=RespondentGender.values),
                name="respondent_gender_valid",
            ),
            models.CheckConstraint(
                condition=Q(role="") | Q(role__in=RespondentRole.values),
                name="respondent_role_valid",
            ),
            models.UniqueConstraint(
                fields=["process", "external_id"],
                condition=~Q(external_id=""),
                name="respondent_unique_external_id",
            ),
        ]
        indexes = [models.Index(fields=["process", "event"], name="respondent_event_idx")]

    def __str__(self) -> str:
        return self.receipt_code


class RespondentContact(models.Model):
    """How to reach a respondent who asked for feedback. Kept apart, deleted at its date."""

    respondent = models.OneToOneField(
        Respondent,
        verbose_name=_("respondent"),
        on_delete=models.CASCADE,
        related_name="contact",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    retain_until = models.DateField(_("delete on"))
    notified_at = models.DateTimeField(
        _("told of the feedback"),
        null=True,
        blank=True,
        help_text=_("When the message about the published feedback was sent."),
    )

    class Meta:
        verbose_name = _("contact for feedback")
        verbose_name_plural = _("contacts for feedback")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="contact_has_email_or_phone"
            )
        ]
        indexes = [models.Index(fields=["retain_until"], name="contact_retention_idx")]

    def __str__(self) -> str:
        return str(self.respondent)


class OpinionSource(models.TextChoices):
    ENTERED = "entered", _("entered at an event")
    FILE = "file", _("imported from a file")
    POLIS = "polis", _("imported from Polis")


class OpinionStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    EXCLUDED = "excluded", _("excluded")
    DUPLICATE = "duplicate", _("duplicate")


class OpinionPublication(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", _("not reviewed")
    APPROVED = "approved", _("approved for publication")
    WITHHELD = "withheld", _("withheld")


class Opinion(models.Model):
    """What a resident said. A public record: the original text is never changed."""

    Source = OpinionSource
    Status = OpinionStatus
    Publication = OpinionPublication

    # Every index is written with every opinion, by hand or 100,000 at a time: see INDEXES
    # above; and a foreign key that is mostly empty (a session, a duplicate, a review, a
    # deletion) indexes only the rows that have it.
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="opinions",
        db_index=False,
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        db_index=False,
    )
    open_space_session = models.ForeignKey(
        OpenSpaceSession,
        verbose_name=_("Open Space session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        db_index=False,
    )
    question = models.ForeignKey(
        GuidingQuestion,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    respondent = models.ForeignKey(
        Respondent,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    original_text = models.TextField(_("text as registered"))
    published_text = models.TextField(
        _("text as published"), blank=True, help_text=_("A redacted copy for the public site.")
    )
    language = models.CharField(_("language"), max_length=10, default="sv")
    consent_to_publish = models.BooleanField(_("may be published"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    polis_id = models.CharField(_("Polis id"), max_length=30, blank=True)
    client_uuid = models.UUIDField(_("client id"), null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    exclusion_reason = models.TextField(_("reason for exclusion"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        db_index=False,
    )
    publication = models.CharField(
        _("publication"),
        max_length=14,
        choices=Publication.choices,
        default=Publication.NOT_REVIEWED,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    deletion_reason = models.TextField(_("reason for deletion"), blank=True)
    # Swedish full-text search. PostgreSQL keeps it current with a trigger and a GIN index
    # (migration 0007); on SQLite it stays empty and search falls back to plain matching.
    search_vector = SearchVectorField(null=True, editable=False)
    final_categories = models.ManyToManyField(
        "Category",
        verbose_name=_("final categories"),
        through="FinalCoding",
        blank=True,
        related_name="final_opinions",
    )

    objects = OpinionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["process", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OpinionStatus.values), name="opinion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=OpinionSource.values), name="opinion_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(publication__in=OpinionPublication.values),
                name="opinion_publication_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(exclusion_reason=""),
                name="opinion_exclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="opinion_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | ~Q(deletion_reason=""),
                name="opinion_deletion_has_reason",
            ),
            # Only an opinion its giver let us publish, with its redacted text, can be approved.
            models.CheckConstraint(
                condition=~Q(publication="approved")
                | (Q(consent_to_publish=True) & ~Q(published_text="")),
                name="opinion_approved_has_consent_and_text",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "recorded_at"], name="opinion_time_idx"),
            models.Index(fields=["process", "status"], name="opinion_status_idx"),
            models.Index(fields=["event", "recorded_at"], name="opinion_event_idx"),
            *(
                models.Index(
                    fields=[field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"opinion_{field}_idx",
                )
                for field in ("open_space_session", "duplicate_of", "reviewed_by", "deleted_by")
            ),
            models.Index(
                fields=["process", "recorded_at"],
                condition=Q(publication="approved", status="registered", deleted_at__isnull=True),
                name="opinion_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.original_text[:60]

    @property
    def current_text(self) -> str:
        """The newest correction, or the text as registered (uses prefetched versions)."""
        versions = sorted(self.versions.all(), key=lambda version: version.number)
        return versions[-1].text if versions else self.original_text

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def clean(self) -> None:
        if self.status == self.Status.EXCLUDED and not self.exclusion_reason.strip():
            raise ValidationError({"exclusion_reason": _("Give a reason for the exclusion.")})
        if self.status == self.Status.DUPLICATE and self.duplicate_of_id is None:
            raise ValidationError({"duplicate_of": _("Name the opinion this one duplicates.")})


class OpinionImport(models.Model):
    """A file imported into a process: who, when, what it held. Imports are all or nothing,
    so a file's digest here means every one of its rows is stored."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="imports",
        db_index=False,
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    format = models.CharField(_("kind of file"), max_length=10)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"))
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    opinions = models.PositiveIntegerField(_("opinions created"))
    respondents = models.PositiveIntegerField(_("respondents created"))
    excluded = models.PositiveIntegerField(_("excluded"))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["process", "-imported_at"]
        indexes = [models.Index(fields=["process", "digest"], name="import_digest_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"

    @property
    def already_there(self) -> int:
        return self.rows - self.opinions


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    READING = "reading", _("reading the file")
    WRITING = "writing", _("saving the opinions")
    DONE = "done", _("done")
    FAILED = "failed", _("not imported")


class ImportRun(models.Model):
    """A confirmed upload, imported in the background; its page shows how far it has come."""

    Status = ImportRunStatus
    PROGRESS = {"queued": 5, "reading": 30, "writing": 70, "done": 100, "failed": 100}

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="import_runs"
    )
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("stored as"), max_length=255)
    format = models.CharField(_("kind of file"), max_length=10)
    mapping = models.JSONField(_("columns"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED
    )
    result = models.ForeignKey(
        OpinionImport,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    messages = models.JSONField(_("messages"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportRunStatus.values), name="import_run_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_stalled(self) -> bool:
        """Its worker died: an import is all or nothing, so nothing of it was saved."""
        active = self.status in (self.Status.QUEUED, self.Status.READING, self.Status.WRITING)
        return stalled(active, self.created_at)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.is_stalled

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]


class OpinionVersion(models.Model):
    """A correction of an opinion's text. The original stays as registered; each correction is
    a new version, with who made it and when."""

    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="versions",
        db_index=False,
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("corrected text"))
    reason = models.CharField(_("why"), max_length=300, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["opinion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["opinion", "number"], name="opinion_version_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=2), name="opinion_version_after_original"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id} v{self.number}"


class Category(models.Model):
    """An entry of a process's codebook."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="categories",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    include_notes = models.TextField(_("include when"), blank=True)
    exclude_notes = models.TextField(_("exclude when"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#6c757d",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB."))],
    )
    key = models.CharField(_("shortcut key"), max_length=1, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # A merged category is kept, so that the coding history naming it still reads true.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )

    objects = CategoryQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["process", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="category_unique_name"),
            models.UniqueConstraint(
                fields=["process", "key"], condition=~Q(key=""), name="category_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="category_colour_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """One coder's judgement that an opinion belongs to a category."""

    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="codings",
        db_index=False,
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="codings"
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coder"),
        on_delete=models.PROTECT,
        related_name="codings",
        db_index=False,
    )
    coded_at = models.DateTimeField(_("coded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        ordering = ["opinion", "coded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion", "category", "coder"], name="coding_unique_per_coder"
            )
        ]
        indexes = [models.Index(fields=["coder", "coded_at"], name="coding_coder_idx")]

    def __str__(self) -> str:
        return f"{self.opinion_id} → {self.category}"


class FinalCoding(models.Model):
    """A category in an opinion's final, adjudicated coding."""

    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="final_codings",
        db_index=False,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="final_codings",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final coding")
        verbose_name_plural = _("final codings")
        constraints = [
            models.UniqueConstraint(fields=["opinion", "category"], name="final_coding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.opinion_id} ⇒ {self.category}"


class Memo(models.Model):
    """The strategists' note on an opinion."""

    opinion = models.OneToOneField(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="memo"
    )
    text = models.TextField(_("memo"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")

    def __str__(self) -> str:
        return self.text[:60]


class CodingAction(models.TextChoices):
    ADD = "add", _("added")
    REMOVE = "remove", _("removed")
    EXCLUDE = "exclude", _("excluded the opinion")
    INCLUDE = "include", _("took the opinion back in")
    MEMO = "memo", _("wrote the memo")
    SETTLE = "settle", _("settled the final coding")


class CodingChange(models.Model):
    """One step of coding work on an opinion by one person. It is the history staff read, what
    undo takes back, and what tells a strategist that someone else changed the opinion since
    they opened it."""

    Action = CodingAction

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="coding_changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("what"), max_length=8, choices=Action.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True, help_text=_("The reason or the memo."))
    previous_text = models.TextField(_("text before"), blank=True)
    undoes = models.ForeignKey(
        "self",
        verbose_name=_("undoes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone = models.BooleanField(_("undone"), default=False)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("coding change")
        verbose_name_plural = _("coding changes")
        ordering = ["opinion", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=CodingAction.values), name="coding_change_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["user", "undone"], name="coding_change_user_idx")]

    def __str__(self) -> str:
        return f"{self.opinion_id}: {self.get_action_display()}"


class CodingSample(models.Model):
    """The blind double-coding sample of a process: a share of its opinions, drawn at random,
    that a second coder codes without seeing the first."""

    process = models.OneToOneField(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="coding_sample"
    )
    share = models.PositiveSmallIntegerField(
        _("share of the opinions (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    opinions = models.ManyToManyField(
        Opinion, verbose_name=_("opinions"), related_name="coding_samples"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)

    class Meta:
        verbose_name = _("double-coding sample")
        verbose_name_plural = _("double-coding samples")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gte=1, share__lte=100), name="coding_sample_share_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} ({self.share} %)"


class Reconciliation(models.Model):
    """A person settled an opinion's final coding where its coders disagreed."""

    opinion = models.OneToOneField(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="reconciliation",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self) -> str:
        return str(self.opinion_id)


class CodebookAction(models.TextChoices):
    MERGE = "merge", _("merged")
    SPLIT = "split", _("split")
    IMPORT = "import", _("imported")


class CodebookChange(models.Model):
    """A change to the codebook that moved codings or made many categories at once."""

    Action = CodebookAction

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="codebook_changes",
    )
    action = models.CharField(_("what"), max_length=8, choices=Action.choices)
    summary = models.TextField(_("summary"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("codebook change")
        verbose_name_plural = _("codebook changes")
        ordering = ["process", "-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=CodebookAction.values), name="codebook_change_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.summary[:60]


class SuggestionModelStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    TRAINING = "training", _("training")
    DONE = "done", _("ready")
    TOO_FEW = "too_few", _("too few coded opinions")
    FAILED = "failed", _("failed")


class SuggestionModel(models.Model):
    """A model trained on a process's coded opinions, that suggests categories for the rest.
    Its quality is measured on coded opinions it did not see."""

    Status = SuggestionModelStatus
    PROGRESS = {"queued": 5, "training": 50, "done": 100, "too_few": 100, "failed": 100}

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="suggestion_models",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    trained_on = models.PositiveIntegerField(_("opinions trained on"), default=0)
    held_out = models.PositiveIntegerField(_("opinions held out"), default=0)
    quality = models.JSONField(_("quality"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    fitted = models.BinaryField(_("fitted model"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("suggestion model")
        verbose_name_plural = _("suggestion models")
        ordering = ["process", "-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionModelStatus.values),
                name="suggestion_model_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_stalled(self) -> bool:
        active = self.status in (SuggestionModelStatus.QUEUED, SuggestionModelStatus.TRAINING)
        return stalled(active, self.started_at or self.requested_at)

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]


class SuggestionDecision(models.TextChoices):
    PENDING = "pending", _("not decided")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Suggestion(models.Model):
    """A category suggested for an uncoded opinion. Only a person's acceptance codes it."""

    Decision = SuggestionDecision

    model = models.ForeignKey(
        SuggestionModel,
        verbose_name=_("suggestion model"),
        on_delete=models.CASCADE,
        related_name="suggestions",
        db_index=False,
    )
    opinion = models.ForeignKey(
        Opinion,
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        db_index=False,
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    confidence = models.FloatField(_("confidence"))
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["opinion", "-confidence"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "opinion", "category"], name="suggestion_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SuggestionDecision.values),
                name="suggestion_decision_valid",
            ),
        ]
        indexes = [models.Index(fields=["opinion", "decision"], name="suggestion_opinion_idx")]

    def __str__(self) -> str:
        return f"{self.opinion_id} → {self.category} ({self.confidence:.0%})"


class PopulationDimension(models.TextChoices):
    AGE_BAND = "age_band", _("age")
    GENDER = "gender", _("gender")
    AREA = "area", _("area")


class PopulationFigure(models.Model):
    """How many live in the municipality in one group (an age band, a gender, an area), to set
    beside who was reached. Entered by hand or imported from an SCB table."""

    Dimension = PopulationDimension

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="population_figures",
        db_index=False,
    )
    dimension = models.CharField(_("group by"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("group"), max_length=100)
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["process", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "dimension", "value"], name="population_figure_unique"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=PopulationDimension.values),
                name="population_dimension_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.value}: {self.count}"


class ExportRunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    WRITING = "writing", _("writing the file")
    DONE = "done", _("ready to download")
    FAILED = "failed", _("failed")


class ExportRun(models.Model):
    """An export of a process, written in the background (a large process takes minutes);
    its page offers the file when it is ready. Files are kept for a day."""

    Status = ExportRunStatus
    PROGRESS = {"queued": 5, "writing": 50, "done": 100, "failed": 100}

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="export_runs"
    )
    format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportRunStatus.choices, default=ExportRunStatus.QUEUED
    )
    path = models.CharField(_("stored as"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportRunStatus.values), name="export_run_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.format} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_stalled(self) -> bool:
        active = self.status in (ExportRunStatus.QUEUED, ExportRunStatus.WRITING)
        return stalled(active, self.started_at or self.requested_at)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportRunStatus.DONE, ExportRunStatus.FAILED) or self.is_stalled

    @property
    def progress(self) -> int:
        return self.PROGRESS[self.status]


class RetentionRule(models.TextChoices):
    CONTACT_FOR_FEEDBACK = "contact_for_feedback", _("contacts for feedback past their date")


class RetentionLog(models.Model):
    """One run of a retention rule (gallring): when, which rule, how many records it removed.
    Never what they held: the log must not keep what the rule took away."""

    Rule = RetentionRule

    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    ran_at = models.DateTimeField(_("ran"), default=timezone.now)
    removed = models.PositiveIntegerField(_("records removed"))
    kept_until = models.DateField(
        _("removed what was kept until before"),
        help_text=_("The day the run went by: what was to be kept until before it was removed."),
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=RetentionRule.values), name="retention_rule_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.ran_at:%Y-%m-%d}: {self.removed}"


class RegisterExtract(models.Model):
    """That a register extract (GDPR art. 15) was made: by whom, when, how many records it
    found. Not what was asked for nor what was found."""

    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    found = models.PositiveIntegerField(_("respondents found"))

    class Meta:
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} ({self.found})"
