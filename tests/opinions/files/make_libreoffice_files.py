"""Make the paper-form files that LibreOffice saved, used by tests/opinions/test_import_files.py.

Run from the project root with LibreOffice installed (apt-get install libreoffice-calc-nogui):
    .venv/bin/python tests/opinions/files/make_libreoffice_files.py
It writes the template's columns and four transcribed opinions with openpyxl, then has
LibreOffice open and save the file as XLSX and as ODS, as a facilitator's office would.
"""

import datetime
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = [
    "Deltagare nr",
    "Fråga",
    "Synpunkt",
    "Ålder",
    "Kön",
    "Kommundel",
    "Roll",
    "Får publiceras",
    "Datum",
]
ROWS = [
    [
        1,
        "1. Vad vill du att vår kommun ska vara känd för 2025?",
        "Att Sunne är känt för Fryken och Selma Lagerlöf.",
        "30–44",
        "kvinna",
        "Lysvik",
        "invånare",
        "ja",
        datetime.date(2012, 9, 15),
    ],
    [
        1,
        "2. Hur vill du att det ska se ut i Sunne 2025?",
        "Fler cykelvägar längs Fryken.",
        "30–44",
        "kvinna",
        "Lysvik",
        "invånare",
        "ja",
        datetime.date(2012, 9, 15),
    ],
    [
        2,
        "3",
        "Bredband i hela kommunen, även i Gräsmark.",
        "65–79",
        "man",
        "Gräsmark",
        "invånare",
        "nej",
        "2012-09-15",
    ],
    [
        3,
        None,
        "Ungdomar behöver en plats att träffas på kvällarna.",
        "16–19",
        "vill ej ange",
        None,
        "ung",
        "ja",
        None,
    ],
]

with tempfile.TemporaryDirectory() as work:
    source = Path(work) / "pappersblanketter-libreoffice.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Synpunkter"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(source)
    for target in ("xlsx", "ods"):
        out = Path(work) / target
        subprocess.run(
            ["soffice", "--headless", "--convert-to", target, "--outdir", str(out), str(source)],  # noqa: S607
            check=True,
            capture_output=True,
        )
        saved = next(out.iterdir())
        (HERE / saved.name).write_bytes(saved.read_bytes())
        print("wrote", HERE / saved.name)
