"""The strategy document: free sections in Markdown, the vision, goals and targets written
out from the data, sanitised HTML for the page, and what changed between two versions."""

from __future__ import annotations

import bisect
import difflib
import functools
import html
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal

import markdown
import nh3
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from strategy.card_tables import CARD_CLASSES, CardTables

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")  # "# Mål 1 {#goal-1}"
# What can make Markdown of a line of text: inline marks, entities, HTML, a block's start.
MARKS = re.compile(r"[*_`\[\]<>&\\]|^ {4}|^\s*([#>+-]|\d+\.)\s|^\s*(-{3,}|={3,})\s*$", re.MULTILINE)
CONTENTS_FROM = 4  # sections at the document's top level from which it gets a contents list
_local = threading.local()


def _markdown(*, cards: bool = False) -> markdown.Markdown:
    """Python-Markdown, one per thread (an instance keeps state while it converts); with
    `cards`, a table's cells carry their column's names for a phone."""
    name = "markdown_cards" if cards else "markdown"
    if not hasattr(_local, name):
        extensions = ["tables", "sane_lists", *([CardTables()] if cards else [])]
        setattr(_local, name, markdown.Markdown(extensions=extensions))
    md = getattr(_local, name)
    md.reset()
    return md


def _clean(text: str) -> str:
    """Markdown to HTML that can be shown as it is: nh3 keeps only plain document tags, and of
    classes only the card tables' own."""
    converted = _markdown(cards=True).convert(text)
    return nh3.clean(
        converted, tags=ALLOWED_TAGS, allowed_classes=CARD_CLASSES, link_rel="noopener noreferrer"
    )


@functools.lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """Markdown as it reads, without its marks: `**viktigt**` is `viktigt`. Text with none of
    Markdown's marks is taken as it is (most paragraphs are, and Markdown costs a long draft's
    comparison seconds)."""
    if not MARKS.search(text):
        return text.strip()
    text = html.unescape(nh3.clean(_markdown().convert(text), tags=set()))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()  # keeps "13\xa0000"


@dataclass
class Section:
    """A heading of the document and the text under it, up to the next heading."""

    slug: str  # what a review comment names; "" for the text before the first heading
    title: str
    level: int  # as written: 1 for "#"
    html: SafeString
    id: str = ""  # the element's id on the page: the prefix and the slug
    parent: str = ""  # the title of the section it is part of
    comments: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.parent} › {self.title}" if self.parent else self.title


@dataclass
class Document:
    sections: list[Section]
    prefix: str

    @property
    def contents(self) -> list[Section]:
        """The top level's sections, when there are enough of them to need a list."""
        headed = [s for s in self.sections if s.slug]
        top = min((s.level for s in headed), default=1)
        first = [s for s in headed if s.level == top]
        return first if len(first) >= CONTENTS_FROM else []

    @property
    def html(self) -> SafeString:
        return mark_safe("".join(s.html for s in self.sections))  # noqa: S308


def render_document(text: str, *, top: int = 2, prefix: str = "doc-") -> Document:
    """The document as a page shows it, section by section: its headings one level below the
    page's own (`top` for "#"), each with an id (`prefix` and an anchor that `{#anchor}` after
    the title gives, or the title does), and its tables scrolling sideways on a phone."""
    matches = list(HEADING.finditer(text))
    ends = [m.start() for m in matches] + [len(text)]
    sections = [Section("", "", 0, _section_html(text[: ends[0]], "", top))] if ends[0] else []
    used: set[str] = set()
    parents: dict[int, str] = {}
    for match, end in zip(matches, ends[1:], strict=True):
        level, written = len(match[1]), match[2]
        anchor = ANCHOR.search(written)
        written = ANCHOR.sub("", written)
        title = plain_text(written)
        slug = anchor[1] if anchor else slugify(title) or "section"
        slug = _unique(slug, used)
        parents = {lvl: name for lvl, name in parents.items() if lvl < level}
        parent = parents[min(parents)] if parents else ""
        parents[level] = title
        body = f"{match[1]} {written}\n{text[match.end() : end]}"
        section = Section(
            slug, title, level, _section_html(body, prefix + slug, top), prefix + slug
        )
        section.parent = parent
        sections.append(section)
    return Document(sections, prefix)


