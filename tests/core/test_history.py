"""Every change to opinions, codings, categories, goals, targets, versions, consultation
points and decisions is kept with who, when and what (django-simple-history), and shown to
staff on the object's own page."""

import pytest
from django.urls import reverse
from simple_history.utils import update_change_reason  # noqa: F401  (the library is there)

from opinions.models import Coding
from opinions.services.codebook import category_merge
from opinions.services.coding import coding_toggle
from strategy.services import consultation as strategy_services
from tests.factories import (
    CategoryFactory,
    OpinionFactory,
    ProcessFactory,
    ResponsePointFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(db):
    return UserFactory(username="sara", first_name="Sara", last_name="Strand", role="strategist")


def test_codings_made_and_taken_back_are_on_the_opinions_page(client, sara):
    process = ProcessFactory(slug="sunne", stage="analysis")
    opinion = OpinionFactory(process=process, original_text="Fler bussar.")
    transport = CategoryFactory(process=process, name="Kommunikationer")
    coding_toggle(opinion=opinion, category=transport, coder=sara, seen=None)
    coding_toggle(opinion=opinion, category=transport, coder=sara, seen=None)
    client.force_login(sara)
    page = client.get(reverse("staff:opinion_detail", args=[opinion.pk])).content.decode()
    history = page[page.index("Ändringar") :]
    assert history.count("Kommunikationer av Sara Strand") == 2
    assert "skapad: Kommunikationer av Sara Strand" in history
    assert "borttagen: Kommunikationer av Sara Strand" in history
    assert "slutlig kategori Kommunikationer" in history  # the final coding followed
    assert Coding.objects.count() == 0


def test_a_category_renamed_and_merged_keeps_its_trail(client, sara):
    process = ProcessFactory(slug="sunne", stage="analysis")
    old = CategoryFactory(process=process, name="Bussar")
    kept = CategoryFactory(process=process, name="Kommunikationer")
    opinion = OpinionFactory(process=process)
    coding_toggle(opinion=opinion, category=old, coder=sara, seen=None)
    client.force_login(sara)
    url = reverse("staff:category_edit", args=["sunne", old.pk])
    response = client.post(url, {"name": "Bussar och tåg", "colour": "#1f77b4", "order": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url).content.decode()
    changes = page[page.index("Ändringar") :]
    assert "Sara Strand · ändrad" in changes
    assert "Bussar</del> → <ins>Bussar och tåg" in changes
    category_merge(source=old, target=kept, by=sara)
    # The coding that moved with the merge has that move in its own history.
    moved = Coding.objects.get(opinion=opinion)
    assert [record.category_id for record in moved.history.order_by("history_date")] == [
        old.pk,
        kept.pk,
    ]
    assert moved.history.first().history_user == sara


def test_a_goal_and_a_points_disposition_show_who_changed_what(client, sara):
    process = ProcessFactory(slug="sunne", stage="drafting")
    strategy = StrategyFactory(process=process)
    goal = strategy.goals.create(title="Sunne växer")
    client.force_login(sara)
    url = reverse("staff:goal_edit", args=["sunne", goal.pk])
    client.post(url, {"title": "Sunne växer med mod", "description": "", "order": 1})
    page = client.get(url).content.decode()
    assert "Sunne växer</del> → <ins>Sunne växer med mod" in page

    point = ResponsePointFactory(response__consultation__strategy=strategy)
    strategy_services.point_dispose(
        point=point, disposition="not_accepted", reason="Ryms inte i budgeten.", disposed_by=sara
    )
    page = client.get(reverse("staff:point_edit", args=["sunne", point.pk])).content.decode()
    history = page[page.index("Ändringar") :]
    assert "ej tillgodosedd" in history
    assert "Ryms inte i budgeten." in history
