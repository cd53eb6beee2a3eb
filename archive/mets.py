"""METS and PREMIS for an E-ARK information package (CSIP 2.x with the SIP profile, the base
of the Swedish FGS Paketstruktur): the package's root METS.xml, each representation's
METS.xml and the PREMIS preservation events. Plain data in, XML bytes out.

What CSIP asks and where it is met here: the package's identifier, content category and
profile on <mets> (CSIP1-6, SIP1); the software, the archival creator and the submitter as
agents in <metsHdr> with the package type SIP (CSIP7-16, SIP4-15); descriptive metadata in
<dmdSec> and preservation metadata in <amdSec>/<digiprovMD> by reference (CSIP17-40); every
file in <fileSec> with its MIME type, size, creation time and SHA-256 (CSIP58-77); a physical
<structMap> labelled CSIP with a div each for metadata, schemas and every representation, the
representation's own METS by <mptr> (CSIP80-113).
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"
DC = "http://purl.org/dc/elements/1.1/"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
SCHEMA_LOCATIONS = (
    f"{METS} schemas/mets.xsd {XLINK} schemas/xlink.xsd {CSIP} schemas/DILCISExtensionMETS.xsd"
)
for prefix, uri in {
    "mets": METS, "xlink": XLINK, "csip": CSIP, "xsi": XSI, "premis": PREMIS, "dc": DC,
}.items():  # fmt: skip
    ET.register_namespace(prefix, uri)


def m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


@dataclass
class Entry:
    """A file of the package, as METS lists it."""

    path: str  # from the METS file's own folder
    mimetype: str
    size: int
    sha256: str
    created: datetime.datetime


@dataclass
class Header:
    identifier: str  # the package's OBJID, also its root folder's name
    label: str
    created: datetime.datetime
    software_version: str
    creator: str  # the municipality: the archival creator and the submitter
    individual: str = ""  # who asked for the package, if someone did


def _time(value: datetime.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _file_attributes(entry: Entry, ident: str) -> dict[str, str]:
    return {
        "ID": ident,
        "MIMETYPE": entry.mimetype,
        "SIZE": str(entry.size),
        "CREATED": _time(entry.created),
        "CHECKSUM": entry.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def _link(element: ET.Element, href: str) -> None:
    element.set("LOCTYPE", "URL")
    element.set(q(XLINK, "type"), "simple")
    element.set(q(XLINK, "href"), href)


def ident(prefix: str, path: str) -> str:
    """An xsd:ID made of a path: a letter first, nothing but letters, digits, - _ and ."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9._-]", "-", path)


