"""Writes of the category summaries: a language model's draft kept as a draft, and a summary a
person accepts. Neither codes an opinion: a summary only cites the category's own opinions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opinions.analysis.drafting import (
    SENT,
    DraftError,
    citation_problems,
    endpoint,
    request_draft,
    sendable,
)
from opinions.analysis.summary import kept_summaries
from opinions.models import Category, CategorySummary, FinalCoding


def category_opinion_ids(category: Category) -> set[int]:
    """The opinions a summary of `category` may cite: those in its final coding that count."""
    return set(
        FinalCoding.objects.in_analysis(category.process_id)
        .filter(category=category)
        .values_list("opinion_id", flat=True)
    )


def summary_draft(*, category: Category) -> CategorySummary:
    """Ask the configured language model for a draft of the category's summary, from its most
    representative opinions, and keep it as a draft with the model's name and the date. A draft
    whose sentences cite nothing, or cite an opinion outside the category, is refused."""
    where = endpoint()
    if where is None:
        raise ValidationError(_("No language model is configured, so nothing was sent."))
    ranked = kept_summaries(category.process, only=category)[0][0].ranked
    if not ranked:
        raise ValidationError(_("The category has no coded opinions to summarise."))
    try:
        draft = request_draft(where, category, sendable(category.process, ranked[:SENT]))
    except DraftError as error:
        raise ValidationError(str(error)) from error
    problems = citation_problems(draft.text, category, category_opinion_ids(category))
    if problems:
        raise ValidationError(
            [_("The language model's draft was refused:"), *problems], code="citations"
        )
    summary = CategorySummary(
        category=category, text=draft.text, model_name=draft.model, drafted_at=draft.drafted_at
    )
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def summary_accept(
    *, category: Category, text: str, by, draft: CategorySummary | None = None
) -> CategorySummary:
    """Make `text` the category's summary, as a person edited it (from `draft`, whose model and
    date stay with the text) or wrote it. Every sentence must cite the category's opinions."""
    problems = citation_problems(text, category, category_opinion_ids(category))
    if problems:
        raise ValidationError(problems, code="citations")
    if draft is not None and (draft.category_id != category.pk or not draft.is_draft):
        raise ValidationError(_("That draft is no longer open; draft again."))
    summary = draft or CategorySummary(category=category)
    summary.text = text.strip()
    summary.accepted_by = by
    summary.accepted_at = timezone.now()
    summary.full_clean()
    summary.save()
    return summary
