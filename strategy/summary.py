"""The consultation summary (remissammanställning) as a Word document for the council's
papers: who was asked, who answered, every point and how it was handled.

As Swedish council papers are: A4; Swedish as the language of every style, so that Word
proofs it as Swedish; the title, the municipality as author and the dates in its properties
(not python-docx's template's); table header rows repeated on every page; and real heading
styles, which Word's navigation pane and a screen reader's heading list show. Characters XML
cannot hold (a response pasted from a PDF may carry some) are replaced, as in every export.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from opinions.formats.cells import xml_safe

LANGUAGE = "sv-SE"


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "–"


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    header_row = table.rows[0]
    for cell, text in zip(header_row.cells, header, strict=True):
        cell.text = xml_safe(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # Repeated at the top of every page the table runs over, and read as headers.
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(text)
    return table


def _consultee_row(consultee) -> list[str]:
    name = consultee.name
    if consultee.is_self_registered:
        name += " (" + _("answered on their own") + ")"
    answered = _("yes") if consultee.response_count else _("no")
    return [name, consultee.get_kind_display(), answered]


def _point_row(point) -> list[str]:
    disposition = point.get_disposition_display() or _("not yet handled")
    if point.changed_in:
        disposition += " " + _("(changed in version %(number)d)") % {
            "number": point.changed_in.number
        }
    return [point.summary, disposition, point.reason]


def _response(doc, response) -> None:
    doc.add_heading(xml_safe(str(response.consultee)), level=2)
    facts = [_("Received %(date)s") % {"date": _date(response.received_on)}]
    if response.case_number:
        facts.append(_("dnr %(number)s") % {"number": response.case_number})
    if response.position:
        facts.append(response.get_position_display())
    doc.add_paragraph(xml_safe(", ".join(facts) + "."))
    if response.text:
        doc.add_paragraph(xml_safe(response.text), style="Intense Quote")
    points = list(response.points.all())
    if not points:
        doc.add_paragraph(_("No points were registered for this response."))
        return
    _table(
        doc, [_("Point"), _("Disposition"), _("Reason")], [_point_row(point) for point in points]
    )


def _swedish_a4(doc, *, title: str, subject: str, author: str) -> None:
    """A4 with 25 mm margins, Swedish everywhere, and properties that say what it is, who made
    it and when."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    # python-docx's template has the default w:lang and each of these settings (their order
    # in the file matters, so they are changed where they are).
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    settings = doc.settings.element
    for name, value in (
        ("w:themeFontLang", LANGUAGE),
        ("w:decimalSymbol", ","),
        ("w:listSeparator", ";"),
    ):
        for element in settings.findall(qn(name)):
            element.set(qn("w:val"), value)
    now = timezone.now()
    properties = doc.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.created = properties.modified = now
    properties.revision = 1
    properties.comments = properties.keywords = properties.category = ""


def docx(*, process, consultation, consultees, responses) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    _swedish_a4(
        doc,
        title=_("Consultation summary"),
        subject=xml_safe(process.title),
        author=xml_safe(process.municipality or process.title),
    )
    doc.add_heading(_("Consultation summary"), level=0)
    intro = _(
        "%(process)s, version %(number)d, sent on %(sent)s, last day to respond %(deadline)s."
    )
    doc.add_paragraph(
        xml_safe(
            intro
            % {
                "process": process.title,
                "number": consultation.version.number,
                "sent": _date(consultation.sent_on),
                "deadline": _date(consultation.deadline),
            }
        )
    )
    answered = sum(1 for c in consultees if c.response_count)
    doc.add_heading(_("Who was asked and who answered"), level=1)
    doc.add_paragraph(
        _("%(asked)d consultees, %(answered)d of them answered.")
        % {"asked": len(consultees), "answered": answered}
    )
    _table(doc, [_("Consultee"), _("Kind"), _("Answered")], [_consultee_row(c) for c in consultees])
    doc.add_heading(_("The responses and how each point was handled"), level=1)
    for response in responses:
        _response(doc, response)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
