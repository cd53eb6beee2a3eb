"""Draft versions: the list, one version, editing, its status, review comments and the comparison
of two."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history
from core.permissions import view_rules
from core.translated import swedish
from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy import document
from strategy.forms import (
    CommentForm,
    VersionStatusForm,
    VersionTextForm,
)
from strategy.models import (
    Decision,
    DraftVersion,
    ReviewComment,
)
from strategy.services import drafts as services
from strategy.views.common import _context, _saved


def _document(version: DraftVersion) -> document.Document:
    """The version as the Swedish document it is, whatever the reader's language: its sections
    are written in Swedish, and it is frozen and decided in Swedish."""
    with swedish():
        return document.render_document(document.version_document(version), top=2)


def _sections(doc: document.Document) -> list[tuple[str, str]]:
    return [(section.slug, section.label) for section in doc.sections if section.slug]


def _placed(doc: document.Document, comments) -> list[ReviewComment]:
    """Each comment under the section it is about; those on the whole version (or on a
    section no longer in its text) are returned."""
    sections = {section.slug: section for section in doc.sections if section.slug}
    rest = []
    for comment in comments:
        if comment.section in sections:
            sections[comment.section].comments.append(comment)
        else:
            rest.append(comment)
    return rest


def _version(process, number) -> DraftVersion:
    return get_object_or_404(
        DraftVersion.objects.select_related("strategy", "created_by"),
        strategy__process=process,
        number=number,
    )


@view_rules("strategy.view_strategy", "strategy.change_strategy", obj=process_of)
def version_list(request, slug):
    process = process_of(request, slug)
    context = _context(process, "versions")
    if request.method == "POST":
        version = services.version_create(strategy=context["strategy"], created_by=request.user)
        return _saved(
            request,
            _("Version %(number)d has been started.") % {"number": version.number},
            reverse("staff:version_edit", args=[slug, version.number]),
        )
    versions = (
        DraftVersion.objects.for_strategy(context["strategy"])
        .with_comment_counts()
        .select_related("created_by")
        .order_by("-number")
    )
    return render(request, "strategy/version_list.html", {**context, "versions": versions})


@view_rules("strategy.view_strategy", None, obj=process_of)
def version_detail(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    context = _context(process, "versions")
    doc = _document(version)
    comments = list(version.comments.select_related("author", "resolved_by"))
    context.update(
        version=version,
        doc=doc,
        comments=_placed(doc, comments),
        section_comments=[section for section in doc.sections if section.comments],
        comment_form=CommentForm(sections=_sections(doc)),
        status_form=VersionStatusForm(initial={"status": version.status}),
        decision=Decision.objects.filter(adopted_version=version).select_related("body").first(),
        other_versions=DraftVersion.objects.for_strategy(version.strategy).exclude(pk=version.pk),
        history=history.of(version),
    )
    return render(request, "strategy/version_detail.html", context)


@view_rules("strategy.change_strategy", "strategy.change_strategy", obj=process_of)
def version_edit(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    context = _context(process, "versions", version=version)
    if version.is_frozen:
        messages.error(
            request,
            _("Version %(number)d was sent out or adopted and can no longer be edited.")
            % {"number": version.number},
        )
        return redirect("staff:version_detail", slug, number)
    form = VersionTextForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(version=version, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error, field="text")
        else:
            return _saved(
                request,
                _("Version %(number)d has been saved.") % {"number": version.number},
                reverse("staff:version_detail", args=[slug, number]),
            )
    return render(request, "strategy/version_edit.html", {**context, "form": form})


@view_rules(None, "strategy.change_strategy", obj=process_of)
def version_status(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    form = VersionStatusForm(request.POST)
    if form.is_valid():
        try:
            version = services.version_set_status(
                version=version, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Version %(number)d is now “%(status)s”.")
                % {"number": version.number, "status": version.get_status_display()},
            )
    return redirect("staff:version_detail", slug, number)


@view_rules(None, "strategy.add_reviewcomment", obj=process_of)
def comment_add(request, slug, number):
    process = process_of(request, slug)
    version = _version(process, number)
    form = CommentForm(request.POST, sections=_sections(_document(version)))
    anchor = "comments"
    if form.is_valid():
        section = form.cleaned_data["section"]
        services.comment_add(
            version=version, author=request.user, text=form.cleaned_data["text"], section=section
        )
        messages.success(request, _("Your comment has been added."))
        anchor = f"doc-{section}" if section else anchor
    elif "text" in form.errors:
        messages.error(request, _("Write the comment."))
    else:
        messages.error(request, _("That part is no longer in the version; choose another."))
    return redirect(reverse("staff:version_detail", args=[slug, number]) + f"#{anchor}")


@view_rules(None, "strategy.resolve_reviewcomment", obj=process_of)
def comment_resolve(request, slug, pk):
    comment = get_object_or_404(
        ReviewComment.objects.select_related("version"),
        version__strategy__process__slug=slug,
        pk=pk,
    )
    resolved = request.POST.get("resolved", "1") == "1"
    services.comment_resolve(comment=comment, resolved_by=request.user, resolved=resolved)
    anchor = f"doc-{comment.section}" if comment.section else "comments"
    return redirect(
        reverse("staff:version_detail", args=[slug, comment.version.number]) + f"#{anchor}"
    )


def _compared(numbers: list[int], old: str | None, new: str | None) -> tuple[int, int]:
    """The versions to compare: those asked for; where one is not, the version before the
    other (or, before the first, the one after it); where neither is, the two newest."""
    if old is None and new is None:
        return (numbers[-2] if len(numbers) > 1 else 0), (numbers[-1] if numbers else 0)
    if old is None:
        new_number = int(new)
        before = [n for n in numbers if n < new_number]
        after = [n for n in numbers if n > new_number]
        if before:
            return before[-1], new_number
        return new_number, (after[0] if after else new_number)
    if new is None:
        old_number = int(old)
        after = [n for n in numbers if n > old_number]
        return old_number, (after[0] if after else old_number)
    return int(old), int(new)


@view_rules("strategy.view_strategy", None, obj=process_of)
def version_compare(request, slug):
    process = process_of(request, slug)
    context = _context(process, "versions")
    versions = list(DraftVersion.objects.for_strategy(context["strategy"]).order_by("number"))
    numbers = [v.number for v in versions]
    try:
        old_number, new_number = _compared(
            numbers, request.GET.get("from") or None, request.GET.get("to") or None
        )
    except ValueError as error:
        raise Http404 from error
    old = next((v for v in versions if v.number == old_number), None)
    new = next((v for v in versions if v.number == new_number), None)
    changes, whole = None, request.GET.get("whole") == "1"
    if old and new:
        with swedish():  # the language a version is frozen in (strategy/services/drafts.py)
            old_text, new_text = document.version_document(old), document.version_document(new)
        changes = document.diff(old_text, new_text)
    shown = (changes.changes if whole else changes.only_changes()) if changes else []
    context.update(versions=versions, old=old, new=new, diff=changes, shown=shown, whole=whole)
    return render(request, "strategy/version_compare.html", context)
