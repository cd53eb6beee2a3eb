from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SunnemodelConfig(AppConfig):
    name = "sunnemodel"
    verbose_name = _("Sunnemodellen")
