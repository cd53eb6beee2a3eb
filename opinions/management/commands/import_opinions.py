from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dialogues.models import DialogueEvent, Process
from opinions.formats.opinion_files import FORMATS
from opinions.formats.tables import ImportRefused
from opinions.services.file_imports import MAX_PROBLEMS, import_file

IMPORTER_USERNAME = "import"


class Command(BaseCommand):
    help = (
        "Import opinions from the event template, any XLSX/ODS/CSV, or a Polis comments.csv. "
        "All or nothing; importing the same file again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--process", required=True, help="the process's short name (slug)")
        parser.add_argument("--event", help="the event's short name, if the opinions are from one")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.add_argument(
            "--user",
            default=IMPORTER_USERNAME,
            help="who the opinions are recorded by (default: an inactive user named 'import')",
        )

    def _refuse(self, file: Path, plan) -> None:
        for message in plan.messages()[:50]:
            self.stderr.write(message)
        more = len(plan.problems) - 50
        if more > 0:
            most = " (the first are told)" if len(plan.problems) >= MAX_PROBLEMS else ""
            self.stderr.write(f"… and {more} more problems{most}.")
        raise CommandError(f"{file.name}: nothing was imported; correct the file and try again.")

    def handle(
        self,
        *args,
        file: Path,
        process: str,
        event=None,
        format="auto",
        dry_run=False,
        user=IMPORTER_USERNAME,
        **options,
    ):
        try:
            the_process = Process.objects.get(slug=process)
        except Process.DoesNotExist:
            raise CommandError(f"There is no process with the short name “{process}”.") from None
        the_event = None
        if event:
            the_event = DialogueEvent.objects.filter(process=the_process, slug=event).first()
            if the_event is None:
                raise CommandError(f"The process has no event with the short name “{event}”.")
        if not file.is_file():
            raise CommandError(f"{file}: there is no such file.")
        try:
            plan, result = import_file(
                process=the_process,
                event=the_event,
                path=file,
                file_name=file.name,
                recorded_by=_recorder(user),
                fmt=format,
                dry_run=dry_run,
            )
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        except DatabaseError as error:
            raise CommandError(
                f"{file.name}: the database stopped answering during the import "
                f"({type(error).__name__}); nothing was saved, as an import is all or nothing. "
                "Run it again when the database answers."
            ) from None
        if not plan.ok:
            self._refuse(file, plan)
        if dry_run:
            self.stdout.write(
                f"{file.name}: {plan.row_count} rows can be imported (dry run: nothing saved)."
            )
            return
        self.stdout.write(
            f"{file.name}: created {result.opinions} opinions ({result.excluded} excluded) and "
            f"{result.respondents} respondents; {result.already_there} were already imported."
        )


def _recorder(username: str):
    """Who the opinions are recorded by: the user named, or an importer account that cannot
    sign in."""
    recorder = get_user_model().objects.filter(username=username).first()
    if recorder is None:
        if username != IMPORTER_USERNAME:
            raise CommandError(f"There is no user “{username}”.")
        recorder = get_user_model().objects.create(
            username=IMPORTER_USERNAME, first_name="Import", is_active=False
        )
    return recorder
