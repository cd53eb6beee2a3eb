from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogue processes")

    def ready(self) -> None:
        from dialogues import guards  # noqa: F401  (registers the guards of this app)