def _root(header: Header) -> ET.Element:
    root = ET.Element(
        m("mets"),
        {
            "OBJID": header.identifier,
            "LABEL": header.label,
            "TYPE": "Mixed",
            q(CSIP, "CONTENTINFORMATIONTYPE"): "MIXED",
            "PROFILE": SIP_PROFILE,
            q(XSI, "schemaLocation"): SCHEMA_LOCATIONS,
        },
    )
    hdr = ET.SubElement(
        root,
        m("metsHdr"),
        {
            "CREATEDATE": _time(header.created),
            "RECORDSTATUS": "NEW",
            q(CSIP, "OAISPACKAGETYPE"): "SIP",
        },
    )
    software = ET.SubElement(
        hdr, m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    ET.SubElement(software, m("name")).text = "Sunnemodellen"
    note = ET.SubElement(software, m("note"), {q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"})
    note.text = header.software_version
    for role in ("ARCHIVIST", "CREATOR"):  # the archival creator; the submitting organisation
        agent = ET.SubElement(hdr, m("agent"), {"ROLE": role, "TYPE": "ORGANIZATION"})
        ET.SubElement(agent, m("name")).text = header.creator
    if header.individual:
        agent = ET.SubElement(hdr, m("agent"), {"ROLE": "CREATOR", "TYPE": "INDIVIDUAL"})
        ET.SubElement(agent, m("name")).text = header.individual
    return root


def _md_ref(parent: ET.Element, entry: Entry, mdtype: str, other: str = "") -> None:
    ref = ET.SubElement(parent, m("mdRef"))
    _link(ref, entry.path)
    ref.set("MDTYPE", mdtype)
    if other:
        ref.set("OTHERMDTYPE", other)
    for name, value in _file_attributes(entry, "").items():
        if name != "ID":
            ref.set(name, value)


def _file_group(parent: ET.Element, use: str, entries: list[Entry]) -> list[str]:
    group = ET.SubElement(parent, m("fileGrp"), {"ID": ident("grp", use), "USE": use})
    ids = []
    for entry in entries:
        file_id = ident("file", entry.path)
        file = ET.SubElement(group, m("file"), _file_attributes(entry, file_id))
        _link(ET.SubElement(file, m("FLocat")), entry.path)
        ids.append(file_id)
    return ids


def _div(parent: ET.Element, label: str, file_ids: list[str] = (), **attributes) -> ET.Element:
    div = ET.SubElement(parent, m("div"), {"ID": ident("div", label), "LABEL": label})
    for name, value in attributes.items():
        div.set(name, value)
    for file_id in file_ids:
        ET.SubElement(div, m("fptr"), {"FILEID": file_id})
    return div


def package_mets(
    header: Header,
    *,
    descriptive: Entry,
    preservation: Entry,
    retention: Entry,
    schemas: list[Entry],
    representations: dict[str, Entry],
) -> bytes:
    """The root METS.xml: the package's metadata by reference, its schemas, and each
    representation by its own METS.xml."""
    root = _root(header)
    dmd = ET.SubElement(
        root, m("dmdSec"), {"ID": "dmd-1", "CREATED": _time(header.created), "STATUS": "CURRENT"}
    )
    _md_ref(dmd, descriptive, "DC")
    amd = ET.SubElement(root, m("amdSec"), {"ID": "amd-1"})
    # METS orders them: techMD, rightsMD, sourceMD, digiprovMD.
    rights = ET.SubElement(
        amd,
        m("rightsMD"),
        {"ID": "rights-retention", "CREATED": _time(header.created), "STATUS": "CURRENT"},
    )
    _md_ref(rights, retention, "OTHER", "RETENTION SCHEDULE")
    premis = ET.SubElement(
        amd,
        m("digiprovMD"),
        {"ID": "digiprov-premis", "CREATED": _time(header.created), "STATUS": "CURRENT"},
    )
    _md_ref(premis, preservation, "PREMIS")
    file_sec = ET.SubElement(root, m("fileSec"), {"ID": "filesec-1"})
    schema_ids = _file_group(file_sec, "Schemas", schemas)
    for name, entry in representations.items():
        _file_group(file_sec, f"Representations/{name}", [entry])
    struct = ET.SubElement(
        root, m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL", "LABEL": "CSIP"}
    )
    top = _div(struct, header.identifier)
    _div(top, "Metadata", DMDID="dmd-1", ADMID="digiprov-premis rights-retention")
    _div(top, "Schemas", schema_ids)
    for name, entry in representations.items():
        div = _div(top, f"Representations/{name}")  # by its METS, not file by file
        _link(ET.SubElement(div, m("mptr"), {"ID": ident("mptr", name)}), entry.path)
    return _xml(root)


def representation_mets(header: Header, *, data: list[Entry], schemas: list[Entry]) -> bytes:
    """A representation's METS.xml: its data files and the schemas that describe them."""
    root = _root(header)
    file_sec = ET.SubElement(root, m("fileSec"), {"ID": "filesec-1"})
    data_ids = _file_group(file_sec, "Data", data)
    schema_ids = _file_group(file_sec, "Schemas", schemas)
    struct = ET.SubElement(
        root, m("structMap"), {"ID": "structmap-1", "TYPE": "PHYSICAL", "LABEL": "CSIP"}
    )
    top = _div(struct, header.identifier)
    _div(top, "Data", data_ids)
    _div(top, "Schemas", schema_ids)
    return _xml(root)
