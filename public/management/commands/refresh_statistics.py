from django.core.management.base import BaseCommand

from public.snapshots import snapshots_refresh


class Command(BaseCommand):
    help = (
        "Publish new figures for the processes whose dialogue is open and that ask for daily "
        "figures, once their latest are a day old. Run it daily; every stage move publishes "
        "new figures by itself."
    )

    def handle(self, *args, **options):
        made = snapshots_refresh()
        self.stdout.write(f"Published new figures for {made} processes.")
