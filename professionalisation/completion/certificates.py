"""The certificate as a PDF (reportlab): A4, drawn on request from what the Certificate row and its
registration hold, in the certificate's language.

It shows ICLON's and Leiden University's names as text (no image: nothing to fetch, nothing to
keep in step with the house style), the participant's name, the activity's title in the
certificate's language, the session's name and meeting dates, the study load (hours and EC), the
number, the date of issue, and the public verification address printed and as a QR code.

The fonts are the Bitstream Vera fonts that ship with reportlab, so that names with letters
beyond Latin-1 print without depending on the server's fonts.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from professionalisation.activities.models import MEETING_ZONE
from professionalisation.completion.models import Certificate
from professionalisation.completion.notifications import verification_url

FONT = "IclonVera"
FONT_BOLD = "IclonVera-Bold"
LEIDEN_BLUE = HexColor("#001158")
GREY = HexColor("#555555")
QR_SIZE = 32 * mm


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))


def _hours_and_ec(activity) -> str:
    parts = []
    if activity.study_load_hours:
        parts.append(_("%(hours)s hours") % {"hours": activity.study_load_hours})
    if activity.study_load_ec:
        parts.append(_("%(ec)s EC") % {"ec": formats.number_format(activity.study_load_ec, use_l10n=True)})
    return " · ".join(parts) or "–"


def certificate_lines(certificate: Certificate) -> dict[str, object]:
    """What the certificate says, in the active language (the PDF and its tests read this)."""
    registration = certificate.completion.registration
    session = registration.session
    activity = session.activity
    title = activity.title_en if certificate.language == "en" else activity.title_nl
    meetings = list(session.meetings.order_by("date", "starts_at", "pk"))
    return {
        "name": registration.participant.full_name or registration.participant.email,
        "title": title,
        "session": session.name,
        "dates": ", ".join(formats.date_format(meeting.date, "j F Y") for meeting in meetings) or "–",
        "study_load": _hours_and_ec(activity),
        "number": certificate.number,
        "issued": formats.date_format(timezone.localtime(certificate.issued_at, MEETING_ZONE).date(), "j F Y"),
        "url": verification_url(certificate),
    }


def _centred(canvas: Canvas, text: str, y: float, *, font: str, size: float, width: float) -> float:
    """Draw `text` centred, wrapped to `width`; returns the y below it."""
    for line in simpleSplit(text, font, size, width):
        canvas.setFont(font, size)
        canvas.drawCentredString(A4[0] / 2, y, line)
        y -= size * 1.3
    return y


def _qr(canvas: Canvas, url: str, x: float, y: float) -> None:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes, in `certificate.language`."""
    _register_fonts()
    with translation.override(certificate.language):
        lines = certificate_lines(certificate)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        canvas.setTitle(_("Certificate %(number)s") % {"number": lines["number"]})
        canvas.setAuthor("ICLON – Leiden University")
        canvas.setSubject(str(lines["title"]))
        width, height = A4
        text_width = width - 50 * mm

        canvas.setStrokeColor(LEIDEN_BLUE)
        canvas.setLineWidth(2)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

        canvas.setFillColor(LEIDEN_BLUE)
        y = height - 35 * mm
        y = _centred(canvas, "ICLON", y, font=FONT_BOLD, size=22, width=text_width)
        y = _centred(
            canvas, _("Leiden University Graduate School of Teaching"), y, font=FONT, size=12, width=text_width
        )
        y = _centred(canvas, _("Leiden University"), y, font=FONT, size=12, width=text_width)

        y -= 18 * mm
        y = _centred(canvas, _("Certificate"), y, font=FONT_BOLD, size=30, width=text_width)
        canvas.setFillColor(GREY)
        y = _centred(canvas, _("of participation in professional development"), y, font=FONT, size=12, width=text_width)

        canvas.setFillColor(LEIDEN_BLUE)
        y -= 14 * mm
        y = _centred(canvas, _("This is to certify that"), y, font=FONT, size=12, width=text_width)
        y -= 3 * mm
        y = _centred(canvas, str(lines["name"]), y, font=FONT_BOLD, size=20, width=text_width)
        y -= 3 * mm
        y = _centred(canvas, _("has completed"), y, font=FONT, size=12, width=text_width)
        y -= 3 * mm
        y = _centred(canvas, str(lines["title"]), y, font=FONT_BOLD, size=16, width=text_width)

        y -= 12 * mm
        canvas.setFillColor(HexColor("#000000"))
        facts = [
            (_("Session"), lines["session"]),
            (_("Meetings"), lines["dates"]),
            (_("Study load"), lines["study_load"]),
            (_("Certificate number"), lines["number"]),
            (_("Date of issue"), lines["issued"]),
        ]
        label_x, value_x = 28 * mm, 75 * mm
        for label, value in facts:
            canvas.setFont(FONT_BOLD, 10)
            canvas.drawString(label_x, y, str(label))
            canvas.setFont(FONT, 10)
            for line in simpleSplit(str(value), FONT, 10, width - value_x - 28 * mm):
                canvas.drawString(value_x, y, line)
                y -= 14
            y -= 4

        bottom = 22 * mm
        _qr(canvas, str(lines["url"]), width - 28 * mm - QR_SIZE, bottom)
        canvas.setFont(FONT, 9)
        canvas.setFillColor(GREY)
        canvas.drawString(28 * mm, bottom + 18 * mm, _("Check that this certificate is valid at:"))
        canvas.setFillColor(LEIDEN_BLUE)
        for line in simpleSplit(str(lines["url"]), FONT, 9, width - 70 * mm - QR_SIZE):
            canvas.drawString(28 * mm, bottom + 13 * mm, line)
            bottom -= 11
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()
