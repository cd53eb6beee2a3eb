"""Staff pages for coding: the codebook, the workbench, the sample, agreement, reconciliation.

The workbench is one URL per opinion that serves the page and, to htmx, the fragment that a
keystroke replaces; every action is a plain form post as well, so it works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget, trigger_client_event

from dialogues.lookups import process_of
from dialogues.models import Process
from opinions import coding
from opinions.agreement import agreement
from opinions.codebook import codebook_import, to_csv, to_qdc
from opinions.forms import (
    CategoryForm,
    CategoryMergeForm,
    CategorySplitForm,
    CodebookImportForm,
    CodingFilterForm,
    ExcludeForm,
    MemoForm,
    ReconcileForm,
    SampleForm,
    add_service_errors,
)
from opinions.models import (
    Category,
    CodebookChange,
    CodingChange,
    CodingSample,
    ExportRun,
    Opinion,
    Suggestion,
)
from opinions.rules import why_not_code
from sunnemodel import history
from sunnemodel.permissions import permission_required

PAGE_SIZE = 50


def _require(request, perm: str, process: Process) -> None:
    if not request.user.has_perm(perm, process):
        raise PermissionDenied(why_not_code(request.user, process))


# The codebook --------------------------------------------------------------------------------


@permission_required("opinions.view_coding", fn=process_of)
def codebook(request, slug):
    process = process_of(request, slug)
    can_edit = request.user.has_perm("opinions.edit_codebook", process)
    form = CategoryForm(request.POST or None, process=process)
    if request.method == "POST":
        _require(request, "opinions.edit_codebook", process)
        if form.is_valid():
            form.save()
            messages.success(request, _("The category is added to the codebook."))
            return redirect("staff:codebook", slug=process.slug)
    categories = (
        Category.objects.for_process(process).in_codebook().select_related("parent").with_counts()
    )
    context = {
        "process": process,
        "categories": categories,
        "form": form,
        "can_edit": can_edit,
        "import_form": CodebookImportForm(),
        "changes": CodebookChange.objects.filter(process=process).select_related("user")[:20],
        "merged": Category.objects.for_process(process).filter(merged_into__isnull=False),
    }
    return render(request, "opinions/codebook.html", context)


@permission_required("opinions.edit_codebook", fn=process_of, reason=why_not_code)
def category_edit(request, slug, pk):
    category = get_object_or_404(
        Category.objects.in_codebook().select_related("process"), process__slug=slug, pk=pk
    )
    process = category.process
    form = CategoryForm(request.POST or None, instance=category, process=process)
    merge_form = CategoryMergeForm(category=category)
    split_form = CategorySplitForm()
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "merge":
            merge_form = CategoryMergeForm(request.POST, category=category)
            if merge_form.is_valid():
                target = merge_form.cleaned_data["target"]
                try:
                    result = coding.category_merge(source=category, target=target, by=request.user)
                except ValidationError as error:
                    add_service_errors(merge_form, error, field="target")
                else:
                    messages.success(
                        request,
                        _("%(source)s is merged into %(target)s: %(moved)d codings moved.")
                        % {"source": category.name, "target": target.name, "moved": result.moved},
                    )
                    return redirect("staff:codebook", slug=process.slug)
        elif action == "split":
            split_form = CategorySplitForm(request.POST)
            if split_form.is_valid():
                try:
                    coding.category_split(
                        category=category,
                        names=split_form.cleaned_data["names"].splitlines(),
                        by=request.user,
                    )
                except ValidationError as error:
                    add_service_errors(split_form, error, field="names")
                else:
                    messages.success(
                        request,
                        _(
                            "The new categories are under %(category)s. Its opinions are "
                            "listed in the workbench for recoding."
                        )
                        % {"category": category.name},
                    )
                    return redirect("staff:codebook", slug=process.slug)
        elif form.is_valid():
            form.save()
            messages.success(request, _("The category is saved."))
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


@permission_required("opinions.view_coding", fn=process_of)
def codebook_export(request, slug, fmt):
    process = process_of(request, slug)
    if fmt == "qdc":
        response = HttpResponse(to_qdc(process), content_type="application/xml")
    else:
        response = HttpResponse(to_csv(process), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-codebook.{fmt}"'
    return response


@permission_required("opinions.edit_codebook", fn=process_of, reason=why_not_code)
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


# The workbench -------------------------------------------------------------------------------


def _filtered(request, process: Process) -> tuple[CodingFilterForm, object]:
    form = CodingFilterForm(request.GET or None, process=process)
    opinions = form.filter(Opinion.objects.for_process(process).for_coding())
    return form, opinions


def _query(request) -> str:
    """The filters, carried from page to page."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def _progress(process: Process) -> dict:
    """The progress bar's figures, with the numbers in spans so that a key that settles an
    opinion can move them on the page."""
    counts = Opinion.objects.for_process(process).coding_progress()
    total, done = counts["total"], counts["done"]
    percent = round(100 * done / total) if total else 0
    return {
        "total": total,
        "done": done,
        "percent": percent,
        "done_html": format_html('<span data-progress="done">{}</span>', done),
        "percent_html": format_html('<span data-progress="percent">{}</span>', percent),
    }


