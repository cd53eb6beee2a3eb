"""Screening opinions for personal data before a moderator reviews them for publication.

What a resident says is a public record and is kept as said; what the public site shows is a
redacted copy that a person approved. The screen finds what most often identifies someone in
a Swedish opinion: an e-mail address, a phone number, a personnummer (or samordningsnummer),
a street address, and a person's name; and markup such as `<script>` (always shown as
text, never run, but a moderator should see it). It errs on the side of a hit: a moderator
clears a false alarm in a second, while a missed personnummer on a public page cannot be taken back.

Names are the hard part: no library recognises Swedish names offline, so the screen flags a
common Swedish first name (SCB's most common given names) and two capitalised words in a row
in the middle of a sentence ("Anna Berg", "Kalle Svensson"), leaving out the process's own
place names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

KINDS = {
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "personnummer": _("personal identity number"),
    "address": _("street address"),
    "name": _("name of a person"),
    "markup": _("code or markup"),
}
REDACTED = "[…]"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 19800101-1234, 800101-1234, 198001011234, 8001011234, with - or + or a space.
PERSONNUMMER = re.compile(r"(?<![\d-])(?:19|20)?\d{6}[-+ ]?\d{4}(?![\d-])")
# 070-123 45 67, 0565-123 45, +46 70 123 45 67, 070 1234567: nine to eleven digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+46[\s-]?|0)\d{1,3}(?:[\s-]?\d){5,8}(?!\d)")
STREET = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäöé]+(?:gatan|vägen|gränd|gränden|stigen|torget|backen|allén|allé|"
    r"plan|leden|platsen|vägen|gata|väg)\s+\d{1,4}\s?[A-Za-z]?\b"
)
MARKUP = re.compile(
    r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>|<\s*/?\s*[a-zA-Z!][^>]*>", re.S | re.I
)
CAPITALISED = re.compile(r"\b([A-ZÅÄÖ][a-zåäöéü]+)(?:[ -]([A-ZÅÄÖ][a-zåäöéü]+))?\b")
SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")

FIRST_NAMES = frozenset(
    line.strip().lower()
    for line in (Path(__file__).parent / "data" / "first_names.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _names(text: str, places: frozenset[str]) -> list[Hit]:
    hits = []
    for match in CAPITALISED.finditer(text):
        first, second = match.group(1), match.group(2)
        at_sentence_start = match.start() == 0 or SENTENCE_END.search(text[: match.start()])
        words = [word for word in (first, second) if word]
        if any(word.lower() in places for word in words):
            continue
        if first.lower() in FIRST_NAMES:
            hits.append(Hit("name", match.start(), match.end()))
        elif second and not at_sentence_start:
            # Two capitalised words in the middle of a sentence: most likely a name.
            hits.append(Hit("name", match.start(), match.end()))
    return hits


def screen(text: str, places: frozenset[str] = frozenset()) -> list[Hit]:
    """Every likely piece of personal data in `text`, in order, overlaps merged.

    `places` are lower-cased names the process itself uses (its municipality and areas), which
    are not names of people."""
    hits = [Hit("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    hits += [Hit("personnummer", m.start(), m.end()) for m in PERSONNUMMER.finditer(text)]
    hits += [Hit("phone", m.start(), m.end()) for m in PHONE.finditer(text)]
    hits += [Hit("address", m.start(), m.end()) for m in STREET.finditer(text)]
    hits += [Hit("markup", m.start(), m.end()) for m in MARKUP.finditer(text)]
    hits += _names(text, places)
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit.start < merged[-1].end:
            continue  # inside an earlier, longer hit (a personnummer is also digits)
        merged.append(hit)
    return merged


def redact(text: str, hits: list[Hit]) -> str:
    """The text with every hit replaced by REDACTED: the moderator's starting point."""
    parts, at = [], 0
    for hit in hits:
        parts += [text[at : hit.start], REDACTED]
        at = hit.end
    parts.append(text[at:])
    return "".join(parts)


def highlight(text: str, hits: list[Hit]) -> SafeString:
    """The text, escaped, with every hit marked for the moderator (and named for a screen
    reader, not shown by colour alone)."""
    parts, at = [], 0
    for hit in hits:
        label, found = escape(hit.label), escape(text[hit.start : hit.end])
        parts += [
            escape(text[at : hit.start]),
            f'<mark class="screened" title="{label}">{found}'
            f'<span class="visually-hidden"> ({label})</span></mark>',
        ]
        at = hit.end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)


def places_of(process) -> frozenset[str]:
    """The process's own place names, which the name screen leaves alone."""
    names = [process.municipality, *process.areas.values_list("name", flat=True)]
    return frozenset(word.lower() for name in names for word in re.findall(r"\w+", name))
