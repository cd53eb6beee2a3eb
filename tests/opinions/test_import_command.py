"""`import_opinions` on the real Polis exports in ../shared/data/polis."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from opinions.models import Opinion, OpinionImport, Respondent
from tests.factories import DialogueEventFactory, ProcessFactory

pytestmark = pytest.mark.django_db

POLIS = Path(settings.BASE_DIR) / "tests" / "data" / "polis"
CONVERSATIONS = [
    # folder, opinions, authors, moderated -1 (from the data's README)
    ("bg2050-volunteers", 371, 64, 55),
    ("austria-climate.9xnndurbfm.2022-07-07", 1452, 529, 651),
    ("scoop-hivemind.biodiversity", 316, 97, 162),
]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_opinions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("folder", "opinions", "authors", "rejected"), CONVERSATIONS)
def test_each_polis_export_imports_with_the_right_counts_and_only_once(
    folder, opinions, authors, rejected
):
    process = ProcessFactory(slug="polis")
    DialogueEventFactory(process=process, slug="polis-online", kind="online")
    path = POLIS / folder / "comments.csv"
    output = run(str(path), "--process", "polis", "--event", "polis-online")
    assert output.strip() == (
        f"comments.csv: created {opinions} opinions ({rejected} excluded) and {authors} "
        "respondents; 0 were already imported."
    )
    assert Opinion.objects.count() == opinions
    assert Respondent.objects.count() == authors
    excluded = Opinion.objects.filter(status="excluded")
    assert excluded.count() == rejected
    assert set(excluded.values_list("exclusion_reason", flat=True)) == {
        "Avvisad av moderatorn i Polis (moderated = -1)."
    }

    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for row in rows[:: max(1, len(rows) // 25)]:  # the text, the author and the id, kept as said
        opinion = Opinion.objects.get(polis_id=row["comment-id"])
        assert opinion.original_text == row["comment-body"].strip()
        assert opinion.respondent.external_id.endswith(f":{row['author-id']}")
        assert opinion.source == "polis"
        assert (opinion.status == "excluded") == (row["moderated"] == "-1")

    record = OpinionImport.objects.get()
    assert (record.file_name, record.format, record.opinions, record.excluded) == (
        "comments.csv",
        "polis",
        opinions,
        rejected,
    )

    again = run(str(path), "--process", "polis", "--event", "polis-online")
    assert f"created 0 opinions (0 excluded) and 0 respondents; {opinions} were already" in again
    assert Opinion.objects.count() == opinions
    assert Respondent.objects.count() == authors


def test_a_second_conversation_in_the_same_event_is_refused_not_swallowed():
    process = ProcessFactory(slug="polis")
    run(str(POLIS / "bg2050-volunteers" / "comments.csv"), "--process", "polis")
    with pytest.raises(CommandError, match="nothing was imported"):
        run(str(POLIS / "scoop-hivemind.biodiversity" / "comments.csv"), "--process", "polis")
    assert Opinion.objects.count() == 371
    assert process.respondents.count() == 64


def test_a_dry_run_checks_and_saves_nothing():
    ProcessFactory(slug="polis")
    output = run(
        str(POLIS / "bg2050-volunteers" / "comments.csv"), "--process", "polis", "--dry-run"
    )
    assert "371 rows can be imported (dry run: nothing saved)" in output
    assert not Opinion.objects.exists()
    assert not Respondent.objects.exists()


def test_unknown_process_and_event_are_named():
    with pytest.raises(CommandError, match="no process with the short name “nope”"):
        run(str(POLIS / "bg2050-volunteers" / "comments.csv"), "--process", "nope")
    ProcessFactory(slug="polis")
    with pytest.raises(CommandError, match="no event with the short name “nope”"):
        run(
            str(POLIS / "bg2050-volunteers" / "comments.csv"),
            "--process",
            "polis",
            "--event",
            "nope",
        )
