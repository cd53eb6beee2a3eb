"""A summary of each category with its sources; a language model's draft, when the
municipality has configured one, that a person edits and accepts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.drafting import cited, endpoint
from opinions.analysis.summary import kept_summaries
from opinions.models import Category, CategorySummary, Opinion
from opinions.services.summaries import summary_accept, summary_draft


def _accepted(process) -> dict[int, CategorySummary]:
    """Each category's newest accepted summary."""
    found: dict[int, CategorySummary] = {}
    for summary in (
        CategorySummary.objects.filter(category__process=process, accepted_at__isnull=False)
        .select_related("accepted_by")
        .order_by("-accepted_at", "-pk")
    ):
        found.setdefault(summary.category_id, summary)
    return found


@view_rules("opinions.view_coding", None, obj=process_of)
def summaries_page(request, slug):
    """Every category: its most representative opinions, who said them, its own words."""
    process = process_of(request, slug)
    accepted = _accepted(process)
    found, kept = kept_summaries(process)
    context = {
        "process": process,
        "summaries": [(summary, accepted.get(summary.category.pk)) for summary in found],
        "kept": kept,
    }
    return render(request, "opinions/summaries.html", context)


def _sources(summary: CategorySummary | None) -> list[tuple[int, str]]:
    if summary is None:
        return []
    ids = sorted({pk for sentence in cited(summary.text) for pk in sentence})
    texts = Opinion.objects.in_bulk(ids)
    return [(pk, texts[pk].original_text) for pk in ids if pk in texts]


@view_rules("opinions.view_coding", "opinions.summarise", obj=process_of)
def category_summary_page(request, slug, pk):
    """One category's summary with its sources, and the draft a person edits and accepts."""
    process = process_of(request, slug)
    category = get_object_or_404(Category.objects.for_process(process).in_codebook(), pk=pk)
    accepted = _accepted(process).get(category.pk)
    drafts = category.summaries.filter(accepted_at__isnull=True)
    if accepted:  # drafts older than the accepted summary are left behind
        drafts = drafts.filter(created_at__gt=accepted.accepted_at)
    draft = drafts.first()
    text = request.POST.get("text", "")
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "draft":
                summary_draft(category=category)
                messages.success(request, _("The draft is below. Read it against its sources."))
            else:
                summary_accept(category=category, text=text, by=request.user, draft=draft)
                messages.success(request, _("The summary is accepted."))
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("staff:category_summary", slug=process.slug, pk=category.pk)
    found, kept = kept_summaries(process, only=category)
    context = {
        "process": process,
        "category": category,
        "summary": found[0],
        "kept": kept,
        "accepted": accepted,
        "draft": draft,
        "text": text or (draft.text if draft else accepted.text if accepted else ""),
        "problems": problems,
        "sources": _sources(draft or accepted),
        "endpoint": endpoint(),
        "can_write": request.user.has_perm("opinions.summarise", process),
    }
    return render(request, "opinions/category_summary.html", context)
