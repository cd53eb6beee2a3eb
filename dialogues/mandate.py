"""Staff pages for the council's mandate and the bodies it names.

Adding a body is a side step from the mandate form: the form is posted with the side step's
button, what was typed is kept in the session, and the form is filled with it again when the
body is saved (or the side step cancelled). No script is needed, and nothing is saved before the
administrator saves the mandate.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from core.permissions import view_rules
from dialogues import services
from dialogues.forms import BodyForm, MandateForm
from dialogues.lookups import process_of
from dialogues.models import Body, Mandate, Process

# The name and value of the mandate form's button that leads to adding a body.
SIDE_STEP = "side_step"
NEW_BODY = "new_body"


def _kept_key(process: Process) -> str:
    return f"dialogues.mandate-typed.{process.pk}"


def _new_body_side_step(request, process: Process):
    """Keep what was typed in the mandate form, and go to add a body that leads back to it."""
    request.session[_kept_key(process)] = {
        name: request.POST[name] for name in MandateForm.base_fields if name in request.POST
    }
    back = reverse("staff:mandate_edit", kwargs={"slug": process.slug})
    query = urlencode({"municipality": process.municipality, "next": back})
    return redirect(f"{reverse('staff:body_create')}?{query}")


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def mandate_edit(request, slug):
    process = process_of(request, slug)
    if request.method == "POST" and request.POST.get(SIDE_STEP) == NEW_BODY:
        return _new_body_side_step(request, process)
    # What was typed before a side step fills the form once, over what is saved; it is
    # judged only when it is saved, as if it had never left the page.
    typed = request.session.pop(_kept_key(process), None)
    mandate = Mandate.objects.filter(process=process).first() or Mandate(process=process)
    form = MandateForm(request.POST or None, instance=mandate, process=process, initial=typed)
    if request.method == "POST" and form.is_valid():
        services.mandate_save(mandate=form.instance)
        messages.success(request, _("The mandate has been saved."))
        return redirect(process)
    context = {
        "form": form,
        "process": process,
        "side_step": {"name": SIDE_STEP, "value": NEW_BODY},
    }
    return render(request, "dialogues/mandate_form.html", context)


# Bodies -------------------------------------------------------------------------------------


@view_rules("dialogues.view_body", None)
def body_list(request):
    bodies = Body.objects.annotate(mandate_count=Count("mandates")).order_by("municipality", "name")
    return render(request, "dialogues/body_list.html", {"bodies": bodies})


@view_rules("dialogues.add_body", "dialogues.add_body")
def body_create(request):
    form = BodyForm(request.POST or None, initial={"municipality": request.GET.get("municipality")})
    next_url = request.GET.get("next")
    back = next_url if _is_local(next_url) else None
    if request.method == "POST" and form.is_valid():
        services.body_save(body=form.instance)
        messages.success(request, _("The body has been saved."))
        return redirect(back or "staff:body_list")
    return render(request, "dialogues/body_form.html", {"form": form, "back": back})


@view_rules("dialogues.change_body", "dialogues.change_body")
def body_edit(request, pk):
    body = get_object_or_404(Body, pk=pk)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        services.body_save(body=form.instance)
        messages.success(request, _("The body has been saved."))
        return redirect("staff:body_list")
    return render(request, "dialogues/body_form.html", {"form": form, "body": body})


def _is_local(url: str | None) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
