"""The cells of a spreadsheet's first sheet (XLSX or ODS), read by python-calamine.

Run in a child process (core/sandbox.py, from opinions/formats/tables.py): nothing here needs
Django, and whatever calamine does with a hostile file happens in the child.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from python_calamine import CalamineError, CalamineWorkbook


def cell_text(value) -> str:
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


def read(data: bytes) -> dict:
    """{"rows": [[text, …], …], "formulas": ["C4", …]} of the first sheet, or {"error": what
    calamine said}."""
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, OSError) as error:
        return {"error": str(error)}
    return {"rows": rows, "formulas": formula_cells(data)}


def formula_cells(data: bytes) -> list[str]:
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


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def declared_size(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) an XLSX's first sheet declares in its <dimension>, or None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        name = next((n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")), None)
        if name is None:
            return None
        with archive.open(name) as sheet:
            head = sheet.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    found = re.search(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', head)
    if found is None:
        return None
    first_column, first_row, last_column, last_row = found.groups()
    last_column, last_row = last_column or first_column, last_row or first_row
    return (
        int(last_row) - int(first_row) + 1,
        _column_number(last_column) - _column_number(first_column) + 1,
    )
