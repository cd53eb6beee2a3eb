"""Writing text into a spreadsheet so that it stays text: openpyxl stores a string that starts
with "=" as a formula, so a resident's words or an area named `=HYPERLINK(…)` would run when the
file is opened. Every text we write goes through here."""

from __future__ import annotations

from openpyxl.cell.cell import TYPE_STRING


def as_text(sheet) -> None:
    """Mark every text cell of `sheet` as text, whatever it starts with."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
