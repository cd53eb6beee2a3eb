"""Population figures read from what SCB gives: the PxWebApi's JSON-stat 2.0 response and
PxWeb's CSV and XLSX exports with their title lines. One region is chosen (the process's
municipality) or the file is refused saying why; totals rows are recognised, never added in.

The files in tests/opinions/files/scb/ have SCB's shapes (see the README there)."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opinions.formats.population import parse
from opinions.models import PopulationFigure
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files" / "scb"
SUNNE_2023 = {
    ("age_band", "16-19"): 130,
    ("age_band", "65-79"): 290,
    ("age_band", "80+"): 5,
    ("gender", "woman"): 6500,  # the "totalt ålder" rows, not the sum of three ages
    ("gender", "man"): 6600,
}


@pytest.fixture
def sunne():
    return ProcessFactory(slug="sunne", municipality="Sunne kommun")


def test_a_json_stat_response_gives_sunnes_latest_year(sunne):
    data = (FILES / "BE0101N1-sunne-riket.json").read_bytes()
    found = parse(sunne, "BE0101N1.json", data)
    assert found.figures == SUNNE_2023
    assert found.region == "Sunne"
    assert found.period == "2023"


def test_a_pxweb_csv_with_title_line_two_regions_and_totals(sunne):
    data = (FILES / "BE0101N1-sunne-riket.csv").read_bytes()
    found = parse(sunne, "BE0101N1.csv", data)
    assert found.figures == SUNNE_2023
    assert found.region == "1766 Sunne"
    assert found.period == "2023"


def test_a_file_of_several_regions_none_of_them_ours_is_refused_saying_which(sunne):
    sunne.municipality = "Torsby kommun"
    for name in ("BE0101N1-sunne-riket.csv", "BE0101N1-sunne-riket.json"):
        with pytest.raises(ValidationError) as refused:
            parse(sunne, name, (FILES / name).read_bytes())
        (message,) = refused.value.messages
        assert "2 regioner" in message, message
        assert "Riket" in message
        assert "Sunne" in message
        assert "Torsby" in message


def pxweb_xlsx(rows) -> bytes:
    """A sheet as PxWeb saves one: the title, a blank row, the table, then its notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Folkmängden efter region, ålder och kön. År 2023"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["Källa: SCB"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_pxweb_xlsx_with_title_and_notes(sunne):
    data = pxweb_xlsx(
        [
            ["region", "ålder", "kön", "2023"],
            ["1766 Sunne", "17 år", "män", 70],
            ["1766 Sunne", "17 år", "kvinnor", 60],
            ["1766 Sunne", "totalt ålder", "män", 6600],
            ["1766 Sunne", "totalt ålder", "kvinnor", 6500],
        ]
    )
    found = parse(sunne, "BE0101N1.xlsx", data)
    assert found.figures == {
        ("age_band", "16-19"): 130,
        ("gender", "woman"): 6500,
        ("gender", "man"): 6600,
    }


def test_a_totals_row_is_never_added_to_the_ages(sunne):
    data = (
        '"Folkmängden efter region, ålder och år"\r\n\r\n'
        '"region";"ålder";"2023"\r\n'
        '"1766 Sunne";"17 år";130\r\n'
        '"1766 Sunne";"70 år";290\r\n'
        '"1766 Sunne";"totalt ålder";13100\r\n'
    ).encode("cp1252")
    found = parse(sunne, "folk.csv", data)
    assert found.figures == {("age_band", "16-19"): 130, ("age_band", "65-79"): 290}


def test_an_age_group_across_our_bands_is_refused(sunne):
    data = pxweb_xlsx([["region", "ålder", "2023"], ["1766 Sunne", "10-19 år", 1400]])
    with pytest.raises(ValidationError) as refused:
        parse(sunne, "grupper.xlsx", data)
    assert "10-19 år" in refused.value.messages[0]
    assert "ettårsklasser" in refused.value.messages[0]


def test_the_reach_page_saves_the_chosen_region_and_says_so(client, sunne, strategist_user):
    client.force_login(strategist_user)
    upload = SimpleUploadedFile("BE0101N1.json", (FILES / "BE0101N1-sunne-riket.json").read_bytes())
    response = client.post(reverse("staff:reach", args=["sunne"]), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "5 siffror för Sunne (2023) sparades." in html
    saved = PopulationFigure.objects.filter(process=sunne)
    assert {(f.dimension, f.value): f.count for f in saved} == SUNNE_2023


def test_a_refused_file_saves_nothing_and_the_page_says_why(client, sunne, strategist_user):
    sunne.municipality = "Torsby kommun"
    sunne.save()
    client.force_login(strategist_user)
    upload = SimpleUploadedFile("folk.csv", (FILES / "BE0101N1-sunne-riket.csv").read_bytes())
    html = client.post(reverse("staff:reach", args=["sunne"]), {"file": upload}).content.decode()
    assert "2 regioner" in html
    assert not PopulationFigure.objects.exists()
