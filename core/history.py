"""Who changed what, and when, from the history django-simple-history keeps of a record.

Each record's history is read in one query and compared version by version here, so that a
page shows every change with its author, its time and the values before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

KINDS = {
    "+": pgettext_lazy("history", "created"),
    "~": pgettext_lazy("history", "changed"),
    "-": pgettext_lazy("history", "removed"),
}
LONG = 300  # a longer value is said to have changed, not written out twice


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    what: str
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


def _shown(record, name: str, value) -> str:
    field_ = record.instance_type._meta.get_field(name)
    if value in (None, ""):
        return "–"
    if field_.choices:
        return str(dict(field_.choices).get(value, value))
    text = str(value)
    return text if len(text) <= LONG else text[:LONG] + "…"


def entries(records, *, what=None) -> list[Entry]:
    """The changes in `records` (historical rows of one or more objects), newest first.
    `what(record)` names the object when several are mixed (an opinion and its codings)."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous: dict = {}
    found = []
    for record in records:
        key = (type(record), record.id)
        before = previous.get(key)
        changes = []
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                field_ = record.instance_type._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(field_.verbose_name),
                        _shown(record, change.field, change.old),
                        _shown(record, change.field, change.new),
                    )
                )
        previous[key] = record
        if record.history_type == "~" and before is not None and not changes:
            continue  # saved without a change
        found.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                what=what(record) if what else "",
                changes=changes,
            )
        )
    return list(reversed(found))


def of(obj) -> list[Entry]:
    """The history of one object, newest first."""
    return entries(obj.history.select_related("history_user"))
