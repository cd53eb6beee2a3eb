"""The one way to say "what residents see has changed".

Every write that changes what a public page shows, single or in bulk, calls `changed(process)`
once it knows the process (services do, after their writes; so do imports, the final coding,
question moves and the Django admin). When the transaction commits, `public_data_changed` is
sent with the slugs of the processes whose public pages are to be made anew, and `site` when
the site's list of processes changed too. The public cache (core/public_cache.py) listens.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with slugs (tuple[str, ...]) and site (bool), after the commit.
public_data_changed = Signal()


def changed(*processes, site: bool = False) -> None:
    """What residents see of these processes (each a process, or its slug) has changed; `site`
    when the list of processes did (a process was added, renamed, made public or not)."""
    slugs = tuple(sorted({p if isinstance(p, str) else p.slug for p in processes if p}))
    if not slugs and not site:
        return
    transaction.on_commit(lambda: public_data_changed.send(sender=changed, slugs=slugs, site=site))
