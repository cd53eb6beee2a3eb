"""The codebook: merge (codings move, the history still names what was there), split, and the
codebook in and out as CSV and as a REFI-QDA codebook (.qdc)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import STRATEGIST
from opinions.formats.codebook_files import to_csv, to_qdc
from opinions.models import Category, CodingChange, FinalCoding
from opinions.services.codebook import codebook_import
from opinions.services.coding import coding_toggle
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    sara = UserFactory(username="sara", role=STRATEGIST)
    bo = UserFactory(username="bo", role=STRATEGIST)
    return {"process": process, "sara": sara, "bo": bo}


def test_merging_moves_the_codings_and_keeps_the_history(client, world):
    process, sara, bo = world["process"], world["sara"], world["bo"]
    bussar = CategoryFactory(process=process, name="Bussar", key="1")
    trafik = CategoryFactory(process=process, name="Trafik", key="2")
    first, second = OpinionFactory(process=process), OpinionFactory(process=process)
    coding_toggle(opinion=first, category=bussar, coder=sara, seen=None)
    coding_toggle(opinion=first, category=trafik, coder=sara, seen=None)  # both
    coding_toggle(opinion=second, category=bussar, coder=bo, seen=None)

    client.force_login(sara)
    response = client.post(
        reverse("staff:category_edit", args=[process.slug, bussar.pk]),
        {"action": "merge", "target": trafik.pk},
        follow=True,
    )
    assert "Bussar är sammanslagen med Trafik: 1 kodning flyttades." in response.content.decode()
    assert set(first.codings.values_list("category__name", "coder__username")) == {
        ("Trafik", "sara")
    }
    assert set(second.codings.values_list("category__name", "coder__username")) == {
        ("Trafik", "bo")
    }
    assert set(FinalCoding.objects.values_list("opinion", "category__name")) == {
        (first.pk, "Trafik"),
        (second.pk, "Trafik"),
    }
    bussar.refresh_from_db()
    assert (bussar.merged_into, bussar.key) == (trafik, "")
    # What the coders did is still told as it happened.
    assert CodingChange.objects.filter(category=bussar, action="add").count() == 2
    page = client.get(reverse("staff:codebook", args=[process.slug])).content.decode()
    assert "Bussar, sammanslagen med Trafik" in page
    assert "slogs ihop med" in page  # the codebook's own log


def test_splitting_makes_narrower_categories_and_keeps_the_codings(client, world):
    process, sara = world["process"], world["sara"]
    trafik = CategoryFactory(process=process, name="Trafik")
    opinion = OpinionFactory(process=process)
    coding_toggle(opinion=opinion, category=trafik, coder=sara, seen=None)
    client.force_login(sara)
    client.post(
        reverse("staff:category_edit", args=[process.slug, trafik.pk]),
        {"action": "split", "names": "Kollektivtrafik\nVägar\n"},
    )
    assert set(trafik.children.values_list("name", flat=True)) == {"Kollektivtrafik", "Vägar"}
    assert list(opinion.codings.values_list("category__name", flat=True)) == ["Trafik"]
    listed = client.get(
        reverse("staff:coding_list", args=[process.slug]), {"category": trafik.pk}
    ).content.decode()
    assert "1 synpunkt" in listed


@pytest.mark.parametrize(
    "sent", [{"action": "split", "names": "Bara en"}, {"action": "merge", "target": ""}]
)
def test_a_refused_split_or_merge_leaves_the_category_form_as_it_was(client, world, sent):
    """Found in a browser walk: a split with one name, or a merge with no category chosen,
    said what was wrong, and emptied the category's own form above it with "This field is
    required" on fields no one had touched."""
    process, sara = world["process"], world["sara"]
    trafik = CategoryFactory(process=process, name="Trafik", key="2", colour="#2ca02c")
    client.force_login(sara)
    response = client.post(reverse("staff:category_edit", args=[process.slug, trafik.pk]), sent)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert (form["name"].value(), form["colour"].value()) == ("Trafik", "#2ca02c")
    refused = response.context["split_form" if sent["action"] == "split" else "merge_form"]
    assert refused.errors


