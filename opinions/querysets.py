from __future__ import annotations

from django.db import models


class OpinionQuerySet(models.QuerySet):
    def for_process(self, process) -> OpinionQuerySet:
        return self.filter(process=process)

    def not_deleted(self) -> OpinionQuerySet:
        return self.filter(deleted_at__isnull=True)

    def counted(self) -> OpinionQuerySet:
        """Opinions that count: not deleted, not excluded and not duplicates."""
        return self.not_deleted().filter(status="registered")

    def for_event(self, event) -> OpinionQuerySet:
        return self.filter(event=event)

    def with_history(self) -> OpinionQuerySet:
        return self.select_related(
            "question", "respondent", "recorded_by", "deleted_by", "open_space_session"
        ).prefetch_related("versions__corrected_by")

    def awaiting_final_coding(self) -> OpinionQuerySet:
        return self.counted().filter(final_codings__isnull=True)

    def to_be_shown(self) -> OpinionQuerySet:
        """Opinions the public site would show once they have passed review."""
        return self.counted().filter(consent_to_publish=True)
