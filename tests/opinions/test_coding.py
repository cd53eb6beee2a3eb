"""The coding workbench as strategists use it: toggling, excluding, memos, undo, conflicts
between two strategists, the blind sample, agreement figures and reconciliation."""

import json
import re

import krippendorff
import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone
from sklearn.metrics import cohen_kappa_score

from core.roles import STRATEGIST
from opinions.analysis.agreement import agreement
from opinions.models import (
    Coding,
    CodingChange,
    FinalCoding,
    KeptFigures,
    Memo,
    Opinion,
    Reconciliation,
)
from opinions.services.coding import coding_toggle, memo_write, sample_draw
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    categories = [
        CategoryFactory(process=process, name=name, key=key, order=order)
        for order, (name, key) in enumerate(
            [("Boende", "1"), ("Trafik", "2"), ("Skola", "3")], start=1
        )
    ]
    opinions = [
        OpinionFactory(process=process, original_text=f"Åsikt nummer {n}") for n in range(6)
    ]
    anna = UserFactory(username="anna", first_name="Anna", last_name="A", role=STRATEGIST)
    bo = UserFactory(username="bo", first_name="Bo", last_name="B", role=STRATEGIST)
    return {
        "process": process,
        "categories": categories,
        "opinions": opinions,
        "anna": anna,
        "bo": bo,
    }


def url(process, opinion) -> str:
    return reverse("staff:coding_opinion", args=[process.slug, opinion.pk])


def revision_on_page(html: str) -> int:
    return int(re.search(r'name="seen" value="(\d+)"', html).group(1))


def post(client, process, opinion, **data):
    page = client.get(url(process, opinion))
    data.setdefault("seen", revision_on_page(page.content.decode()))
    return client.post(url(process, opinion), data, **HTMX)


def test_keys_toggle_categories_and_the_final_coding_follows_one_coder(client, world):
    process, (boende, trafik, _skola), (opinion, *_rest) = (
        world["process"],
        world["categories"],
        world["opinions"],
    )
    client.force_login(world["anna"])
    response = post(client, process, opinion, action="toggle", category=boende.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="coding">')  # only the part a key changes
    assert "<html" not in html
    assert re.search(rf'id="category-{boende.pk}"[^>]*aria-pressed="true"', html)
    assert "Boende lades till." in html  # announced to a screen reader
    post(client, process, opinion, action="toggle", category=trafik.pk)
    assert set(opinion.final_categories.values_list("name", flat=True)) == {"Boende", "Trafik"}
    post(client, process, opinion, action="toggle", category=boende.pk)  # again: out
    assert set(opinion.final_categories.values_list("name", flat=True)) == {"Trafik"}


def test_the_progress_bar_moves_only_when_a_key_settles_or_unsettles_the_opinion(client, world):
    process, (boende, trafik, _skola), (opinion, *_rest) = (
        world["process"],
        world["categories"],
        world["opinions"],
    )
    client.force_login(world["anna"])

    def moved(response) -> int:
        trigger = json.loads(response.headers.get("HX-Trigger", "{}"))
        return trigger.get("codingProgress", {}).get("change", 0)

    assert moved(post(client, process, opinion, action="toggle", category=boende.pk)) == 1
    assert moved(post(client, process, opinion, action="toggle", category=trafik.pk)) == 0
    assert moved(post(client, process, opinion, action="toggle", category=boende.pk)) == 0
    assert moved(post(client, process, opinion, action="toggle", category=trafik.pk)) == -1
    assert moved(post(client, process, opinion, action="exclude", reason="Reklam")) == 1
    assert moved(post(client, process, opinion, action="include")) == -1
    # Bo codes it differently: the coders disagree, so it is no longer settled.
    post(client, process, opinion, action="toggle", category=boende.pk)
    client.force_login(world["bo"])
    assert moved(post(client, process, opinion, action="toggle", category=trafik.pk)) == -1


def test_the_progress_says_100_percent_only_when_every_opinion_is_settled(client, world):
    """Found in a browser walk: "1076 av 1080 synpunkter har en slutlig kodning eller är
    uteslutna (100 %)" while four waited. The share is rounded down, as progress is."""
    KeptFigures.objects.create(
        process=world["process"],
        kind=KeptFigures.Kind.CODING,
        figures={"total": 1080, "done": 1076, "categories": {}},
        counted=0,
        made_at=timezone.now(),
        seconds=0.1,
    )
    client.force_login(world["anna"])
    page = client.get(reverse("staff:coding_list", args=[world["process"].slug])).text
    assert re.search(r"1076</span> av 1080 synpunkter .*\(<span[^>]*>99</span> %\)", page)


def test_exclude_needs_a_reason_and_undo_takes_it_back(client, world):
    process, opinion = world["process"], world["opinions"][0]
    client.force_login(world["anna"])
    response = post(client, process, opinion, action="exclude", reason="")
    assert 'id="id_reason_error"' in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).status == "registered"
    post(client, process, opinion, action="exclude", reason="Handlar om en annan kommun")
    opinion.refresh_from_db()
    assert (opinion.status, opinion.exclusion_reason) == ("excluded", "Handlar om en annan kommun")
    response = client.post(reverse("staff:coding_undo", args=[process.slug]), **HTMX)
    assert "Ångrat" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == "registered"
    history = list(CodingChange.objects.filter(opinion=opinion).values_list("action", flat=True))
    assert history == ["exclude", "include"]  # the undo is itself in the history


