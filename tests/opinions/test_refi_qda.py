"""The REFI-QDA project (.qdpx) and codebook (.qdc) hold up against the official QDA-XML 1.0
schemas in every case (the demo, an empty process, texts holding characters XML forbids), and
QualCoder's importer finds every coding of the double-coded demo with its own coder."""

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from core.roles import STRATEGIST
from dialogues.models import Process
from opinions.formats.cells import xml_safe
from opinions.formats.codebook_files import PROJECT_NS, to_qdc
from opinions.formats.exports import to_qdpx
from opinions.models import Coding, Opinion
from opinions.services.coding import coding_toggle, memo_write
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "files" / "refi-qda"
Q = f"{{{PROJECT_NS}}}"
# Every character XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets) that a text in
# the database can hold: the C0 controls but tab, line feed and carriage return, and U+FFFE,
# U+FFFF. NUL is left out here: PostgreSQL refuses it in a text, so no opinion can hold it.
FORBIDDEN = [chr(c) for c in range(1, 0x20) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"]


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(xml: bytes, name: str) -> etree._Element:
    root = etree.fromstring(xml)  # raises if the XML is not well-formed
    checker = schema(name)
    assert checker.validate(root), [str(error) for error in checker.error_log]
    return root


def project_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return assert_valid(archive.read("project.qde"), "Project-mrt2019.xsd")


def read_as_qualcoder(data: bytes) -> tuple[Counter, int]:
    """Read a .qdpx as QualCoder's importer does (src/qualcoder/refi.py, load_text_source and
    load_codings_for_text): the text from the file in Sources/; for each PlainTextSelection its
    span and its creatingUser as the coder of every Coding under it; and a coding kept once per
    code, source, span and coder (code_text's unique(cid, fid, pos0, pos1, owner)), a second
    one dropped. Gives (selected text, code, coder) for each coding kept, and how many were
    dropped."""
    kept, seen, dropped = Counter(), set(), 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        users = {u.get("guid"): u.get("name") for u in root.iter(f"{Q}User")}
        codes = {c.get("guid"): c.get("name") for c in root.iter(f"{Q}Code")}
        for source in root.iter(f"{Q}TextSource"):
            path = "Sources/" + source.get("plainTextPath").split("internal://")[1]
            fulltext = archive.read(path).decode("utf-8", errors="replace")
            for selection in source.findall(f"{Q}PlainTextSelection"):
                pos0, pos1 = int(selection.get("startPosition")), int(selection.get("endPosition"))
                owner = users.get(selection.get("creatingUser"), "default")
                for coding in selection.findall(f"{Q}Coding"):
                    code = codes.get(coding[0].get("targetGUID"))
                    key = (code, source.get("guid"), pos0, pos1, owner)
                    if key in seen:
                        dropped += 1
                        continue
                    seen.add(key)
                    kept[(fulltext[pos0:pos1], code, owner)] += 1
    return kept, dropped


def _name(user) -> str:
    return user.get_full_name() or user.username


def test_the_double_coded_demo_is_valid_and_qualcoder_finds_every_coding_with_its_coder():
    call_command("seed_demo", stdout=io.StringIO())
    process = Process.objects.get(slug="sunne-vision-2025")
    data = to_qdpx(process)
    project_of(data)
    assert_valid(to_qdc(process), "Codebook-mrt2019.xsd")

    codings = Coding.objects.filter(opinion__process=process, opinion__deleted_at__isnull=True)
    assert codings.values("opinion").distinct().count() < codings.count()  # double-coded
    expected = Counter(
        (c.opinion.current_text, c.category.name, _name(c.coder))
        for c in codings.select_related("opinion", "category", "coder").prefetch_related(
            "opinion__versions"
        )
    )
    kept, dropped = read_as_qualcoder(data)
    assert dropped == 0
    assert kept == expected
    assert sum(kept.values()) == codings.count()

    again = to_qdpx(process)
    guids = [
        {e.get("guid") for e in project_of(export).iter() if e.get("guid")}
        for export in (data, again)
    ]
    assert guids[0] == guids[1]
    assert len(guids[0]) > codings.count()


def test_an_empty_process_gives_a_valid_project_and_no_invalid_codebook(client):
    process = ProcessFactory(slug="tom", title="Tom dialog")
    root = project_of(to_qdpx(process))
    assert [child.tag for child in root] == []  # no empty Users, CodeBook or Sources

    # Opinions not yet coded, to be coded in NVivo: the texts and who registered them.
    opinion = OpinionFactory(process=process)
    root = project_of(to_qdpx(process))
    assert [child.tag for child in root] == [f"{Q}Users", f"{Q}Sources"]
    assert root.find(f"{Q}Users/{Q}User").get("guid") == root.find(f"{Q}Sources/{Q}TextSource").get(
        "creatingUser"
    )
    assert root.find(f"{Q}Sources/{Q}TextSource").get("name") == f"Synpunkt {opinion.pk}"

    # A codebook with no code is not a REFI-QDA codebook: it is not offered, and asking for
    # it says why instead of handing over a file every program refuses.
    client.force_login(UserFactory(role=STRATEGIST))
    page = client.get(reverse("staff:codebook", args=["tom"])).content.decode()
    assert reverse("staff:codebook_export", args=["tom", "qdc"]) not in page
    response = client.get(reverse("staff:codebook_export", args=["tom", "qdc"]), follow=True)
    assert response.redirect_chain
    assert "en REFI-QDA-kodbok behöver minst en" in response.content.decode()


def test_texts_holding_characters_xml_forbids_give_valid_files_and_stay_as_stored():
    coder = UserFactory(first_name="Sa\x01ra", last_name="S")
    process = ProcessFactory(title="Vision\x0b Sunne")
    category = CategoryFactory(
        process=process, name="Boende\x0c", definition="Att bo\ufffe", include_notes="\x1f"
    )
    texts = [f"Före{char}efter, tecken {ord(char):#x}" for char in FORBIDDEN]
    opinions = [OpinionFactory(process=process, original_text=text) for text in texts]
    for opinion in opinions:
        coding_toggle(opinion=opinion, category=category, coder=coder, seen=None)
    memo_write(opinion=opinions[0], text="Minne\x02s\uffffanteckning", by=coder, seen=None)

    data = to_qdpx(process)
    root = project_of(data)
    assert_valid(to_qdc(process), "Codebook-mrt2019.xsd")
    kept, dropped = read_as_qualcoder(data)
    assert dropped == 0
    assert kept == Counter((xml_safe(text), "Boende\ufffd", "Sa\ufffdra S") for text in texts)
    assert root.get("name") == "Vision\ufffd Sunne"
    assert root.find(f"{Q}Sources/{Q}TextSource/{Q}Description").text == (
        "Minne\ufffds\ufffdanteckning"
    )
    # The record itself is untouched: the export replaced the characters, nothing else did.
    stored = Opinion.objects.filter(process=process).order_by("pk")
    assert [o.original_text for o in stored] == texts


def test_xml_safe_replaces_exactly_what_xml_forbids():
    allowed = "\t\n\r Åäö€ \ud7ff\ue000\ufffd\U0001f600"
    assert xml_safe(allowed) == allowed
    forbidden = "\x00" + "".join(FORBIDDEN) + "\ud800"
    assert xml_safe(forbidden) == "\ufffd" * len(forbidden)
    assert xml_safe("") == ""
