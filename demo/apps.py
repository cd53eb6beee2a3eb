from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Sunne case as demo data (`manage.py seed_demo`)."""

    name = "demo"
    verbose_name = _("Demo")
