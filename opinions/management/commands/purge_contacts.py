from django.core.management.base import BaseCommand

from opinions.services.privacy import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the contacts for feedback whose retention date has passed (gallring), and log "
        "how many. Run it daily, e.g. from cron; opinions are never touched."
    )

    def handle(self, *args, **options):
        log = purge_expired()
        self.stdout.write(f"Deleted {log.removed} contacts whose retention date had passed.")
