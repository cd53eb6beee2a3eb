"""Tables from SCB's Statistikdatabasen as SCB gives them, read into cells of region, age, sex
and value: the PxWebApi's JSON-stat 2.0 response (read by pyjstat) and PxWeb's CSV and XLSX
exports, whose title line, blank rows and notes around the table are skipped.

A file may hold several regions (Sunne and Riket), years, and totals rows ("totalt ålder",
"totalt, samtliga män och kvinnor"); which region and which figures count is decided in
opinions/formats/population.py, never by adding everything up."""

from __future__ import annotations

import csv
import json
from collections import OrderedDict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyjstat import pyjstat

from opinions.formats.tables import ImportRefused, read_table

# What SCB calls its dimensions, in Swedish and English tables; "tid" is the time's id.
REGION, AGE, SEX = "region", "age", "sex"
NAMES = {"region": REGION, "ålder": AGE, "age": AGE, "kön": SEX, "sex": SEX}
TIME_NAMES = ("år", "year", "månad", "month", "kvartal", "quarter", "tid")


@dataclass
class Cell:
    region: str  # as the file names it ("1766 Sunne", "Sunne"); "" when not divided by region
    age: str  # "17 år", "totalt ålder"; "" when not divided by age
    sex: str  # "män", "kvinnor", "totalt"; "" when not divided by sex
    value: str  # the figure as written: "6600", or SCB's ".." when it is missing
    row: int  # the file's row (1 for a JSON-stat cell's index + 1)


@dataclass
class Table:
    period: str  # the year (or month) the figures are for: the latest in the file
    cells: list[Cell]


def _also_divided() -> str:
    return _("the table is also divided by “%(name)s”; choose one of its values in SCB's table.")


def _refused(file_name: str, message: str) -> ValidationError:
    return ValidationError(f"{file_name}: {message}")


def _dimension(name: str) -> str | None:
    return NAMES.get(name.strip().lower())


# ---- JSON-stat 2.0 (PxWebApi v2, and v1 with "json-stat2") ---------------------------------


def read_json_stat(file_name: str, data: bytes) -> Table:
    try:
        document = json.loads(data.decode("utf-8-sig"), object_pairs_hook=OrderedDict)
    except (UnicodeDecodeError, ValueError):
        raise _refused(file_name, _("this is not JSON.")) from None
    if not isinstance(document, dict) or document.get("class") != "dataset":
        raise _refused(file_name, _("this is not a JSON-stat 2.0 dataset from SCB's API."))
    dimensions = document.get("dimension", {})
    ids = list(document.get("id", []))
    times = list(document.get("role", {}).get("time", [])) or [
        i for i in ids if dimensions[i].get("label", i).lower() in TIME_NAMES
    ]
    roles = {}
    for dimension_id in ids:
        label = str(dimensions[dimension_id].get("label", dimension_id))
        role = _dimension(label) or {"alder": AGE, "kon": SEX}.get(dimension_id.lower())
        categories = dimensions[dimension_id]["category"].get("index", {})
        if role is None and dimension_id not in times and len(categories) > 1:
            raise _refused(
                file_name,
                _also_divided() % {"name": label},
            )
        roles[dimension_id] = role
    try:
        frame = pyjstat.Dataset.read(document).write("dataframe", naming="id")
        labels = pyjstat.Dataset.read(document).write("dataframe", naming="label")
    except (KeyError, ValueError, TypeError, IndexError):
        raise _refused(file_name, _("the JSON-stat dataset cannot be read.")) from None
    period = ""
    if times:
        period_codes = list(dimensions[times[0]]["category"]["index"])
        period = period_codes[-1]
        keep = frame[times[0]] == period
        frame, labels = frame[keep], labels[keep]
    columns = {
        role: column for column, role in zip(labels.columns, roles.values(), strict=False) if role
    }
    cells = []
    for position, (_index, row) in enumerate(labels.iterrows(), start=1):
        value = row["value"]
        cells.append(
            Cell(
                region=str(row[columns[REGION]]) if REGION in columns else "",
                age=str(row[columns[AGE]]) if AGE in columns else "",
                sex=str(row[columns[SEX]]) if SEX in columns else "",
                value=_figure(value),
                row=position,
            )
        )
    return Table(period=period, cells=cells)


def _figure(value) -> str:
    if value is None or value != value:  # null or NaN: SCB has no figure there
        return ".."
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- PxWeb's CSV and XLSX exports ----------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # PxWeb's CSV is often Windows-1252
    lines = text.splitlines()
    best: list[list[str]] = []
    for delimiter in (";", ",", "\t"):
        rows = list(csv.reader(lines, delimiter=delimiter))
        if max((len(row) for row in rows), default=0) > max((len(r) for r in best), default=0):
            best = rows
    return best


def _header_at(rows: list[list[str]]) -> int | None:
    """The row naming the table's columns: the first (after any title lines) with two cells or
    more, one of them region, ålder or kön."""
    for number, row in enumerate(rows[:30]):
        named = [cell for cell in row if cell.strip()]
        if len(named) >= 2 and any(_dimension(cell) for cell in named):
            return number
    return None


def read_export(file_name: str, data: bytes) -> Table | list[list[str]]:
    """The SCB table in a PxWeb CSV or XLSX export; or, when the file has no SCB header, its
    rows as they are (for our own three-column layout)."""
    if data[:4] == b"PK\x03\x04":
        try:
            header, rows, _encoding, _formulas = read_table(file_name, data, fmt="xlsx")
        except ImportRefused as refused:
            raise ValidationError(str(refused)) from None
        rows = [header, *rows]
    else:
        rows = _csv_rows(data)
    rows = [[cell.strip() for cell in row] for row in rows]
    at = _header_at(rows)
    if at is None:
        return [row for row in rows if any(row)]
    header = [cell.lower() for cell in rows[at]]
    width = len([cell for cell in header if cell])
    columns = {_dimension(cell): n for n, cell in enumerate(header) if _dimension(cell)}
    last_dimension = max(columns.values())
    values = list(range(last_dimension + 1, width))
    if not values:
        raise _refused(file_name, _("the table has no column of figures after its headings."))
    for n in range(last_dimension):
        if n not in columns.values():
            raise _refused(
                file_name,
                _also_divided() % {"name": rows[at][n]},
            )
    cells = []
    for number, row in enumerate(rows[at + 1 :], start=at + 2):
        row = row + [""] * (width - len(row))
        if sum(1 for cell in row if cell) < 2:
            continue  # blank, or a note under the table ("Källa: SCB")
        cells.append(
            Cell(
                region=row[columns[REGION]] if REGION in columns else "",
                age=row[columns[AGE]] if AGE in columns else "",
                sex=row[columns[SEX]] if SEX in columns else "",
                value=row[values[-1]],
                row=number,
            )
        )
    return Table(period=rows[at][values[-1]], cells=cells)
