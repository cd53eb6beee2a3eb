"""What the public site publishes as of a moment: the figures of "what you said".

Live counts would give away each new respondent: two readings a minute apart, and the
difference is the age band and area of the one person registered between them. The figures are
therefore published as snapshots, made when the process moves to another stage and, if the
process asks for it, at most once a day while the dialogue is open (`refresh_statistics`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogues.models import Process


class StatisticsSnapshot(models.Model):
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="statistics_snapshots",
        db_index=False,  # the index below starts with it
    )
    made_at = models.DateTimeField(_("made at"))
    counts = models.JSONField(_("counts"))

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        indexes = [models.Index(fields=["process", "-made_at"], name="public_snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.process} {self.made_at:%Y-%m-%d %H:%M}"


class SiteProfile(models.Model):
    """The municipality's own site: its name, logo and colour, who is responsible for the
    personal data (the privacy notice), and the contact in every page's footer. One row,
    set by an administrator (public/site.py); until then the defaults below."""

    ONE = 1  # the primary key of the one row

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONE, editable=False)
    name = models.CharField(
        _("municipality's name"),
        max_length=100,
        blank=True,
        help_text=_("Shown at the top of every page, for example: Sunne kommun."),
    )
    logo = models.FileField(_("logo"), upload_to="site/", blank=True)
    brand_colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#0b3d91",
        help_text=_(
            "The colour of the page header, behind white text. It must have a contrast of at "
            "least 4.5:1 against white."
        ),
    )
    controller = models.CharField(
        _("controller (personuppgiftsansvarig)"),
        max_length=200,
        blank=True,
        help_text=_("Who is responsible for the personal data, for example: Kommunstyrelsen."),
    )
    controller_address = models.TextField(
        _("controller's address"),
        blank=True,
        help_text=_("Postal address and organisation number."),
    )
    controller_email = models.EmailField(_("controller's e-mail"), blank=True)
    controller_phone = models.CharField(_("controller's phone"), max_length=30, blank=True)
    dpo_name = models.CharField(_("data protection officer"), max_length=120, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=30, blank=True)
    records_retention = models.TextField(
        _("how long opinions are kept"),
        blank=True,
        help_text=_(
            "What the records management plan (dokumenthanteringsplan) says of opinions from "
            "dialogues. Left empty, the notice says they are kept as the archive rules say."
        ),
    )
    contact_email = models.EmailField(_("e-mail in the footer"), blank=True)
    contact_phone = models.CharField(_("phone in the footer"), max_length=30, blank=True)
    contact_address = models.TextField(_("address in the footer"), blank=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("site profile")
        verbose_name_plural = _("site profile")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_profile_one_row")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or "Sunnemodellen"

    @property
    def email(self) -> str:
        """Where residents write: the footer's e-mail, or the site's own address."""
        return self.contact_email or settings.PUBLIC_CONTACT_EMAIL

    @property
    def version(self) -> int:
        """Changes whenever the profile does: the logo's and colours' addresses carry it, so
        that a browser keeps them until then and no longer."""
        return int(self.updated_at.timestamp()) if self.updated_at else 0
