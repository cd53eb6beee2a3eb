"""The archive of a process: export, restore into an empty database, export again, and the
two archives hold the same data, file for file."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.backup import ArchiveError, export_archive, restore_archive
from dialogues.models import EventAttachment, Process
from opinions.models import Opinion, RespondentContact
from strategy.models import Response, ReviewComment
from tests.factories import EventAttachmentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def contents(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        files = {name: opened.read(name) for name in opened.namelist()}
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("made")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    process = Process.objects.get(slug="sunne-vision-2025")
    event = process.events.first()
    EventAttachmentFactory(event=event, uploaded_by=UserFactory(username="kim"))
    response = Response.objects.filter(consultation__strategy__process=process).first()
    response.file.save("svar.pdf", ContentFile(b"%PDF-1.4\nremissvar\n%%EOF\n"))
    # A time to the microsecond, below a millisecond: kept exactly.
    first = Opinion.objects.filter(process=process).order_by("pk").first()
    Opinion.objects.filter(pk=first.pk).update(recorded_at=first.recorded_at.replace(microsecond=7))
    return process


def test_export_restore_export_gives_the_same_archive(demo, tmp_path):
    path = tmp_path / "sunne.zip"
    call_command("export_process", demo.slug, "--format", "archive", "--output", str(path))
    first = path.read_bytes()
    opinions = Opinion.objects.filter(process=demo).count()
    exact = Opinion.objects.filter(process=demo).order_by("pk").values_list("pk", "recorded_at")[0]
    files = [a.file.name for a in EventAttachment.objects.all()]

    call_command("flush", "--no-input")  # an empty, migrated database
    for name in files:
        default_storage.delete(name)
    out = io.StringIO()
    call_command("import_archive", str(path), stdout=out)
    assert "Restored “Vision 2025" in out.getvalue()

    restored = Process.objects.get(slug=demo.slug)
    assert Opinion.objects.filter(process=restored).count() == opinions == 1080
    assert Opinion.objects.get(pk=exact[0]).recorded_at == exact[1]
    assert default_storage.exists(files[0])
    # A review comment keeps the section it is about.
    assert ReviewComment.objects.filter(section="goal-2").count() == 1
    second = export_archive(restored)
    a, b = contents(first), contents(second)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name
    # The restored database goes on: new records get new ids (the sequences were moved on).
    Opinion.objects.create(
        process=restored,
        original_text="Efter återställningen.",
        recorded_by=UserFactory(),
        recorded_at=restored.created_at,
    )
    # What the manifest promises: checksums, counts, and the strategy's documents.
    manifest = json.loads(a["manifest.json"])
    assert manifest["counts"]["opinions.opinion"] == 1080
    assert any(name.startswith("documents/version-") for name in a)
    assert any(name.startswith("files/responses/") for name in a)


def test_contacts_for_feedback_are_never_archived(demo):
    respondent = demo.respondents.first()
    RespondentContact.objects.create(
        respondent=respondent,
        email="karin@example.se",
        consent_given_at="2013-04-13T10:00:00Z",
        retain_until="2015-04-13",
    )
    archive = export_archive(demo)
    assert b"karin@example.se" not in b"".join(contents(archive).values())


def test_a_changed_archive_or_a_database_in_use_restores_nothing(demo):
    archive = export_archive(demo)
    # Into this database, which is not empty: refused.
    with pytest.raises(ArchiveError, match="not empty"):
        restore_archive(archive)
    call_command("flush", "--no-input")
    # One opinion changed inside the archive: its checksum no longer holds.
    tampered = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(tampered, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if "opinions.opinion.json" in item.filename:
                data = data.replace(b"Handla lokalt", b"Handla globalt", 1)
            target.writestr(item, data)
    with pytest.raises(ArchiveError, match="checksum"):
        restore_archive(tampered.getvalue())
    assert not Process.objects.exists()
    with pytest.raises(ArchiveError, match="manifest"):
        restore_archive(b"PK not really a zip")


def test_the_command_says_what_is_wrong(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"nothing")
    with pytest.raises(CommandError, match=r"broken\.zip: This is not an archive"):
        call_command("import_archive", str(path))


def english_texts() -> dict:
    """Every English text of the translated models, by model, row and field."""
    from modeltranslation.translator import translator

    found = {}
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).fields
        for row in model.objects.rewrite(False).all():
            for name in fields:
                found[(model.__name__, row.pk, name)] = (
                    getattr(row, f"{name}_sv"),
                    getattr(row, f"{name}_en"),
                )
    return found


def test_the_english_texts_are_archived_and_restored(demo):
    from django.utils import translation

    with translation.override("en"):  # made from the English staff pages: the same archive
        archive = export_archive(demo)
    assert contents(archive) == contents(export_archive(demo))
    before = english_texts()
    assert sum(1 for _sv, en in before.values() if en) > 150
    call_command("flush", "--no-input")
    restore_archive(archive)
    after = english_texts()
    assert {key: value for key, value in after.items() if key in before} == {
        key: value for key, value in before.items() if key in after
    }
    restored = Process.objects.get(slug=demo.slug)
    assert restored.title_en == "Vision 2025 – Sunne municipality's strategy"
    assert restored.questions.filter(text_en="").count() == 0


def as_version_1(archive: bytes) -> bytes:
    """The same archive as version 1 wrote it: each kind one JSON document, `.json`."""
    files, listed = {}, {}
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        manifest = json.loads(source.read("manifest.json"))
        for name in manifest["files"]:
            data = source.read(name)
            if name.endswith(".jsonl"):
                records = [json.loads(line) for line in data.decode().splitlines()]
                name, data = name.removesuffix("l"), json.dumps(records, indent=1).encode()
            files[name] = data
            listed[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest.update(version=1, files=listed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("manifest.json", json.dumps(manifest))
        for name, data in files.items():
            target.writestr(name, data)
    return out.getvalue()


def test_an_archive_written_by_version_1_is_still_restored(demo):
    """Archives outlive the system: one written before records went a line each (version 2)
    restores to the same records."""
    archive = export_archive(demo)
    old = as_version_1(archive)
    assert any(
        name.endswith("opinions.opinion.json")
        for name in zipfile.ZipFile(io.BytesIO(old)).namelist()
    )
    call_command("flush", "--no-input")
    restored = restore_archive(old)
    assert contents(export_archive(restored.process)) == contents(archive)