def _unique(slug: str, used: set[str]) -> str:
    found, n = slug, 1
    while found in used:
        n += 1
        found = f"{slug}-{n}"
    used.add(found)
    return found


def _section_html(text: str, anchor: str, top: int) -> SafeString:
    out = re.sub(
        r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(6, int(m[2]) + top - 1)}>", _clean(text)
    )
    if anchor:
        out = re.sub(r"^<h([1-6])>", rf'<h\1 id="{anchor}">', out, count=1)
        label = f'aria-labelledby="{anchor}"'
    else:
        label = 'aria-label="{}"'.format(escape(_("Table")))
    out = out.replace(
        "<table>",
        f'<div class="table-responsive" role="region" tabindex="0" {label}>'
        '<table class="table table-sm stack-on-phone">',
    ).replace("</table>", "</table></div>")
    return mark_safe(out)  # noqa: S308


def figure(value: Decimal | None) -> str:
    """Without trailing zeros, grouped as the language groups thousands."""
    if value is None:
        return ""
    value = value.quantize(1) if value == value.to_integral() else value.normalize()
    return number_format(value, force_grouping=True)


def _cell(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).strip().replace("|", r"\|")


def target_row(number: str, target) -> str:
    """A target as a row of the table of its goal: indicator, baseline, target, source and
    who is responsible."""
    unit = f" {target.unit}" if target.unit else ""
    baseline = ""
    if target.baseline_value is not None:
        baseline = f"{figure(target.baseline_value)}{unit}"
        baseline += f" ({target.baseline_year})" if target.baseline_year else ""
    if target.target_value is not None:
        goal = f"{figure(target.target_value)}{unit}"
    else:
        goal = str(target.Direction(target.direction).label)
    if target.target_year:
        goal = _("%(target)s by %(year)s") % {"target": goal, "year": target.target_year}
    source = str(target.SourceKind(target.source_kind).label)
    if target.kolada_kpi:
        source = f"Kolada {target.kolada_kpi}"
    if target.source_note:
        source = f"{source}, {target.source_note}"
    body = str(target.responsible_body) if target.responsible_body else ""
    cells = [number, target.indicator, baseline, goal, source, body]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def data_markdown(strategy) -> str:
    """The vision, goals and targets as the document shows them, from the data now: at the
    document's top level, each goal's targets in a table. The anchors do not depend on the
    language, so that a comment on a goal finds it in Swedish and in English."""
    from strategy.models import Goal

    lines = ["# " + _("Vision") + " {#vision}", ""]
    if strategy.period_start or strategy.period_end:
        lines += [
            _("The strategy runs %(start)s–%(end)s.")
            % {"start": strategy.period_start or "", "end": strategy.period_end or ""},
            "",
        ]
    lines += [strategy.vision.strip() or _("(No vision written yet.)"), ""]
    goals = Goal.objects.for_strategy(strategy).prefetch_related("targets__responsible_body")
    for number, goal in enumerate(goals, start=1):
        title = _("Goal %(number)d: %(title)s") % {"number": number, "title": goal.title}
        lines += [f"# {title} {{#goal-{number}}}", ""]
        if goal.description.strip():
            lines += [goal.description.strip(), ""]
        targets = list(goal.targets.all())
        if targets:
            lines += ["## " + _("Measurable targets") + f" {{#goal-{number}-targets}}", ""]
            header = [_("No."), _("Indicator"), _("Baseline"), _("Target level"), _("Source")]
            lines.append("| " + " | ".join([*header, _("Responsible")]) + " |")
            lines.append("|" + " --- |" * 6)
            lines += [target_row(f"{number}.{n}", t) for n, t in enumerate(targets, 1)]
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def _legacy(snapshot: str) -> str:
    """A version frozen before the targets became tables wrote the data one level down and
    each target as a numbered line: the data is read at the top level, each target an item."""
    if not snapshot.startswith("## "):
        return snapshot
    snapshot = re.sub(r"^#(#+) ", r"\1 ", snapshot, flags=re.MULTILINE)
    return re.sub(r"^(\d+\.\d+\.) ", r"- \1 ", snapshot, flags=re.MULTILINE)


