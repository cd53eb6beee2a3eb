"""The public site's cache, and how it learns that a process's data changed.

Every public page of a process is cached with the *generation* it was made under, a number
kept in the cache itself under the process's slug (the address names the slug, so a cached page
is found without asking the database, and page and generation come in one round trip).
Whatever changes what a public page shows says so through `core.public_data.changed`; the
cache listens and moves the generation on, and a page made under an older one is made anew when
next asked for. The site's list of processes has a generation of its own, `SITE`.

A server process also keeps the pages it served, and trusts the generations it read for
LOCAL_SECONDS: most readers then cost no round trip at all, and a change made through another
process shows there within LOCAL_SECONDS.

The cache is shared by every server process only when it is Redis (CACHE_URL, see README);
with the default local-memory cache a page may be stale for up to PAGE_TIMEOUT in another
process, which is why the default is meant for one process (`make run`).

A page whose content changes with the clock rather than the data (a process's page, when a
meeting ends) is kept only until then (`page_set(seconds=...)`), and within LOCAL_SECONDS of
that is made anew.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict

from django.core.cache import cache
from django.dispatch import receiver

from core.public_data import public_data_changed

SITE = "site"
PAGE_TIMEOUT = 600  # seconds: a safety net under the generations, not the way pages renew
LOCAL_SECONDS = 2.0  # how long a server process trusts the generations it last read
LOCAL_PAGES = 200  # pages a server process keeps in its own memory (about 30 kB each)

_local_generations: dict = {}  # scope: (when read, generation)
_local_pages: OrderedDict = OrderedDict()  # (scope, path): (generation, page)


def _bounded(key: str) -> str:
    """A key of at most about 100 characters, whatever address a visitor asked for: a long
    one is kept under its hash (memcached refuses keys over 250; Redis would keep them all)."""
    if len(key) <= 100:
        return key
    return key[:40] + ":" + hashlib.sha256(key.encode()).hexdigest()


def _key(scope) -> str:
    return _bounded(f"public:generation:{scope}")


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
    _local_generations.pop(scope, None)
    try:
        cache.incr(_key(scope))
    except ValueError:
        cache.set(_key(scope), time.time_ns(), timeout=None)


def of_slug(slug: str) -> str:
    return f"slug:{slug}"


@receiver(public_data_changed)
def _changed(sender, *, slugs: tuple[str, ...] = (), site: bool = False, **kwargs) -> None:
    """Public data changed (core/public_data.py): pages made before are made anew."""
    for slug in slugs:
        _bump(of_slug(slug))
    if site:
        _bump(SITE)


def page_get(scope, path: str):
    """The page kept for `path` if it was made under the current generation of `scope`, else
    None; with the generation to store a new page under.

    Within LOCAL_SECONDS of asking the shared cache, a server process answers from its own
    memory, with no round trip at all; so a change made through another process shows
    after at most LOCAL_SECONDS (through this one, at once: `changed` forgets locally)."""
    now = time.monotonic()
    known = _local_generations.get(scope)
    if known is not None and now - known[0] < LOCAL_SECONDS:
        current = known[1]
        page = _local_pages.get((scope, path))
        if page is not None and page[0] == current:
            return page[1], current
        page = cache.get(_page_key(scope, path))
    else:
        found = cache.get_many([_key(scope), _page_key(scope, path)])
        current = found.get(_key(scope))
        if current is None:
            current = generation(scope)
        _local_generations[scope] = (now, current)
        page = found.get(_page_key(scope, path))
    if page is not None and page[0] == current:
        _remember(scope, path, page)
        return page[1], current
    return None, current


def page_set(scope, path: str, made_under: int, page, *, seconds: int | None = None) -> None:
    """Keep `page` for PAGE_TIMEOUT, or `seconds` if sooner: a page that changes with the clock
    (a meeting that ends moves under "Earlier") is kept only until it does."""
    timeout = PAGE_TIMEOUT if seconds is None else max(1, min(seconds, PAGE_TIMEOUT))
    cache.set(_page_key(scope, path), (made_under, page), timeout)
    _remember(scope, path, (made_under, page))


def _page_key(scope, path: str) -> str:
    return _bounded(f"public:page:{scope}:{path}")


def _remember(scope, path: str, page) -> None:
    _local_pages[(scope, path)] = page
    _local_pages.move_to_end((scope, path))
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


def clear() -> None:
    """Forget every page and generation, here and in the shared cache (for tests)."""
    cache.clear()
    _local_generations.clear()
    _local_pages.clear()
