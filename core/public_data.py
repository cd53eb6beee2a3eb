"""The one way to say "what residents see has changed".

Every write that changes what a public page shows, single or in bulk, calls `changed(process)`
once it knows the process (services do, after their writes; so do imports, the final coding,
question moves and the Django admin). When the transaction commits, `public_data_changed` is
sent with the slugs of the processes whose public pages are to be made anew, and `site` when
the site's list of processes changed too. The public cache (core/public_cache.py) listens.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

# Sent with slugs (tuple[str, ...]) and site (bool), after the commit.
public_data_changed = Signal()


@dataclass(frozen=True)
class Announcement:
    """What changed, sent once the transaction that changed it commits."""

    slugs: tuple[str, ...]
    site: bool

    def __call__(self) -> None:
        public_data_changed.send(sender=Announcement, slugs=self.slugs, site=self.site)


def changed(*processes, site: bool = False) -> None:
    """What residents see of these processes (each a process, or its slug) has changed; `site`
    when the list of processes did (a process was added, renamed, made public or not)."""
    slugs = tuple(sorted({p if isinstance(p, str) else p.slug for p in processes if p}))
    if slugs or site:
        transaction.on_commit(Announcement(slugs, site))
