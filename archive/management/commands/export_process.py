from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import export_archive
from dialogues.models import Process
from opinions.formats.exports import FORMATS, export


class Command(BaseCommand):
    help = (
        "Export a process's opinions, codebook and coding: XLSX (with the crosstabs), CSV, "
        "JSON, or a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder; or "
        "the whole process as one archive (--format archive) that import_archive restores."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the process's short name")
        parser.add_argument("--format", choices=[*FORMATS, "archive"], required=True)
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, slug, format, output, **options):
        process = Process.objects.filter(slug=slug).first()
        if process is None:
            raise CommandError(f"There is no process {slug!r}.")
        data = export_archive(process) if format == "archive" else export(process, format)
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {path} ({format}, {len(data):,} bytes).")
