"""The council's decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history
from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy.forms import (
    DecisionForm,
)
from strategy.models import (
    Decision,
)
from strategy.services import decision as services
from strategy.views.common import _context, _saved


@view_rules("strategy.view_strategy", "strategy.record_decision", obj=process_of)
def decision_record(request, slug):
    process = process_of(request, slug)
    context = _context(process, "decision")
    strategy = context["strategy"]
    decisions = Decision.objects.filter(strategy=strategy).select_related("body", "adopted_version")
    form = DecisionForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(strategy=strategy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(
                request,
                _("The decision has been recorded: version %(number)d is adopted.")
                % {"number": decision.adopted_version.number},
                reverse("staff:decision", args=[slug]),
            )
    context.update(
        form=form,
        decisions=decisions,
        history=history.entries(
            Decision.history.filter(strategy_id=strategy.pk).select_related("history_user")
        ),
    )
    return render(request, "strategy/decision.html", context)
