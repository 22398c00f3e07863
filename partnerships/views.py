from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from partnerships import selectors
from partnerships.forms import AcceptInvitationForm
from partnerships.models import School
from partnerships.services.invitations import (
    InvitationExpired,
    InvitationInvalid,
    InvitationUsed,
    invitation_accept,
    invitation_get,
)


@login_required
def school_list(request):
    schools = list(selectors.school_list_for_user(user=request.user)[:200])
    if len(schools) == 1 and not request.user.is_staff:
        return redirect("partnerships:school-detail", code=schools[0].code)
    return render(request, "partnerships/school_list.html", {"schools": schools})


@login_required
def school_detail(request, code):
    try:
        school = selectors.school_get_for_user(user=request.user, code=code)
    except School.DoesNotExist:
        raise Http404 from None
    context = {
        "school": school,
        "memberships": school.active_memberships,
        "partnership": school.partnership,
        "partnership_schools": selectors.partnership_schools(school=school),
        "agreements": selectors.agreement_list_for_partnership(user=request.user, partnership_id=school.partnership_id),
    }
    return render(request, "partnerships/school_detail.html", context)


@never_cache
def invitation_accept_view(request, token):
    try:
        invitation = invitation_get(token=token)
    except (InvitationInvalid, InvitationExpired, InvitationUsed) as error:
        return render(
            request,
            "partnerships/invitation_unusable.html",
            {
                "error": error,
                "expired": isinstance(error, InvitationExpired),
                "used": isinstance(error, InvitationUsed),
            },
            status=410 if not isinstance(error, InvitationInvalid) else 404,
        )

    existing_account = request.user.is_authenticated
    form = AcceptInvitationForm(request.POST or None) if not existing_account else None
    if request.method == "POST" and (existing_account or form.is_valid()):
        try:
            user = invitation_accept(
                token=token,
                password=None if existing_account else form.cleaned_data["password1"],
                user=request.user if existing_account else None,
            )
        except PortalError as error:
            if form is not None and error.field:
                add_portal_error(form, error)
            else:
                messages.error(request, str(error.message))
                return redirect("core:dashboard" if existing_account else "core:home")
        else:
            if not existing_account:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome! You now have access to %(school)s.") % {"school": invitation.school.name}
            )
            return redirect("partnerships:school-detail", code=invitation.school.code)
    return render(
        request,
        "partnerships/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing_account": existing_account},
    )
