from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: roles, how a view declares its rules, history, the public cache
    and the one signal that says what residents see has changed. It imports no app of ours."""

    name = "core"
    verbose_name = _("Sunnemodellen")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core import checks, public_cache  # noqa: F401  (system checks; the cache listens)
        from core.middleware import renewed_at_sign_in

        user_logged_in.connect(renewed_at_sign_in, dispatch_uid="core-session-renewed")
