"""The consultation summary (remissammanställning) as a Word document for the council's
papers: who was asked, who answered, every point and how it was handled."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt


def _date(value) -> str:
    return date_format(value, "j F Y") if value else "–"


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
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
    doc.add_heading(str(response.consultee), level=2)
    facts = [_("Received %(date)s") % {"date": _date(response.received_on)}]
    if response.case_number:
        facts.append(_("dnr %(number)s") % {"number": response.case_number})
    if response.position:
        facts.append(response.get_position_display())
    doc.add_paragraph(", ".join(facts) + ".")
    if response.text:
        doc.add_paragraph(response.text, style="Intense Quote")
    points = list(response.points.all())
    if not points:
        doc.add_paragraph(_("No points were registered for this response."))
        return
    _table(
        doc, [_("Point"), _("Disposition"), _("Reason")], [_point_row(point) for point in points]
    )


def docx(*, process, consultation, consultees, responses) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = _("Consultation summary")
    doc.core_properties.language = "sv-SE"
    doc.add_heading(_("Consultation summary"), level=0)
    doc.add_paragraph(
        _("%(process)s, version %(number)d, sent on %(sent)s, last day to respond %(deadline)s.")
        % {
            "process": process.title,
            "number": consultation.version.number,
            "sent": _date(consultation.sent_on),
            "deadline": _date(consultation.deadline),
        }
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
