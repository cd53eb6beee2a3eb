"""Writes of coding work: the services behind the workbench, the codebook and reconciliation.

Every change is one `CodingChange` row beside the change itself, so that the history can be
read, undo can take a step back, and a strategist who acts on what has since changed is told
so instead of overwriting it (`CodingConflict`). Each write locks the opinion's row first, so
two strategists' changes to one opinion are taken one after the other.

A step may carry the workbench's id for the keystroke that made it (`step`, a UUID). The
workbench sends a step again when its answer was lost; a step whose id is already stored is
not applied a second time, and the service returns the change it made the first time.
"""

from __future__ import annotations

import random
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import public_data
from core.written import write_together
from dialogues.models import Process
from opinions.models import (
    Category,
    Coding,
    CodingChange,
    CodingSample,
    FinalCoding,
    Memo,
    Opinion,
    Reconciliation,
)
from opinions.services.coding_rows import read_after_lock, with_relations

SHARED = [
    CodingChange.Action.EXCLUDE,
    CodingChange.Action.INCLUDE,
    CodingChange.Action.MEMO,
    CodingChange.Action.SETTLE,
]


class CodingConflict(Exception):
    """Someone changed the opinion after the strategist last saw it; nothing was saved."""

    def __init__(self, changes: list[CodingChange]):
        super().__init__(_("Someone else changed this opinion after you opened it."))
        self.changes = changes


def _sampled(opinion) -> Exists:
    return Exists(CodingSample.opinions.through.objects.filter(opinion_id=opinion))


def _reconciled(opinion) -> Exists:
    return Exists(Reconciliation.objects.filter(opinion_id=opinion))


def is_blind(opinion: Opinion) -> bool:
    """A sampled opinion is coded blind until its coding is settled by reconciliation."""
    return Opinion.objects.filter(
        _sampled(opinion.pk), ~_reconciled(opinion.pk), pk=opinion.pk
    ).exists()


def visible_changes(opinion: Opinion, user, *, blind: bool | None = None):
    """The opinion's coding history as `user` may read it: while it is coded blind, only
    their own steps and the ones everybody shares (exclusion, memo, settling)."""
    changes = CodingChange.objects.filter(opinion=opinion)
    if is_blind(opinion) if blind is None else blind:
        changes = changes.filter(Q(user=user) | Q(action__in=SHARED))
    return changes


def revision(opinion: Opinion, user, *, blind: bool | None = None) -> int:
    """What the coder has seen of the opinion: the last change visible to them (0 if none)."""
    last = visible_changes(opinion, user, blind=blind).order_by("-pk").values("pk").first()
    return last["pk"] if last else 0


def _locked(
    opinion: Opinion,
    user,
    seen: int | None,
    *,
    blind: bool | None = None,
    step: uuid.UUID | None = None,
    with_codings: bool = False,
) -> Opinion:
    """The opinion, locked for this write, after checking that nothing changed since `seen`
    (None: the caller does not know, such as a command). The reference given need only hold
    the opinion's id and its process's: an opinion of another process is not found.

    If `step` was stored before (a retry), `done` on the opinion is the change it made and
    nothing else is checked; otherwise `done` is None. Both checks are one query after the
    lock; `with_codings`, the same query reads the codings and the final coding too."""
    process = opinion.process if Opinion.process.is_cached(opinion) else None
    locking = Opinion.objects.select_for_update(of=("self",)).annotate(
        sampled=_sampled(OuterRef("pk")), reconciled=_reconciled(OuterRef("pk"))
    )
    if process is None:
        locking = locking.select_related("process")
    if not with_codings:  # else told by the final coding read after the lock
        locking = locking.with_settled()
    opinion = locking.get(pk=opinion.pk, process_id=opinion.process_id)
    if process is not None:
        opinion.process = process
    if blind is None:  # read with the lock: no reconciliation can come in between
        blind = opinion.sampled and not opinion.reconciled
    opinion.blind = blind
    retried = Q(user=user, step=step) if step is not None else Q(pk__in=[])
    since = Q(pk__in=[])
    if seen is not None:
        # One's own quick keystrokes never conflict; while blind, others' coding is unseen.
        since = Q(opinion=opinion, pk__gt=seen) & ~Q(user=user)
        if blind:
            since &= Q(action__in=SHARED)
    changes = CodingChange.objects.filter(retried | since)
    if with_codings:  # a retry or a conflict is seldom: then read who and what, to say so
        found = read_after_lock(opinion, changes)
        opinion.is_settled = opinion.status == Opinion.Status.EXCLUDED or bool(opinion.final_rows)
        changes = changes.filter(pk__in=found) if found else None
    elif step is None and seen is None:
        changes = None
    changes = (
        [] if changes is None else list(changes.select_related("user", "category").order_by("pk"))
    )
    opinion.done = next((c for c in changes if c.user_id == user.pk and c.step == step), None)
    if opinion.done is None:
        if opinion.is_deleted:
            raise ValidationError(_("The opinion has been deleted, so it cannot be coded."))
        if changes:
            raise CodingConflict(changes)
    return opinion


