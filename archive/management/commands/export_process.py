from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.backup import export_archive
from dialogues.models import Process
from opinions.formats.exports import FORMATS, write_export


def _site_url() -> str:
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
    return f"https://{hosts[0]}" if hosts else "http://localhost:8000"


class Command(BaseCommand):
    help = (
        "Export a process's opinions, codebook and coding: XLSX (with the crosstabs), CSV, "
        "JSON, or a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder; or "
        "the whole process as one archive (--format archive) that import_archive restores; "
        "or, for the e-archive, an E-ARK SIP (--format sip) of an adopted process, as a zip "
        "(--output NAME.zip) or a folder made inside --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the process's short name")
        parser.add_argument("--format", choices=[*FORMATS, "archive", "sip"], required=True)
        parser.add_argument(
            "--output", required=True, help="the file to write (for sip: a .zip or a folder)"
        )
        parser.add_argument(
            "--site-url",
            default=None,
            help="the public site's address, as the brochure names it (sip; default from "
            "ALLOWED_HOSTS)",
        )

    def handle(self, *args, slug, format, output, site_url, **options):
        process = Process.objects.filter(slug=slug).first()
        if process is None:
            raise CommandError(f"There is no process {slug!r}.")
        if format == "sip":
            return self._sip(process, Path(output), site_url or _site_url())
        path = Path(output)
        try:
            with path.open("wb") as target:
                if format == "archive":  # written as it is read: a process of any size
                    export_archive(process, target)
                else:
                    write_export(process, format, target)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {path} ({format}, {path.stat().st_size:,} bytes).")

    def _sip(self, process, output: Path, site_url: str) -> None:
        from archive.rules import is_closed
        from archive.services import package_export

        if not is_closed(process):
            raise CommandError(
                f"{process.slug} is not adopted yet ({process.get_stage_display()}): the "
                "e-archive takes a process once its decision is made."
            )
        try:
            package = package_export(process=process, output=output, site_url=site_url)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(
            f"Wrote {package.path} (sip, {package.files} files, {package.size:,} bytes, "
            f"SHA-256 {package.sha256})."
        )
