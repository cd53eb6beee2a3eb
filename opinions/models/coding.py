"""The codebook and the coding: categories, each coder's codings, the final coding, memos, the log
of every step, the double-coded sample and its reconciliations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dialogues.models import Process
from opinions.models.records import Opinion
from opinions.querysets import CategoryQuerySet, FinalCodingQuerySet


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

    objects = FinalCodingQuerySet.as_manager()
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
    # The workbench's own id for the keystroke that made this step: a step sent again because
    # its answer was lost is recognised by it and not applied twice.
    step = models.UUIDField(_("client step id"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("coding change")
        verbose_name_plural = _("coding changes")
        ordering = ["opinion", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=CodingAction.values), name="coding_change_action_valid"
            ),
            models.UniqueConstraint(
                fields=["user", "step"],
                condition=Q(step__isnull=False),
                name="coding_change_step_once",
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
