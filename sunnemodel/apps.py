from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SunnemodelConfig(AppConfig):
    name = "sunnemodel"
    verbose_name = _("Sunnemodellen")

    def ready(self) -> None:
        from sunnemodel import checks  # noqa: F401  (registers the project's system checks)
