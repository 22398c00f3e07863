"""Decision letters: one template (programmes/letters/decision.html) rendered as HTML for the
browser and as PDF (xhtml2pdf) for printing and archiving, always in the applicant's language.

Staff open them from the application's admin page; the applicant from their application at
/applications/<id>/letter/ (and letter.pdf), loaded through the one tenancy rule. A letter exists
only once the application is decided: before that both answer 404.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from programmes.intake.models import DECIDED_STATUSES, AdmissionCondition, Application, ApplicationStatus, Exemption
from programmes.intake.selectors import application_get_for_user

TEMPLATE = "programmes/letters/decision.html"

# Letters are written in the languages of the portal; anything else (or an anonymised
# application without an applicant) gets the default, Dutch.
LETTER_LANGUAGES = ("nl", "en")


def letter_language(application: Application) -> str:
    language = (getattr(application.applicant, "language", "") or "")[:2]
    return language if language in LETTER_LANGUAGES else "nl"


def decision_status(application: Application) -> str | None:
    """The decision the letter announces: the status itself while decided, and for an enrolled
    applicant the admission that came before the enrolment. None: there is no decision."""
    if application.status in DECIDED_STATUSES:
        return application.status
    if application.status == ApplicationStatus.ENROLLED:
        # Uses the prefetched timeline when the caller loaded it (the selector does).
        decisions = [t for t in application.transitions.all() if t.to_status in DECIDED_STATUSES]
        return decisions[-1].to_status if decisions else ApplicationStatus.ADMITTED
    return None


def has_letter(application: Application) -> bool:
    return application.status in DECIDED_STATUSES or application.status == ApplicationStatus.ENROLLED


def _context(application: Application, *, for_pdf: bool) -> dict:
    status = decision_status(application)
    return {
        "application": application,
        "decision": status,
        "admitted": status in (ApplicationStatus.ADMITTED, ApplicationStatus.ADMITTED_WITH_CONDITIONS),
        "with_conditions": status == ApplicationStatus.ADMITTED_WITH_CONDITIONS,
        "rejected": status == ApplicationStatus.REJECTED,
        "conditions": list(
            AdmissionCondition.objects.filter(application=application)
            .select_related("deficiency_course")
            .order_by("pk")
        ),
        "exemptions": list(
            Exemption.objects.filter(application=application).select_related("module").order_by("module__order")
        ),
        "for_pdf": for_pdf,
    }


def render_decision_letter(application: Application, *, request=None, for_pdf: bool = False) -> str:
    """The decision letter of `application` as an HTML document, in the applicant's language.

    With `request` the page's inline stylesheet carries the response's CSP nonce."""
    language = letter_language(application)
    with translation.override(language):
        context = _context(application, for_pdf=for_pdf)
        context["language"] = language
        return render_to_string(TEMPLATE, context, request=request)


def decision_letter_pdf(application: Application) -> bytes:
    """The same letter as a PDF document."""
    from xhtml2pdf import pisa

    html = render_decision_letter(application, for_pdf=True)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"The decision letter of {application.reference} could not be made into a PDF.")
    return output.getvalue()


def letter_filename(application: Application) -> str:
    return f"{application.reference}-decision.pdf"


def pdf_response(application: Application, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(decision_letter_pdf(application), content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{letter_filename(application)}"'
    return response


# --- The applicant's views (staff have their own in the admin, programmes/intake/admin/) -----


def _decided_application(request, pk) -> Application:
    application = application_get_for_user(user=request.user, pk=pk)
    if not has_letter(application):
        raise Http404
    return application


@require_GET
@login_required
def application_letter(request, pk):
    """The decision letter as a page (print it from the browser, or download the PDF)."""
    application = _decided_application(request, pk)
    return HttpResponse(render_decision_letter(application, request=request))


@require_GET
@login_required
def application_letter_pdf(request, pk):
    application = _decided_application(request, pk)
    return pdf_response(application)
