"""An E-ARK submission information package (SIP) of a closed process, for the municipality's
e-archive: CSIP 2.x with the SIP profile, which is the Swedish FGS Paketstruktur.

    <identifier>/
      METS.xml                              the package: metadata, schemas, representations
      metadata/descriptive/dc.xml           what the package is (Dublin Core)
      metadata/preservation/premis.xml      every file's checksum and format; the events
      metadata/other/retention.csv          the retention rule of each record class
      schemas/                              mets.xsd, xlink.xsd, DILCISExtensionMETS.xsd
      representations/rep1/
        METS.xml                            the representation's files, with checksums
        data/*.csv                          the records as tables (RFC 4180, UTF-8)
        data/documents/*.pdf                the documents as PDF/A-2a
        schemas/tables.csv-metadata.json    the tables' structure (CSV on the Web)

Every file but the root METS.xml is listed, with its size and SHA-256, in the root METS.xml
or in the representation's METS.xml (which the root lists in turn). Contacts for feedback are
never in it (archive/tables.py says what else is left out).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.utils import timezone

from archive import documents, tables
from archive.mets import DC, Entry, Header, package_mets, representation_mets
from archive.premis import Event, premis
from archive.retention import records_plan
from core.translated import swedish

REPRESENTATION = "rep1"
REP = f"representations/{REPRESENTATION}/"
SCHEMAS = Path(__file__).parent / "schemas"
SCHEMA_FILES = ("mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd")
MIMETYPES = {
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".xml": "text/xml",
    ".xsd": "text/xml",
}


@dataclass
class Package:
    identifier: str  # the METS OBJID, and the name of the package's root folder
    files: dict[str, bytes] = field(default_factory=dict)  # path in the root folder -> bytes

    def zip_bytes(self) -> bytes:
        """The package as one zip that unpacks to its single root folder (CSIPSTR3). Stored,
        not compressed: PDF is compressed already, and an archive reads a stored zip easily."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for path, data in sorted(self.files.items()):
                archive.writestr(f"{self.identifier}/{path}", data)
        return buffer.getvalue()

    def write_folder(self, parent: Path) -> Path:
        root = parent / self.identifier
        for path, data in self.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return root


def _entry(path: str, data: bytes, created: datetime.datetime, base: str = "") -> Entry:
    mimetype = MIMETYPES[Path(path).suffix]
    digest = hashlib.sha256(data).hexdigest()
    return Entry(path.removeprefix(base), mimetype, len(data), digest, created)


def _software_version() -> str:
    try:
        return metadata.version("sunnemodellen")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_sip(process, *, by=None, site_url: str, now: datetime.datetime | None = None) -> Package:
    """The whole package of a process, in memory."""
    now = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    package = Package(f"sunnemodellen-{process.slug}-{now:%Y%m%dT%H%M%SZ}")
    files = package.files
    classes: dict[str, list[str]] = {}
    with swedish():
        for table in tables.TABLES:
            path = f"{REP}data/{table.name}.csv"
            files[path] = tables.csv_bytes(table, tables.table_rows(table, process))
            classes.setdefault(table.record_class, []).append(path)
        for document in documents.documents(process, site_url=site_url):
            path = f"{REP}data/documents/{document.name}"
            files[path] = document.pdf
            classes.setdefault(document.record_class, []).append(path)
        described = tables.description(tables.TABLES, folder="../data/")
        files[f"{REP}schemas/tables.csv-metadata.json"] = json.dumps(
            described, ensure_ascii=False, indent=1
        ).encode()
        header = _header(package.identifier, process, now, by)
        _representation(package, header, now)
        _metadata(package, process, now, by, classes)
    for name in SCHEMA_FILES:
        files[f"schemas/{name}"] = (SCHEMAS / name).read_bytes()
    _root(package, header, now)
    return package


def _header(identifier: str, process, now, by) -> Header:
    individual = (by.get_full_name() or by.get_username()) if by is not None else ""
    return Header(
        identifier=identifier,
        label=process.title,
        created=now,
        software_version=_software_version(),
        creator=process.municipality,
        individual=individual,
    )


