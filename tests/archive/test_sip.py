"""The e-archive package (E-ARK SIP) of the adopted demo process: it validates against the
METS schema, every file is listed with a checksum that matches and every listed file is there,
every document is a PDF/A, every opinion can be read back as it was registered, and no contact
for feedback is in it. The package is made once for the module (the demo has 1080 opinions and
the documents take a few seconds to render)."""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from pypdf import PdfReader

from archive.models import ArchivePackage
from dialogues.models import Process
from opinions.models import Opinion, RespondentContact

SCHEMAS = Path(__file__).resolve().parents[2] / "archive" / "schemas"
NS = {
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "premis": "http://www.loc.gov/premis/v3",
}
HREF = "{http://www.w3.org/1999/xlink}href"
# The database is set up for this module's tests (pytest-django sets it up only for tests that
# ask); the package itself is made once, outside any test's transaction, by the fixture below.
pytestmark = pytest.mark.django_db
CONTACTS = [("karin.kontakt@example.se", "070-123 45 67"), ("", "+46 565 16 00 00")]


def mets_schema() -> etree.XMLSchema:
    """METS 1.12 with the CSIP extension's attributes, all from the local copies: mets.xsd
    imports XLink from a web address, which is pointed at the file beside it."""
    mets = etree.parse(str(SCHEMAS / "mets.xsd"))
    for element in mets.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        if element.get("namespace") == NS["xlink"]:
            element.set("schemaLocation", (SCHEMAS / "xlink.xsd").as_uri())
    wrapper = etree.XML(
        f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xs:import namespace="https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
                   schemaLocation="{(SCHEMAS / "DILCISExtensionMETS.xsd").as_uri()}"/>
        </xs:schema>"""
    )
    etree.XMLSchema(wrapper)  # the extension is well-formed on its own
    return etree.XMLSchema(mets)


@pytest.fixture(scope="module")
def sip(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once, with contacts for feedback; its package made by the command;
    what the tests compare it with read from the database; and the database emptied after."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        process = Process.objects.get(slug="sunne-vision-2025")
        for respondent, (email, phone) in zip(process.respondents.all(), CONTACTS, strict=False):
            RespondentContact.objects.create(
                respondent=respondent,
                email=email,
                phone=phone,
                consent_given_at="2013-04-13T10:00:00Z",
                retain_until="2015-04-13",
            )
        path = tmp_path_factory.mktemp("sip") / "sunne.zip"
        out = io.StringIO()
        call_command(
            "export_process", process.slug, "--format", "sip", "--output", str(path), stdout=out
        )
        opinions = {
            pk: (text, event, recorded_at.isoformat())
            for pk, text, event, recorded_at in Opinion.objects.filter(process=process).values_list(
                "pk", "original_text", "event__title", "recorded_at"
            )
        }
        recorded = list(ArchivePackage.objects.values("process__slug", "path", "size", "sha256"))
        yield {
            "zip": path.read_bytes(),
            "output": out.getvalue(),
            "opinions": opinions,
            "recorded": recorded,
        }
        call_command("flush", "--no-input")
        # The flush empties what the migrations wrote too: the role groups, which the tests of
        # other modules that run after this one (in one database) expect.
        groups = importlib.import_module("core.migrations.0001_create_role_groups")
        groups.create_role_groups(django_apps, None)


@pytest.fixture(scope="module")
def files(sip) -> dict[str, bytes]:
    """The package's files by their path in its root folder; the zip has that one folder."""
    with zipfile.ZipFile(io.BytesIO(sip["zip"])) as archive:
        names = archive.namelist()
        roots = {name.split("/", 1)[0] for name in names}
        assert len(roots) == 1, roots
        root = roots.pop()
        return {name.removeprefix(f"{root}/"): archive.read(name) for name in names}


def listed(files: dict[str, bytes]) -> dict[str, tuple[str, int]]:
    """Every file the package's METS files list (fileSec and metadata references), by its
    path from the package's root: (SHA-256, size)."""
    found = {}
    for mets_path in [p for p in files if p.endswith("METS.xml")]:
        folder = mets_path.removesuffix("METS.xml")
        tree = etree.fromstring(files[mets_path])
        for element in tree.iterfind(".//mets:file", NS):
            location = element.find("mets:FLocat", NS).get(HREF)
            assert element.get("CHECKSUMTYPE") == "SHA-256"
            found[folder + location] = (element.get("CHECKSUM"), int(element.get("SIZE")))
        for element in tree.iterfind(".//mets:mdRef", NS):
            assert element.get("CHECKSUMTYPE") == "SHA-256"
            found[folder + element.get(HREF)] = (element.get("CHECKSUM"), int(element.get("SIZE")))
    return found


def test_the_command_says_what_it_wrote_and_the_package_is_recorded(sip):
    assert "sip" in sip["output"]
    [package] = sip["recorded"]
    assert package["process__slug"] == "sunne-vision-2025"
    assert package["size"] == len(sip["zip"])
    assert package["sha256"] == hashlib.sha256(sip["zip"]).hexdigest()


def test_mets_validates_against_the_mets_schema(files):
    schema = mets_schema()
    for path in ["METS.xml", "representations/rep1/METS.xml"]:
        document = etree.fromstring(files[path])
        assert schema.validate(document), (path, schema.error_log)
    root = etree.fromstring(files["METS.xml"])
    assert root.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    header = root.find("mets:metsHdr", NS)
    assert header.get("{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}OAISPACKAGETYPE") == "SIP"
    assert root.find("mets:structMap", NS).get("LABEL") == "CSIP"


def test_every_file_is_listed_with_a_checksum_that_matches(files):
    found = listed(files)
    assert set(found) == set(files) - {"METS.xml"}
    for path, (checksum, size) in found.items():
        assert hashlib.sha256(files[path]).hexdigest() == checksum, path
        assert len(files[path]) == size, path


def test_the_package_holds_the_data_the_documents_and_their_descriptions(files):
    data = {p.removeprefix("representations/rep1/data/") for p in files if "/data/" in p}
    for table in [
        "opinions", "respondents", "events", "questions", "codebook", "codings",
        "final_codings", "goals", "targets", "remiss_responses", "remiss_dispositions",
        "decisions", "strategy_versions",
    ]:  # fmt: skip
        assert f"{table}.csv" in data
    documents = {name for name in data if name.startswith("documents/")}
    assert "documents/feedback-brochure.pdf" in documents
    assert "documents/consultation-summary-1.pdf" in documents
    assert "documents/decision-1.pdf" in documents
    versions = list(
        csv.DictReader(
            io.StringIO(files["representations/rep1/data/strategy_versions.csv"].decode())
        )
    )
    assert versions
    for version in versions:
        assert f"documents/strategy-version-{version['number']}.pdf" in documents
    described = json.loads(files["representations/rep1/schemas/tables.csv-metadata.json"])
    urls = {table["url"] for table in described["tables"]}
    assert urls == {f"../data/{name}" for name in data if name.endswith(".csv")}
    retention = list(csv.DictReader(io.StringIO(files["metadata/other/retention.csv"].decode())))
    rules = {row["record_class"]: row for row in retention}
    assert rules["opinions"]["retention"] == "Bevaras."
    assert "data/opinions.csv" in rules["opinions"]["files"]
    assert rules["feedback_contacts"]["delivered"] == "false"
    premis = etree.fromstring(files["metadata/preservation/premis.xml"])
    kinds = [e.text for e in premis.iterfind(".//premis:event/premis:eventType", NS)]
    assert "creation" in kinds
    assert "information package creation" in kinds


def test_every_document_is_a_pdf_a(files):
    documents = [p for p in files if p.endswith(".pdf")]
    assert len(documents) >= 4
    for path in documents:
        reader = PdfReader(io.BytesIO(files[path]))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r'pdfaid:part(="|>)2', xmp), path
        assert re.search(r'pdfaid:conformance(="|>)[AB]', xmp), path
        assert reader.pages, path