def _blind_ids(process: Process, opinion_ids) -> set[int]:
    sample = CodingSample.objects.filter(process=process).first()
    if sample is None:
        return set()
    return set(
        sample.opinions.filter(pk__in=opinion_ids, reconciliation__isnull=True).values_list(
            "pk", flat=True
        )
    )


@permission_required("opinions.view_coding", fn=process_of)
def coding_list(request, slug):
    process = process_of(request, slug)
    form, opinions = _filtered(request, process)
    page = Paginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    blind = _blind_ids(process, [opinion.pk for opinion in page])
    rows = []
    for opinion in page:
        mine = [c for c in opinion.codings.all() if c.coder_id == request.user.pk]
        others = [c for c in opinion.codings.all() if c.coder_id != request.user.pk]
        rows.append(
            {
                "opinion": opinion,
                "mine": mine,
                "others": [] if opinion.pk in blind else others,
                "blind": opinion.pk in blind and bool(others),
            }
        )
    context = {
        "process": process,
        "form": form,
        "page": page,
        "rows": rows,
        "query": _query(request),
        "progress": _progress(process),
    }
    template = "opinions/coding_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _posted_id(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def _progress_moved(response, opinion: Opinion, settled_before: bool | None):
    """Tell the page's progress bar when a step settled the opinion (+1) or unsettled it (-1)."""
    if settled_before is not None:
        settled = opinion.status == Opinion.Status.EXCLUDED or bool(opinion.final_categories.all())
        if change := int(settled) - int(settled_before):
            trigger_client_event(response, "codingProgress", {"change": change})
    return response


