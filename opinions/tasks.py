"""The opinions app's background work (django-tasks), each task beside the service it runs:
here they are named in one place, and a task queued under its earlier address still runs."""

from opinions.analysis.kept import figures_count
from opinions.services.exports import export_run
from opinions.services.imports import import_run
from opinions.services.privacy import purge_personal_data
from opinions.services.suggestions import train_suggestions

__all__ = ["export_run", "figures_count", "import_run", "purge_personal_data", "train_suggestions"]
