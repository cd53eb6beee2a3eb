"""The record of what residents said: respondents, their contacts for feedback, opinions as
registered and every correction of them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Area, DialogueEvent, GuidingQuestion, OpenSpaceSession, Process
from opinions.querysets import OpinionQuerySet

# Letters and digits that cannot be mistaken for one another when read aloud or from a screen.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 8


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


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
            # The event list counts each event's opinions from this index alone (3.1 s -> 0.15 s
            # for the 20 events of a 2,000,000-opinion process; docs/benchmarks.md).
            models.Index(
                fields=["event"],
                condition=Q(deleted_at__isnull=True),
                name="opinion_live_event_idx",
            ),
            *(
                models.Index(
                    fields=[field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"opinion_{field}_idx",
                )
                for field in ("open_space_session", "duplicate_of", "reviewed_by", "deleted_by")
            ),
            # A page far down a list (the workbench, the review, the public list and the API)
            # reads its ids from this index alone, the lists' filters in its columns
            # (core/pages.py): the workbench's last page of 2,000,000 opinions 13 s -> 0.65 s.
            models.Index(
                fields=[
                    "process",
                    "recorded_at",
                    "id",
                    "status",
                    "publication",
                    "consent_to_publish",
                ],
                condition=Q(deleted_at__isnull=True),
                name="opinion_live_time_idx",
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
        if self.publication == self.Publication.APPROVED and not self.consent_to_publish:
            raise ValidationError(
                {
                    "publication": _(
                        "The person who gave this opinion did not agree to its publication."
                    )
                }
            )


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
