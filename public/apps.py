from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from dialogues.stages import Stage, register_step
        from public.snapshots import snapshot_make
        from public.tasks import feedback_messages_queue

        # Every stage move publishes the figures as they stand (public/models.py).
        for stage in Stage:
            register_step(stage, snapshot_make)
        # Publishing the feedback tells everyone who left a contact for it.
        register_step(Stage.FEEDBACK_PUBLISHED, feedback_messages_queue)