def test_every_opinion_is_read_back_as_registered(sip, files):
    tables = "representations/rep1/data/"
    events = {
        row["id"]: row["title"]
        for row in csv.DictReader(io.StringIO(files[tables + "events.csv"].decode()))
    }
    rows = list(csv.DictReader(io.StringIO(files[tables + "opinions.csv"].decode())))
    read_back = {
        int(row["id"]): (row["original_text"], events[row["event_id"]], row["recorded_at"])
        for row in rows
    }
    assert len(rows) == 1080
    assert read_back == sip["opinions"]


def test_no_contact_for_feedback_is_in_the_package(files):
    texts = []
    for path, data in files.items():
        if path.endswith(".pdf"):
            texts.append("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
        else:
            texts.append(data.decode())
    everything = "\n".join(texts)
    for email, phone in CONTACTS:
        if email:
            assert email not in everything
        if phone:
            assert phone not in everything
            assert re.sub(r"\D", "", phone) not in re.sub(r"[ \-]", "", everything)


def test_an_administrator_makes_a_package_from_the_process_page_and_downloads_it(
    sip, client, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    process = Process.objects.get(slug="sunne-vision-2025")
    strategist = UserFactory(username="sip-strategist", role="strategist")
    administrator = UserFactory(username="sip-admin", role="administrator")
    for user in (strategist, administrator):  # of the process's team, if it has one
        process.team.create(user=user, added_by=administrator)
    client.force_login(strategist)
    page = client.get(f"/staff/processes/{process.slug}/")
    assert "Gör ett e-arkivpaket" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at once in tests
        response = client.post(f"/staff/processes/{process.slug}/e-archive/", follow=True)
    assert response.status_code == 200
    package = ArchivePackage.objects.get(created_by=strategist)
    assert package.status == "done"
    assert len(package.sha256) == 64
    # Only an administrator downloads it, and gets the bytes the checksum is of.
    assert client.get(f"/staff/e-archive/{package.pk}.zip").status_code == 403
    client.force_login(administrator)
    download = client.get(f"/staff/e-archive/{package.pk}.zip")
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == package.sha256
    # IT's page lists it with its checksum.
    assert package.sha256 in client.get("/staff/it/").content.decode()


def test_a_process_not_yet_adopted_gets_no_package(sip, client, tmp_path):
    from tests.factories import UserFactory

    process = Process.objects.get(slug="sunne-vision-2025")
    Process.objects.filter(pk=process.pk).update(stage="consultation")
    client.force_login(UserFactory(username="sip-admin-2", role="administrator"))
    assert client.post(f"/staff/processes/{process.slug}/e-archive/").status_code == 403
    assert "e-arkivpaket" not in client.get(f"/staff/processes/{process.slug}/").content.decode()
    with pytest.raises(CommandError, match="not adopted"):
        call_command(
            "export_process", process.slug, "--format", "sip", "--output", str(tmp_path / "x.zip")
        )
