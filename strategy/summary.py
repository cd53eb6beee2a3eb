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
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, [_("Consultee"), _("Kind"), _("Answered")], strict=True
    ):
        cell.text = text
    for consultee in consultees:
        row = table.add_row().cells
        row[0].text = consultee.name
        if consultee.is_self_registered:
            row[0].text += " (" + _("answered on their own") + ")"
        row[1].text = consultee.get_kind_display()
        row[2].text = _("yes") if consultee.response_count else _("no")
    doc.add_heading(_("The responses and how each point was handled"), level=1)
    for response in responses:
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
            continue
        grid = doc.add_table(rows=1, cols=3)
        grid.style = "Table Grid"
        for cell, text in zip(
            grid.rows[0].cells, [_("Point"), _("Disposition"), _("Reason")], strict=True
        ):
            cell.text = text
        for point in points:
            row = grid.add_row().cells
            row[0].text = point.summary
            row[1].text = point.get_disposition_display() or _("not yet handled")
            if point.changed_in:
                row[1].text += " " + _("(changed in version %(number)d)") % {
                    "number": point.changed_in.number
                }
            row[2].text = point.reason
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
