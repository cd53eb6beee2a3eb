"""A process's opinions and their coding as a REFI-QDA 1.0 project (.qdpx), which NVivo,
ATLAS.ti, MAXQDA and QualCoder open.

What the importers need, and the schema (QDA-XML 1.0, Project-mrt2019.xsd) requires:

- an empty part is left out, never written empty: a process with no coder has no <Users>, one
  with no category no <CodeBook>, one with no opinion no <Sources> (each would need at least
  one child);
- one <PlainTextSelection> per coding, made by that coding's coder: QualCoder takes the coder
  of a coding from its selection's creatingUser and keeps one coding per code, text, span and
  coder, so two coders under one selection would lose the second coder's work;
- text XML can hold: what XML 1.0 forbids is replaced (`cells.xml_safe`), one character for
  one, and line ends are written as "\\n" (a client reading with universal newlines counts
  "\\r\\n" as one character), so that the selection's positions match the text file;
- GUIDs derived from the records (`codebook_files.guid`): the same opinion, category, coder
  and coding get the same GUID in every export, so a second export updates the first.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogues.models import Process
from opinions.formats.cells import xml_safe
from opinions.formats.codebook_files import PROJECT_NS, categories, code_elements, guid

Q = f"{{{PROJECT_NS}}}"


def _name(user) -> str:
    return user.get_full_name() or user.username


def plain_text(text: str) -> str:
    """The text of a source as the project holds it: XML-safe, with "\\n" line ends."""
    return xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))


def _text_source(sources: ET.Element, opinion, process: Process) -> tuple[str, str]:
    """One opinion as a TextSource with its memo and a selection per coding; its GUID and
    text."""
    source_guid = guid("opinion", opinion.pk, process)
    text = plain_text(opinion.current_text)
    source = ET.SubElement(
        sources,
        f"{Q}TextSource",
        guid=source_guid,
        name=_("Opinion %(id)d") % {"id": opinion.pk},
        plainTextPath=f"internal://{source_guid}.txt",
        creatingUser=guid("user", opinion.recorded_by_id, process),
        creationDateTime=opinion.recorded_at.isoformat(timespec="seconds"),
    )
    memo = getattr(opinion, "memo", None)
    if memo:
        ET.SubElement(source, f"{Q}Description").text = xml_safe(memo.text)
    for coding in opinion.codings.all():
        coder = guid("user", coding.coder_id, process)
        coded_at = coding.coded_at.isoformat(timespec="seconds")
        selection = ET.SubElement(
            source,
            f"{Q}PlainTextSelection",
            guid=guid("selection", coding.pk, process),
            name=text[:60],
            startPosition="0",
            endPosition=str(len(text)),
            creatingUser=coder,
            creationDateTime=coded_at,
        )
        element = ET.SubElement(
            selection,
            f"{Q}Coding",
            guid=guid("coding", coding.pk, process),
            creatingUser=coder,
            creationDateTime=coded_at,
        )
        ET.SubElement(
            element, f"{Q}CodeRef", targetGUID=guid("category", coding.category_id, process)
        )
    return source_guid, text


def _users(opinions: list) -> list:
    """Everyone who coded or registered one of the opinions."""
    users = {c.coder_id: c.coder for o in opinions for c in o.codings.all()}
    recorders = {o.recorded_by_id for o in opinions} - set(users)
    users.update(get_user_model().objects.in_bulk(recorders))
    return sorted(users.values(), key=lambda user: user.pk)


def to_qdpx(process: Process, opinions: list) -> bytes:
    """`project.qde` with the users, the codebook and one text source per opinion (its whole
    text one selection per coding), and the texts in `Sources/`."""
    ET.register_namespace("", PROJECT_NS)
    root = ET.Element(
        f"{Q}Project",
        name=xml_safe(process.title),
        origin="Sunnemodellen",
        creationDateTime=timezone.now().isoformat(timespec="seconds"),
    )
    users = _users(opinions)
    if users:
        element = ET.SubElement(root, f"{Q}Users")
        for user in users:
            ET.SubElement(
                element, f"{Q}User", guid=guid("user", user.pk, process), name=xml_safe(_name(user))
            )
    entries = categories(process)
    if entries:
        code_elements(ET.SubElement(root, f"{Q}CodeBook"), process, PROJECT_NS, entries)
    files = {}
    if opinions:
        sources = ET.SubElement(root, f"{Q}Sources")
        for opinion in opinions:
            source_guid, text = _text_source(sources, opinion, process)
            files[f"Sources/{source_guid}.txt"] = text
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(root, encoding="utf-8", xml_declaration=True))
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()
