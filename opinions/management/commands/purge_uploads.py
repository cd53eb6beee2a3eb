from django.core.management.base import BaseCommand

from opinions.services.imports import uploads_purge


class Command(BaseCommand):
    help = (
        "Delete uploads for import that were never confirmed, a day after they were made "
        "(they hold residents' words). Run it daily."
    )

    def handle(self, *args, **options):
        count = uploads_purge()
        self.stdout.write(f"Deleted {count} unconfirmed uploads older than a day.")