def _representation(package: Package, header: Header, now) -> None:
    entries = {
        path: _entry(path, data, now, REP)
        for path, data in sorted(package.files.items())
        if path.startswith(REP)
    }
    data = [entry for path, entry in entries.items() if path.startswith(f"{REP}data/")]
    schemas = [entry for path, entry in entries.items() if path.startswith(f"{REP}schemas/")]
    rep_header = Header(
        **{**header.__dict__, "identifier": f"{header.identifier}-{REPRESENTATION}"}
    )
    package.files[f"{REP}METS.xml"] = representation_mets(rep_header, data=data, schemas=schemas)


def _metadata(package: Package, process, now, by, classes: dict[str, list[str]]) -> None:
    files = package.files
    files["metadata/descriptive/dc.xml"] = _dublin_core(process, package.identifier)
    files["metadata/other/retention.csv"] = _retention(classes)
    data = [
        _entry(path, content, now, REP)
        for path, content in sorted(files.items())
        if path.startswith(f"{REP}data/")
    ]
    agents = {"software": ("Sunnemodellen " + _software_version(), "software")}
    agents["organisation"] = (process.municipality, "organization")
    if by is not None:
        agents["person"] = (by.get_full_name() or by.get_username(), "person")
    everyone = list(agents)
    files["metadata/preservation/premis.xml"] = premis(
        representation=REPRESENTATION,
        files=data,
        events=_events(process, now, data, everyone),
        agents=agents,
    )


def _events(process, now, data: list[Entry], agents: list[str]) -> list[Event]:
    documents_ = [f"{REPRESENTATION}/{e.path}" for e in data if e.mimetype == "application/pdf"]
    return [
        Event(
            "event-creation",
            "creation",
            process.created_at,
            "The records were created in Sunnemodellen, from the process's start to its "
            "decision; the tables are written from them unchanged.",
            [REPRESENTATION],
            ["organisation", "software"],
        ),
        Event(
            "event-migration-pdfa",
            "migration",
            now,
            "The documents were rendered from the records as PDF/A-2a (WeasyPrint).",
            documents_,
            ["software"],
        ),
        Event(
            "event-message-digest",
            "message digest calculation",
            now,
            "SHA-256 of every file, listed in METS.xml and here.",
            [REPRESENTATION],
            ["software"],
        ),
        Event(
            "event-package-creation",
            "information package creation",
            now,
            "Exported from Sunnemodellen as an E-ARK SIP (CSIP 2.x) for the e-archive.",
            [REPRESENTATION],
            agents,
        ),
    ]


def _dublin_core(process, identifier: str) -> bytes:
    root = ET.Element("metadata")
    for name, value in [
        ("title", process.title),
        ("creator", process.municipality),
        ("subject", "Medborgardialog"),
        ("description", process.purpose),
        ("date", process.created_at.date().isoformat()),
        ("type", "Collection"),
        ("identifier", identifier),
        ("language", "sv"),
    ]:
        ET.SubElement(root, f"{{{DC}}}{name}").text = value
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _retention(classes: dict[str, list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["record_class", "name_sv", "name_en", "retention", "delivered", "files"])
    for record in records_plan():
        files = " ".join(path.removeprefix(REP) for path in classes.get(record.code, []))
        delivered = "true" if record.delivered else "false"
        writer.writerow(
            [record.code, record.name_sv, record.name_en, record.rule, delivered, files]
        )
    return out.getvalue().encode()


def _root(package: Package, header: Header, now) -> None:
    files = package.files

    def entry(path):
        return _entry(path, files[path], now)

    package.files["METS.xml"] = package_mets(
        header,
        descriptive=entry("metadata/descriptive/dc.xml"),
        preservation=entry("metadata/preservation/premis.xml"),
        retention=entry("metadata/other/retention.csv"),
        schemas=[entry(f"schemas/{name}") for name in SCHEMA_FILES],
        representations={REPRESENTATION: entry(f"{REP}METS.xml")},
    )
