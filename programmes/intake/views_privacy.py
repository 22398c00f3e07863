"""The applicant's copy of their data (the right of access): a page that says what the download
holds, and a POST that returns it as one ZIP."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_http_methods

from programmes.intake.selectors import application_list_for_user
from programmes.intake.services.privacy import application_data_export


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    if request.method == "POST":
        data = application_data_export(user=request.user)
        response = HttpResponse(data, content_type="application/zip")
        filename = f"iclon-my-data-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # The ZIP holds personal data: no cache (browser, proxy) may keep a copy.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
    applications = (
        application_list_for_user(user=request.user)
        .filter(applicant=request.user)
        .select_related(None)
        .select_related("pathway", "start_moment")
        .annotate(document_count=Count("documents"))
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "programmes/intake/data_export.html",
        {"applications": applications, "retention_days": settings.APPLICATION_RETENTION_DAYS},
    )