def _log(opinion: Opinion, user, action: str, **fields) -> CodingChange:
    return CodingChange.objects.create(opinion=opinion, user=user, action=action, **fields)


def _done_before(user, step: uuid.UUID | None) -> CodingChange | None:
    """The change this step already made, if it was stored before (a retry)."""
    if step is None:
        return None
    return CodingChange.objects.filter(user=user, step=step).first()


@transaction.atomic
def coding_toggle(
    *,
    opinion: Opinion,
    category: Category,
    coder,
    seen: int | None,
    step: uuid.UUID | None = None,
    codebook: list[Category] | None = None,
) -> CodingChange:
    """Put the opinion in the category in the coder's coding, or take it out if it was. The
    `codebook` the caller has in hand saves reading the codings' categories."""
    if category.process_id != opinion.process_id or category.merged_into_id is not None:
        raise ValidationError(_("The category is not in this process's codebook."))
    opinion = _locked(opinion, coder, seen, step=step, with_codings=True)
    if opinion.done:
        return opinion.done
    if opinion.status == Opinion.Status.EXCLUDED:
        raise ValidationError(_("The opinion is excluded: take it back in before coding it."))
    codings = with_relations(opinion.coding_rows, coder, codebook or [category])
    mine = next(
        (c for c in codings if c.coder_id == coder.pk and c.category_id == category.pk), None
    )
    added = None
    if mine:
        codings.remove(mine)
    else:
        added = Coding(opinion=opinion, category=category, coder=coder)
        codings.append(added)
    action = CodingChange.Action.REMOVE if mine else CodingChange.Action.ADD
    change = CodingChange(opinion=opinion, user=coder, action=action, category=category, step=step)
    # The coding, the log row and the final coding kept in step: one statement (issue #19).
    _settle(opinion, coder, codings, create=[added, change], delete=[mine])
    return change


@transaction.atomic
def opinion_exclude(
    *, opinion: Opinion, reason: str, by, seen: int | None, step: uuid.UUID | None = None
) -> CodingChange:
    """Leave the opinion out of the analysis, with the reason. It stays in the record."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the opinion is excluded.")})
    opinion = _locked(opinion, by, seen, step=step)
    if opinion.done:
        return opinion.done
    if opinion.status != Opinion.Status.REGISTERED:
        raise ValidationError(_("The opinion is already left out of the analysis."))
    opinion.status, opinion.exclusion_reason = Opinion.Status.EXCLUDED, reason
    opinion.save(update_fields=["status", "exclusion_reason"])
    FinalCoding.objects.filter(opinion=opinion).delete()
    public_data.changed(opinion.process)
    return _log(opinion, by, CodingChange.Action.EXCLUDE, text=reason, step=step)


@transaction.atomic
def opinion_include(
    *, opinion: Opinion, by, seen: int | None, step: uuid.UUID | None = None
) -> CodingChange:
    """Take an excluded opinion back into the analysis."""
    opinion = _locked(opinion, by, seen, step=step)
    if opinion.done:
        return opinion.done
    if opinion.status != Opinion.Status.EXCLUDED:
        raise ValidationError(_("The opinion is not excluded."))
    previous = opinion.exclusion_reason
    opinion.status, opinion.exclusion_reason = Opinion.Status.REGISTERED, ""
    opinion.save(update_fields=["status", "exclusion_reason"])
    public_data.changed(opinion.process)
    change = _log(opinion, by, CodingChange.Action.INCLUDE, previous_text=previous, step=step)
    _settle(opinion, by)
    return change


@transaction.atomic
def memo_write(
    *, opinion: Opinion, text: str, by, seen: int | None, step: uuid.UUID | None = None
) -> CodingChange:
    """Write the strategists' memo on the opinion (an empty text removes it)."""
    opinion = _locked(opinion, by, seen, step=step)
    if opinion.done:
        return opinion.done
    text = text.strip()
    memo = Memo.objects.filter(opinion=opinion).first()
    previous = memo.text if memo else ""
    if text == previous:
        raise ValidationError({"text": _("The memo is the same as before.")})
    if not text:
        memo.delete()
    elif memo:
        memo.text, memo.updated_by = text, by
        memo.save(update_fields=["text", "updated_by", "updated_at"])
    else:
        Memo.objects.create(opinion=opinion, text=text, updated_by=by)
    return _log(opinion, by, CodingChange.Action.MEMO, text=text, previous_text=previous, step=step)


