from django.core.management.base import BaseCommand
from django.utils import timezone

from opinions.models import RespondentContact


class Command(BaseCommand):
    help = (
        "Delete the contacts for feedback whose retention date has passed (gallring). "
        "Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        expired = RespondentContact.objects.filter(retain_until__lt=timezone.localdate())
        count, _ = expired.delete()
        self.stdout.write(f"Deleted {count} contacts whose retention date had passed.")