def _workbench(
    request,
    process: Process,
    pk: int,
    *,
    conflict=None,
    status=200,
    forms=None,
    moved=False,
    part: str = "workbench",
    settled_before: bool | None = None,
):
    """The workbench on one opinion: the page, or to htmx its fragment, or after a category
    key only the part with the coding (`part="coding"`), which is all such a key changes.
    After a step, `settled_before` says whether the opinion was settled before it, so that the
    progress bar can move by one without counting the process again."""
    opinion = get_object_or_404(Opinion.objects.for_process(process).for_coding(), pk=pk)
    # A keystroke on the opinion changes neither the list nor its order: the neighbours are
    # the ones the page showed, and the progress bar waits for the next opinion. (Counting a
    # process of 100,000 opinions on every keystroke is what made them slow; bench/coding.py.)
    light = request.method == "POST" and request.htmx and not moved
    if light:
        previous, following = _posted_id(request, "previous"), _posted_id(request, "following")
    else:
        _form, filtered = _filtered(request, process)
        previous, following = filtered.neighbours(opinion)
    blind = coding.is_blind(opinion)
    codings = list(opinion.codings.all())
    mine = {c.category_id for c in codings if c.coder_id == request.user.pk}
    others: dict = {}
    if not blind:
        for c in codings:
            if c.coder_id != request.user.pk:
                others.setdefault(c.coder, []).append(c.category)
    context = {
        "process": process,
        "opinion": opinion,
        "categories": Category.objects.for_process(process).in_codebook(),
        "mine": mine,
        "others": others,
        "blind": blind,
        "final": list(opinion.final_categories.all()),
        "revision": coding.revision(opinion, request.user, blind=blind),
        "query": _query(request),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
        "why_not": why_not_code(request.user, process),
        "previous": previous,
        "following": following,
        # The neighbours ride along in every form of the page (see `light` above).
        "neighbours": format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            [(name, pk) for name, pk in (("previous", previous), ("following", following)) if pk],
        ),
        "here_url": reverse("staff:coding_opinion", args=[process.slug, opinion.pk]),
    }
    if part == "coding" and request.htmx:
        context["coding_only"] = True
        response = render(request, "opinions/coding_opinion.html#coding", context)
        return _progress_moved(response, opinion, settled_before)
    memo = getattr(opinion, "memo", None)
    forms = forms or {}
    context.update(
        {
            "memo": memo,
            "history": coding.visible_changes(opinion, request.user, blind=blind)
            .select_related("user", "category")
            .order_by("-pk")[:30],
            "conflict": conflict,
            "exclude_form": forms.get("exclude") or ExcludeForm(),
            "memo_form": forms.get("memo") or MemoForm(initial={"memo": memo.text if memo else ""}),
            "progress": None if light else _progress(process),
            "suggestions": Suggestion.objects.filter(
                opinion=opinion, decision=Suggestion.Decision.PENDING
            )
            .select_related("category")
            .order_by("-confidence"),
        }
    )
    template = "opinions/coding_opinion.html"
    if request.htmx:
        template += "#workbench"
    response = render(request, template, context, status=200 if request.htmx else status)
    if request.htmx and request.POST.get("action") == "toggle":
        # A category key aimed at the coding part; a conflict or a refusal shows it all.
        retarget(response, "#workbench")
        reswap(response, "outerHTML")
    return _progress_moved(response, opinion, settled_before)