@transaction.atomic
def coding_undo(*, process: Process, user, step: uuid.UUID | None = None) -> CodingChange | None:
    """Take back the user's last step of coding in the process (None if there is none left).
    A step on what others have changed since (the memo, an exclusion) is not taken back
    silently: that raises CodingConflict."""
    if done := _done_before(user, step):
        return done
    last = (
        CodingChange.objects.filter(
            opinion__process=process, user=user, undone=False, undoes__isnull=True
        )
        .exclude(action=CodingChange.Action.SETTLE)
        .order_by("-pk")
        .first()
    )
    if last is None:
        return None
    opinion = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("process")
        .get(pk=last.opinion_id)
    )
    if last.action in SHARED:
        since = list(
            CodingChange.objects.filter(opinion=opinion, pk__gt=last.pk, action__in=SHARED)
            .exclude(user=user)
            .select_related("user", "category")
        )
        if since:
            raise CodingConflict(since)
    settled_before = _is_settled(opinion)
    change = _undo_step(opinion, last, user, step)
    last.undone = True
    last.save(update_fields=["undone"])
    if opinion.status == Opinion.Status.REGISTERED:
        _settle(opinion, user)
    # How the step moved the coding's progress: +1 settled the opinion, -1 unsettled it.
    change.progress = int(_is_settled(opinion)) - int(settled_before)
    return change


def _is_settled(opinion: Opinion) -> bool:
    """Excluded, or with a final coding (as the progress bar counts it)."""
    excluded = opinion.status == Opinion.Status.EXCLUDED
    return excluded or FinalCoding.objects.filter(opinion=opinion).exists()


def _undo_step(opinion: Opinion, last: CodingChange, user, step) -> CodingChange:
    """The step that takes `last` back, logged as undoing it."""
    Action = CodingChange.Action
    if last.action in (Action.ADD, Action.REMOVE):
        if last.action == Action.ADD:
            Coding.objects.filter(opinion=opinion, category=last.category, coder=user).delete()
            action = Action.REMOVE
        else:
            Coding.objects.get_or_create(opinion=opinion, category=last.category, coder=user)
            action = Action.ADD
        change = _log(opinion, user, action, category=last.category, undoes=last, step=step)
    elif last.action == Action.EXCLUDE:
        opinion.status, opinion.exclusion_reason = Opinion.Status.REGISTERED, ""
        opinion.save(update_fields=["status", "exclusion_reason"])
        public_data.changed(opinion.process)
        change = _log(
            opinion, user, Action.INCLUDE, previous_text=last.text, undoes=last, step=step
        )
    elif last.action == Action.INCLUDE:
        opinion.status, opinion.exclusion_reason = Opinion.Status.EXCLUDED, last.previous_text
        opinion.save(update_fields=["status", "exclusion_reason"])
        FinalCoding.objects.filter(opinion=opinion).delete()
        public_data.changed(opinion.process)
        change = _log(
            opinion, user, Action.EXCLUDE, text=last.previous_text, undoes=last, step=step
        )
    else:  # the memo
        if last.previous_text:
            Memo.objects.update_or_create(
                opinion=opinion, defaults={"text": last.previous_text, "updated_by": user}
            )
        else:
            Memo.objects.filter(opinion=opinion).delete()
        change = _log(
            opinion,
            user,
            Action.MEMO,
            text=last.previous_text,
            previous_text=last.text,
            undoes=last,
            step=step,
        )
    return change


