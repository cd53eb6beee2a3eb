from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """A process as one file: exported (`export_process`) and restored (`import_archive`)."""

    name = "archive"
    verbose_name = _("Archive")