def test_after_a_split_the_narrower_categories_are_listed_under_their_parent(client, world):
    """Found in a browser walk: after a split the new categories stood above the one they
    were split from (sorted by name among equals), so the codebook read upside down."""
    process, sara = world["process"], world["sara"]
    CategoryFactory(process=process, name="Boende", order=1)
    trafik = CategoryFactory(process=process, name="Trafik", order=2)
    CategoryFactory(process=process, name="Ungdomar", order=3)
    client.force_login(sara)
    client.post(
        reverse("staff:category_edit", args=[process.slug, trafik.pk]),
        {"action": "split", "names": "Kollektivtrafik\nBilvägar\n"},
    )
    response = client.get(reverse("staff:codebook", args=[process.slug]))
    assert [c.name for c in response.context["categories"]] == [
        "Boende",
        "Trafik",
        "Bilvägar",
        "Kollektivtrafik",
        "Ungdomar",
    ]


def test_the_codebook_goes_out_and_comes_back_as_csv_and_qdc(world):
    process, sara = world["process"], world["sara"]
    parent = CategoryFactory(
        process=process,
        name="Trafik",
        definition="Resor och vägar",
        include_notes="bussar, tåg",
        colour="#2ca02c",
        key="2",
    )
    CategoryFactory(process=process, name="Kollektivtrafik", parent=parent, order=2)
    CategoryFactory(process=process, name="=Farligt namn", order=3)
    csv_text = to_csv(process)
    assert "'=Farligt namn" in csv_text  # neutralised for spreadsheets
    qdc = to_qdc(process)

    other = ProcessFactory(slug="annan")
    added = codebook_import(process=other, file_name="kodbok.qdc", data=qdc, by=sara)
    assert added == 3
    kollektiv = Category.objects.get(process=other, name="Kollektivtrafik")
    assert kollektiv.parent.name == "Trafik"
    assert Category.objects.get(process=other, name="Trafik").colour == "#2ca02c"

    third = ProcessFactory(slug="tredje")
    added = codebook_import(
        process=third, file_name="kodbok.csv", data=csv_text.encode("utf-8"), by=sara
    )
    assert added == 3
    trafik = Category.objects.get(process=third, name="Trafik")
    assert (trafik.definition, trafik.include_notes, trafik.key) == (
        "Resor och vägar",
        "bussar, tåg",
        "2",
    )
    assert Category.objects.get(process=third, name="Kollektivtrafik").parent == trafik
    # Importing again adds nothing.
    assert codebook_import(process=third, file_name="kodbok.qdc", data=qdc, by=sara) == 0


def test_a_codebook_from_another_tool(client, world):
    """A .qdc as QualCoder or NVivo writes it: nested codes, a category that is not codable."""
    qdc = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
  <Codes>
    <Code guid="0b8f3b7e-5c4c-4e2a-9d7a-1d2b3c4d5e6f" name="Boende" isCodable="false">
      <Description>Allt om att bo</Description>
      <Code guid="1b8f3b7e-5c4c-4e2a-9d7a-1d2b3c4d5e6f" name="Hyresrätter" isCodable="true"
            color="#1F77B4"/>
    </Code>
    <Code guid="2b8f3b7e-5c4c-4e2a-9d7a-1d2b3c4d5e6f" name="Skola" isCodable="true"/>
  </Codes>
</CodeBook>""".encode()
    client.force_login(world["sara"])
    response = client.post(
        reverse("staff:codebook_import", args=[world["process"].slug]),
        {"file": SimpleUploadedFile("qualcoder.qdc", qdc, content_type="application/xml")},
        follow=True,
    )
    assert "3 kategorier lades till i kodboken." in response.content.decode()
    assert Category.objects.get(name="Hyresrätter").parent.name == "Boende"
    assert Category.objects.get(name="Boende").definition == "Allt om att bo"
