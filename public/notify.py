"""Telling those who asked for feedback that it is published, and letting go of their contact.

A contact is kept only so that this message can be sent (DESIGN.md): once it is sent, the
contact's retention date becomes today, and `manage.py purge_contacts` deletes it.
A contact with only a phone number cannot be mailed; it stays for the staff to call until its
own retention date.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dialogues.models import Process
from opinions.models import RespondentContact


def feedback_messages_send(process_id: int, *, base_url: str) -> int:
    process = Process.objects.get(pk=process_id)
    waiting = RespondentContact.objects.filter(
        respondent__process=process, notified_at__isnull=True
    ).exclude(email="")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for contact in waiting.select_related("respondent").iterator():
            link = base_url.rstrip("/") + reverse(
                "public:receipt", args=[contact.respondent.receipt_code]
            )
            send_mail(
                subject=_("What became of your opinions: %(title)s") % {"title": process.title},
                message=_(
                    "Hello,\n\n"
                    "you took part in %(municipality)s's dialogue “%(title)s” and asked to hear "
                    "what became of it. The feedback is now published. This page shows your "
                    "opinions, the categories they were sorted into and the goals they "
                    "informed:\n\n%(link)s\n\n"
                    "Your contact details were kept only for this message and will now be "
                    "deleted.\n\n%(municipality)s"
                )
                % {"municipality": process.municipality, "title": process.title, "link": link},
                from_email=None,
                recipient_list=[contact.email],
            )
            with transaction.atomic():
                RespondentContact.objects.filter(pk=contact.pk).update(
                    notified_at=timezone.now(), retain_until=timezone.localdate()
                )
            sent += 1
    return sent
