"""Whom a resident asks about a dialogue: a person, with their role, e-mail and phone, shown on
the process's public pages and wherever a page tells a resident to ask us (an event's
accessibility, the privacy notice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


class ProcessContact(models.Model):
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_role = models.CharField(
        _("contact's role"),
        max_length=120,
        blank=True,
        help_text=_("For example: growth strategist, staff support of the drafting committee."),
    )
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=30, blank=True)

    class Meta:
        abstract = True

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)
