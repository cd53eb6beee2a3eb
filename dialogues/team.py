"""The team of a process: who works in it. Staff outside the team see nothing of the process
but its public pages; its administrator names the team."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import view_rules
from core.roles import ROLES, role_names
from dialogues import services
from dialogues.lookups import process_of
from dialogues.models import TeamMember


class TeamAddForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Add to the team"), queryset=None)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=list(ROLES))
            .exclude(team_memberships__process=process)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({', '.join(role_names(user))})"
        )


@view_rules("dialogues.change_process", "dialogues.change_process", obj=process_of)
def process_team(request, slug):
    process = process_of(request, slug)
    form = TeamAddForm(request.POST or None, process=process)
    if request.method == "POST" and "remove" in request.POST:
        member = get_object_or_404(TeamMember, process=process, user_id=request.POST["remove"])
        try:
            services.team_remove(process=process, user=member.user, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is no longer in the team.") % {"name": member.user}
            )
        return redirect("staff:process_team", slug=slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_add(process=process, user=form.cleaned_data["user"], by=request.user)
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("The team has been saved."))
            return redirect("staff:process_team", slug=slug)
    members = process.team.select_related("user", "added_by").prefetch_related("user__groups")
    context = {"process": process, "form": form, "members": members.order_by("user__username")}
    return render(request, "dialogues/team.html", context)
