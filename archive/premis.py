"""PREMIS 3.0 preservation metadata for an e-archive package: the representation and each of
its files (size, SHA-256, format), and the events that made them: the records' creation in the
application, the documents' rendering as PDF/A, and the package's creation (the export).
Plain data in, XML bytes out."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from archive.mets import PREMIS, XSI, Entry, q


def p(tag: str) -> str:
    return q(PREMIS, tag)


@dataclass
class Event:
    identifier: str
    kind: str  # from the Library of Congress's event type vocabulary (id.loc.gov)
    when: datetime.datetime
    detail: str
    objects: list[str]  # identifiers of the objects it is about
    agents: list[str]


FORMATS = {
    "text/csv": ("CSV", "RFC 4180"),
    "application/pdf": ("PDF/A", "2a"),
    "application/json": ("CSVW metadata (JSON-LD)", "W3C 2015"),
}


def _identifier(parent: ET.Element, kind: str, value: str, what: str = "object") -> None:
    element = ET.SubElement(parent, p(f"{what}Identifier"))
    ET.SubElement(element, p(f"{what}IdentifierType")).text = "local"
    ET.SubElement(element, p(f"{what}IdentifierValue")).text = value


def _file(root: ET.Element, representation: str, entry: Entry) -> None:
    obj = ET.SubElement(root, p("object"), {q(XSI, "type"): "premis:file"})
    _identifier(obj, "local", f"{representation}/{entry.path}")
    characteristics = ET.SubElement(obj, p("objectCharacteristics"))
    ET.SubElement(characteristics, p("compositionLevel")).text = "0"
    fixity = ET.SubElement(characteristics, p("fixity"))
    ET.SubElement(fixity, p("messageDigestAlgorithm")).text = "SHA-256"
    ET.SubElement(fixity, p("messageDigest")).text = entry.sha256
    ET.SubElement(characteristics, p("size")).text = str(entry.size)
    name, version = FORMATS.get(entry.mimetype, (entry.mimetype, ""))
    designation = ET.SubElement(ET.SubElement(characteristics, p("format")), p("formatDesignation"))
    ET.SubElement(designation, p("formatName")).text = name
    if version:
        ET.SubElement(designation, p("formatVersion")).text = version
    ET.SubElement(obj, p("originalName")).text = entry.path.rsplit("/", 1)[-1]
    relationship = ET.SubElement(obj, p("relationship"))
    ET.SubElement(relationship, p("relationshipType")).text = "structural"
    ET.SubElement(relationship, p("relationshipSubType")).text = "is included in"
    related = ET.SubElement(relationship, p("relatedObjectIdentifier"))
    ET.SubElement(related, p("relatedObjectIdentifierType")).text = "local"
    ET.SubElement(related, p("relatedObjectIdentifierValue")).text = representation


def _event(root: ET.Element, event: Event) -> None:
    element = ET.SubElement(root, p("event"))
    _identifier(element, "local", event.identifier, "event")
    ET.SubElement(element, p("eventType")).text = event.kind
    ET.SubElement(element, p("eventDateTime")).text = event.when.isoformat(timespec="seconds")
    detail = ET.SubElement(element, p("eventDetailInformation"))
    ET.SubElement(detail, p("eventDetail")).text = event.detail
    outcome = ET.SubElement(element, p("eventOutcomeInformation"))
    ET.SubElement(outcome, p("eventOutcome")).text = "success"
    for agent in event.agents:
        link = ET.SubElement(element, p("linkingAgentIdentifier"))
        ET.SubElement(link, p("linkingAgentIdentifierType")).text = "local"
        ET.SubElement(link, p("linkingAgentIdentifierValue")).text = agent
    for obj in event.objects:
        link = ET.SubElement(element, p("linkingObjectIdentifier"))
        ET.SubElement(link, p("linkingObjectIdentifierType")).text = "local"
        ET.SubElement(link, p("linkingObjectIdentifierValue")).text = obj


def premis(
    *,
    representation: str,
    files: list[Entry],
    events: list[Event],
    agents: dict[str, tuple[str, str]],
) -> bytes:
    """`agents`: identifier -> (name, type: software, organization or person)."""
    root = ET.Element(p("premis"), {"version": "3.0"})
    rep = ET.SubElement(root, p("object"), {q(XSI, "type"): "premis:representation"})
    _identifier(rep, "local", representation)
    for entry in files:
        _file(root, representation, entry)
    for event in events:
        _event(root, event)
    for identifier, (name, kind) in agents.items():
        agent = ET.SubElement(root, p("agent"))
        _identifier(agent, "local", identifier, "agent")
        ET.SubElement(agent, p("agentName")).text = name
        ET.SubElement(agent, p("agentType")).text = kind
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
