"""A process out: XLSX, CSV, JSON and a REFI-QDA project, from the staff page and the command;
no spreadsheet cell ever runs as a formula."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from defusedxml.ElementTree import fromstring
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.roles import STRATEGIST
from opinions.formats.codebook_files import PROJECT_NS
from opinions.formats.exports import export, opinion_rows
from opinions.formats.opinion_files import plan_import
from opinions.models import Coding, Opinion, Respondent
from opinions.services.coding import coding_toggle, memo_write
from opinions.services.imports import import_commit
from opinions.services.records import opinion_correct
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    DialogueEventFactory,
    FinalCodingFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)
from tests.libreoffice import convert

pytestmark = pytest.mark.django_db

DANGEROUS = [
    '=HYPERLINK("http://example.com","klicka")',
    "+46 70 123 45 67 ringde om bussen",
    "-1 poäng för skolmaten",
    "@SUM(1+1) är vad vi vill ha",
    "=1+1",
]


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", title="Vision Sunne", stage="analysis")
    boende = CategoryFactory(process=process, name="Boende", key="1")
    trafik = CategoryFactory(process=process, name="=Trafik", key="2")  # a name can be risky too
    user = UserFactory(username="sara", first_name="Sara", last_name="S", role=STRATEGIST)
    other = UserFactory(username="bo", first_name="Bo", last_name="B", role=STRATEGIST)
    body = "Synpunkt\n" + "".join(f'"{text.replace(chr(34), chr(34) * 2)}"\n' for text in DANGEROUS)
    plan = plan_import(process=process, file_name="farliga.csv", data=body.encode())
    assert plan.ok, plan.messages()
    import_commit(plan, recorded_by=user)
    opinions = list(Opinion.objects.filter(process=process).order_by("pk"))
    for opinion in opinions[:3]:
        coding_toggle(opinion=opinion, category=boende, coder=user, seen=None)
    coding_toggle(opinion=opinions[0], category=trafik, coder=other, seen=None)
    memo_write(opinion=opinions[1], text="=memo", by=user, seen=None)
    return {"process": process, "opinions": opinions, "user": user}


def download(client, process, fmt: str, capture) -> bytes:
    """Ask for an export as a strategist does, let the background task write it, download it."""
    with capture(execute=True):
        response = client.post(reverse("staff:process_export", args=[process.slug, fmt]))
    status_page = response["Location"]
    page = client.get(status_page).content.decode()
    assert "Klar att ladda ner" in page
    response = client.get(status_page + "download/")
    assert response["Content-Disposition"] == f'attachment; filename="sunne.{fmt}"'
    return b"".join(response.streaming_content)


def test_imported_formulas_stay_text_in_every_export(
    client, world, django_capture_on_commit_callbacks
):
    process = world["process"]
    client.force_login(world["user"])
    data = download(client, process, "xlsx", django_capture_on_commit_callbacks)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                sheet = archive.read(name)
                assert b"<f>" not in sheet, name
                assert b"<f " not in sheet, name
    book = load_workbook(io.BytesIO(data))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                texts.add(cell.value)
    assert set(DANGEROUS) <= texts  # the words themselves, unchanged
    assert "=Trafik" in texts
    assert "=memo" in texts

    data = download(client, process, "csv", django_capture_on_commit_callbacks)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    for text in DANGEROUS:
        assert "'" + text in cells
        assert text not in cells
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells)


def test_the_refi_qda_project_holds_every_opinion_code_and_coding(world, tmp_path):
    path = tmp_path / "sunne.qdpx"
    out = io.StringIO()
    call_command("export_process", "sunne", "--format", "qdpx", "--output", str(path), stdout=out)
    assert "Wrote" in out.getvalue()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        root = fromstring(archive.read("project.qde"))
        ns = {"q": PROJECT_NS}
        assert root.tag == f"{{{PROJECT_NS}}}Project"
        users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", ns)}
        codes = {c.get("guid"): c.get("name") for c in root.iter(f"{{{PROJECT_NS}}}Code")}
        assert set(codes.values()) == {"Boende", "=Trafik"}
        sources = root.findall("q:Sources/q:TextSource", ns)
        assert len(sources) == len(world["opinions"])
        found_texts, found_codings = set(), set()
        for source in sources:
            path_in_zip = "Sources/" + source.get("plainTextPath").removeprefix("internal://")
            assert path_in_zip in names
            text = archive.read(path_in_zip).decode("utf-8")
            found_texts.add(text)
            for selection in source.findall("q:PlainTextSelection", ns):
                assert (selection.get("startPosition"), selection.get("endPosition")) == (
                    "0",
                    str(len(text)),
                )
                for item in selection.findall("q:Coding", ns):
                    code = codes[item.find("q:CodeRef", ns).get("targetGUID")]
                    found_codings.add((text, users[item.get("creatingUser")], code))
    assert found_texts == {o.original_text for o in world["opinions"]}
    expected = {
        (c.opinion.original_text, c.coder.get_full_name(), c.category.name)
        for c in Coding.objects.select_related("opinion", "coder", "category")
    }
    assert found_codings == expected
    assert len(expected) == 4


def test_json_and_the_commands_refusals(world, tmp_path):
    path = tmp_path / "sunne.json"
    call_command("export_process", "sunne", "--format", "json", "--output", str(path))
    data = json.loads(path.read_text())
    assert [o["text"] for o in data["opinions"]] == [o.original_text for o in world["opinions"]]
    assert data["opinions"][0]["final_categories"] == []  # two coders disagree: not settled
    assert data["opinions"][1]["final_categories"] == ["Boende"]
    assert {c["name"] for c in data["codebook"]} == {"Boende", "=Trafik"}
    with pytest.raises(CommandError, match="There is no process 'nej'"):
        call_command("export_process", "nej", "--format", "json", "--output", str(path))
    with pytest.raises(CommandError):
        call_command("export_process", "sunne", "--format", "pdf", "--output", str(path))


def test_an_export_is_kept_for_a_day(client, world, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from opinions.models import ExportRun

    client.force_login(world["user"])
    download(client, world["process"], "json", django_capture_on_commit_callbacks)
    ExportRun.objects.update(requested_at=timezone.now() - datetime.timedelta(days=2))
    old = ExportRun.objects.get()
    download(client, world["process"], "csv", django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert old.path == ""
    page = client.get(reverse("staff:export_status", args=["sunne", old.pk])).content.decode()
    assert "Filen sparas inte längre" in page
    response = client.get(reverse("staff:export_download", args=["sunne", old.pk]))
    assert response.status_code == 404


def test_purge_exports_removes_files_older_than_a_day(
    client, world, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from opinions.models import ExportRun

    client.force_login(world["user"])
    download(client, world["process"], "json", django_capture_on_commit_callbacks)
    run = ExportRun.objects.get()
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "Deleted 0" in out.getvalue()
    ExportRun.objects.update(requested_at=run.requested_at - datetime.timedelta(days=2))
    call_command("purge_exports", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert not default_storage.exists(run.path)


# Every character XML 1.0 forbids that PostgreSQL stores (NUL it refuses); the sync API
# takes them as a phone sends them.
FORBIDDEN = [chr(c) for c in range(1, 0x20) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"]


@pytest.fixture
def control_characters(db):
    process = ProcessFactory(slug="sunne", title="Styrtecken")
    category = CategoryFactory(process=process, name="Trafik\x0b")
    user = UserFactory(username="sara", first_name="Sara", last_name="S", role=STRATEGIST)
    texts = [f"Buss{char}hållplats {ord(char):#x}" for char in FORBIDDEN]
    opinions = [OpinionFactory(process=process, original_text=text) for text in texts]
    for opinion in opinions:
        coding_toggle(opinion=opinion, category=category, coder=user, seen=None)
    memo_write(opinion=opinions[0], text="Minne\x01", by=user, seen=None)
    return {"process": process, "user": user, "texts": texts}


def libreoffice_csv(data: bytes, tmp_path) -> str:
    """The first sheet of an XLSX as LibreOffice reads it (saved as CSV in UTF-8)."""
    source = tmp_path / "export.xlsx"
    source.write_bytes(data)
    return convert(source, "csv:Text - txt - csv (StarCalc):44,34,76").read_text(encoding="utf-8")


def test_exports_never_fail_on_characters_xml_forbids(
    client, control_characters, django_capture_on_commit_callbacks, tmp_path
):
    process, texts = control_characters["process"], control_characters["texts"]
    client.force_login(control_characters["user"])
    safe = [text.replace(text[4], "\ufffd") for text in texts]  # as XML can hold them

    data = download(client, process, "xlsx", django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    assert set(safe) <= cells
    assert "Minne\ufffd" in cells
    seen_by_libreoffice = libreoffice_csv(data, tmp_path)
    for text in safe:
        assert text in seen_by_libreoffice

    data = download(client, process, "csv", django_capture_on_commit_callbacks)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert {cell for row in rows for cell in row} >= set(texts)  # CSV carries every character
    data = download(client, process, "json", django_capture_on_commit_callbacks)
    assert [o["text"] for o in json.loads(data)["opinions"]] == texts
    assert download(client, process, "qdpx", django_capture_on_commit_callbacks)

    path = tmp_path / "sunne.zip"
    call_command("export_process", "sunne", "--format", "archive", "--output", str(path))
    with zipfile.ZipFile(path) as archive:
        opinions = next(n for n in archive.namelist() if n.endswith("opinions.opinion.jsonl"))
        lines = archive.read(opinions).decode().splitlines()
        stored = [json.loads(line)["fields"]["original_text"] for line in lines]
    assert stored == texts
    assert [o.original_text for o in Opinion.objects.order_by("pk")] == texts  # untouched


def test_age_bands_and_questions_keep_their_order_in_the_xlsx(db):
    process = ProcessFactory(slug="alder")
    category = CategoryFactory(process=process, name="Skola")
    bands = list(Respondent.AgeBand)
    questions = [GuidingQuestionFactory(process=process, order=n) for n in (10, 2, 1)]
    for number, band in enumerate(reversed(bands)):
        opinion = OpinionFactory(
            process=process,
            respondent=RespondentFactory(process=process, age_band=band),
            question=questions[number % 3],
        )
        FinalCodingFactory(opinion=opinion, category=category)
    book = load_workbook(io.BytesIO(export(process, "xlsx")))
    headers = {sheet.title: [c.value for c in sheet[1]][1:] for sheet in book.worksheets}
    labels = [str(band.label) for band in bands]
    assert labels in headers.values()  # "under 16" first, "80 or older" last
    numbers = [_("Question %(order)d") % {"order": n} for n in (1, 2, 10)]
    assert numbers in headers.values()


def test_opinions_past_what_a_sheet_holds_go_on_in_further_sheets(db, monkeypatch):
    """A sheet holds 1,048,576 rows; a Grand-Débat-sized process goes on in "Opinions (2)"
    and onwards, each with the header, every opinion once and in order. (The limit is lowered
    here so that five opinions fill three sheets.)"""
    from opinions.formats import exports

    process = ProcessFactory(slug="stor")
    opinions = [OpinionFactory(process=process, original_text=f"Synpunkt {n}") for n in range(5)]
    monkeypatch.setattr(exports, "ROWS_PER_SHEET", 2)
    book = load_workbook(io.BytesIO(export(process, "xlsx")))
    title = _("Opinions")
    sheets = [book[title], book[f"{title} (2)"], book[f"{title} (3)"]]
    assert f"{title} (4)" not in book.sheetnames
    ids = []
    for sheet in sheets:
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == _("Id")
        assert len(rows) <= 3  # the header and at most two opinions
        ids += [row[0] for row in rows[1:]]
    assert ids == [opinion.pk for opinion in opinions]


def _as_the_objects_say(opinion: Opinion) -> list:
    """A row of the opinions table read from the opinion's model objects, one by one."""
    respondent = opinion.respondent
    return [
        opinion.pk,
        timezone.localtime(opinion.recorded_at).replace(tzinfo=None),
        opinion.event.title if opinion.event else "",
        opinion.event.get_kind_display() if opinion.event else "",
        opinion.question.order if opinion.question else "",
        respondent.pk if respondent else "",
        respondent.get_age_band_display() if respondent else "",
        respondent.get_gender_display() if respondent else "",
        respondent.area.name if respondent and respondent.area else "",
        respondent.get_role_display() if respondent else "",
        opinion.current_text,
        opinion.original_text,
        opinion.get_status_display(),
        opinion.exclusion_reason,
        "; ".join(category.name for category in opinion.final_categories.all()),
        opinion.memo.text if hasattr(opinion, "memo") else "",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_cell_of_the_opinions_table_is_what_the_opinion_says(
    world, language, django_assert_max_num_queries
):
    """The table is read as plain values a chunk at a time (an export of 2,000,000 opinions
    made a model object of each and took hours); each cell must still be what the opinion's
    objects say, in the user's language, and the queries must not grow with the opinions."""
    process, user = world["process"], world["user"]
    event = DialogueEventFactory(process=process, kind="youth_fair", title_sv="Ungdomsmässa")
    question = GuidingQuestionFactory(process=process, order=2)
    area = AreaFactory(process=process, name="Lysvik")
    person = RespondentFactory(
        process=process, age_band="16-19", gender="woman", role="young_person", area=area
    )
    extra = OpinionFactory(process=process, event=event, question=question, respondent=person)
    FinalCodingFactory(opinion=extra, category=CategoryFactory(process=process, name="Skola"))
    opinion_correct(opinion=extra, text="Rättad text", corrected_by=user, reason="stavfel")
    opinion_correct(opinion=extra, text="Rättad igen", corrected_by=user, reason="stavfel")
    OpinionFactory(process=process, status="excluded", exclusion_reason="Dubblett")
    OpinionFactory(process=process, deleted_at=timezone.now(), deletion_reason="begäran")
    with translation.override(language), django_assert_max_num_queries(12):
        _header, rows = opinion_rows(process)
        rows = list(rows)
    with translation.override(language):
        expected = [
            _as_the_objects_say(opinion)
            for opinion in Opinion.objects.filter(
                process=process, deleted_at__isnull=True
            ).order_by("recorded_at", "pk")
        ]
    assert rows == expected
    assert len(rows) == len(world["opinions"]) + 2
    assert any(row[10] == "Rättad igen" and row[11] != "Rättad igen" for row in rows)
