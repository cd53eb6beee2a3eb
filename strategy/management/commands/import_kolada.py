from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dialogues.models import Process
from strategy.models import Strategy
from strategy.services.follow_up import kolada_import


class Command(BaseCommand):
    help = (
        "Import measurements from a Kolada API v3 answer (/v3/data/kpi/{kpi}/municipality/{ids}, "
        "every page of it) into the targets that name that KPI: the target's own municipality "
        "as measurements, others as comparisons; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="+", help="the JSON files saved from Kolada (its pages)")
        parser.add_argument("--process", required=True, help="the process's short name (slug)")

    def handle(self, *args, file, process, **options):
        found = Process.objects.filter(slug=process).first()
        if found is None:
            raise CommandError(f"There is no process {process!r}.")
        strategy = Strategy.objects.filter(process=found).first()
        if strategy is None:
            raise CommandError(f"The process {process!r} has no strategy yet.")
        pages = []
        for path in map(Path, file):
            try:
                pages.append((path.name, path.read_bytes()))
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            result = kolada_import(strategy=strategy, pages=pages)
        except ValidationError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.messages)) from error
        self.stdout.write(
            f"{result.created} new measurements, {result.updated} changed, "
            f"{result.unchanged} already there, {result.without_value} without a value, "
            f"{result.removed} withdrawn by Kolada, {result.compared} to compare with."
        )
