from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from dialogues.stages import Stage, register_step
        from public.tasks import feedback_messages_queue

        # Publishing the feedback tells everyone who left a contact for it.
        register_step(Stage.FEEDBACK_PUBLISHED, feedback_messages_queue)
