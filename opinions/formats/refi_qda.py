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
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable

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


def _text_source(opinion, process: Process) -> tuple[ET.Element, str, str]:
    """One opinion as a TextSource with its memo and a selection per coding; its GUID and
    text."""
    source_guid = guid("opinion", opinion.pk, process)
    text = plain_text(opinion.current_text)
    source = ET.Element(
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
    return source, source_guid, text


def _fragment(element: ET.Element) -> bytes:
    """An element as it stands inside the project: in the project's namespace, which the
    project element declares once (ElementTree declares it, as the default namespace that
    write_qdpx registers, on the element it writes: the first thing after its name)."""
    text = ET.tostring(element, encoding="unicode")
    return text.replace(f' xmlns="{PROJECT_NS}"', "", 1).encode("utf-8")


def write_qdpx(process: Process, opinions: Iterable, target) -> None:
    """`project.qde` with the users, the codebook and one text source per opinion (its whole
    text one selection per coding), and the texts in `Sources/`, written into `target` as the
    opinions come: each source's element waits in a temporary file, not in memory, until the
    users are known, who come first in the project."""
    ET.register_namespace("", PROJECT_NS)
    user_ids: set[int] = set()
    count = 0
    with (
        tempfile.TemporaryFile() as sources,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for opinion in opinions:
            element, source_guid, text = _text_source(opinion, process)
            sources.write(_fragment(element))
            archive.writestr(f"Sources/{source_guid}.txt", text.encode("utf-8"))
            user_ids.add(opinion.recorded_by_id)
            user_ids.update(coding.coder_id for coding in opinion.codings.all())
            count += 1
        head, tail = _project(process, user_ids - {None}, with_sources=bool(count))
        with archive.open("project.qde", "w", force_zip64=True) as project:
            project.write(head)
            sources.seek(0)
            shutil.copyfileobj(sources, project)
            project.write(tail)


SOURCES = "<Sources />"


def _project(process: Process, user_ids: set[int], *, with_sources: bool) -> tuple[bytes, bytes]:
    """The project element, its users and codebook written, as the text before and after its
    sources."""
    root = ET.Element(
        f"{Q}Project",
        name=xml_safe(process.title),
        origin="Sunnemodellen",
        creationDateTime=timezone.now().isoformat(timespec="seconds"),
    )
    users = get_user_model().objects.in_bulk(user_ids)
    if users:
        element = ET.SubElement(root, f"{Q}Users")
        for pk in sorted(users):
            ET.SubElement(
                element,
                f"{Q}User",
                guid=guid("user", pk, process),
                name=xml_safe(_name(users[pk])),
            )
    entries = categories(process)
    if entries:
        code_elements(ET.SubElement(root, f"{Q}CodeBook"), process, PROJECT_NS, entries)
    if with_sources:
        ET.SubElement(root, f"{Q}Sources")
    ET.register_namespace("", PROJECT_NS)  # again: a codebook's export may have taken "" since
    text = ET.tostring(root, encoding="unicode", xml_declaration=True)
    if not with_sources:
        return text.encode("utf-8"), b""
    head, tail = text.split(SOURCES)
    return f"{head}<Sources>".encode(), f"</Sources>{tail}".encode()


def to_qdpx(process: Process, opinions: Iterable) -> bytes:
    """The project as bytes, for what is small enough to hold (tests)."""
    out = io.BytesIO()
    write_qdpx(process, opinions, out)
    return out.getvalue()
