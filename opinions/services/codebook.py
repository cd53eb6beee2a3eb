"""Writes of the codebook: merging and splitting categories, a theme made a category, a codebook
read from a file. Each is logged as a `CodebookChange`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core import public_data
from core.translated import swedish
from dialogues.models import Process
from opinions.formats.codebook_files import COLOUR, _from_csv, _from_qdc
from opinions.models import (
    Category,
    CodebookChange,
    Coding,
    FinalCoding,
)


@dataclass
class MergeResult:
    moved: int
    already_there: int


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Add a category to the codebook, or change its name, definition, notes, colour or key."""
    category.full_clean()
    category.save()
    public_data.changed(category.process)
    return category


@transaction.atomic
def category_merge(*, source: Category, target: Category, by) -> MergeResult:
    """Merge `source` into `target`: its codings and final codings move to `target` (where a
    coder had both, one is enough), and `source` stays, marked merged, for the history."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another category to merge into.")})
    if source.process_id != target.process_id or target.merged_into_id:
        raise ValidationError({"target": _("The category is not in this process's codebook.")})
    source = Category.objects.select_for_update().get(pk=source.pk)
    if source.merged_into_id:
        raise ValidationError(_("The category has already been merged."))
    both = Coding.objects.filter(
        category=target, opinion=OuterRef("opinion"), coder=OuterRef("coder")
    )
    duplicates = Coding.objects.filter(category=source).filter(Exists(both))
    already_there = duplicates.count()
    duplicates.delete()
    final_both = FinalCoding.objects.filter(category=target, opinion=OuterRef("opinion"))
    FinalCoding.objects.filter(category=source).filter(Exists(final_both)).delete()
    # Row by row into the history (a plain UPDATE would leave no trace there).
    moved = 0
    for model, field in ((Coding, "category"), (FinalCoding, "category"), (Category, "parent")):
        rows = list(model.objects.filter(**{field: source}))
        for row in rows:
            setattr(row, field, target)
        bulk_update_with_history(rows, model, [field], batch_size=1000, default_user=by)
        moved += len(rows) if model is Coding else 0
    source.merged_into, source.key = target, ""
    source.save(update_fields=["merged_into", "key"])
    public_data.changed(source.process)
    CodebookChange.objects.create(
        process=source.process,
        action=CodebookChange.Action.MERGE,
        summary=_("%(source)s merged into %(target)s: %(moved)d codings moved.")
        % {"source": source.name, "target": target.name, "moved": moved},
        user=by,
    )
    return MergeResult(moved=moved, already_there=already_there)


@transaction.atomic
def category_split(*, category: Category, names: list[str], by) -> list[Category]:
    """Split a category into narrower ones under it. Its codings stay where they are, and the
    workbench lists them (filter on the category) for the coders to move to the new ones."""
    names = [name.strip() for name in names if name.strip()]
    if len(names) < 2:
        raise ValidationError({"names": _("Give at least two names, one per line.")})
    if len(set(names)) < len(names):
        raise ValidationError({"names": _("Each new category needs its own name.")})
    with swedish():  # the names typed are Swedish names
        taken = set(
            Category.objects.for_process(category.process_id)
            .filter(name__in=names)
            .values_list("name", flat=True)
        )
    if taken:
        raise ValidationError(
            {"names": _("The codebook already has: %(names)s.") % {"names": ", ".join(taken)}}
        )
    with swedish():
        created = [
            Category.objects.create(
                process_id=category.process_id,
                name=name,
                colour=category.colour,
                order=category.order,
                parent=category,
            )
            for name in names
        ]
    CodebookChange.objects.create(
        process_id=category.process_id,
        action=CodebookChange.Action.SPLIT,
        summary=_("%(category)s split into %(names)s.")
        % {"category": category.name, "names": ", ".join(names)},
        user=by,
    )
    public_data.changed(category.process)
    return created


@transaction.atomic
def theme_to_category(*, process: Process, name: str, examples: list[str], by) -> Category:
    """Turn a proposed theme into a category of the codebook."""
    name = name.strip()[:120]
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    with swedish():
        taken = Category.objects.for_process(process).filter(name__iexact=name).exists()
    if taken:
        raise ValidationError({"name": _("The codebook already has a category by that name.")})
    definition = _("Proposed from opinions such as: %(examples)s") % {
        "examples": " / ".join(example[:120] for example in examples[:3])
    }
    order = Category.objects.for_process(process).count() + 1
    with swedish():
        category = Category.objects.create(
            process=process, name=name, definition=definition, order=order
        )
    public_data.changed(process)
    return category


def _read_entries(process: Process, file_name: str, entries: list[dict], existing: dict):
    """The new categories of a codebook file, each with its entry; and every problem found."""
    problems, added = [], {}
    for entry in entries:
        where = _("%(file)s, row %(row)d") % {"file": file_name, "row": entry["row"]}
        name = entry.get("name", "")
        if any("\x00" in str(value) for value in entry.values()):  # PostgreSQL cannot store it
            problems.append(
                _(
                    "%(where)s: the row holds a null character (byte 0), which text cannot "
                    "hold; the file may be damaged."
                )
                % {"where": where}
            )
            continue
        if not name:
            problems.append(_("%(where)s: the name is empty.") % {"where": where})
            continue
        if len(name) > 120:
            problems.append(_("%(where)s: the name is over 120 characters.") % {"where": where})
            continue
        colour = entry.get("colour") or "#6c757d"
        if not COLOUR.match(colour):
            problems.append(
                _("%(where)s, column colour: give the colour as #RRGGBB.") % {"where": where}
            )
            continue
        if name in existing or name in added:
            continue
        order = entry.get("order") or "0"
        with swedish():
            category = Category(
                process=process,
                name=name,
                definition=entry.get("definition", ""),
                include_notes=entry.get("include", ""),
                exclude_notes=entry.get("exclude", ""),
                colour=colour,
                order=int(order) if order.isdigit() else 0,
            )
        added[name] = (entry, category)
    return problems, added


@transaction.atomic
def codebook_import(*, process: Process, file_name: str, data: bytes, by) -> int:
    """Add the categories of a CSV or .qdc file to the codebook, all or none. A name already
    in the codebook is left as it is. Returns how many categories were added."""
    if file_name.lower().endswith((".qdc", ".xml")):
        entries = _from_qdc(file_name, data)
    else:
        entries = _from_csv(file_name, data)
    if not entries:
        raise ValidationError(_("%(file)s has no categories.") % {"file": file_name})
    with swedish():  # a codebook file names the categories in Swedish
        existing = {c.name: c for c in Category.objects.for_process(process)}
    problems, added = _read_entries(process, file_name, entries, existing)
    taken_keys = {c.key for c in existing.values() if c.key}
    for entry, category in added.values():
        key = (entry.get("key") or "").lower()
        if key and key not in taken_keys and len(key) == 1:
            category.key = key
            taken_keys.add(key)
        parent = entry.get("parent", "")
        if parent and parent not in existing and parent not in added:
            problems.append(
                _("%(file)s, row %(row)d, column parent: there is no category “%(parent)s”.")
                % {"file": file_name, "row": entry["row"], "parent": parent}
            )
    if problems:
        raise ValidationError(problems)
    for _entry, category in added.values():
        category.save()
    for entry, category in added.values():
        parent = entry.get("parent", "")
        if parent:
            category.parent = existing.get(parent) or added[parent][1]
            category.save(update_fields=["parent"])
    CodebookChange.objects.create(
        process=process,
        action=CodebookChange.Action.IMPORT,
        summary=_("%(count)d categories imported from %(file)s.")
        % {"count": len(added), "file": file_name},
        user=by,
    )
    public_data.changed(process)
    return len(added)
