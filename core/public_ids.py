"""Ids to publish for records, which say nothing of the order they were made in.

A sequential id tells which opinion came after which: beside figures that changed in between,
that ties a published text to the profile of the one person registered then. A published id is
therefore a keyed hash of the record's own id: stable, so that open data can be cited and
compared over time, and meaningless without the key (PUBLIC_ID_KEY, SECRET_KEY by default).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def public_id(kind: str, pk: int) -> str:
    key = (getattr(settings, "PUBLIC_ID_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]
