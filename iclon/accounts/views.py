from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.accounts.forms import ApiTokenForm, ProfileForm
from iclon.accounts.models import ApiToken
from iclon.accounts.services import api_token_create, api_token_revoke
from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error


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
