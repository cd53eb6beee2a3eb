"""The one reader of the tables people upload: XLSX, ODS and CSV, measured before they are read."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

SPREADSHEET_ENDINGS = (".xlsx", ".xlsm", ".ods")


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


def _formula_cells(data: bytes) -> list[str]:
    """Cell references that hold formulas in the first sheet of an XLSX (e.g. ["C4"])."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        name = next((n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")), None)
        if name is None:
            return []
        xml = archive.read(name).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        return []
    return re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[ >]', xml)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


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
        _check_zip(file_name, data)
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            table = [
                [_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)
            ]
        except (CalamineError, ValueError, OSError) as error:
            raise _refuse(
                file_name, _("the spreadsheet cannot be read (%(error)s).") % {"error": error}
            ) from error
        encoding, formulas = "", _formula_cells(data)
    else:
        if is_zip or b"\x00" in data[:4096]:
            raise _refuse(file_name, _("the name says CSV, but the content is not text."))
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
        try:
            dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        csv.field_size_limit(max(csv.field_size_limit(), 10 * settings.IMPORT_MAX_BYTES))
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        formulas = []
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise _refuse(file_name, _("the file is empty."))
    header = [cell.strip() for cell in table[0]]
    rows = [row + [""] * (len(header) - len(row)) for row in table[1:]]
    if not rows:
        raise _refuse(file_name, _("the file has a header row but no opinions under it."))
    return header, rows, encoding, formulas