@permission_required("opinions.view_coding", fn=process_of)
def coding_opinion(request, slug, pk):
    """One opinion on the workbench; a POST is one step of coding on it."""
    process = process_of(request, slug)
    if request.method != "POST":
        return _workbench(request, process, pk)
    _require(request, "opinions.code_opinions", process)
    opinion = get_object_or_404(Opinion.objects.for_process(process).with_settled(), pk=pk)
    action = request.POST.get("action")
    seen = request.POST.get("seen")
    seen = int(seen) if seen and seen.isdigit() else None
    forms = {}
    try:
        if action == "toggle":
            category = get_object_or_404(
                Category.objects.for_process(process), pk=request.POST.get("category")
            )
            change = coding.coding_toggle(
                opinion=opinion, category=category, coder=request.user, seen=seen
            )
            done = (
                _("%(category)s added.") if change.action == "add" else _("%(category)s removed.")
            ) % {"category": category.name}
        elif action == "exclude":
            forms["exclude"] = ExcludeForm(request.POST)
            if not forms["exclude"].is_valid():
                return _workbench(request, process, pk, status=400, forms=forms)
            coding.opinion_exclude(
                opinion=opinion,
                reason=forms["exclude"].cleaned_data["reason"],
                by=request.user,
                seen=seen,
            )
            done = _("The opinion is excluded.")
            forms = {}
        elif action in ("accept", "reject"):
            suggestion = get_object_or_404(
                Suggestion.objects.select_related("category"),
                opinion=opinion,
                pk=request.POST.get("suggestion"),
            )
            coding.suggestion_decide(
                suggestion=suggestion, accept=action == "accept", by=request.user, seen=seen
            )
            done = (
                _("Suggestion accepted: %(category)s.")
                if action == "accept"
                else _("Suggestion rejected: %(category)s.")
            ) % {"category": suggestion.category.name}
        elif action == "include":
            coding.opinion_include(opinion=opinion, by=request.user, seen=seen)
            done = _("The opinion is back in the analysis.")
        elif action == "memo":
            forms["memo"] = MemoForm(request.POST)
            forms["memo"].is_valid()
            coding.memo_write(
                opinion=opinion,
                text=forms["memo"].cleaned_data.get("memo", ""),
                by=request.user,
                seen=seen,
            )
            done = _("The memo is saved.")
            forms = {}
        else:
            return HttpResponse(status=400)
    except coding.CodingConflict as conflict:
        return _workbench(request, process, pk, conflict=conflict.changes, status=409, forms=forms)
    except ValidationError as error:
        if action in ("exclude", "memo"):
            form = forms.get(action)
            add_service_errors(form, error, field="reason" if action == "exclude" else "memo")
            return _workbench(request, process, pk, status=400, forms=forms)
        messages.error(request, " ".join(error.messages))
        return _workbench(request, process, pk, status=400)
    messages.success(request, done)
    if request.htmx:
        return _workbench(
            request,
            process,
            pk,
            part="coding" if action == "toggle" else "all",
            settled_before=opinion.is_settled,
        )
    url = reverse("staff:coding_opinion", args=[process.slug, pk])
    return redirect(f"{url}?{_query(request)}" if _query(request) else url)


@permission_required("opinions.code_opinions", fn=process_of, reason=why_not_code)
def coding_undo(request, slug):
    """Take back the user's last step of coding, and show the opinion it was on."""
    process = process_of(request, slug)
    if request.method != "POST":
        return redirect("staff:coding_list", slug=process.slug)
    try:
        change = coding.coding_undo(process=process, user=request.user)
    except coding.CodingConflict as conflict:
        last = conflict.changes[-1].opinion_id
        return _workbench(request, process, last, conflict=conflict.changes, status=409, moved=True)
    if change is None:
        messages.info(request, _("There is nothing left to undo."))
        back = request.POST.get("opinion")
        if back and back.isdigit():
            if request.htmx:
                return _workbench(request, process, int(back), moved=True)
            return redirect("staff:coding_opinion", slug=process.slug, pk=int(back))
        return redirect("staff:coding_list", slug=process.slug)
    messages.success(request, _("Undone: %(what)s.") % {"what": _describe(change.undoes)})
    if request.htmx:
        return _workbench(request, process, change.opinion_id, moved=True)
    return redirect("staff:coding_opinion", slug=process.slug, pk=change.opinion_id)


def _describe(change) -> str:
    if change.category_id:
        return f"{change.get_action_display()} {change.category.name}"
    return change.get_action_display()


# The sample, agreement and reconciliation ----------------------------------------------------