def test_two_strategists_on_one_opinion_lose_nothing(client, world):
    """Bo opens the opinion, Anna writes a memo and codes it; Bo's memo, written on what he saw
    before, is refused with Anna's change shown and his text kept; saved again, both stand."""
    process, opinion = world["process"], world["opinions"][0]
    boende, trafik = world["categories"][:2]
    client.force_login(world["bo"])
    bo_saw = revision_on_page(client.get(url(process, opinion)).content.decode())

    memo_write(opinion=opinion, text="Anna: gäller Lysvik", by=world["anna"], seen=0)
    coding_toggle(opinion=opinion, category=boende, coder=world["anna"], seen=None)

    response = client.post(
        url(process, opinion),
        {"action": "memo", "memo": "Bo: se även skolfrågan", "seen": bo_saw},
        **HTMX,
    )
    html = response.content.decode()
    assert "ändrade den här synpunkten efter att du öppnade den" in html
    assert "Anna: gäller Lysvik" in html  # what the other did
    assert "Bo: se även skolfrågan" in html  # what he typed is still in the form
    assert Memo.objects.get(opinion=opinion).text == "Anna: gäller Lysvik"

    response = client.post(
        url(process, opinion),
        {
            "action": "memo",
            "memo": "Anna: gäller Lysvik. Bo: se även skolfrågan",
            "seen": revision_on_page(html),
        },
        **HTMX,
    )
    assert "Memot är sparat." in response.content.decode()
    post(client, process, opinion, action="toggle", category=trafik.pk)
    assert Memo.objects.get(opinion=opinion).text == "Anna: gäller Lysvik. Bo: se även skolfrågan"
    kept = set(
        Coding.objects.filter(opinion=opinion).values_list("coder__username", "category__name")
    )
    assert kept == {("anna", "Boende"), ("bo", "Trafik")}
    # Their codings differ, so the opinion has no final coding until someone reconciles it.
    assert not FinalCoding.objects.filter(opinion=opinion).exists()


def test_a_strategists_own_quick_keystrokes_never_conflict(client, world):
    process, opinion = world["process"], world["opinions"][0]
    client.force_login(world["anna"])
    seen = revision_on_page(client.get(url(process, opinion)).content.decode())
    for category in world["categories"]:  # three keys before any answer came back
        response = client.post(
            url(process, opinion),
            {"action": "toggle", "category": category.pk, "seen": seen},
            **HTMX,
        )
        assert "efter att du öppnade" not in response.content.decode()
    assert opinion.codings.count() == 3


def test_coding_is_closed_once_drafting_starts(client, world):
    process, opinion = world["process"], world["opinions"][0]
    process.stage = "drafting"
    process.save()
    client.force_login(world["anna"])
    page = client.get(url(process, opinion)).content.decode()
    assert "Kodningen är stängd" in page
    response = client.post(
        url(process, opinion), {"action": "toggle", "category": world["categories"][0].pk}
    )
    assert response.status_code == 403
    assert not Coding.objects.exists()


# The sample, agreement and reconciliation ---------------------------------------------------

# Two coders on eight opinions with three categories (index into the categories).
ANNA = [{0}, {1}, {0, 1}, {2}, {0}, {1}, {2}, {0, 2}]
BO = [{0}, {1}, {0}, {2}, {1}, {1}, {0}, {0, 2}]


def figures_on_page(html: str) -> dict:
    rows = {}
    for name, body in re.findall(r'<tr data-category="([^"]+)">(.*?)</tr>', html, re.S):
        # Each figure after its name, which a phone shows beside it (.cell-label).
        figure = r'data-figure="(\w+)"><span class="cell-label">[^<]*</span>([^<]*)<'
        cells = dict(re.findall(figure, body))
        rows[name] = {k: v.replace(",", ".").replace("%", "").strip() for k, v in cells.items()}
    return rows


