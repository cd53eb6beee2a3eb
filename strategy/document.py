"""The strategy document: free sections in Markdown, the vision, goals and targets written
out from the data, sanitised HTML for the page, and what changed between two versions."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

import markdown
import nh3
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that can be shown as it is: nh3 keeps only plain document tags."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, link_rel="noopener noreferrer"))  # noqa: S308


def figure(value: Decimal | None) -> str:
    """Without trailing zeros, grouped as the language groups thousands."""
    if value is None:
        return ""
    value = value.quantize(1) if value == value.to_integral() else value.normalize()
    return number_format(value, force_grouping=True)


def target_line(target) -> str:
    """A target in one sentence: indicator, from the baseline to the target, and its source."""
    parts = [target.indicator]
    unit = f" {target.unit}" if target.unit else ""
    if target.baseline_value is not None:
        parts.append(
            _("from %(value)s%(unit)s (%(year)s)")
            % {"value": figure(target.baseline_value), "unit": unit, "year": target.baseline_year}
        )
    if target.target_value is not None:
        parts.append(
            _("to %(value)s%(unit)s by %(year)s")
            % {
                "value": figure(target.target_value),
                "unit": unit,
                "year": target.target_year or "",
            }
        )
    else:
        parts.append(str(target.Direction(target.direction).label))
    source = str(target.SourceKind(target.source_kind).label)
    if target.kolada_kpi:
        source = f"Kolada {target.kolada_kpi}"
    if target.source_note:
        source = f"{source}, {target.source_note}"
    line = _("%(target)s (source: %(source)s)") % {"target": ", ".join(parts), "source": source}
    if target.responsible_body:
        line += ". " + _("Responsible: %(body)s") % {"body": target.responsible_body}
    return line


def data_markdown(strategy) -> str:
    """The vision, goals and targets as the document shows them, from the data now."""
    from strategy.models import Goal

    lines = ["## " + _("Vision"), ""]
    if strategy.period_start or strategy.period_end:
        lines += [
            _("The strategy runs %(start)s–%(end)s.")
            % {"start": strategy.period_start or "", "end": strategy.period_end or ""},
            "",
        ]
    lines += [strategy.vision.strip() or _("(No vision written yet.)"), ""]
    goals = Goal.objects.for_strategy(strategy).prefetch_related("targets__responsible_body")
    for number, goal in enumerate(goals, start=1):
        lines += ["## " + _("Goal %(number)d: %(title)s") % {"number": number, "title": goal.title}]
        lines.append("")
        if goal.description.strip():
            lines += [goal.description.strip(), ""]
        targets = list(goal.targets.all())
        if targets:
            lines += ["### " + _("Measurable targets"), ""]
            lines += [f"{number}.{n}. {target_line(t)}" for n, t in enumerate(targets, 1)]
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def version_document(version) -> str:
    """The whole text of a version: its own sections, then the vision, goals and targets as
    they were when it was frozen (or as they are now, while it can still change)."""
    data = version.data_snapshot if version.is_frozen else data_markdown(version.strategy)
    return f"{version.text.strip()}\n\n{data}".strip() + "\n"


# What changed ---------------------------------------------------------------------------------

MAX_WORDS = 2000  # a paragraph longer than this is compared whole, not word by word
MAX_SEARCH = 250_000  # paragraphs × paragraphs searched between two anchors at most


@dataclass
class Change:
    kind: str  # "same", "added", "removed", "changed"
    text: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)  # ("same"|"added"|"removed", w)


@dataclass
class Diff:
    changes: list[Change]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    def only_changes(self) -> list[Change]:
        """The changes, each run of unchanged paragraphs between them told as a number
        (kind "unchanged", `text` the count): what a reader of a long draft came for."""
        shown: list[Change] = []
        for change in self.changes:
            if change.kind != "same":
                shown.append(change)
            elif shown and shown[-1].kind == "unchanged":
                shown[-1].text = str(int(shown[-1].text) + 1)
            else:
                shown.append(Change("unchanged", "1"))
        return shown


def _paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines; list items and headings stand alone."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if all(re.match(r"\s*([-*+]|\d+(\.\d+)*\.|#+)\s", line) for line in lines):
            blocks.extend(line.strip() for line in lines)
        else:
            blocks.append(" ".join(line.strip() for line in lines))
    return [b for b in blocks if b]


def _words(old: str, new: str) -> list[tuple[str, str]]:
    """The words of a rewritten paragraph, kept, taken out and put in. Comparing words costs
    the product of the two paragraphs' lengths at worst, so a paragraph longer than
    MAX_WORDS is shown whole, as taken out and put in, not word by word."""
    a, b = old.split(), new.split()
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return [("removed", old), ("added", new)]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("removed", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
    return out


def diff(old: str, new: str) -> Diff:
    """Paragraph by paragraph; a paragraph that was rewritten in part shows its words. The
    paragraphs both versions begin and end with are set aside first, so that the comparison
    works on what lies between."""
    a, b = _paragraphs(old), _paragraphs(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    changes = [Change("same", text) for text in a[:head]]
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    changes.extend(_middle(middle_a, middle_b))
    changes.extend(Change("same", text) for text in a[len(a) - tail :])
    return Diff(changes)


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Paragraphs that stand once in each version, in the same order in both (the longest such
    run, as patience diff finds it): fixed points the comparison need not search for."""
    once_a = _once(a)
    pairs = [(once_a[text], j) for text, j in _once(b).items() if text in once_a]
    pairs.sort()
    # The longest run of pairs whose second positions rise too (patience sorting).
    tops: list[int] = []
    links: list[int | None] = []
    ends: list[int] = []
    for index, (_i, j) in enumerate(pairs):
        at = bisect.bisect_left(tops, j)
        links.append(ends[at - 1] if at else None)
        if at == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[at], ends[at] = j, index
    run, index = [], ends[-1] if ends else None
    while index is not None:
        run.append(pairs[index])
        index = links[index]
    return run[::-1]


def _once(texts: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    twice = set()
    for position, text in enumerate(texts):
        if text in seen:
            twice.add(text)
        seen[text] = position
    return {text: position for text, position in seen.items() if text not in twice}


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for two lists of paragraphs, searched only between the anchors, so that
    the work grows with the document, not with its square. A stretch between two anchors that
    is still too large to search is taken as rewritten whole."""
    blocks: list[tuple[int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*_anchors(a, b), (len(a), len(b))]:
        if (i - i0) * (j - j0) <= MAX_SEARCH:
            matcher = difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
            blocks.extend((i0 + bi, j0 + bj, n) for bi, bj, n in matcher.get_matching_blocks() if n)
        if i < len(a):
            blocks.append((i, j, 1))
        i0, j0 = i + 1, j + 1
    codes, i, j = [], 0, 0
    for ai, bj, size in [*blocks, (len(a), len(b), 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            codes.append((tag, i, ai, j, bj))
        if size:
            codes.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return codes


def _middle(a: list[str], b: list[str]) -> list[Change]:
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            changes.extend(Change("same", text) for text in a[i1:i2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Pair old and new paragraphs that are alike; the rest are removed or added.
        while olds or news:
            if olds and news:
                ratio = difflib.SequenceMatcher(None, olds[0], news[0]).quick_ratio()
                if ratio >= 0.5:
                    changes.append(Change("changed", words=_words(olds.pop(0), news.pop(0))))
                    continue
            if olds:
                changes.append(Change("removed", olds.pop(0)))
            else:
                changes.append(Change("added", news.pop(0)))
    return changes
