"""The Excel template a facilitator transcribes paper forms into, one per event."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from dialogues.models import DialogueEvent
from opinions.formats.cells import as_text
from opinions.models import Respondent

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
ROWS = 500


def question_label(number: int, text: str) -> str:
    return f"{number}. {text}"


def event_template(event: DialogueEvent) -> bytes:
    """An XLSX with the columns the importer reads and drop-down lists for the coded ones."""
    process = event.process
    questions = list(event.questions.order_by("order")) or list(process.questions.order_by("order"))
    all_questions = list(process.questions.order_by("order", "pk"))
    lists = {
        "Fråga": [question_label(all_questions.index(q) + 1, q.text) for q in questions],
        "Ålder": [str(label) for _v, label in Respondent.AgeBand.choices],
        "Kön": [str(label) for _v, label in Respondent.Gender.choices],
        "Kommundel": list(process.areas.values_list("name", flat=True)),
        "Roll": [str(label) for _v, label in Respondent.Role.choices],
        "Får publiceras": ["ja", "nej"],
    }
    book = Workbook()
    sheet = book.active
    sheet.title = "Synpunkter"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (12, 40, 60, 10, 14, 18, 16, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width

    options = book.create_sheet("Listor")
    for column, (name, values) in enumerate(lists.items(), start=1):
        options.cell(row=1, column=column, value=name)
        for row, value in enumerate(values, start=2):
            options.cell(row=row, column=column, value=value)
        if not values:
            continue
        letter = options.cell(row=1, column=column).column_letter
        target = sheet.cell(row=1, column=HEADER.index(name) + 1).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"=Listor!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Choose from the list"),
            error=_("Choose one of the values in the list."),
        )
        validation.add(f"{target}2:{target}{ROWS + 1}")
        sheet.add_data_validation(validation)
    options.sheet_state = "hidden"

    guide = book.create_sheet("Anvisningar")
    for line in (
        f"{process.title}: {event.title}",
        "Skriv en synpunkt per rad på bladet Synpunkter, med deltagarens egna ord.",
        "Deltagare nr: samma nummer på alla rader från samma pappersblankett.",
        "Fråga, Ålder, Kön, Kommundel, Roll och Får publiceras väljs i listorna.",
        "Datum skrivs som 2012-09-15. Skriv text, inga formler.",
        "Administratören importerar filen; inget sparas förrän alla rader är rätt.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    for written in (sheet, options, guide):
        as_text(written)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
