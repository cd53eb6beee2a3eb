"""Every save or delete that changes what a public page shows moves its process's cache
generation on (core/public_cache.py). Bulk writes call `core.public_data.changed` themselves.

Each model is named with the way from one of its rows to its process: a field holding the
process id, or a foreign key and the lookup from that parent to the process. The parent is
asked, not the row, so that a deleted row still finds its process.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core import public_data
from dialogues.models import (
    Area,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
)
from dialogues.stages import Stage
from opinions.models import Category, Opinion, Respondent, RespondentContact
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

DIRECT = [Mandate, GuidingQuestion, DialogueEvent, StageTransition, Area, Opinion, Category]
DIRECT += [Respondent, Strategy]
THROUGH_PARENT = {
    OpenSpaceSession: ("event_id", DialogueEvent, "process_id"),
    RespondentContact: ("respondent_id", Respondent, "process_id"),
    PolicyInput: ("strategy_id", Strategy, "process_id"),
    Goal: ("strategy_id", Strategy, "process_id"),
    DraftVersion: ("strategy_id", Strategy, "process_id"),
    Consultation: ("strategy_id", Strategy, "process_id"),
    Decision: ("strategy_id", Strategy, "process_id"),
    Target: ("goal_id", Goal, "strategy__process_id"),
    Measurement: ("target_id", Target, "goal__strategy__process_id"),
    Assessment: ("target_id", Target, "goal__strategy__process_id"),
    Consultee: ("consultation_id", Consultation, "strategy__process_id"),
    Response: ("consultation_id", Consultation, "strategy__process_id"),
    ResponsePoint: ("response_id", Response, "consultation__strategy__process_id"),
}


def _process_saving(sender, instance, **kwargs) -> None:
    """Remember the slug the process had: its old address must stop answering too."""
    instance._old_slug = (
        Process.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if instance.pk
        else None
    )


def _process_changed(sender, instance, **kwargs) -> None:
    public_data.changed(instance.slug, getattr(instance, "_old_slug", None), site=True)


def _process_id_changed(process_id) -> None:
    public_data.changed(*Process.objects.filter(pk=process_id).values_list("slug", flat=True))


def _direct_changed(sender, instance, **kwargs) -> None:
    _process_id_changed(instance.process_id)


def _parent_changed(sender, instance, **kwargs) -> None:
    field, parent, lookup = THROUGH_PARENT[sender]
    process_id = (
        parent.objects.filter(pk=getattr(instance, field)).values_list(lookup, flat=True).first()
    )
    _process_id_changed(process_id)


def _goal_links_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        if isinstance(instance, Goal):
            _parent_changed(Goal, instance)
        # From the other side: an opinion's, a category's or an input's goals.
        elif isinstance(instance, PolicyInput):
            _parent_changed(PolicyInput, instance)
        else:
            _process_id_changed(instance.process_id)


def _feedback_published(sender, instance, created, raw=False, **kwargs) -> None:
    """Moving into "feedback published" tells everyone who left a contact for feedback (not
    a move restored from an archive: that one was told of long ago)."""
    if created and not raw and instance.to_stage == Stage.FEEDBACK_PUBLISHED:
        from public.tasks import send_feedback_messages

        process_id = instance.process_id
        transaction.on_commit(lambda: send_feedback_messages.enqueue(process_id, settings.SITE_URL))


def connect() -> None:
    pre_save.connect(_process_saving, sender=Process, dispatch_uid="public-pre-save-process")
    post_save.connect(
        _feedback_published, sender=StageTransition, dispatch_uid="public-feedback-published"
    )
    for signal in (post_save, post_delete):
        signal.connect(_process_changed, sender=Process, dispatch_uid=f"public-{signal}-process")
        for model in DIRECT:
            signal.connect(
                _direct_changed, sender=model, dispatch_uid=f"public-{signal}-{model.__name__}"
            )
        for model in THROUGH_PARENT:
            signal.connect(
                _parent_changed, sender=model, dispatch_uid=f"public-{signal}-{model.__name__}"
            )
    for through in (Goal.categories.through, Goal.opinions.through, Goal.policy_inputs.through):
        m2m_changed.connect(
            _goal_links_changed, sender=through, dispatch_uid=f"public-m2m-{through.__name__}"
        )
