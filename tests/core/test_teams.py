"""Access by process: a process has a team, and staff outside it see nothing of it but its
public pages; what residents see needs their consent, everywhere; a session left open ends."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dialogues.models import TeamMember
from tests.core.test_permission_grid import EXPECTED, OWN_PATTERNS, url_for
from tests.factories import OpinionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_outside_a_process_team_see_nothing_of_it_but_its_public_pages(client, world):
    for user in world["users"].values():
        TeamMember.objects.create(process=world["process"], user=user)
    outsider = UserFactory(username="grid-outsider", role="administrator")
    client.force_login(outsider)
    names = [
        name
        for name, route, _ in OWN_PATTERNS
        if name in EXPECTED and name.startswith("staff:") and "slug" in route
    ]
    assert len(names) > 60
    for name in names:
        url = url_for(name, world["kwargs"])
        assert client.get(url).status_code in (403, 404), f"{url} as an outsider"
    listed = client.get(reverse("staff:process_list")).content.decode()
    assert world["process"].title not in listed
    assert client.get(reverse("public:process", args=[world["process"].slug])).status_code == 200
    client.force_login(world["users"]["strategist"])  # a member still works in it
    assert client.get(reverse("staff:coding_list", args=["grid"])).status_code == 200


def test_an_administrator_names_the_team_and_keeps_the_last_administrator(client, world):
    admin = world["users"]["administrator"]
    client.force_login(admin)
    url = reverse("staff:process_team", args=["grid"])
    client.post(url, {"user": admin.pk})
    client.post(url, {"user": world["users"]["strategist"].pk})
    assert set(world["process"].team.values_list("user__username", flat=True)) == {
        "grid-administrator",
        "grid-strategist",
    }
    response = client.post(url, {"remove": admin.pk}, follow=True)
    assert "sista administratör" in response.content.decode()
    assert world["process"].team.filter(user=admin).exists()


def test_a_new_process_is_its_makers_alone_until_they_name_a_team(client, administrator):
    other = UserFactory(username="annan-admin", role="administrator")
    client.force_login(administrator)
    client.post(
        reverse("staff:process_create"),
        {"title": "Ny dialog", "slug": "ny", "municipality": "Sunne kommun", "purpose": "Test."},
    )
    client.force_login(other)
    assert client.get(reverse("staff:process_detail", args=["ny"])).status_code == 403


def test_the_django_admin_cannot_approve_an_opinion_without_consent(client):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    opinion = OpinionFactory(consent_to_publish=False, original_text="Privat.")
    client.force_login(superuser)
    url = reverse("admin:opinions_opinion_change", args=[opinion.pk])
    page = client.get(url).content.decode()
    assert "Privat." in page
    form = {
        "process": opinion.process_id,
        "event": "",
        "open_space_session": "",
        "question": "",
        "respondent": "",
        "published_text": "Privat.",
        "language": "sv",
        "consent_to_publish": "",
        "source": opinion.source,
        "source_file": "",
        "source_row": "",
        "polis_id": "",
        "status": "registered",
        "exclusion_reason": "",
        "duplicate_of": "",
        "publication": "approved",
        "reviewed_by": "",
        "reviewed_at_0": "",
        "reviewed_at_1": "",
    }
    response = client.post(url, form)  # the database's own check made this a server error
    opinion.refresh_from_db()
    assert opinion.publication == "not_reviewed"
    assert response.status_code == 200
    assert "inte gått med på att den publiceras" in response.content.decode()


def test_a_staff_session_ends_after_a_working_day_without_use(client, settings, administrator):
    client.force_login(administrator)
    client.get(reverse("staff:process_list"))
    assert client.session.get_expiry_age() <= 10 * 3600
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_a_role_or_a_team_place_taken_away_counts_at_the_next_click(client, world):
    """The roles come with the user, and the team with the process, on every request: nothing
    a user was allowed before is kept for them (core/accounts.py, dialogues/lookups.py)."""
    strategist = world["users"]["strategist"]
    TeamMember.objects.create(process=world["process"], user=strategist)
    client.force_login(strategist)
    coding = reverse("staff:coding_list", args=["grid"])
    event = url_for("staff:event_detail", world["kwargs"])
    assert client.get(coding).status_code == 200
    assert client.get(event).status_code == 200
    strategist.groups.clear()
    assert client.get(coding).status_code == 403
    strategist.groups.add(Group.objects.get(name="strategist"))
    assert client.get(coding).status_code == 200
    TeamMember.objects.filter(user=strategist).delete()
    TeamMember.objects.create(process=world["process"], user=world["users"]["administrator"])
    assert client.get(coding).status_code == 403
    assert client.get(event).status_code in (403, 404)


def test_a_group_whose_name_holds_a_role_on_a_line_of_its_own_gives_no_role(client, world):
    """Only the four role groups give roles. A group named with a newline and "administrator"
    (anyone who may rename groups in the admin could make one) gives its members nothing."""
    strategist = world["users"]["strategist"]
    strategist.groups.add(Group.objects.create(name="Översiktsplan\nadministrator"))
    client.force_login(strategist)
    assert client.get(reverse("staff:process_create")).status_code == 403


@pytest.mark.django_db(transaction=True)  # the async code reads from a thread of its own
def test_the_roles_come_with_the_user_in_async_code_too(world):
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import async_to_sync
    from django.db import connections

    from core.accounts import StaffBackend

    strategist = world["users"]["strategist"]

    def read():  # in a thread of its own: a browser test may have left a loop in this one
        try:
            return async_to_sync(StaffBackend().aget_user)(strategist.pk)
        finally:
            connections.close_all()  # else the test database cannot be dropped at the end

    with ThreadPoolExecutor(1) as thread:
        user = thread.submit(read).result()
    assert user.pk == strategist.pk
    assert user._group_names_cache == {"strategist"}
