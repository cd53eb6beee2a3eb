from __future__ import annotations

from django.db import models


class OpinionQuerySet(models.QuerySet):
    def for_process(self, process) -> OpinionQuerySet:
        return self.filter(process=process)

    def counted(self) -> OpinionQuerySet:
        """Opinions that count: not excluded and not duplicates."""
        return self.filter(status="registered")

    def awaiting_final_coding(self) -> OpinionQuerySet:
        return self.counted().filter(final_codings__isnull=True)

    def to_be_shown(self) -> OpinionQuerySet:
        """Opinions the public site would show once they have passed review."""
        return self.counted().filter(consent_to_publish=True)