def _settle(
    opinion: Opinion, by, codings: list[Coding] | None = None, *, create=(), delete=()
) -> None:
    """Keep the final coding in step with the coders where they agree: one coder's categories,
    or the same categories from all. Where they disagree, or a sampled opinion still waits for
    its second coder, there is no final coding until a person reconciles it. Either way the
    coding changed, and with it the figures of who coded and how far they agree (the quality
    card, the agreement).

    Given the opinion as `_locked` read it and every coder's `codings` of it after the step
    (with their coders and categories), the opinion keeps them and its final coding, as if it
    had been read with them: the workbench draws its answer from what is in hand.

    The step's own rows to `create` and `delete` are written with the final coding's, together
    (`core.written`)."""
    public_data.changed(opinion.process)
    if hasattr(opinion, "sampled"):  # as `_locked` read it
        sampled, reconciled = opinion.sampled, opinion.reconciled
    else:
        sampled, reconciled = (
            Opinion.objects.filter(pk=opinion.pk)
            .values_list(_sampled(OuterRef("pk")), _reconciled(OuterRef("pk")))
            .get()
        )
    if codings is None:
        codings = list(Coding.objects.filter(opinion=opinion).select_related("coder", "category"))
    if reconciled:
        write_together(create=create, delete=delete, by=by)
        return
    sets: dict[int, set[int]] = {}
    for coding in codings:
        sets.setdefault(coding.coder_id, set()).add(coding.category_id)
    unanimous = len({frozenset(s) for s in sets.values()}) == 1
    agreed = set()
    if unanimous and (not sampled or len(sets) >= 2):
        agreed = next(iter(sets.values()))
    _final_set(
        opinion, agreed, by, getattr(opinion, "final_rows", None), create=create, delete=delete
    )
    in_order = sorted(codings, key=lambda c: (c.category.order, c.category.name))
    final = {c.category_id: c.category for c in in_order if c.category_id in agreed}
    opinion._prefetched_objects_cache = {
        "codings": in_order,
        "final_categories": list(final.values()),
    }


def _final_set(
    opinion: Opinion, categories: set[int], by, current=None, *, create=(), delete=()
) -> None:
    """Make the opinion's final coding these categories; `current`: as read after the lock.
    Written with the other rows to `create` and `delete`, each with its history."""
    if current is None:
        current = list(FinalCoding.objects.filter(opinion=opinion))
    write_together(
        create=[
            *create,
            *(
                FinalCoding(opinion=opinion, category_id=category, decided_by=by)
                for category in sorted(categories - {final.category_id for final in current})
            ),
        ],
        delete=[*delete, *(final for final in current if final.category_id not in categories)],
        by=by,
    )


@transaction.atomic
def opinion_reconcile(
    *, opinion: Opinion, categories: list[Category], by, seen: int | None
) -> CodingChange:
    """Settle the final coding of an opinion whose coders disagreed. The one who settles it
    sees every coder's work, so any change since counts."""
    opinion = _locked(opinion, by, seen, blind=False)
    if any(c.process_id != opinion.process_id or c.merged_into_id for c in categories):
        raise ValidationError(_("The category is not in this process's codebook."))
    if not categories:
        raise ValidationError(
            {"categories": _("Choose at least one category, or exclude the opinion.")}
        )
    _final_set(opinion, {category.pk for category in categories}, by)
    public_data.changed(opinion.process)  # one fewer waits to be reconciled
    Reconciliation.objects.update_or_create(
        opinion=opinion, defaults={"decided_by": by, "decided_at": timezone.now()}
    )
    names = ", ".join(category.name for category in categories)
    return _log(opinion, by, CodingChange.Action.SETTLE, text=names)


@transaction.atomic
def sample_draw(*, process: Process, share: int, by, seed: int | None = None) -> CodingSample:
    """Draw the blind double-coding sample: `share` per cent of the opinions in the analysis,
    at random. A process has one sample; it is drawn once, so no one can pick what is in it."""
    if CodingSample.objects.filter(process=process).exists():
        raise ValidationError(_("The sample has already been drawn for this process."))
    if not 1 <= share <= 100:
        raise ValidationError({"share": _("Give the share as a whole number from 1 to 100.")})
    candidates = list(
        Opinion.objects.for_process(process).counted().order_by("pk").values_list("pk", flat=True)
    )
    if not candidates:
        raise ValidationError(_("There are no opinions to draw a sample from."))
    size = max(1, round(len(candidates) * share / 100))
    chosen = random.Random(seed).sample(candidates, size)  # noqa: S311 - a sample, not a secret
    sample = CodingSample.objects.create(process=process, share=share, drawn_by=by)
    sample.opinions.add(*chosen)
    # A sampled opinion that one coder already settled now waits for the second.
    FinalCoding.objects.filter(opinion_id__in=chosen).exclude(
        opinion__reconciliation__isnull=False
    ).delete()
    public_data.changed(process)
    return sample


@transaction.atomic
def group_code(*, opinions: list[Opinion], categories: list[Category], coder) -> int:
    """Code a group of near-duplicates at once: each category is added to the coder's coding of
    each opinion that lacks it (nothing is taken away). Returns how many codings were made."""
    if not categories:
        raise ValidationError({"categories": _("Choose at least one category.")})
    made = 0
    for opinion in opinions:
        if opinion.status != Opinion.Status.REGISTERED:
            continue
        have = set(
            Coding.objects.filter(opinion=opinion, coder=coder).values_list(
                "category_id", flat=True
            )
        )
        for category in categories:
            if category.pk not in have:
                coding_toggle(opinion=opinion, category=category, coder=coder, seen=None)
                made += 1
    return made
