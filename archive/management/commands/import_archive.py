from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import ArchiveError, restore_archive


class Command(BaseCommand):
    help = (
        "Restore a process from the archive that `export_process SLUG --format archive` "
        "wrote, into an empty, migrated database: every record or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive (.zip)")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            with path.open("rb") as source:
                restored = restore_archive(source)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ArchiveError as error:
            raise CommandError(f"{path}: {error} Nothing was restored.") from error
        self.stdout.write(
            f"Restored “{restored.process.title}” ({restored.process.slug}): "
            f"{restored.records} records and {restored.files} files."
        )
