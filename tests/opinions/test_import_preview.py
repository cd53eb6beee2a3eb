"""The import preview tells before anything is saved what the import will do: how many opinions
it creates, how many of them are excluded and why, and what was imported before; and a file
with problems leaves the choices made for it in place."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opinions.models import ImportRun, Opinion
from tests.factories import DialogueEventFactory, GuidingQuestionFactory, ProcessFactory

pytestmark = pytest.mark.django_db

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


@pytest.fixture
def process(db):
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    GuidingQuestionFactory(process=process, text="Hur vill du att Sunne ska se ut?", order=1)
    return process


def text_of(response) -> str:
    """The page's text as a reader sees it, tags and spacing left out."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def preview(client, data: bytes, name="comments.csv", **fields):
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(url, {"file": upload, "format": "auto", **fields})


def test_the_preview_of_a_polis_export_tells_what_the_import_will_do(administrator_client, process):
    data = (POLIS / "bg2050-volunteers" / "comments.csv").read_bytes()
    first = preview(administrator_client, data)
    text = text_of(first)
    assert "Alla rader kan importeras" not in text
    assert "371 rader lästa" in text
    assert "316 synpunkter skapas" in text
    assert (
        "55 synpunkter sparas som uteslutna och räknas inte: "
        "Avvisad av moderatorn i Polis (moderated = -1)."
    ) in text
    assert "64 nya deltagare" in text
    assert not Opinion.objects.exists()  # nothing saved by looking
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    administrator_client.post(url, {"token": first.context["token"], "confirm": "1"})
    assert ImportRun.objects.get().status == "done"
    assert Opinion.objects.count() == 371

    again = text_of(preview(administrator_client, data))
    assert "371 rader har importerats förut och hoppas över" in again
    assert "Inget nytt att importera" in again
    assert "synpunkter skapas" not in again
    assert Opinion.objects.count() == 371


def test_a_newer_export_tells_only_its_new_comments_apart(administrator_client, process):
    with (POLIS / "bg2050-volunteers" / "comments.csv").open(newline="") as file:
        header, *rows = list(csv.reader(file))

    def export(some) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows([header, *some])
        return out.getvalue().encode()

    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    token = preview(administrator_client, export(rows[:-20])).context["token"]
    administrator_client.post(url, {"token": token, "confirm": "1"})
    rejected = sum(row[header.index("moderated")] == "-1" for row in rows[-20:])  # 4
    text = text_of(preview(administrator_client, export(rows)))
    assert "351 rader har importerats förut och hoppas över" in text
    assert f"{20 - rejected} synpunkter skapas" in text
    assert f"{rejected} synpunkter sparas som uteslutna" in text


def test_a_file_with_problems_keeps_the_event_and_kind_chosen(administrator_client, process):
    DialogueEventFactory(process=process, slug="lysvik", title="Lanthandeln i Lysvik")
    chosen = DialogueEventFactory(process=process, slug="grasmark", title="Gräsmarks bygdegård")
    bad = "Fråga,Synpunkt\n9,Fler bussar.\n".encode()
    response = preview(
        administrator_client, bad, name="blankett.csv", event=chosen.pk, format="csv"
    )
    assert response.context["problems"]
    # The form to choose the corrected file has the event and the kind of file chosen before.
    html = response.content.decode()
    assert f'<option value="{chosen.pk}" selected>Gräsmarks bygdegård</option>' in html
    assert '<option value="csv" selected>' in html


def test_the_first_rows_show_which_have_problems_and_the_respondent_as_the_file_names_them(
    administrator_client, process
):
    """Found in a browser walk: in "The first rows" a row with problems read "registered",
    beside the problems listed above it, and the respondent read "file:1ef88779dd8658ac:101",
    an internal key, where the file said 101."""
    data = "Synpunkt,Deltagare,Ålder\nFler bussar.,101,30-44\nBättre vägar.,102,hundra\n"
    text = text_of(preview(administrator_client, data.encode()))
    assert "2 Fler bussar. 101 registreras" in text
    assert "3 Bättre vägar. 102 har problem (se ovan)" in text
    assert "file:" not in text
