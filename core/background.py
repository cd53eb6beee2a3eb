"""What every kind of background run shares."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def stalled(active: bool, since) -> bool:
    """Background work that should be running but has shown no sign of life for longer than
    TASK_STALLED_AFTER_SECONDS: its worker was stopped or killed, or none is running."""
    limit = datetime.timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    return active and since is not None and timezone.now() - since > limit
