"""Staff pages for the publication review: what of the opinions may reach the public site."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pages import IdsFirstPaginator
from core.permissions import view_rules
from dialogues.lookups import process_of
from dialogues.models import Process
from opinions.analysis.screening import highlight, places_of, redact, screen
from opinions.forms import add_service_errors
from opinions.models import Opinion
from opinions.services import publication as services

PAGE_SIZE = 25
STATES = {
    "not_reviewed": gettext_lazy("Waiting for review"),
    "approved": gettext_lazy("Approved"),
    "withheld": gettext_lazy("Withheld"),
}


class ReviewForm(forms.Form):
    published_text = forms.CharField(
        label=gettext_lazy("Text to publish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What the public site shows. Personal data found by the screen is replaced by […]; "
            "the opinion as registered is kept unchanged."
        ),
    )
    decision = forms.ChoiceField(
        choices=[("approve", "approve"), ("withhold", "withhold")], widget=forms.HiddenInput
    )


def _queue(process: Process, state: str):
    return (
        Opinion.objects.for_process(process)
        .to_be_shown()
        .filter(publication=state)
        .select_related("question", "event")
        .prefetch_related("versions")
        .order_by("recorded_at", "pk")
    )


def _item(opinion: Opinion, places: frozenset[str], form: ReviewForm | None = None) -> dict:
    text = opinion.current_text
    hits = screen(text, places)
    if form is None:
        initial = opinion.published_text or redact(text, hits)
        form = ReviewForm(initial={"published_text": initial}, prefix=f"o{opinion.pk}")
    return {
        "opinion": opinion,
        "marked": highlight(text, hits),
        "kinds": sorted({hit.label for hit in hits}),
        "form": form,
    }


@view_rules("opinions.review_publication", None, obj=process_of)
def publication_review(request, slug):
    """The queue of opinions whose givers agreed to publication, screened for personal data."""
    process = process_of(request, slug)
    state = request.GET.get("state", "not_reviewed")
    if state not in STATES:
        state = "not_reviewed"
    counts = (
        Opinion.objects.for_process(process)
        .to_be_shown()
        .aggregate(**{key: Count("pk", filter=Q(publication=key)) for key in STATES})
    )
    paginator = IdsFirstPaginator(_queue(process, state), PAGE_SIZE)
    paginator.count = counts[state]  # the tab's count is the pages' count
    page = paginator.get_page(request.GET.get("page"))
    places = places_of(process)
    items = [_item(opinion, places) for opinion in page]
    context = {
        "process": process,
        "state": state,
        "states": [(key, label, counts[key]) for key, label in STATES.items()],
        "page": page,
        "items": items,
        "clean": [item["opinion"].pk for item in items if not item["kinds"]],
    }
    return render(request, "opinions/publication.html", context)


@view_rules(None, "opinions.review_publication", obj=process_of)
def publication_decide(request, slug, pk):
    process = process_of(request, slug)
    opinion = get_object_or_404(Opinion.objects.to_be_shown(), process=process, pk=pk)
    form = ReviewForm(request.POST, prefix=f"o{opinion.pk}")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("staff:publication_review", args=[process.slug])
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.publication_review(
                opinion=opinion,
                reviewer=request.user,
                approve=approve,
                published_text=form.cleaned_data["published_text"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="published_text")
        else:
            messages.success(
                request,
                _("The opinion is approved for publication.")
                if approve
                else _("The opinion is withheld from the public site."),
            )
            return redirect(back)
    # Shown again alone, with the message beside the text.
    opinion = _queue(process, opinion.publication).get(pk=opinion.pk)
    context = {
        "process": process,
        "state": opinion.publication,
        "states": [],
        "page": None,
        "items": [_item(opinion, places_of(process), form)],
        "clean": [],
    }
    return render(request, "opinions/publication.html", context, status=400)


@view_rules(None, "opinions.review_publication", obj=process_of)
def publication_approve_clean(request, slug):
    """Approve, as they are, the opinions of one page in which the screen found nothing."""
    process = process_of(request, slug)
    ids = [int(pk) for pk in request.POST.getlist("opinion") if pk.isdigit()][:PAGE_SIZE]
    approved = services.publication_approve_clean(
        opinions=_queue(process, "not_reviewed").filter(pk__in=ids),
        reviewer=request.user,
        places=places_of(process),
    )
    messages.success(
        request,
        _("%(count)d opinions with nothing found by the screen are approved.")
        % {"count": approved},
    )
    return redirect("staff:publication_review", slug=process.slug)
