"""HTTP responses of the intake slice that the pages and the API share (the views layer: services
and selectors return data, never a response)."""

from django.http import FileResponse, Http404

from programmes.intake.models import ApplicationDocument


def document_response(document: ApplicationDocument) -> FileResponse:
    """Stream an application's document as an attachment, never cached, never sniffed: for the
    applicant's page and the API alike, after they checked the permission. Http404 when the
    file is gone from storage."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
