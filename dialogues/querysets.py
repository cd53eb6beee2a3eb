from __future__ import annotations

from django.db import models
from django.db.models import Count, Q

from core.roles import has_staff_role


class ProcessQuerySet(models.QuerySet):
    def public(self) -> ProcessQuerySet:
        return self.filter(is_public=True)

    def visible_to(self, user) -> ProcessQuerySet:
        """Staff see the processes whose team they are in (and those with no team yet, made
        before teams); a superuser every one; anyone else the public ones."""
        if not user.is_authenticated or not has_staff_role(user):
            return self.public()
        if user.is_superuser:
            return self
        return self.filter(Q(team__isnull=True) | Q(team__user=user)).distinct()

    def with_counts(self) -> ProcessQuerySet:
        return self.annotate(
            question_count=Count("questions", distinct=True),
            event_count=Count("events", distinct=True),
        )


class DialogueEventQuerySet(models.QuerySet):
    def for_process(self, process) -> DialogueEventQuerySet:
        return self.filter(process=process)

    def with_details(self) -> DialogueEventQuerySet:
        return (
            self.select_related("process")
            .prefetch_related("facilitators", "questions")
            .annotate(
                session_count=Count("open_space_sessions", distinct=True),
                # Reverse name from the opinions app: counted here without importing it.
                opinion_count=Count(
                    "opinions", filter=Q(opinions__deleted_at__isnull=True), distinct=True
                ),
            )
        )

    def assigned_to(self, user) -> DialogueEventQuerySet:
        return self.filter(facilitators=user)
