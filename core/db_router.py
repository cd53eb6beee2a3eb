"""Reads from a streaming replica where that can never show someone stale data; all else on
the primary.

With DATABASE_REPLICA_URL set (sunnemodel/settings.py), the database alias "replica" is a
PostgreSQL hot standby of "default", and these rules hold (docs/operations.md, "Scaling out"):

1. Every write goes to the primary.
2. A read goes to the replica only inside a request that ReplicaMiddleware lets read it: a GET
   or HEAD by someone not signed in, with no Authorization header and no pin cookie. Staff and
   every signed-in user read the primary; so do task workers, commands and migrations, which
   make no request (the task queue's claim, `SELECT ... FOR UPDATE SKIP LOCKED`, and the reads
   around it must see the primary).
3. A request that writes (any POST, PUT, PATCH or DELETE, or a GET that happens to write) pins
   its browser to the primary for REPLICA_PIN_SECONDS with a cookie holding no identifier, so
   that the page it goes on to (a receipt, a saved form) shows the write whoever made it; and
   once a request has written, or inside a transaction, it reads the primary from then on.
4. The replica is read only when it has replayed the last change to public data: each change
   (core.public_data) records the primary's WAL position in the cache once it commits, and the
   first replica read of a request compares it with the replica's replayed position (one
   query). A replica behind it is not read, so a public page made anew after a change, and
   kept in the public cache, can never be made from data older than the change. A replica that
   does not answer is not read either: the primary serves.

Without DATABASE_REPLICA_URL neither the router nor the middleware is installed.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.dispatch import receiver

from core.public_data import public_data_changed

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "primary"
PUBLIC_CHANGE_KEY = "replica:public-change-lsn"
SAFE_METHODS = ("GET", "HEAD")


@dataclass
class Reading:
    """What one request may read: the replica or not, and whether the replica was found to
    have replayed the last public change (None: not asked yet)."""

    replica: bool
    fresh: bool | None = None
    wrote: bool = False


_reading: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("reading", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def lsn(text: str | None) -> int | None:
    """A WAL position ('16/B374D848') as a number."""
    if not text:
        return None
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _primary_position() -> int | None:
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return lsn(cursor.fetchone()[0])


def _last_public_change() -> int | None:
    """The WAL position after the last change to public data. A cache that lost it starts from
    the primary's position now, as if a change had just been made."""
    value = cache.get(PUBLIC_CHANGE_KEY)
    if value is None:
        value = _primary_position()
        cache.add(PUBLIC_CHANGE_KEY, value, timeout=None)
    return value


@receiver(public_data_changed)
def _public_change_committed(sender, **kwargs) -> None:
    """Public data changed (sent after the commit): the replica must reach this position
    before a public page is read from it. Positions only grow; two processes recording at once
    may leave the earlier one for a moment, and the next change moves it on."""
    if not replica_configured():
        return
    position = _primary_position()
    known = cache.get(PUBLIC_CHANGE_KEY)
    if known is None or position > known:
        cache.set(PUBLIC_CHANGE_KEY, position, timeout=None)


def _replica_is_fresh() -> bool:
    """Whether the replica has replayed the last change to public data (a server that is not
    in recovery, such as the primary itself under another name, replays nothing and is)."""
    try:
        needed = _last_public_change()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            replayed = lsn(cursor.fetchone()[0])
    except DatabaseError:
        connections[REPLICA].close()
        return False
    return replayed is None or needed is None or replayed >= needed


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS: the replica for the reads the middleware allows, else the primary."""

    def db_for_read(self, model, **hints):
        reading = _reading.get()
        if reading is None or not reading.replica or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if reading.fresh is None:
            reading.fresh = _replica_is_fresh()
        return REPLICA if reading.fresh else PRIMARY

    def db_for_write(self, model, **hints):
        reading = _reading.get()
        if reading is not None:
            reading.wrote = True
            reading.replica = False  # read what was just written, from where it was written
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, wherever it was read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def may_read_replica(request) -> bool:
    """Whether a request may read the replica; asked before the request's own reads, so that
    the session and the user behind it are read from the primary."""
    if request.method not in SAFE_METHODS or not replica_configured():
        return False
    if PIN_COOKIE in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class ReplicaMiddleware:
    """Lets anonymous GETs read the replica, and pins a browser that wrote to the primary for
    REPLICA_PIN_SECONDS (after AuthenticationMiddleware, as late as possible)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = Reading(replica=may_read_replica(request))
        token = _reading.set(reading)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if request.method not in SAFE_METHODS or reading.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "REPLICA_PIN_SECONDS", 10),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
