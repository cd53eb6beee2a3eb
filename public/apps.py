from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dialogues.stages import Stage, register_step
        from public.models import SiteProfile
        from public.site import forget
        from public.snapshots import snapshot_make
        from public.tasks import feedback_messages_queue

        # Every stage move publishes the figures as they stand (public/models.py).
        for stage in Stage:
            register_step(stage, snapshot_make)
        # Publishing the feedback tells everyone who left a contact for it.
        register_step(Stage.FEEDBACK_PUBLISHED, feedback_messages_queue)
        # Every page shows the site's profile, kept in the cache (public/site.py): a save,
        # through any path (the staff page, the admin, the demo), forgets the kept one.
        post_save.connect(forget, sender=SiteProfile, dispatch_uid="site_profile_forget")
        post_delete.connect(forget, sender=SiteProfile, dispatch_uid="site_profile_forget_del")
