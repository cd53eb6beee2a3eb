"""The public site's cache, and how it learns that a process's data changed.

Every public page of a process is cached under the process's *generation*, a number kept in
the cache itself. Whatever changes what a public page shows calls `changed(process_id)`, which
moves the generation on; the pages cached under the old one are never read again and expire.
Single saves reach it through signals (public/signals.py); bulk writes (imports, the final
coding) call it themselves. The site's list of processes has a generation of its own, `SITE`.

The cache is shared by every server process only when it is Redis (CACHE_URL, see README);
with the default local-memory cache a page may be stale for up to PAGE_TIMEOUT in another
process, which is why the default is meant for one process (`make run`).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

SITE = "site"
PAGE_TIMEOUT = 600  # seconds: a safety net under the generations, not the way pages renew


def _key(scope) -> str:
    return f"public:generation:{scope}"


def generation(scope) -> int:
    """The current generation of `scope` (a process id, or SITE)."""
    value = cache.get(_key(scope))
    if value is None:
        # A cache that lost its keys starts from the clock, never from an earlier number.
        value = time.time_ns()
        cache.add(_key(scope), value, timeout=None)
        value = cache.get(_key(scope), value)
    return value


def _bump(scope) -> None:
    try:
        cache.incr(_key(scope))
    except ValueError:
        cache.set(_key(scope), time.time_ns(), timeout=None)


def changed(process_id: int | None, *, site: bool = False) -> None:
    """The public data of this process changed: once the transaction commits, its pages are
    made anew (and the site's list of processes too, when `site`)."""

    def bump() -> None:
        if process_id is not None:
            _bump(process_id)
        if site:
            _bump(SITE)

    transaction.on_commit(bump)


def page_key(scope, path: str) -> str:
    return f"public:page:{scope}:{generation(scope)}:{path}"