@permission_required("opinions.view_coding", fn=process_of)
def coding_agreement(request, slug):
    process = process_of(request, slug)
    form = SampleForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("opinions.draw_sample", process):
            raise PermissionDenied(_("Only an administrator draws the sample, while coding."))
        if form.is_valid():
            try:
                sample = coding.sample_draw(
                    process=process, share=form.cleaned_data["share"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error, field="share")
            else:
                messages.success(
                    request,
                    _("%(count)d opinions are drawn for double coding.")
                    % {"count": sample.opinions.count()},
                )
                return redirect("staff:coding_agreement", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "agreement": agreement(process),
        "can_draw": request.user.has_perm("opinions.draw_sample", process),
        "disagreements": Opinion.objects.for_process(process)
        .not_deleted()
        .filter(status="registered", reconciliation__isnull=True)
        .in_disagreement()
        .count(),
    }
    return render(request, "opinions/coding_agreement.html", context)


@permission_required("opinions.view_coding", fn=process_of)
def reconcile_list(request, slug):
    """Every opinion whose coders disagree, with each coder's categories, to settle."""
    process = process_of(request, slug)
    opinions = (
        Opinion.objects.for_process(process)
        .for_coding()
        .filter(status="registered", reconciliation__isnull=True)
        .in_disagreement()
    )
    page = Paginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
    revisions = dict(
        CodingChange.objects.filter(opinion__in=list(page))
        .values("opinion")
        .annotate(last=Max("pk"))
        .values_list("opinion", "last")
    )
    rows = []
    for opinion in page:
        by_coder: dict = {}
        for c in opinion.codings.all():
            by_coder.setdefault(c.coder, []).append(c.category)
        agreed = set.intersection(*({c.pk for c in cats} for cats in by_coder.values()))
        rows.append(
            {
                "opinion": opinion,
                "by_coder": by_coder,
                "form": ReconcileForm(
                    process=process,
                    initial={"categories": list(agreed)},
                    prefix=f"o{opinion.pk}",
                ),
                "revision": revisions.get(opinion.pk, 0),
            }
        )
    context = {"process": process, "page": page, "rows": rows}
    return render(request, "opinions/reconcile.html", context)


@permission_required("opinions.code_opinions", fn=process_of, reason=why_not_code)
def reconcile_opinion(request, slug, pk):
    process = process_of(request, slug)
    opinion = get_object_or_404(Opinion.objects.for_process(process), pk=pk)
    if request.method != "POST":
        return redirect("staff:reconcile_list", slug=process.slug)
    form = ReconcileForm(request.POST, process=process, prefix=f"o{opinion.pk}")
    seen = request.POST.get("seen", "")
    if form.is_valid():
        try:
            coding.opinion_reconcile(
                opinion=opinion,
                categories=list(form.cleaned_data["categories"]),
                by=request.user,
                seen=int(seen) if seen.isdigit() else None,
            )
        except coding.CodingConflict as conflict:
            messages.error(
                request,
                _("Not saved: %(changes)s changed the opinion meanwhile. Look again.")
                % {"changes": ", ".join(str(change.user) for change in conflict.changes)},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The final coding is settled."))
    return redirect("staff:reconcile_list", slug=process.slug)


# Analysis and exports ------------------------------------------------------------------------


@permission_required("opinions.view_coding", fn=process_of)
def process_export(request, slug, fmt):
    """Ask for an export (POST); it is written in the background and offered on its page."""
    process = process_of(request, slug)
    if request.method != "POST":
        return redirect("staff:analysis", slug=process.slug)
    run = coding.export_request(process=process, fmt=fmt, by=request.user)
    return redirect("staff:export_status", slug=process.slug, pk=run.pk)


@permission_required("opinions.view_coding", fn=process_of)
def export_status(request, slug, pk):
    """How far an export has come; the page asks again every two seconds."""
    run = get_object_or_404(
        ExportRun.objects.select_related("process", "requested_by"), process__slug=slug, pk=pk
    )
    template = "opinions/export_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"run": run, "process": run.process})


@permission_required("opinions.view_coding", fn=process_of)
def export_download(request, slug, pk):
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    from opinions.exports import CONTENT_TYPES

    run = get_object_or_404(ExportRun, process__slug=slug, pk=pk, status=ExportRun.Status.DONE)
    if not run.path or not default_storage.exists(run.path):
        raise Http404(_("The file is no longer kept. Ask for a new export."))
    return FileResponse(
        default_storage.open(run.path),
        as_attachment=True,
        filename=f"{slug}.{run.format}",
        content_type=CONTENT_TYPES[run.format],
    )


# Suggestions and themes ----------------------------------------------------------------------


@permission_required("opinions.view_coding", fn=process_of)
def suggestions_page(request, slug):
    """How good the suggestions are, a button to train anew, and themes before a codebook."""
    from opinions.suggestions import category_names, themes

    process = process_of(request, slug)
    if request.method == "POST":
        _require(request, "opinions.code_opinions", process)
        if request.POST.get("action") == "theme":
            try:
                category = coding.theme_to_category(
                    process=process,
                    name=request.POST.get("name", ""),
                    examples=request.POST.getlist("example"),
                    by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(category)s is in the codebook. Give it a better name and a definition.")
                    % {"category": category.name},
                )
                return redirect("staff:category_edit", slug=process.slug, pk=category.pk)
        else:
            coding.suggestions_request(process=process, by=request.user)
            messages.success(request, _("The model is being trained. This page follows it."))
        return redirect("staff:suggestions", slug=process.slug)
    model = process.suggestion_models.select_related("requested_by").first()
    quality = []
    names = {}
    if model and model.status == model.Status.DONE:
        names = category_names(model.quality, process)
        quality = [
            {"name": names.get(pk, pk), **figures}
            for pk, figures in model.quality.get("per_category", {}).items()
        ]
    context = {
        "process": process,
        "model": model,
        "quality": quality,
        "not_learnt": [names.get(pk, pk) for pk in (model.quality or {}).get("not_learnt", [])]
        if model
        else [],
        "pending": Suggestion.objects.filter(
            model__process=process, decision=Suggestion.Decision.PENDING
        ).count(),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
        "themes": themes(process) if request.GET.get("themes") else None,
        "has_codebook": Category.objects.for_process(process).exists(),
    }
    template = "opinions/suggestions.html"
    if request.htmx:
        template += "#model"
    return render(request, template, context)


# Analysis and who was reached ----------------------------------------------------------------


def _chart(per_category) -> list[dict]:
    """Bars for an SVG chart drawn on the server: no script, no internet."""
    top = max([int(n) for n in per_category["opinions"]] or [0]) or 1
    return [
        {"name": name, "opinions": int(row.opinions), "respondents": int(row.respondents),
         "width": round(400 * int(row.opinions) / top), "y": 28 * i}
        for i, (name, row) in enumerate(per_category.iterrows())
    ]  # fmt: skip


@permission_required("opinions.view_coding", fn=process_of)
def analysis_page(request, slug):
    from opinions import analysis

    process = process_of(request, slug)
    by = request.GET.get("by", "event_kind")
    if by not in analysis.DIMENSIONS:
        by = "event_kind"
    data = analysis.frame(process)
    per_category = analysis.per_category(process, data)
    table = analysis.crosstab(process, by, data)
    crosstab_rows = [
        (
            name,
            [
                (int(table.opinions.loc[name, column]), int(table.respondents.loc[name, column]))
                for column in table.opinions.columns
            ],
        )
        for name in table.opinions.index
    ]
    both = analysis.cooccurrence(process, data)
    bars = _chart(per_category)
    context = {
        "process": process,
        "dimensions": analysis.DIMENSIONS,
        "by": by,
        "bars": bars,
        "chart_height": 28 * len(bars),
        "most": max(bars, key=lambda bar: bar["opinions"], default=None),
        "least": min(bars, key=lambda bar: bar["opinions"], default=None),
        "columns": [str(column) for column in table.opinions.columns],
        "crosstab": crosstab_rows,
        "minimum": analysis.MIN_RESPONDENTS,
        "cooccurrence": [(name, [int(v) for v in row]) for name, row in both.iterrows()],
        "opinions": data["opinion"].nunique() if not data.empty else 0,
    }
    return render(request, "opinions/analysis.html", context)


def _reach_bars(rows) -> list[dict]:
    """Two bars per group, share reached and share of residents, for an SVG drawn here."""
    return [
        {
            "label": row.label,
            "y": 34 * i,
            "reached": round(300 * (row.reached_share or 0)),
            "residents": round(300 * (row.resident_share or 0)),
            "reached_pct": round(100 * row.reached_share)
            if row.reached_share is not None
            else None,
            "residents_pct": round(100 * row.resident_share)
            if row.resident_share is not None
            else None,
        }
        for i, row in enumerate(rows)
    ]


@permission_required("dialogues.view_process", fn=process_of)
def reach_page(request, slug):
    """Who was reached against who lives here; figures entered or imported by strategists."""
    from opinions import representation
    from opinions.forms import PopulationForm, PopulationImportForm

    process = process_of(request, slug)
    can_edit = request.user.has_perm("opinions.view_coding", process)
    form = PopulationForm(process=process)
    import_form = PopulationImportForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                _("Only strategists and administrators enter population figures.")
            )
        if "file" in request.FILES:
            import_form = PopulationImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                try:
                    figures = representation.parse(process, upload.name, upload.read())
                except ValidationError as error:
                    import_form.add_error("file", error.messages)
                else:
                    count = representation.figures_save(process=process, figures=figures)
                    messages.success(request, _("%(count)d figures were saved.") % {"count": count})
                    return redirect("staff:reach", slug=process.slug)
        else:
            form = PopulationForm(request.POST, process=process)
            if form.is_valid():
                representation.figures_save(process=process, figures=form.figures())
                messages.success(request, _("The population figures are saved."))
                return redirect("staff:reach", slug=process.slug)
    labels = {"age_band": _("Age"), "gender": _("Gender"), "area": _("Area")}
    comparison = representation.comparison(process)
    sections = [
        {
            "dimension": dimension,
            "label": labels[dimension],
            "rows": rows,
            "bars": _reach_bars(rows),
            "chart_height": 34 * len(rows),
            "fields": form.fields_of(dimension),
            "by_kind": representation.by_event_kind(process, dimension),
        }
        for dimension, rows in comparison.items()
    ]
    context = {
        "process": process,
        "sections": sections,
        "form": form,
        "import_form": import_form,
        "can_edit": can_edit,
        "under": int(representation.UNDER * 100),
    }
    return render(request, "opinions/reach.html", context)


@permission_required("opinions.view_coding", fn=process_of)
def duplicates_page(request, slug):
    """Groups of nearly the same opinions, each codable at once."""
    from opinions.duplicates import LIMIT, groups

    process = process_of(request, slug)
    found = groups(process)
    if request.method == "POST":
        _require(request, "opinions.code_opinions", process)
        index = request.POST.get("group", "")
        form = ReconcileForm(request.POST, process=process, prefix="g")
        if index.isdigit() and int(index) < len(found) and form.is_valid():
            members = list(Opinion.objects.filter(pk__in=found[int(index)]))
            try:
                made = coding.group_code(
                    opinions=members,
                    categories=list(form.cleaned_data["categories"]),
                    coder=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(made)d codings were made in a group of %(size)d opinions.")
                    % {"made": made, "size": len(members)},
                )
        else:
            messages.error(request, _("The groups have changed; look again."))
        return redirect("staff:duplicates", slug=process.slug)
    shown = found[:100]
    texts = dict(
        Opinion.objects.filter(pk__in=[pk for group in shown for pk in group]).values_list(
            "pk", "original_text"
        )
    )
    context = {
        "process": process,
        "groups": [
            {"index": i, "texts": [(pk, texts[pk]) for pk in group], "size": len(group)}
            for i, group in enumerate(shown)
        ],
        "total": len(found),
        "in_groups": sum(len(group) for group in found),
        "limit": LIMIT,
        "form": ReconcileForm(process=process, prefix="g"),
        "can_code": request.user.has_perm("opinions.code_opinions", process),
    }
    return render(request, "opinions/duplicates.html", context)
