"""The register extract: a person's data, found by their receipt code, e-mail or phone."""

from __future__ import annotations

import json

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.permissions import view_rules
from opinions.services.privacy import extract_data, register_extract


class ExtractForm(forms.Form):
    query = forms.CharField(
        label=_("Receipt code, e-mail address or phone number"),
        max_length=200,
        help_text=_("As the person gave it. Every search is logged, without what was asked."),
    )


@view_rules("opinions.make_register_extract", "opinions.make_register_extract")
def register_extract_page(request):
    """Asked with POST, so that no e-mail address or phone number ends up in a server log."""
    form = ExtractForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = register_extract(form.cleaned_data["query"], made_by=request.user)
        if "download" in request.POST:
            body = json.dumps(
                {
                    "made": timezone.now().isoformat(timespec="seconds"),
                    "respondents": extract_data(found),
                },
                ensure_ascii=False,
                indent=1,
            )
            response = HttpResponse(body, content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="registerutdrag.json"'
            return response
    return render(request, "opinions/register_extract.html", {"form": form, "found": found})
