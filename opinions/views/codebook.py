"""The codebook: its categories, editing, merging and splitting them, and the codebook as a file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import history
from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.analysis.kept import kept
from opinions.formats.codebook_files import to_csv, to_qdc
from opinions.forms import (
    CategoryForm,
    CategoryMergeForm,
    CategorySplitForm,
    CodebookImportForm,
    add_service_errors,
)
from opinions.models import (
    Category,
    CodebookChange,
    KeptFigures,
)
from opinions.rules import why_not_code
from opinions.services.codebook import (
    category_merge,
    category_save,
    category_split,
    codebook_import,
)


@view_rules("opinions.view_coding", "opinions.edit_codebook", obj=process_of)
def codebook(request, slug):
    process = process_of(request, slug)
    can_edit = request.user.has_perm("opinions.edit_codebook", process)
    form = CategoryForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        category_save(category=form.instance)
        messages.success(request, _("The category is added to the codebook."))
        return redirect("staff:codebook", slug=process.slug)
    categories = Category.objects.for_process(process).in_codebook().as_tree()
    figures = kept(process, KeptFigures.Kind.CODING)
    for category in categories:  # as last counted: a category added since has none yet
        counted = figures.figures["categories"].get(str(category.pk), {})
        category.coded, category.final = counted.get("coded", 0), counted.get("final", 0)
    context = {
        "process": process,
        "categories": categories,
        "kept": figures,
        "form": form,
        "can_edit": can_edit,
        "import_form": CodebookImportForm(),
        "changes": CodebookChange.objects.filter(process=process).select_related("user")[:20],
        "merged": Category.objects.for_process(process).filter(merged_into__isnull=False),
    }
    return render(request, "opinions/codebook.html", context)


@view_rules("opinions.edit_codebook", "opinions.edit_codebook", obj=process_of, reason=why_not_code)
def category_edit(request, slug, pk):
    category = get_object_or_404(
        Category.objects.in_codebook().select_related("process"), process__slug=slug, pk=pk
    )
    process = category.process
    # Each of the page's three forms is bound only to its own sending: a refused merge or split
    # leaves the category's own form as it was.
    action = request.POST.get("action", "save") if request.method == "POST" else None
    form = CategoryForm(
        request.POST if action == "save" else None, instance=category, process=process
    )
    merge_form = CategoryMergeForm(request.POST if action == "merge" else None, category=category)
    split_form = CategorySplitForm(request.POST if action == "split" else None)
    done = False
    if action == "merge" and merge_form.is_valid():
        done = _merged(request, category, merge_form)
    elif action == "split" and split_form.is_valid():
        done = _split(request, category, split_form)
    elif action == "save" and form.is_valid():
        category_save(category=form.instance)
        messages.success(request, _("The category is saved."))
        done = True
    if done:
        return redirect("staff:codebook", slug=process.slug)
    context = {
        "process": process,
        "category": category,
        "form": form,
        "merge_form": merge_form,
        "split_form": split_form,
        "history": history.of(category),
    }
    return render(request, "opinions/category_edit.html", context)


def _merged(request, category, merge_form) -> bool:
    """Merge the category as the form asks; False, with the form's error, if refused."""
    target = merge_form.cleaned_data["target"]
    try:
        result = category_merge(source=category, target=target, by=request.user)
    except ValidationError as error:
        add_service_errors(merge_form, error, field="target")
        return False
    messages.success(
        request,
        ngettext(
            "%(source)s is merged into %(target)s: %(moved)d coding moved.",
            "%(source)s is merged into %(target)s: %(moved)d codings moved.",
            result.moved,
        )
        % {"source": category.name, "target": target.name, "moved": result.moved},
    )
    return True


def _split(request, category, split_form) -> bool:
    """Split the category as the form asks; False, with the form's error, if refused."""
    names = split_form.cleaned_data["names"].splitlines()
    try:
        category_split(category=category, names=names, by=request.user)
    except ValidationError as error:
        add_service_errors(split_form, error, field="names")
        return False
    messages.success(
        request,
        _(
            "The new categories are under %(category)s. Its opinions are "
            "listed in the workbench for recoding."
        )
        % {"category": category.name},
    )
    return True


@view_rules("opinions.view_coding", None, obj=process_of)
def codebook_export(request, slug, fmt):
    process = process_of(request, slug)
    if fmt == "qdc":
        data = to_qdc(process)
        if data is None:
            messages.info(
                request,
                _(
                    "The codebook has no categories yet, and a REFI-QDA codebook needs at "
                    "least one: add a category first."
                ),
            )
            return redirect("staff:codebook", slug=process.slug)
        response = HttpResponse(data, content_type="application/xml")
    else:
        response = HttpResponse(to_csv(process), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-codebook.{fmt}"'
    return response


@view_rules("opinions.edit_codebook", "opinions.edit_codebook", obj=process_of, reason=why_not_code)
def codebook_upload(request, slug):
    process = process_of(request, slug)
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = codebook_import(
                process=process, file_name=upload.name, data=upload.read(), by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request, _("%(count)d categories were added to the codebook.") % {"count": added}
            )
            return redirect("staff:codebook", slug=process.slug)
    return render(
        request, "opinions/codebook_import.html", {"process": process, "form": form}, status=200
    )
