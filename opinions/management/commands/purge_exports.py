from django.core.management.base import BaseCommand

from opinions.services.exports import exports_purge


class Command(BaseCommand):
    help = "Delete export files older than a day (they hold every opinion). Run it daily."

    def handle(self, *args, **options):
        count = exports_purge()
        self.stdout.write(f"Deleted {count} export files older than a day.")
