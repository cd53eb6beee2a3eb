"""Each role lands where its work is: a facilitator on their own events (*Mina aktiviteter*), the
others on the processes."""

import pytest
from django.urls import reverse

from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord"
LANDING = {
    "facilitator": "staff:my_events",
    "administrator": "staff:process_list",
    "strategist": "staff:process_list",
    "politician": "staff:process_list",
}


@pytest.mark.parametrize("role", list(LANDING))
def test_signing_in_lands_each_role_where_its_work_is(client, role):
    UserFactory(username="kim", password=PASSWORD, role=role)
    response = client.post(reverse("login"), {"username": "kim", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(LANDING[role])


@pytest.mark.parametrize("role", list(LANDING))
def test_the_staff_home_is_where_each_roles_work_is(client, role):
    client.force_login(UserFactory(username="kim", role=role))
    response = client.get("/staff/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(LANDING[role])


def test_a_facilitator_who_also_codes_lands_on_the_processes(client):
    user = UserFactory(username="kim", role="facilitator")
    UserFactory(username="kim", role="strategist")  # the same user, a second role
    client.force_login(user)
    response = client.get("/staff/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:process_list")


def test_a_facilitator_still_finds_the_processes_from_the_menu(client):
    ProcessFactory(title="Vision 2025")
    client.force_login(UserFactory(username="kim", role="facilitator"))
    page = client.get("/staff/", follow=True).content.decode()
    menu_link = f'href="{reverse("staff:process_list")}">Processer</a>'
    assert menu_link in page
    table = client.get(reverse("staff:process_list"))
    assert table.status_code == 200
    assert "Vision 2025" in table.content.decode()


def test_a_next_address_still_wins_over_the_landing(client):
    UserFactory(username="kim", password=PASSWORD, role="facilitator")
    response = client.post(
        reverse("login") + "?next=" + reverse("staff:body_list"),
        {"username": "kim", "password": PASSWORD},
    )
    assert response["Location"] == reverse("staff:body_list")
