"""The codebook in and out: CSV, and the REFI-QDA codebook exchange format (.qdc) that NVivo,
ATLAS.ti, MAXQDA and QualCoder read and write."""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dialogues.models import Process
from opinions.formats.cells import xml_safe
from opinions.models import Category

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


PROJECT_NS = "urn:QDA-XML:project:1.0"


GUIDS = uuid.UUID("6a1f8f4e-2d55-4f5e-9d4c-5b1f1a0c9e01")


CSV_COLUMNS = ["name", "parent", "definition", "include", "exclude", "colour", "key", "order"]


COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def guid(kind: str, pk: int, process: Process) -> str:
    """A stable id for an exported object: the same category gets the same GUID every time."""
    return str(uuid.uuid5(GUIDS, f"{process.pk}:{kind}:{pk}"))


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula starts with a quote instead (OWASP's advice
    on CSV injection): =, +, -, @, a tab or a carriage return."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text that `neutralise` wrote: our own CSV read back gives the same names."""
    if text[:1] == "'" and text[1:2] and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def categories(process: Process) -> list[Category]:
    """The codebook in order, parents before their children."""
    return list(Category.objects.for_process(process).in_codebook().select_related("parent"))


def to_csv(process: Process) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for category in categories(process):
        writer.writerow(
            neutralise(value)
            for value in [
                category.name,
                category.parent.name if category.parent else "",
                category.definition,
                category.include_notes,
                category.exclude_notes,
                category.colour,
                category.key,
                str(category.order),
            ]
        )
    return out.getvalue()


def code_elements(
    parent: ET.Element, process: Process, namespace: str, entries: list[Category] | None = None
) -> None:
    """The REFI-QDA <Codes> tree of the codebook under `parent`. The schema wants at least one
    <Code> in it: the caller leaves the codebook out when it has no category."""
    entries = categories(process) if entries is None else entries
    elements: dict[int, ET.Element] = {}
    codes = ET.SubElement(parent, f"{{{namespace}}}Codes")
    # Parents first, whatever their order, so that every child finds its parent's element.
    pending = list(entries)
    while pending:
        rest = []
        for category in pending:
            waits = category.parent_id and category.parent_id not in elements
            if waits and any(c.pk == category.parent_id for c in entries):
                rest.append(category)
                continue
            under = elements.get(category.parent_id, codes)
            elements[category.pk] = _code(under, category, process, namespace)
        if len(rest) == len(pending):  # a loop of parents cannot happen, but never hang
            break
        pending = rest


def _code(under: ET.Element, category: Category, process: Process, namespace: str) -> ET.Element:
    element = ET.SubElement(
        under,
        f"{{{namespace}}}Code",
        guid=guid("category", category.pk, process),
        name=xml_safe(category.name),
        isCodable="true",
    )
    if COLOUR.match(category.colour):
        element.set("color", category.colour)
    description = "\n\n".join(
        part
        for part in [
            category.definition,
            _("Include when: %(notes)s") % {"notes": category.include_notes}
            if category.include_notes
            else "",
            _("Exclude when: %(notes)s") % {"notes": category.exclude_notes}
            if category.exclude_notes
            else "",
        ]
        if part
    )
    if description:
        ET.SubElement(element, f"{{{namespace}}}Description").text = xml_safe(description)
    return element


def to_qdc(process: Process) -> bytes | None:
    """The codebook as a REFI-QDA codebook, or None if it has no category (a .qdc must hold
    at least one code)."""
    entries = categories(process)
    if not entries:
        return None
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin="Sunnemodellen")
    code_elements(root, process, CODEBOOK_NS, entries)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _from_csv(file_name: str, data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # five bytes mean nothing in it
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValidationError(_("%(file)s is empty.") % {"file": file_name})
    header = [cell.strip().lower() for cell in rows[0]]
    if "name" not in header:
        raise ValidationError(
            _("%(file)s has no column “name” in its first row.") % {"file": file_name}
        )
    unknown = [column for column in header if column and column not in CSV_COLUMNS]
    if unknown:
        raise ValidationError(
            _("%(file)s has columns this codebook does not know: %(columns)s.")
            % {"file": file_name, "columns": ", ".join(unknown)}
        )
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        values = dict(zip(header, [restore(cell.strip()) for cell in row], strict=False))
        if not any(values.values()):
            continue
        entries.append({"row": number, **values})
    return entries


def _from_qdc(file_name: str, data: bytes) -> list[dict]:
    try:
        root = parse_xml(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ValidationError(
            _(
                "%(file)s declares a DTD or entities, which a REFI-QDA codebook has no use for; "
                "it is refused."
            )
            % {"file": file_name}
        ) from error
    except ParseError as error:
        raise ValidationError(
            _("%(file)s is not a REFI-QDA codebook: %(error)s")
            % {"file": file_name, "error": error}
        ) from error
    namespace = root.tag.split("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    if namespace not in (CODEBOOK_NS, PROJECT_NS):
        raise ValidationError(_("%(file)s is not a REFI-QDA codebook.") % {"file": file_name})
    entries = []

    def walk(element, parent: str) -> None:
        for code in element.findall(f"{{{namespace}}}Code"):
            description = code.find(f"{{{namespace}}}Description")
            entries.append(
                {
                    "row": len(entries) + 1,
                    "name": (code.get("name") or "").strip(),
                    "parent": parent,
                    "definition": (description.text or "").strip()
                    if description is not None
                    else "",
                    "colour": code.get("color", ""),
                }
            )
            walk(code, (code.get("name") or "").strip())

    codes = root.find(f"{{{namespace}}}Codes")
    if codes is None:
        codes = root.find(f"{{{namespace}}}CodeBook/{{{namespace}}}Codes")
    if codes is None:
        raise ValidationError(_("%(file)s has no codes.") % {"file": file_name})
    walk(codes, "")
    return entries
