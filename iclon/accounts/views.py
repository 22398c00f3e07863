from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iclon.accounts.forms import ApiTokenForm, ErasureRequestForm, ProfileForm
from iclon.accounts.models import ApiToken, ErasureRequest
from iclon.accounts.services import (
    api_token_create,
    api_token_revoke,
    erasure_request_create,
    erasure_request_withdraw,
)
from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from iclon.core.privacy import export_person, export_titles


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "mfa_enabled": is_mfa_enabled(request.user)})


@login_required
def api_tokens(request):
    """The user's personal API tokens: create (the token is shown once, on this response) and list."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_days=form.cleaned_data["expires_days"],
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def api_token_revoke_view(request, token_key):
    token = get_object_or_404(ApiToken, user=request.user, token_key=token_key, digest=request.POST.get("digest", ""))
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token '%(name)s' has been revoked; it no longer works.") % {"name": token.name})
    return redirect("accounts:api-tokens")


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """ "Your data": what the download holds (GET) and the download itself, one ZIP (POST)."""
    if request.method == "POST":
        response = HttpResponse(export_person(request.user), content_type="application/zip")
        filename = f"iclon-your-data-{timezone.localdate():%Y-%m-%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # The ZIP holds personal data: no cache (browser, proxy) may keep a copy.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
    return render(request, "accounts/data_export.html", {"titles": export_titles()})


@login_required
@require_http_methods(["GET", "POST"])
def erasure(request):
    """The person asks ICLON to delete their account (and sees their requests)."""
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure_request_create(
                user=request.user,
                password=form.cleaned_data["password"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your request has been sent. ICLON will handle it and tell you by e-mail."))
            return redirect("accounts:erasure")
    requests = ErasureRequest.objects.filter(user=request.user).order_by("-requested_at")
    open_request = next((r for r in requests if r.status == ErasureRequest.Status.OPEN), None)
    return render(request, "accounts/erasure.html", {"form": form, "requests": requests, "open_request": open_request})


@login_required
@require_POST
def erasure_withdraw(request, pk):
    erasure_request = get_object_or_404(ErasureRequest, pk=pk, user=request.user)
    try:
        erasure_request_withdraw(request=erasure_request, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your request has been withdrawn; your account stays."))
    return redirect("accounts:erasure")