def test_double_coding_agreement_matches_scikit_learn_and_krippendorff(
    client, world, administrator
):
    process, categories = world["process"], world["categories"]
    opinions = world["opinions"] + [OpinionFactory(process=process) for _ in range(2)]
    client.force_login(administrator)
    response = client.post(reverse("staff:coding_agreement", args=[process.slug]), {"share": 100})
    assert response.status_code == 302
    for coder, chosen in ((world["anna"], ANNA), (world["bo"], BO)):
        for opinion, indexes in zip(opinions, chosen, strict=True):
            for index in indexes:
                coding_toggle(opinion=opinion, category=categories[index], coder=coder, seen=None)

    # Blind: Bo does not see Anna's coding of a sampled opinion.
    client.force_login(world["bo"])
    page = client.get(url(process, opinions[2])).content.decode()
    assert "dubbelkodning" in page
    assert "Anna A: Boende" not in page

    shown = figures_on_page(
        client.get(reverse("staff:coding_agreement", args=[process.slug])).content.decode()
    )
    for index, category in enumerate(categories):
        a = [int(index in s) for s in ANNA]
        b = [int(index in s) for s in BO]
        assert float(shown[category.name]["kappa"]) == pytest.approx(
            cohen_kappa_score(a, b), abs=0.0005
        )
        assert float(shown[category.name]["alpha"]) == pytest.approx(
            krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"),
            abs=0.0005,
        )
        agree = 100 * sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
        assert float(shown[category.name]["percent"]) == pytest.approx(agree, abs=0.05)
    all_a = [int(i in s) for s in ANNA for i in range(3)]
    all_b = [int(i in s) for s in BO for i in range(3)]
    assert float(shown["overall"]["kappa"]) == pytest.approx(
        cohen_kappa_score(all_a, all_b), abs=0.0005
    )
    assert float(shown["overall"]["alpha"]) == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.array([all_a, all_b]), level_of_measurement="nominal"
        ),
        abs=0.0005,
    )

    # Reconcile every disagreement from the reconciliation page.
    differing = [o for o, a, b in zip(opinions, ANNA, BO, strict=True) if a != b]
    page = client.get(reverse("staff:reconcile_list", args=[process.slug])).content.decode()
    assert page.count("<section") == len(differing)
    for opinion in differing:
        seen = re.search(
            rf'reconcile/{opinion.pk}/">\s*<input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
            r'<input type="hidden" name="seen" value="(\d+)"',
            page,
        ).group(1)
        response = client.post(
            reverse("staff:reconcile_opinion", args=[process.slug, opinion.pk]),
            {f"o{opinion.pk}-categories": [categories[2].pk], "seen": seen},
        )
        assert response.status_code == 302
    page = client.get(reverse("staff:reconcile_list", args=[process.slug])).content.decode()
    assert "Det finns inget att stämma av" in page
    assert Reconciliation.objects.count() == len(differing)
    for opinion, a, b in zip(opinions, ANNA, BO, strict=True):
        final = set(opinion.final_categories.values_list("pk", flat=True))
        expected = {categories[2].pk} if a != b else {categories[i].pk for i in a}
        assert final == expected
    # Reconciled, the opinion is no longer blind.
    page = client.get(url(process, differing[0])).content.decode()
    assert "Anna A:" in page


def test_alpha_takes_every_coder_and_leaves_out_what_one_did_not_code(world, administrator):
    """Three coders; the third coded only some of the sample. Alpha as `krippendorff` gives it,
    with the missing judgements as NaN."""
    process, categories = world["process"], world["categories"]
    opinions = world["opinions"]
    cleo = UserFactory(username="cleo", role=STRATEGIST)
    sample_draw(process=process, share=100, by=administrator, seed=3)
    chosen = {
        world["anna"]: [{0}, {1}, {2}, {0, 1}, {2}, {1}],
        world["bo"]: [{0}, {1}, {1}, {0}, {2}, {1}],
        cleo: [{0}, {2}, {2}, None, None, {1}],
    }
    for coder, sets in chosen.items():
        for opinion, indexes in zip(opinions, sets, strict=True):
            for index in indexes or ():
                coding_toggle(opinion=opinion, category=categories[index], coder=coder, seen=None)
    result = agreement(process)
    assert result.units == 6
    rows = []
    for coder in (world["anna"], world["bo"], cleo):
        row = []
        for sets in [chosen[coder]]:
            for chosen_set in sets:
                row.extend(
                    np.nan if chosen_set is None else float(i in chosen_set) for i in range(3)
                )
        rows.append(row)
    expected = krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
    assert result.overall.alpha == pytest.approx(expected)
    assert len(result.coders) == 3
