"""Staff pages of the strategy: its vision, sources, goals and targets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history
from core.permissions import view_rules
from dialogues.lookups import process_of
from opinions.forms import add_service_errors
from strategy.forms import (
    GoalForm,
    PolicyInputForm,
    StrategyForm,
    TargetForm,
)
from strategy.models import (
    Goal,
    PolicyInput,
    Target,
)
from strategy.services import strategy as services
from strategy.views.common import _context, _saved
from strategy.weaving import weaving


@view_rules("strategy.view_strategy", None, obj=process_of)
def strategy_page(request, slug):
    """Vision, goals and targets, the inputs beside the opinions, and the weaving matrix."""
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    context.update(
        weaving=weaving(strategy),
        inputs=PolicyInput.objects.filter(strategy=strategy),
    )
    return render(request, "strategy/strategy.html", context)


@view_rules("strategy.change_strategy", "strategy.change_strategy", obj=process_of)
def strategy_edit(request, slug):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    form = StrategyForm(request.POST or None, instance=context["strategy"])
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(strategy=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The vision has been saved."), _strategy_url(process))
    return render(request, "strategy/form.html", {**context, "form": form, "title": _("Vision")})


def _strategy_url(process) -> str:
    return reverse("staff:strategy", args=[process.slug])


@view_rules("strategy.change_strategy", "strategy.change_strategy", obj=process_of)
def policy_input_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    instance = (
        get_object_or_404(PolicyInput, strategy=strategy, pk=pk)
        if pk
        else PolicyInput(strategy=strategy)
    )
    form = PolicyInputForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_input_save(policy_input=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The input has been saved."), _strategy_url(process))
    title = _("Other input: political will, place brand, regional strategy")
    return render(request, "strategy/form.html", {**context, "form": form, "title": title})


@view_rules("strategy.change_strategy", "strategy.change_strategy", obj=process_of)
def goal_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    goal = get_object_or_404(Goal, strategy=strategy, pk=pk) if pk else Goal(strategy=strategy)
    form = GoalForm(request.POST or None, instance=goal, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(
                goal=form.instance,
                categories=list(form.cleaned_data["categories"]),
                opinions=form.cleaned_data["opinion_ids"],
                policy_inputs=list(form.cleaned_data["policy_inputs"]),
            )
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The goal has been saved."), _strategy_url(process))
    cited = goal.opinions.order_by("pk") if goal.pk else []
    context.update(form=form, goal=goal, cited=cited, history=history.of(goal) if goal.pk else None)
    return render(request, "strategy/goal_form.html", context)


@view_rules("strategy.change_strategy", "strategy.change_strategy", obj=process_of)
def target_edit(request, slug, pk=None):
    process = process_of(request, slug)
    context = _context(process, "strategy")
    strategy = context["strategy"]
    target = get_object_or_404(Target, goal__strategy=strategy, pk=pk) if pk else Target()
    initial = {"goal": request.GET.get("goal")} if not pk else None
    form = TargetForm(request.POST or None, instance=target, strategy=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(target=form.instance)
        except ValidationError as error:
            add_service_errors(form, error, field=None)
        else:
            return _saved(request, _("The target has been saved."), _strategy_url(process))
    title = _("Measurable target")
    delete_url = reverse("staff:target_delete", args=[slug, target.pk]) if target.pk else None
    context.update(
        form=form,
        title=title,
        delete_url=delete_url,
        history=history.of(target) if target.pk else None,
    )
    return render(request, "strategy/form.html", context)


def _delete(request, process, delete, obj, done: str):
    try:
        delete(obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, done)
    return redirect(_strategy_url(process))


@view_rules(None, "strategy.change_strategy", obj=process_of)
def goal_delete(request, slug, pk):
    process = process_of(request, slug)
    goal = get_object_or_404(Goal, strategy__process=process, pk=pk)
    done = _delete(
        request, process, lambda g: services.goal_delete(goal=g), goal, _("The goal is removed.")
    )
    return done or redirect("staff:goal_edit", slug, pk)


@view_rules(None, "strategy.change_strategy", obj=process_of)
def target_delete(request, slug, pk):
    process = process_of(request, slug)
    target = get_object_or_404(
        Target.objects.select_related("goal__strategy"), goal__strategy__process=process, pk=pk
    )
    done = _delete(
        request,
        process,
        lambda t: services.target_delete(target=t),
        target,
        _("The target is removed."),
    )
    return done or redirect("staff:target_edit", slug, pk)
