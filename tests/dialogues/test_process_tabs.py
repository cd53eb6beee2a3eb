"""The tabs of a process follow its stage and the reader's role: what cannot be done yet is not
offered, what is past stays readable, and no tab leads to a refusal."""

import re

import pytest
from django.urls import reverse

from dialogues.models import Process
from dialogues.stages import ORDER
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF = ["administrator", "facilitator", "strategist", "politician"]


def tabs(client, process) -> dict[str, str]:
    """The tabs of the process's overview, by their text, with where each leads."""
    page = client.get(reverse("staff:process_detail", kwargs={"slug": process.slug}))
    assert page.status_code == 200
    nav = re.search(r'<ul class="nav nav-tabs[^"]*">(.*?)</ul>', page.content.decode(), re.S)
    assert nav, "the page has no tabs"
    return {
        re.sub(r"<[^>]+>", "", text).strip(): href
        for href, text in re.findall(
            r'<a class="nav-link[^"]*"[^>]*href="([^"]+)"[^>]*>(.*?)</a>', nav.group(1), re.S
        )
    }


@pytest.fixture
def staff(db):
    return {role: UserFactory(username=f"tabs-{role}", role=role) for role in STAFF}


def test_in_planning_only_what_planning_needs_is_offered(client, staff):
    process = ProcessFactory(stage="planning")
    client.force_login(staff["administrator"])
    assert list(tabs(client, process)) == ["Översikt", "Frågor", "Aktiviteter", "Team"]


def test_the_remiss_comes_with_the_drafting_and_what_is_past_stays(client, staff):
    process = ProcessFactory(stage="drafting")
    client.force_login(staff["administrator"])
    shown = list(tabs(client, process))
    for past in ["Frågor", "Aktiviteter", "Vilka som nåddes", "Kodbok", "Kodning", "Analys"]:
        assert past in shown
    assert "Vision och mål" in shown
    assert "Remiss" in shown
    assert "Beslut" not in shown
    assert "Uppföljning" not in shown


def test_once_adopted_every_tab_is_there_for_the_administrator(client, staff):
    process = ProcessFactory(stage="adopted", is_public=True)
    client.force_login(staff["administrator"])
    assert len(tabs(client, process)) == 17


@pytest.mark.parametrize("role", STAFF)
def test_the_decision_is_a_tab_for_every_staff_role_once_it_can_be_made(client, staff, role):
    process = ProcessFactory(stage="revision")
    client.force_login(staff[role])
    assert tabs(client, process)["Beslut"] == reverse("staff:decision", args=[process.slug])


@pytest.mark.parametrize("role", STAFF)
def test_no_tab_leads_a_role_to_a_refusal_at_any_stage(client, staff, role):
    process = ProcessFactory(stage="planning", is_public=True)
    client.force_login(staff[role])
    seen = set()
    for stage in ORDER:
        Process.objects.filter(pk=process.pk).update(stage=stage)
        shown = tabs(client, process)
        for name, href in shown.items():
            assert client.get(href).status_code == 200, f"{name} as {role} at {stage}"
        assert seen <= set(shown), f"{sorted(seen - set(shown))} gone at {stage} for {role}"
        seen = set(shown)
    if role != "administrator":
        assert "Team" not in seen
    if role in ("facilitator", "politician"):
        assert "Kodbok" not in seen
        assert "Publicering" not in seen
