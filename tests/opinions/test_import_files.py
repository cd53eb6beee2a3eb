"""Importing paper forms and other files: the template round trip, LibreOffice's files, CSV
as Swedish Excel writes it, the upload pages, and every kind of bad file."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from opinions.formats.opinion_files import plan_import
from opinions.formats.tables import ImportRefused
from opinions.models import Opinion, Respondent
from opinions.services.imports import import_commit
from tests.factories import (
    AreaFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
HEADER = [
    "Deltagare nr",
    "Fråga",
    "Synpunkt",
    "Ålder",
    "Kön",
    "Kommundel",
    "Roll",
    "Får publiceras",
    "Datum",
]
QUESTIONS = [
    "Vad vill du att vår kommun ska vara känd för 2025?",
    "Hur vill du att det ska se ut i Sunne 2025?",
    "Vad är det som gör att du väljer att bo kvar i kommunen 2025?",
    "Vad är det som gör att människor väljer att flytta till Sunne 2025?",
]


@pytest.fixture
def process(db):
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    for order, text in enumerate(QUESTIONS, start=1):
        GuidingQuestionFactory(process=process, text=text, order=order)
    for name in ("Lysvik", "Gräsmark"):
        AreaFactory(process=process, name=name)
    return process


@pytest.fixture
def event(process, facilitator_user):
    event = DialogueEventFactory(process=process, slug="lysvik", title="Lanthandeln i Lysvik")
    event.facilitators.add(facilitator_user)
    return event


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def plan(process, name, data, **kwargs):
    return plan_import(process=process, file_name=name, data=data, **kwargs)


def commit(process, name, data, user, **kwargs):
    the_plan = plan(process, name, data, **kwargs)
    assert the_plan.ok, the_plan.messages()
    return import_commit(the_plan, recorded_by=user)


# The template round trip ---------------------------------------------------------------------


def test_the_event_template_round_trip_with_openpyxl(client, event, facilitator_user):
    client.force_login(facilitator_user)
    response = client.get(
        reverse("staff:event_template", kwargs={"slug": "sunne", "event_slug": "lysvik"})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="synpunkter-lysvik.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Synpunkter"]
    assert [cell.value for cell in sheet[1]] == HEADER
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert set(lists) == {
        "B",
        "D",
        "E",
        "F",
        "G",
        "H",
    }  # question, age, gender, area, role, consent
    options = book["Listor"]
    assert [c.value for c in options["A"]][1:5] == [f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1)]
    assert "Lysvik" in [c.value for c in options["D"]]
    # Found in a browser walk: the guide told the facilitator who downloaded it to import the
    # file, on a page only an administrator may open.
    guide = " ".join(str(row[0].value) for row in book["Anvisningar"].iter_rows())
    assert "Administratören importerar filen" in guide

    sheet.append(
        [
            1,
            options["A2"].value,
            "Bättre bussar till Lysvik.",
            "30–44",
            "kvinna",
            "Lysvik",
            "invånare",
            "ja",
            "2012-09-15",
        ]
    )
    sheet.append(
        [
            1,
            options["A3"].value,
            "Behåll lanthandeln.",
            "30–44",
            "kvinna",
            "Lysvik",
            "invånare",
            "nej",
            "2012-09-15",
        ]
    )
    sheet.append([2, None, "Fler jobb för unga.", None, "vill ej ange", None, "ung", None, None])
    filled = io.BytesIO()
    book.save(filled)

    result = commit(
        event.process, "synpunkter-lysvik.xlsx", filled.getvalue(), facilitator_user, event=event
    )
    assert (result.opinions, result.respondents) == (3, 2)
    bus = Opinion.objects.get(original_text="Bättre bussar till Lysvik.")
    assert bus.question.text == QUESTIONS[0]
    assert bus.consent_to_publish
    assert timezone.localtime(bus.recorded_at).date().isoformat() == "2012-09-15"
    assert bus.event == event
    assert (
        bus.respondent.age_band,
        bus.respondent.gender,
        bus.respondent.area.name,
        bus.respondent.role,
    ) == ("30-44", "woman", "Lysvik", "resident")
    assert Opinion.objects.get(original_text="Behåll lanthandeln.").respondent == bus.respondent
    young = Opinion.objects.get(original_text="Fler jobb för unga.")
    assert young.question is None
    assert young.respondent.gender == "not_said"


@pytest.mark.parametrize(
    "name", ["pappersblanketter-libreoffice.xlsx", "pappersblanketter-libreoffice.ods"]
)
def test_a_file_saved_by_libreoffice_imports_and_only_once(process, administrator, name):
    data = (FILES / name).read_bytes()
    result = commit(process, name, data, administrator)
    assert (result.opinions, result.respondents) == (4, 3)
    fryken = Opinion.objects.get(original_text="Att Sunne är känt för Fryken och Selma Lagerlöf.")
    assert fryken.question.text == QUESTIONS[0]
    assert timezone.localtime(fryken.recorded_at).date().isoformat() == "2012-09-15"
    assert fryken.respondent.area.name == "Lysvik"
    broadband = Opinion.objects.get(original_text="Bredband i hela kommunen, även i Gräsmark.")
    assert broadband.question.text == QUESTIONS[2]
    assert not broadband.consent_to_publish
    again = commit(process, name, data, administrator)
    assert (again.opinions, again.respondents, again.already_there) == (0, 0, 4)
    assert Opinion.objects.count() == 4


def test_csv_as_swedish_excel_writes_it_cp1252_with_semicolons(process, administrator):
    text = "Synpunkt;Ålder;Kommundel\r\nMer kultur i Gräsmark, tack!;65–79;Gräsmark\r\n"
    data = text.replace("–", "-").encode("cp1252")
    the_plan = plan(process, "synpunkter.csv", data)
    assert the_plan.ok, the_plan.messages()
    assert the_plan.encoding == "windows-1252"
    import_commit(the_plan, recorded_by=administrator)
    opinion = Opinion.objects.get()
    assert opinion.original_text == "Mer kultur i Gräsmark, tack!"


def test_a_csv_with_a_column_mapping(process, administrator):
    data = csv_bytes("Kommentar från invånare,Vem\nEn simhall i Sunne.,7\n")
    the_plan = plan(
        process, "egen.csv", data, mapping={"text": "Kommentar från invånare", "respondent": "Vem"}
    )
    assert the_plan.ok
    import_commit(the_plan, recorded_by=administrator)
    assert Opinion.objects.get().respondent.external_id.endswith(":7")


# The upload pages ----------------------------------------------------------------------------

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


@pytest.mark.parametrize(
    ("folder", "opinions", "authors", "rejected"),
    [
        ("bg2050-volunteers", 371, 64, 55),
        ("austria-climate.9xnndurbfm.2022-07-07", 1452, 529, 651),
        ("scoop-hivemind.biodiversity", 316, 97, 162),
    ],
)
def test_the_upload_page_previews_then_imports_a_polis_export_once(
    administrator_client, process, folder, opinions, authors, rejected
):
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    data = (POLIS / folder / "comments.csv").read_bytes()
    for attempt in range(2):
        upload = SimpleUploadedFile("comments.csv", data, content_type="text/csv")
        preview = administrator_client.post(url, {"file": upload, "format": "auto"})
        text = preview.content.decode()
        assert f"{opinions} rader lästa" in text
        assert "Export från Polis" in text
        if attempt == 0:
            assert f"{opinions - rejected} synpunkter skapas" in text
            # Found in a browser walk: rows not yet imported were said to be "registrerad".
            assert "<td>registreras</td>" in text
            assert "<td>registrerad</td>" not in text
        else:
            assert "Inget nytt att importera" in text
        assert Opinion.objects.count() == (0 if attempt == 0 else opinions)
        token = preview.context["token"]
        done = administrator_client.post(url, {"token": token, "confirm": "1"}, follow=True)
        message = done.content.decode()
        assert done.redirect_chain[-1][0].startswith("/staff/processes/sunne/import/")
        if attempt == 0:
            assert (
                f"comments.csv: skapade {opinions} synpunkter ({rejected} uteslutna) och "
                f"{authors} deltagare; 0 fanns redan."
            ) in message
        else:
            assert (
                f"skapade 0 synpunkter (0 uteslutna) och 0 deltagare; {opinions} fanns redan."
            ) in message
        assert "<progress" in message
    assert Opinion.objects.count() == opinions
    assert Respondent.objects.count() == authors
    assert Opinion.objects.filter(status="excluded").count() == rejected


def test_the_upload_page_shows_each_rows_problem_and_imports_nothing(administrator_client, process):
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    data = xlsx(
        [
            [1, "9", "En fråga som inte finns.", "", "", "", "", "", ""],
            [2, "1", "Bra.", "30–40", "", "", "", "", ""],
        ]
    )
    upload = SimpleUploadedFile("blankett.xlsx", data)
    preview = administrator_client.post(url, {"file": upload, "format": "auto"})
    problems = preview.context["problems"]
    assert [str(p) for p in problems] == [
        "Rad 2, kolumn ”Fråga”: ”9” är inte en av processens frågor; ange dess nummer (1–4) "
        "eller exakta text.",
        "Rad 3, kolumn ”Ålder”: ”30–40” är inte något av: under 16, 16–19, 20–29, 30–44, "
        "45–64, 65–79, 80 eller äldre.",
    ]
    confirm = administrator_client.post(url, {"token": preview.context["token"], "confirm": "1"})
    assert confirm.status_code == 200
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()


def test_a_changed_mapping_is_checked_again(administrator_client, process):
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    data = csv_bytes("Vad de sa,Övrigt\nMer belysning i Lysvik.,x\n")
    preview = administrator_client.post(url, {"file": SimpleUploadedFile("a.csv", data)})
    assert preview.context["problems"]  # neither column is known
    token = preview.context["token"]
    checked = administrator_client.post(
        url, {"token": token, "check": "1", "map-0": "text", "map-1": ""}
    )
    assert checked.context["problems"] == []
    administrator_client.post(url, {"token": token, "confirm": "1", "map-0": "text", "map-1": ""})
    assert Opinion.objects.get().original_text == "Mer belysning i Lysvik."


# Bad files: a message that names the file, the row and the column, and nothing saved ---------


def refused(process, name, data, **kwargs) -> list[str]:
    """The messages for a bad file; and a check that importing it saves nothing."""
    try:
        the_plan = plan(process, name, data, **kwargs)
    except ImportRefused as error:
        messages = [str(error)]
    else:
        assert not the_plan.ok, "the file was expected to be refused"
        messages = the_plan.messages()
        with pytest.raises(ImportRefused):
            import_commit(the_plan, recorded_by=UserFactory())
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()
    return messages


def test_an_empty_file(process):
    assert refused(process, "tom.csv", b"") == ["tom.csv: filen är tom."]
    assert refused(process, "tom.xlsx", xlsx([], header=[])) == ["tom.xlsx: filen är tom."]


def test_a_header_without_rows(process):
    assert refused(process, "rubrik.xlsx", xlsx([])) == [
        "rubrik.xlsx: filen har en rubrikrad men inga synpunkter under den."
    ]


def test_unknown_and_missing_columns(process):
    messages = refused(process, "fel.csv", csv_bytes("Synpunkt,Skostorlek\nBra!,42\n"))
    assert messages == [
        "fel.csv: kolumnen är okänd. Kända kolumner är: Synpunkt, Fråga, Deltagare, Ålder, Kön, "
        "Kommundel, Roll, Får publiceras, Datum. Byt namn på den eller ta bort den."
    ]
    messages = refused(process, "utan.csv", csv_bytes("Fråga\n1\n"))
    assert messages == ["utan.csv: ingen kolumn innehåller synpunkterna; ge den namnet ”Synpunkt”."]


def test_content_that_is_not_what_the_name_says(process):
    assert refused(process, "synpunkter.xlsx", csv_bytes("Synpunkt\nBra\n")) == [
        "synpunkter.xlsx: namnet säger kalkylblad, men innehållet är ingen Excel- eller "
        "LibreOffice-fil."
    ]
    assert refused(process, "synpunkter.csv", xlsx([["1", "1", "Bra"]])) == [
        "synpunkter.csv: namnet säger CSV, men innehållet är inte text."
    ]


def test_a_zip_bomb_disguised_as_xlsx(process):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 200_000_000)
    messages = refused(process, "bomb.xlsx", out.getvalue())
    assert len(messages) == 1
    assert messages[0].startswith("bomb.xlsx: filen skulle packas upp till 200 MB")


@override_settings(IMPORT_MAX_BYTES=1_000_000)
def test_a_file_over_the_size_limit(process, administrator_client):
    big = csv_bytes("Synpunkt\n" + "Mer parkering.\n" * 80_000)
    assert refused(process, "stor.csv", big) == ["stor.csv: filen är större än 1 MB."]
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    response = administrator_client.post(url, {"file": SimpleUploadedFile("stor.csv", big)})
    assert "stor.csv är större än 1 MB." in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_null_character_deep_in_a_csv(process):
    """A NUL byte past the first block that tells text from binary: the row and column that
    hold it are named (PostgreSQL cannot store it, and it is a sign of a damaged file)."""
    rows = "".join(f"Fler bänkar vid ån nummer {n}\n" for n in range(400))
    data = csv_bytes("Synpunkt\n" + rows + "Mer\x00 ljus\n")
    assert len(data) > 8_000
    assert refused(process, "trasig.csv", data) == [
        "trasig.csv: Rad 402, kolumn ”Synpunkt”: cellen innehåller ett nolltecken (byte 0), som "
        "text inte kan innehålla; filen kan vara skadad."
    ]


def test_a_null_character_in_the_header_of_a_spreadsheet(process):
    """A spreadsheet writes U+0000 as _x0000_; in a column's name it reached the mapping the
    import keeps, which PostgreSQL cannot store: the header's column is named, nothing kept,
    whatever the person maps."""
    data = xlsx([["Bra", "1"]], header=["Synpunkt", "Fråga_x0000_"])
    message = (
        "rubrik.xlsx: Rad 1, kolumn ”Fråga�”: rubriken innehåller ett nolltecken (byte 0), som "
        "text inte kan innehålla; filen kan vara skadad."
    )
    assert refused(process, "rubrik.xlsx", data) == [message]
    mapped = {"text": "Synpunkt", "question": "Fråga\x00"}
    assert refused(process, "rubrik.xlsx", data, mapping=mapped) == [message]


def test_a_100000_character_cell(process):
    data = csv_bytes("Synpunkt\n" + "a" * 100_000 + "\n")
    assert refused(process, "lång.csv", data) == [
        "lång.csv: Rad 2, kolumn ”Synpunkt”: cellen innehåller 100000 tecken; högst 10000 är "
        "tillåtna."
    ]


def test_formulas(process):
    book = Workbook()
    sheet = book.active
    sheet.append(["Synpunkt", "Deltagare nr"])
    sheet.append(["Bra bussar", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    assert refused(process, "formel.xlsx", out.getvalue()) == [
        "formel.xlsx: Rad 2, kolumn ”Deltagare nr”: cellen innehåller en formel; skriv själva "
        "texten."
    ]


def test_a_csv_text_starting_with_an_equals_sign_is_the_residents_words(process, administrator):
    """CSV has no formulas: the text is kept as written (exports keep it from running)."""
    data = csv_bytes('Synpunkt\n"=HYPERLINK(""http://x"")"\n')
    plan = plan_import(process=process, file_name="likamed.csv", data=data)
    assert plan.ok, plan.messages()
    import_commit(plan, recorded_by=administrator)
    assert Opinion.objects.get().original_text == '=HYPERLINK("http://x")'


def test_dates_in_odd_formats(process, administrator):
    assert refused(process, "datum.csv", csv_bytes("Synpunkt,Datum\nBra,32/13/2012\n")) == [
        "datum.csv: Rad 2, kolumn ”Datum”: ”32/13/2012” går inte att läsa som ett datum; skriv "
        "det som 2012-09-15."
    ]
    readable = "Synpunkt,Datum\nA,15.9.2012\nB,15/09/2012\nC,2012-09-15 14:30\nD,20120915\n"
    commit(process, "datum.csv", csv_bytes(readable), administrator)
    assert {
        timezone.localtime(o.recorded_at).date().isoformat() for o in Opinion.objects.all()
    } == {"2012-09-15"}


def test_duplicate_rows(process):
    data = csv_bytes(
        "Deltagare nr,Synpunkt\n1,Bättre bussar.\n2,Bättre bussar.\n1,Bättre bussar.\n"
    )
    assert refused(process, "dubbel.csv", data) == [
        "dubbel.csv: Rad 4: raden upprepar rad 2 (samma deltagare, fråga och synpunkt); ta bort "
        "en av dem."
    ]


def test_excels_unicode_text_utf_16_with_tabs_is_read(process, administrator, tmp_path):
    """Found in a browser walk: a file with a null byte was refused whole as "not text". Excel's
    "Unicode Text" (UTF-16 with a byte-order mark, tab-separated) is full of them, and is what
    a Swedish Excel saves when asked to keep å, ä and ö; it is read, by upload and from disk."""
    from opinions.services.file_imports import import_file

    text = "Synpunkt\tKommundel\r\nMer kultur i Gräsmark, tack!\tGräsmark\r\nÖppna badet.\t\r\n"
    data = text.encode("utf-16")
    assert data[:2] == b"\xff\xfe"
    assert b"\x00" in data
    the_plan = plan(process, "synpunkter.txt", data, fmt="csv")
    assert the_plan.ok, the_plan.messages()
    assert the_plan.encoding == "utf-16"
    path = tmp_path / "synpunkter.csv"
    path.write_bytes(data)
    from_disk, _result = import_file(
        process=process,
        event=None,
        path=path,
        file_name="synpunkter.csv",
        recorded_by=administrator,
    )
    assert from_disk.ok, from_disk.messages()
    assert sorted(Opinion.objects.values_list("original_text", flat=True)) == [
        "Mer kultur i Gräsmark, tack!",
        "Öppna badet.",
    ]


def test_a_hostile_utf_16_file_gets_a_clear_message_and_saves_nothing(process):
    """Now that a byte-order mark makes a file UTF-16 text: a mark alone is an empty file, and
    null characters inside the text are named by their row and column, not a server error."""
    assert refused(process, "tom.csv", b"\xff\xfe") == ["tom.csv: filen är tom."]
    assert refused(process, "noll.csv", "Synpunkt\n\x00\x00bra\n".encode("utf-16")) == [
        "noll.csv: Rad 2, kolumn ”Synpunkt”: cellen innehåller ett nolltecken (byte 0), som "
        "text inte kan innehålla; filen kan vara skadad."
    ]
    odd = b"\xff\xfe" + "Synpunkt\nBra\n".encode("utf-16-le") + b"\x41"  # half a character
    assert plan(process, "udda.csv", odd).ok
