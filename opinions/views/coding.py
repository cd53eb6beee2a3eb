"""Coding by keyboard: the list of opinions to code and the workbench of one opinion."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import push_url, reswap, retarget, trigger_client_event

from core.pages import IdsFirstPaginator
from core.permissions import view_rules
from dialogues.lookups import process_of
from dialogues.models import Process
from opinions.analysis.kept import kept
from opinions.forms import (
    CodingFilterForm,
    ExcludeForm,
    MemoForm,
    add_service_errors,
)
from opinions.models import (
    Category,
    CodingChange,
    CodingSample,
    KeptFigures,
    Opinion,
    Suggestion,
)
from opinions.rules import why_not_code
from opinions.services import coding
from opinions.services.coding import (
    CodingConflict,
    coding_toggle,
    is_blind,
    memo_write,
    opinion_exclude,
    opinion_include,
    revision,
    visible_changes,
)
from opinions.services.suggestions import suggestion_decide

PAGE_SIZE = 50


def _filtered(request, process: Process) -> tuple[CodingFilterForm, object]:
    form = CodingFilterForm(request.GET or None, process=process)
    opinions = form.filter(Opinion.objects.for_process(process).for_coding())
    return form, opinions


def _query(request) -> str:
    """The filters, carried from page to page."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def _progress(process: Process) -> dict:
    """The progress bar's figures, as last counted (opinions/analysis/kept.py), with the
    numbers in spans so that a key that settles an opinion can move them on the page."""
    figures = kept(process, KeptFigures.Kind.CODING)
    total, done = figures.figures["total"], figures.figures["done"]
    percent = 100 * done // total if total else 0  # rounded down: 100 % is all of them
    return {
        "total": total,
        "done": done,
        "percent": percent,
        "done_html": format_html('<span data-progress="done">{}</span>', done),
        "percent_html": format_html('<span data-progress="percent">{}</span>', percent),
        "kept": figures,
        # A step made after this (in milliseconds, as the steps' events say) is not counted in.
        "began": round(figures.began.timestamp() * 1000) if figures.began else 0,
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


@view_rules("opinions.view_coding", None, obj=process_of)
def coding_list(request, slug):
    process = process_of(request, slug)
    form, opinions = _filtered(request, process)
    page = IdsFirstPaginator(opinions, PAGE_SIZE).get_page(request.GET.get("page"))
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


def _step_id(request) -> uuid.UUID | None:
    """The workbench's id for the keystroke, the same when it sends the step again after a
    lost answer (see `opinions.services.coding`)."""
    try:
        return uuid.UUID(request.POST.get("step", ""))
    except ValueError:
        return None


def _progress_moved(response, opinion: Opinion, settled_before: bool | None):
    """Tell the page's progress bar when a step settled the opinion (+1) or unsettled it (-1),
    and when (after its commit): a count of the figures begun before then does not hold it."""
    if settled_before is not None:
        settled = opinion.status == Opinion.Status.EXCLUDED or bool(opinion.final_categories.all())
        _progress_event(response, int(settled) - int(settled_before))
    return response


def _progress_event(response, change: int):
    if change:
        at = round(timezone.now().timestamp() * 1000)
        trigger_client_event(response, "codingProgress", {"change": change, "at": at})
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
    context = _coding_context(request, process, opinion, light=light)
    if part == "coding" and request.htmx:
        context["coding_only"] = True
        response = render(request, "opinions/coding_opinion.html#coding", context)
        return _progress_moved(response, opinion, settled_before)
    context.update(_rest_context(request, process, opinion, context["blind"], forms or {}))
    context.update(conflict=conflict, progress=None if light else _progress(process))
    if not request.htmx:
        context["coding_strings"] = coding_strings()
    template = "opinions/coding_opinion.html"
    if request.htmx:
        template += "#workbench"
    response = render(request, template, context, status=200 if request.htmx else status)
    if request.htmx and request.POST.get("action") == "toggle":
        # A category key aimed at the coding part; a conflict or a refusal shows it all.
        retarget(response, "#workbench")
        reswap(response, "outerHTML")
    if request.htmx and moved:  # to the opinion an undo was on: its address goes with it
        push_url(
            response, context["here_url"] + (f"?{context['query']}" if context["query"] else "")
        )
    return _progress_moved(response, opinion, settled_before)


def coding_strings() -> dict[str, str]:
    """What the workbench's script says when keys wait for the server, in the user's language
    (`%(count)s` is filled in by the script)."""

    def waiting(count: int) -> str:
        return ngettext(
            "%(count)s keystroke is not saved yet; trying again.",
            "%(count)s keystrokes are not saved yet; trying again.",
            count,
        )

    return {
        "unsaved_one": waiting(1),
        "unsaved_other": waiting(2),
        "saved": _("All keystrokes are saved."),
        "excluded": _("The opinion is excluded from the analysis: take it back in to code it."),
        "memo_unsaved": _(
            "The memo is not saved: Ctrl+Enter saves it; press the key again to go on without it."
        ),
    }


def _coding_context(
    request,
    process: Process,
    opinion: Opinion,
    *,
    light: bool,
    categories: list[Category] | None = None,
    seen: int | None = None,
) -> dict:
    """What the coding part shows: the categories, the coder's own and (when not blind) the
    others' codings, the final coding, and the way to the neighbours. After a step, the
    opinion as the step left it (`blind` read with its lock), the codebook it read and the
    change it made (`seen`) are what is in hand, and nothing is read again."""
    if light:
        previous, following = _posted_id(request, "previous"), _posted_id(request, "following")
    else:
        form, filtered = _filtered(request, process)
        previous, following = form.neighbours(filtered, opinion)
    blind = opinion.blind if hasattr(opinion, "blind") else is_blind(opinion)
    codings = list(opinion.codings.all())
    others: dict = {}
    if not blind:
        for c in codings:
            if c.coder_id != request.user.pk:
                others.setdefault(c.coder, []).append(c.category)
    return {
        "process": process,
        "opinion": opinion,
        "categories": (
            Category.objects.for_process(process).in_codebook()
            if categories is None
            else categories
        ),
        "mine": {c.category_id for c in codings if c.coder_id == request.user.pk},
        "others": others,
        "blind": blind,
        "final": list(opinion.final_categories.all()),
        "revision": revision(opinion, request.user, blind=blind) if seen is None else seen,
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


def _rest_context(request, process: Process, opinion: Opinion, blind: bool, forms: dict) -> dict:
    """The rest of the workbench: the memo, the history, the forms and the suggestions."""
    memo = getattr(opinion, "memo", None)
    return {
        "memo": memo,
        "history": visible_changes(opinion, request.user, blind=blind)
        .select_related("user", "category")
        .order_by("-pk")[:30],
        "exclude_form": forms.get("exclude") or ExcludeForm(),
        "memo_form": forms.get("memo") or MemoForm(initial={"memo": memo.text if memo else ""}),
        "suggestions": Suggestion.objects.shown()
        .filter(opinion=opinion)
        .select_related("category")
        .order_by("-confidence"),
    }


class _Refused(Exception):
    """A step refused: the workbench is shown again with the step's form and what went wrong."""

    def __init__(self, forms: dict, *, conflict=None, status: int = 400):
        super().__init__()
        self.forms, self.conflict, self.status = forms, conflict, status


def _step_toggle(request, process, opinion, seen) -> str:
    category = get_object_or_404(
        Category.objects.for_process(process), pk=request.POST.get("category")
    )
    change = coding_toggle(
        opinion=opinion, category=category, coder=request.user, seen=seen, step=_step_id(request)
    )
    done = _("%(category)s added.") if change.action == "add" else _("%(category)s removed.")
    return done % {"category": category.name}


def _with_form(name: str, form, field: str, write) -> None:
    """`write(cleaned_data)` for a valid form; a refusal is shown beside `field`."""
    if not form.is_valid():
        raise _Refused({name: form})
    try:
        write(form.cleaned_data)
    except CodingConflict as conflict:
        raise _Refused({name: form}, conflict=conflict.changes, status=409) from None
    except ValidationError as error:
        add_service_errors(form, error, field=field)
        raise _Refused({name: form}) from None


def _step_exclude(request, process, opinion, seen) -> str:
    _with_form(
        "exclude",
        ExcludeForm(request.POST),
        "reason",
        lambda data: opinion_exclude(
            opinion=opinion,
            reason=data["reason"],
            by=request.user,
            seen=seen,
            step=_step_id(request),
        ),
    )
    return _("The opinion is excluded.")


def _step_memo(request, process, opinion, seen) -> str:
    _with_form(
        "memo",
        MemoForm(request.POST),
        "memo",
        lambda data: memo_write(
            opinion=opinion,
            text=data.get("memo", ""),
            by=request.user,
            seen=seen,
            step=_step_id(request),
        ),
    )
    return _("The memo is saved.")


def _step_suggestion(request, process, opinion, seen) -> str:
    accept = request.POST.get("action") == "accept"
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("category"),
        opinion=opinion,
        pk=request.POST.get("suggestion"),
    )
    suggestion_decide(
        suggestion=suggestion, accept=accept, by=request.user, seen=seen, step=_step_id(request)
    )
    done = (
        _("Suggestion accepted: %(category)s.")
        if accept
        else _("Suggestion rejected: %(category)s.")
    )
    return done % {"category": suggestion.category.name}


def _step_include(request, process, opinion, seen) -> str:
    opinion_include(opinion=opinion, by=request.user, seen=seen, step=_step_id(request))
    return _("The opinion is back in the analysis.")


# What a POST to the workbench may do: its `action`, and the step that does it.
STEPS = {
    "toggle": _step_toggle,
    "exclude": _step_exclude,
    "memo": _step_memo,
    "accept": _step_suggestion,
    "reject": _step_suggestion,
    "include": _step_include,
}


def _keystroke(request, process: Process, pk: int, category: Category, codebook: list[Category]):
    """A category key sent by the workbench's script: the step, and the coding part drawn
    from what the step read and wrote (`opinions.services.coding._settle`), so that a key costs
    the same few queries whatever the process holds (bench/coding.py; issue #19)."""
    seen = request.POST.get("seen")
    try:
        change = coding_toggle(
            opinion=Opinion(pk=pk, process=process),  # the service reads it, with its lock
            category=category,
            coder=request.user,
            seen=int(seen) if seen and seen.isdigit() else None,
            step=_step_id(request),
            codebook=codebook,
        )
    except Opinion.DoesNotExist:
        raise Http404 from None
    except CodingConflict as conflict:
        return _workbench(request, process, pk, conflict=conflict.changes, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _workbench(request, process, pk, status=400)
    done = _("%(category)s added.") if change.action == "add" else _("%(category)s removed.")
    messages.success(request, done % {"category": category.name})
    opinion = change.opinion if CodingChange.opinion.is_cached(change) else None
    if opinion is None or "final_categories" not in getattr(
        opinion, "_prefetched_objects_cache", {}
    ):
        # A retry of a step stored before, or a reconciled opinion: read it again.
        settled = opinion.is_settled if opinion is not None else None
        return _workbench(request, process, pk, part="coding", settled_before=settled)
    context = _coding_context(
        request, process, opinion, light=True, categories=codebook, seen=change.pk
    )
    context["coding_only"] = True
    response = render(request, "opinions/coding_opinion.html#coding", context)
    return _progress_moved(response, opinion, opinion.is_settled)


@view_rules("opinions.view_coding", "opinions.code_opinions", obj=process_of)
def coding_opinion(request, slug, pk):
    """One opinion on the workbench; a POST is one step of coding on it (STEPS)."""
    process = process_of(request, slug)
    if request.method != "POST":
        return _workbench(request, process, pk)
    if request.htmx and request.POST.get("action") == "toggle":
        codebook = list(Category.objects.for_process(process).in_codebook())
        posted = _posted_id(request, "category")
        category = next((c for c in codebook if c.pk == posted), None)
        if category is not None:  # else the step below says what is wrong with it
            return _keystroke(request, process, pk, category, codebook)
    step = STEPS.get(request.POST.get("action"))
    if step is None:
        return HttpResponse(status=400)
    opinion = get_object_or_404(Opinion.objects.for_process(process).with_settled(), pk=pk)
    seen = request.POST.get("seen")
    try:
        done = step(request, process, opinion, int(seen) if seen and seen.isdigit() else None)
    except _Refused as refused:
        return _workbench(
            request,
            process,
            pk,
            conflict=refused.conflict,
            status=refused.status,
            forms=refused.forms,
        )
    except CodingConflict as conflict:
        return _workbench(request, process, pk, conflict=conflict.changes, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _workbench(request, process, pk, status=400)
    messages.success(request, done)
    if request.htmx:
        part = "coding" if step is _step_toggle else "all"
        return _workbench(request, process, pk, part=part, settled_before=opinion.is_settled)
    url = reverse("staff:coding_opinion", args=[process.slug, pk])
    return redirect(f"{url}?{_query(request)}" if _query(request) else url)


@view_rules("opinions.code_opinions", "opinions.code_opinions", obj=process_of, reason=why_not_code)
def coding_undo(request, slug):
    """Take back the user's last step of coding, and show the opinion it was on."""
    process = process_of(request, slug)
    if request.method != "POST":
        return redirect("staff:coding_list", slug=process.slug)
    try:
        change = coding.coding_undo(process=process, user=request.user, step=_step_id(request))
    except CodingConflict as conflict:
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
        response = _workbench(request, process, change.opinion_id, moved=True)
        return _progress_event(response, getattr(change, "progress", 0))
    return redirect("staff:coding_opinion", slug=process.slug, pk=change.opinion_id)


def _describe(change) -> str:
    if change.category_id:
        return f"{change.get_action_display()} {change.category.name}"
    return change.get_action_display()
