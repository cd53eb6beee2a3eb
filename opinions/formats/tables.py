"""The one reader of the tables people upload: XLSX, ODS and CSV, measured before they are read."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import sandbox
from opinions.formats.sheets import declared_size

SPREADSHEET_ENDINGS = (".xlsx", ".xlsm", ".ods")
MAX_COLUMNS = 200
SANDBOX_REFUSALS = {
    "memory": gettext_lazy(
        "the spreadsheet needs more memory to read than a table of opinions can; it is refused. "
        "Save it as CSV, or split it."
    ),
    "time": gettext_lazy(
        "reading the spreadsheet took too long; it is refused. Save it as CSV, or split it."
    ),
    "crash": gettext_lazy("the spreadsheet could not be read; save it again, or as CSV."),
}


class ImportRefused(Exception):
    """The file cannot be read at all; the message names the file and says why."""


def _refuse(file_name: str, message: str) -> ImportRefused:
    return ImportRefused(f"{file_name}: {message}")


def _check_zip(file_name: str, data: bytes) -> None:
    """An XLSX or ODS is a zip: refuse one that would unpack to far more than it weighs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise _refuse(file_name, _("the file is damaged and cannot be opened.")) from error
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or unpacked > 100 * max(len(data), 1):
        raise _refuse(
            file_name,
            _(
                "the file would unpack to %(size)d MB, which is not what a spreadsheet of "
                "opinions looks like; it is refused."
            )
            % {"size": unpacked // 1_000_000},
        )


def _read_spreadsheet(file_name: str, data: bytes) -> tuple[list[list[str]], list[str]]:
    """The rows and formula cells of a spreadsheet, measured first and read in a child process
    with limits (core/sandbox.py), so that no file can take the server down."""
    _check_zip(file_name, data)
    size = declared_size(data)
    if size and (size[0] * size[1] > settings.IMPORT_MAX_CELLS or size[1] > MAX_COLUMNS):
        raise _refuse(
            file_name,
            _(
                "the sheet says it is %(rows)d rows by %(columns)d columns, more than a table of "
                "opinions can be (at most %(cells)d cells and %(most)d columns); it is refused."
            )
            % {
                "rows": size[0],
                "columns": size[1],
                "cells": settings.IMPORT_MAX_CELLS,
                "most": MAX_COLUMNS,
            },
        )
    try:
        read = sandbox.run(
            "opinions.formats.sheets:read",
            data,
            memory_bytes=settings.IMPORT_PARSE_MAX_MEMORY,
            seconds=settings.IMPORT_PARSE_MAX_SECONDS,
        )
    except sandbox.SandboxFailed as failed:
        raise _refuse(file_name, SANDBOX_REFUSALS[failed.reason]) from None
    if "error" in read:
        raise _refuse(
            file_name, _("the spreadsheet cannot be read (%(error)s).") % {"error": read["error"]}
        )
    return read["rows"], read["formulas"]


def read_table(
    file_name: str, data: bytes, fmt: str = "auto"
) -> tuple[list[str], list[list[str]], str, list[str]]:
    """(header, rows, encoding, formula cells) of the file's first sheet, or ImportRefused."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise _refuse(
            file_name,
            _("the file is larger than %(size)d MB.")
            % {"size": settings.IMPORT_MAX_BYTES // 1_000_000},
        )
    if not data.strip():
        raise _refuse(file_name, _("the file is empty."))
    is_zip = data[:4] == b"PK\x03\x04"
    named_sheet = file_name.lower().endswith(SPREADSHEET_ENDINGS)
    if fmt == "xlsx" or (fmt == "auto" and named_sheet):
        if not is_zip:
            raise _refuse(
                file_name,
                _(
                    "the name says spreadsheet, but the content is not an "
                    "Excel or LibreOffice file."
                ),
            )
        table, formulas = _read_spreadsheet(file_name, data)
        encoding = ""
    elif data[:2] in UTF_16_MARKS:  # Excel's "Unicode Text": full of null bytes, and text
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
        table = list(_csv_reader(io.StringIO(text, newline="")))
        formulas = []
    else:
        if is_zip or b"\x00" in data[:4096]:
            raise _refuse(file_name, _("the name says CSV, but the content is not text."))
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
        table = list(_csv_reader(io.StringIO(text, newline="")))
        formulas = []
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise _refuse(file_name, _("the file is empty."))
    header = [cell.strip() for cell in table[0]]
    rows = [row + [""] * (len(header) - len(row)) for row in table[1:]]
    if not rows:
        raise _refuse(file_name, _("the file has a header row but no opinions under it."))
    return header, rows, encoding, formulas


# A CSV's encodings: UTF-8 (with or without its mark), else Windows-1252 (a Swedish Excel's
# "CSV"), or UTF-16 with its byte-order mark (Excel's "Unicode Text", tab-separated).
CODECS = {"utf-8": "utf-8-sig", "windows-1252": "cp1252", "utf-16": "utf-16"}
UTF_16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def _csv_reader(text):
    """csv.reader over a text stream, with the delimiter guessed from its start."""
    start = text.read(20_000)
    text.seek(0)
    try:
        delimiter = csv.Sniffer().sniff(start, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), 10 * settings.IMPORT_MAX_BYTES))
    return csv.reader(text, delimiter=delimiter)


@dataclass
class CsvFile:
    """A CSV file on disk, read row by row: its header, its encoding and its content's digest,
    measured in one pass that holds a block at a time (for files of any size)."""

    path: Path
    header: list[str]
    encoding: str
    digest: str

    def rows(self) -> Iterator[list[str]]:
        """The rows under the header, blank ones left out, each as long as the header."""
        with self.path.open(encoding=CODECS[self.encoding], errors="replace", newline="") as text:
            rows = (row for row in _csv_reader(text) if any(cell.strip() for cell in row))
            next(rows, None)  # the header
            width = len(self.header)
            for row in rows:
                yield row + [""] * (width - len(row))


def open_csv(file_name: str, path: Path) -> CsvFile:
    """A CSV file to be read row by row, or ImportRefused; as read_table's CSV, of any size."""
    digest, decoder, encoding = hashlib.sha256(), codecs.getincrementaldecoder("utf-8")(), "utf-8"
    with path.open("rb") as stream:
        first = stream.read(4096)
        if not first.strip():
            raise _refuse(file_name, _("the file is empty."))
        if first[:2] in UTF_16_MARKS:
            encoding = "utf-16"
        elif first[:4] == b"PK\x03\x04" or b"\x00" in first:
            raise _refuse(file_name, _("the name says CSV, but the content is not text."))
        block = first
        while block:
            digest.update(block)
            if encoding == "utf-8":
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    encoding = "windows-1252"
            block = stream.read(1 << 20)
    if encoding == "utf-8":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "windows-1252"
    table = CsvFile(path, [], encoding, digest.hexdigest())
    with path.open(encoding=CODECS[encoding], errors="replace", newline="") as text:
        rows = (row for row in _csv_reader(text) if any(cell.strip() for cell in row))
        header = next(rows, None)
        if header is None:
            raise _refuse(file_name, _("the file is empty."))
        if next(rows, None) is None:
            raise _refuse(file_name, _("the file has a header row but no opinions under it."))
    table.header = [cell.strip() for cell in header]
    return table
