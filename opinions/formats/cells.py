"""Writing text into a spreadsheet or an XML file so that it stays text, whatever a resident
typed.

openpyxl stores a string that starts with "=" as a formula, so a resident's words or an area
named `=HYPERLINK(…)` would run when the file is opened: `as_text` marks them text. And XML 1.0
(which XLSX, DOCX and REFI-QDA are made of) cannot hold most control characters, nor U+FFFE and
U+FFFF, though a phone can send them: `xml_safe` puts U+FFFD (the replacement character) in
their place, one for one, so that positions in the text stay the same. The stored record keeps
what the resident sent; only the file holds the replacement. Every text we write goes through
here."""

from __future__ import annotations

import re

from openpyxl.cell.cell import TYPE_STRING

# What XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): every character outside
# #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by U+FFFD."""
    return NOT_IN_XML.sub(REPLACEMENT, text)


def as_text(sheet) -> None:
    """Mark every text cell of `sheet` as text, whatever it starts with."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
