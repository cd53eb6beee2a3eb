"""Every write a request makes to what residents see is announced.

The code says "what residents see has changed" in one way: `core.public_data.changed`, called by
the services after their writes (no model signal does it for them). This guard holds that for
the whole suite: during every request a test makes (the test client's, or the browser's against
the live server), it watches each save, delete and link change of the records the public pages
show, and fails the test when the request did not announce the process they belong to.
"""

from __future__ import annotations

import threading

from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.public_data import Announcement, public_data_changed
from dialogues.models import (
    Area,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
)
from opinions.models import Category, FinalCoding, Opinion, Respondent
from strategy.models import (
    Assessment,
    Consultation,
    Consultee,
    Decision,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    Strategy,
    Target,
)

# What the public pages show, each with the way from a row to its process: a field holding the
# process id, or a foreign key and the lookup from that parent to the process (the parent is
# asked, so that a deleted row still finds its process).
DIRECT = [Mandate, GuidingQuestion, DialogueEvent, StageTransition, Area, Opinion, Category]
DIRECT += [Respondent, Strategy]
THROUGH_PARENT = {
    OpenSpaceSession: ("event_id", DialogueEvent, "process__slug"),
    FinalCoding: ("opinion_id", Opinion, "process__slug"),
    PolicyInput: ("strategy_id", Strategy, "process__slug"),
    Goal: ("strategy_id", Strategy, "process__slug"),
    DraftVersion: ("strategy_id", Strategy, "process__slug"),
    Consultation: ("strategy_id", Strategy, "process__slug"),
    Decision: ("strategy_id", Strategy, "process__slug"),
    Target: ("goal_id", Goal, "strategy__process__slug"),
    Measurement: ("target_id", Target, "goal__strategy__process__slug"),
    Assessment: ("target_id", Target, "goal__strategy__process__slug"),
    Consultee: ("consultation_id", Consultation, "strategy__process__slug"),
    Response: ("consultation_id", Consultation, "strategy__process__slug"),
    ResponsePoint: ("response_id", Response, "consultation__strategy__process__slug"),
}


class Guard:
    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.unannounced: list[str] = []

    # The request ----------------------------------------------------------------------------

    def started(self, sender, environ=None, **kwargs) -> None:
        self.local.request = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
        self.local.written = []
        self.local.announced = set()
        self.local.queued = len(connection.run_on_commit)

    def finished(self, sender, **kwargs) -> None:
        request = getattr(self.local, "request", None)
        if request is None:
            return
        self.local.request = None
        for entry in connection.run_on_commit[self.local.queued :]:
            if isinstance(entry[1], Announcement):
                self.local.announced.update(entry[1].slugs)
        if not self.local.written:
            return
        # The guard's own queries are not the request's: a test counting those must not see them.
        counting, connection.force_debug_cursor = connection.force_debug_cursor, False
        try:
            written = {self._slug(where): what for where, what in self.local.written}
        finally:
            connection.force_debug_cursor = counting
        missing = {
            slug: what
            for slug, what in written.items()
            if slug and slug not in self.local.announced
        }
        if missing:
            with self.lock:
                self.unannounced.append(f"{request} changed {missing} and did not announce it")

    def announced(self, sender, slugs=(), **kwargs) -> None:
        if getattr(self.local, "request", None):
            self.local.announced.update(slugs)

    @staticmethod
    def _slug(where) -> str | None:
        if where[0] == "slug":
            return where[1]
        if where[0] == "process":
            return Process.objects.filter(pk=where[1]).values_list("slug", flat=True).first()
        _kind, parent, pk, lookup = where
        return parent.objects.filter(pk=pk).values_list(lookup, flat=True).first()

    # The writes -----------------------------------------------------------------------------

    def saved(self, sender, instance, raw=False, **kwargs) -> None:
        if raw or not getattr(self.local, "request", None):
            return
        if sender is Process:
            where = ("slug", instance.slug)
        elif sender in THROUGH_PARENT:
            field, parent, lookup = THROUGH_PARENT[sender]
            where = ("parent", parent, getattr(instance, field), lookup)
        else:
            where = ("process", instance.process_id)
        self.local.written.append((where, sender.__name__))

    def linked(self, sender, instance, action, **kwargs) -> None:
        if action.startswith("post_"):
            self.saved(type(instance), instance)

    def connect(self) -> None:
        request_started.connect(self.started, dispatch_uid="guard-started")
        request_finished.connect(self.finished, dispatch_uid="guard-finished")
        public_data_changed.connect(self.announced, dispatch_uid="guard-announced")
        for model in [Process, *DIRECT, *THROUGH_PARENT]:
            for signal in (post_save, post_delete):
                signal.connect(self.saved, sender=model, dispatch_uid=f"guard-{signal}-{model}")
        for through in (Goal.categories.through, Goal.opinions.through, Goal.policy_inputs.through):
            m2m_changed.connect(self.linked, sender=through, dispatch_uid=f"guard-{through}")

    def disconnect(self) -> None:
        request_started.disconnect(dispatch_uid="guard-started")
        request_finished.disconnect(dispatch_uid="guard-finished")
        public_data_changed.disconnect(dispatch_uid="guard-announced")
        for model in [Process, *DIRECT, *THROUGH_PARENT]:
            for signal in (post_save, post_delete):
                signal.disconnect(sender=model, dispatch_uid=f"guard-{signal}-{model}")
        for through in (Goal.categories.through, Goal.opinions.through, Goal.policy_inputs.through):
            m2m_changed.disconnect(sender=through, dispatch_uid=f"guard-{through}")
