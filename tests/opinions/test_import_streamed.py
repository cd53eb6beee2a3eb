"""A CSV file of any size imported from the shell (`import_opinions`): read, checked and written
a few rows at a time inside one transaction (issue #19), so that the memory it takes does not
grow with the file. Every guarantee of an import holds across those parts: all or nothing,
one respondent for all of a person's rows, a repeated row found wherever it is, the same file
twice stored once."""

import io

import pytest
from django.core.management import CommandError, call_command

from opinions.models import Opinion, OpinionImport, Respondent
from opinions.services import file_imports as imports
from tests.factories import GuidingQuestionFactory, ProcessFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "Synpunkt;Fråga;Deltagare;Ålder;Får publiceras\n"


@pytest.fixture
def process(db, monkeypatch):
    monkeypatch.setattr(imports, "STREAM_ROWS", 7)  # many parts from a small file
    process = ProcessFactory(slug="sunne")
    GuidingQuestionFactory(process=process, order=1)
    return process


def write(tmp_path, rows: list[str], encoding: str = "utf-8", name: str = "synpunkter.csv"):
    path = tmp_path / name
    path.write_bytes((HEADER + "".join(row + "\n" for row in rows)).encode(encoding))
    return path


def run(path, *args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_opinions", str(path), "--process", "sunne", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def rows(count: int) -> list[str]:
    """Three opinions from each person, the person's rows far apart in the file."""
    people = count // 3
    return [f"Fler bänkar vid ån nummer {n};1;{n % people};30–44;ja" for n in range(count)]


def test_a_file_larger_than_an_upload_may_be_is_imported_from_the_shell(
    tmp_path, process, settings
):
    settings.IMPORT_MAX_BYTES = 2_000  # an upload of this file would be refused
    path = write(tmp_path, rows(90))
    assert path.stat().st_size > settings.IMPORT_MAX_BYTES
    output = run(path)
    assert output.strip() == (
        "synpunkter.csv: created 90 opinions (0 excluded) and 30 respondents; "
        "0 were already imported."
    )
    # A person whose rows lie in different parts of the file is one respondent.
    assert Respondent.objects.count() == 30
    assert all(r.opinions.count() == 3 for r in Respondent.objects.all())
    assert list(Opinion.objects.order_by("source_row").values_list("source_row", flat=True)) == (
        list(range(2, 92))
    )
    assert OpinionImport.objects.get().rows == 90
    # The same file again: nothing new.
    assert "created 0 opinions (0 excluded) and 0 respondents; 90 were already imported" in run(
        path
    )
    assert Opinion.objects.count() == 90


def test_a_row_repeated_far_from_its_first_is_refused_and_nothing_is_saved(tmp_path, process):
    lines = rows(40)
    lines.append(lines[3])  # row 5 again, as row 42, many parts later
    path = write(tmp_path, lines)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_opinions", str(path), "--process", "sunne", stderr=err)
    assert err.getvalue().startswith("synpunkter.csv: Rad 42: raden upprepar rad 5 ")
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()
    assert not OpinionImport.objects.exists()


def test_a_bad_row_at_the_end_takes_back_the_parts_written_before_it(tmp_path, process):
    lines = [*rows(30), "Fler cykelvägar;9;1;30–44;ja"]  # no question 9, row 32
    path = write(tmp_path, lines)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_opinions", str(path), "--process", "sunne", stderr=err)
    assert "Rad 32, kolumn ”Fråga”: ”9” är inte en av processens frågor" in err.getvalue()
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()


def test_a_null_character_far_into_the_file_is_named_and_nothing_is_saved(tmp_path, process):
    """Only the file's first block is looked at to tell text from binary; a NUL byte later on
    is named by its row, not met by PostgreSQL (which cannot store it) as a lost database."""
    lines = [*rows(300), "Mer\x00 ljus;1;1;30–44;ja"]  # row 302, past the first 4 KiB
    path = write(tmp_path, lines)
    assert path.read_bytes().index(b"\x00") > 4096
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_opinions", str(path), "--process", "sunne", stderr=err)
    assert "Rad 302, kolumn ”Synpunkt”: cellen innehåller ett nolltecken (byte 0)" in err.getvalue()
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()


def test_a_dry_run_reads_every_row_and_saves_nothing(tmp_path, process):
    path = write(tmp_path, rows(30))
    assert "30 rows can be imported (dry run: nothing saved)" in run(path, "--dry-run")
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()


def test_a_windows_file_is_read_in_its_encoding(tmp_path, process):
    path = write(tmp_path, ["Bättre gång- och cykelvägar i Östra Ämtervik;1;1;30–44;ja"], "cp1252")
    run(path)
    assert Opinion.objects.get().original_text == "Bättre gång- och cykelvägar i Östra Ämtervik"
