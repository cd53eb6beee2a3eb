"""My opinion: what the holder of a receipt code sees of each of their opinions. Their own words
as written down, with what the personal-data screen finds masked (the code may be lost or
passed on, and a phone number in it is then someone's to read), beside the text as published
and what became of it, in a resident's words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from opinions.analysis.screening import places_of, screen
from opinions.models import Opinion


@dataclass(frozen=True)
class Fate:
    key: str  # published, waiting, not_published, left_out, duplicate
    label: str
    explanation: str
    badge: str = "text-bg-secondary"


FATES = {
    "published": Fate(
        "published",
        _("Published"),
        _("It can be read among what residents said."),
        "text-bg-success",
    ),
    "waiting": Fate(
        "waiting",
        _("Waiting for review"),
        _("It is checked for personal data before it is published here."),
        "text-bg-warning",
    ),
    "withheld": Fate(
        "not_published",
        _("Not published"),
        _(
            "After the review it was not published, for example because it could tell who "
            "someone is. It counts in every figure all the same."
        ),
    ),
    "no_consent": Fate(
        "not_published",
        _("Not published"),
        _(
            "You did not want it published. It is kept in the municipality's records and "
            "counts in every figure."
        ),
    ),
    "excluded": Fate("left_out", _("Left out of the analysis"), ""),
    "duplicate": Fate(
        "duplicate",
        _("Counted with another"),
        _("Counted together with an opinion of the same content."),
    ),
}


def fate(opinion: Opinion) -> Fate:
    if opinion.status == Opinion.Status.EXCLUDED:
        return FATES["excluded"]
    if opinion.status == Opinion.Status.DUPLICATE:
        return FATES["duplicate"]
    if opinion.publication == Opinion.Publication.APPROVED:
        return FATES["published"]
    if not opinion.consent_to_publish:
        return FATES["no_consent"]
    if opinion.publication == Opinion.Publication.WITHHELD:
        return FATES["withheld"]
    return FATES["waiting"]


def masked(text: str, places: frozenset[str]) -> tuple[str, list[str]]:
    """The text with each piece of personal data the screen finds replaced by its kind in
    brackets ("[phone number]"), and the kinds found."""
    hits = screen(text, places)
    parts, at = [], 0
    for hit in hits:
        parts += [text[at : hit.start], f"[{hit.label}]"]
        at = hit.end
    parts.append(text[at:])
    return "".join(parts), sorted({hit.label for hit in hits})


def as_given(opinions: list[Opinion], process) -> list[Opinion]:
    """Each opinion with `own_words` (the newest text, masked), `masked_kinds`, `corrected`,
    `fate` and `edited_for_publication` (whether the published text differs from their words,
    so that it is shown beside them). Two queries, however many opinions: the corrections and
    the place names."""
    prefetch_related_objects(opinions, "versions")
    places = places_of(process) if opinions else frozenset()
    for opinion in opinions:
        opinion.own_words, opinion.masked_kinds = masked(opinion.current_text, places)
        opinion.corrected = bool(opinion.versions.all())
        opinion.fate = fate(opinion)
        opinion.edited_for_publication = opinion.published_text.strip() != (
            opinion.current_text.strip()
        )
    return opinions
