from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import seed as demo


class Command(BaseCommand):
    help = "Load the Sunne case (vision 2014–2025) as demo data. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also add the logins admin, facilitator, strategist and politician "
            "(password 'demo'). Refused unless DEBUG is on.",
        )

    def handle(self, *args, with_users: bool = False, **options):
        if with_users and not settings.DEBUG:
            raise CommandError(
                "--with-users adds logins with a known password and is refused unless DEBUG "
                "is on. Set DEBUG=1 for a local demo."
            )
        counts = demo.seed(with_users=with_users)
        self.stdout.write(
            self.style.SUCCESS(
                f"The Sunne case is loaded: {counts['processes']} processes, "
                f"{counts['events']} events."
            )
        )
        if with_users:
            self.stdout.write(
                "Logins (password 'demo'): "
                + ", ".join(username for username, *_ in demo.DEMO_USERS)
            )