def version_document(version) -> str:
    """The whole text of a version: its own sections, then the vision, goals and targets as
    they were when it was frozen or a newer version began (or as they are now, while it is
    the newest and open)."""
    kept = version.is_frozen or version.data_snapshot
    data = _legacy(version.data_snapshot) if kept else data_markdown(version.strategy)
    return f"{version.text.strip()}\n\n{data}".strip() + "\n"


# What changed ---------------------------------------------------------------------------------

MAX_WORDS = 2000  # a paragraph longer than this is compared whole, not word by word
MAX_SEARCH = 250_000  # paragraphs × paragraphs searched between two anchors at most
TABLE_RULE = re.compile(r"\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")  # | --- | :--: |


@dataclass
class Change:
    kind: str  # "same", "added", "removed", "changed"; "unchanged" for a run of same
    text: str = ""  # the paragraph's Markdown (the new one, if changed); or the run's length
    words: list[tuple[str, str]] = field(default_factory=list)  # ("same"|"added"|"removed", w)

    @functools.cached_property
    def block(self) -> tuple[str, str]:
        return block(self.text)

    @property
    def element(self) -> str:
        """How the paragraph is shown: a heading one level below the page's, or a paragraph."""
        tag = self.block[0]
        return f"h{min(6, int(tag[1]) + 1)}" if tag.startswith("h") else "p"

    @property
    def plain(self) -> str:
        return self.block[1]


def block(paragraph: str) -> tuple[str, str]:
    """A paragraph as it reads: its kind ("h1"…"h6", "li", "tr" or "p") and its text without
    Markdown's marks; a table's row has its cells one after the other."""
    heading = HEADING.match(paragraph)
    if heading:
        return f"h{len(heading[1])}", plain_text(ANCHOR.sub("", heading[2]))
    if paragraph.startswith("|"):
        cells = re.split(r"(?<!\\)\|", paragraph.strip().removeprefix("|").removesuffix("|"))
        return "tr", plain_text(" · ".join(cell.strip() for cell in cells))
    item = re.match(r"([-*+]|\d+\.)\s+(.*)", paragraph)
    if item:
        marker = "•" if item[1] in "-*+" else item[1]
        return "li", f"{marker} {plain_text(item[2])}"
    return "p", plain_text(paragraph)


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
        (kind "unchanged", `text` the count) but for the headings of the section the next
        change is in: what a reader of a long draft came for, and where it is."""
        shown: list[Change] = []
        run: list[Change] = []
        for change in self.changes:
            if change.kind == "same":
                run.append(change)
                continue
            shown.extend(_collapse(run, with_headings=True))
            shown.append(change)
            run = []
        shown.extend(_collapse(run, with_headings=False))
        return shown


def _collapse(run: list[Change], *, with_headings: bool) -> list[Change]:
    """A run of unchanged paragraphs as counts, around the headings still open at its end."""
    open_at: dict[int, int] = {}  # heading level: position in the run
    for position, change in enumerate(run if with_headings else []):
        level = len(change.text) - len(change.text.lstrip("#"))
        if level and change.text[level : level + 1] in (" ", "\t"):
            open_at = {lvl: at for lvl, at in open_at.items() if lvl < level}
            open_at[level] = position
    shown, start = [], 0
    for at in [*sorted(open_at.values()), len(run)]:
        if at > start:
            shown.append(Change("unchanged", str(at - start)))
        if at < len(run):
            shown.append(run[at])
        start = at + 1
    return shown


def _paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines; list items, headings and a table's rows stand
    alone (the line under a table's header is left out)."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if all(re.match(r"\s*([-*+]|\d+(\.\d+)*\.|#+)\s|\s*\|", line) for line in lines):
            blocks.extend(line.strip() for line in lines if not TABLE_RULE.match(line))
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
                    old, new = olds.pop(0), news.pop(0)
                    words = _words(block(old)[1], block(new)[1])
                    changes.append(Change("changed", new, words))
                    continue
            if olds:
                changes.append(Change("removed", olds.pop(0)))
            else:
                changes.append(Change("added", news.pop(0)))
    return changes
