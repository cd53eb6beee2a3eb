from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "opinions"
    verbose_name = _("Opinions")

    def ready(self) -> None:
        from opinions import guards  # noqa: F401  (registers the guards of this app)
        from opinions.analysis import kept  # noqa: F401  (its figures learn of changes)
