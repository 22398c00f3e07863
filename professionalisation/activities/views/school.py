"""The school's professional-development page: a school contact (or school leader) sees the
registrations, waiting-list places, offers and invitations of their school, never another's,
registers a teacher (an invitation the teacher confirms by e-mail), withdraws an open invitation
and cancels a registration (the participant's pages' cancel action, which lets the school do it).

And the page behind the invitation's secret link, where the teacher confirms (logged in with the
address invited) or declines (no login needed).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from professionalisation.activities import selectors
from professionalisation.activities.forms import InviteTeacherForm
from professionalisation.activities.models import InvitationStatus
from professionalisation.activities.permissions import invitation_is_for
from professionalisation.activities.services import invitations
from professionalisation.activities.views.participant import ACCEPT, DECLINE, registered_message


@login_required
def school_home(request):
    """The page of the user's one school, or a choice among their schools."""
    schools = selectors.schools_registering_for(request.user)
    if not schools:
        raise PermissionDenied
    if len(schools) == 1:
        return redirect("activities:school", pk=schools[0].pk)
    return render(request, "professionalisation/activities/school_choice.html", {"schools": schools})


@login_required
@require_http_methods(["GET", "POST"])
def school(request, pk):
    school = selectors.school_for_registering(user=request.user, pk=pk)
    here = reverse("activities:school", kwargs={"pk": school.pk})
    form = InviteTeacherForm(request.POST or None, sessions=selectors.sessions_for_invitations())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitations.registration_invite(
                session=data["session"],
                school=school,
                name=data["name"],
                email=data["email"],
                language=data["language"],
                actor=request.user,
            )
        except PortalError as error:
            # Shown on the form, with everything the contact typed kept.
            add_portal_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been invited by e-mail to confirm the registration for %(activity)s.")
                % {"name": invitation.name, "activity": invitation.session.activity.title},
            )
            return HttpResponseRedirect(here)
    config = apps.get_app_config("professionalisation")
    context = {
        "school": school,
        "schools": selectors.schools_registering_for(request.user),
        "overview": selectors.school_overview(school),
        "form": form,
        "here": here,
        # The later slices' sections: attendance and certificates (completion).
        "sections": [
            render_to_string(section.template, section.context, request=request)
            for section in config.school_sections(request, school)
        ],
    }
    return render(request, "professionalisation/activities/school.html", context, status=400 if form.errors else 200)


@require_POST
def invitation_withdraw(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("activities:school-home"))
    invitation = selectors.school_invitation(user=request.user, pk=pk)
    try:
        invitations.registration_invitation_withdraw(invitation=invitation, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The invitation of %(name)s has been withdrawn.") % {"name": invitation.name})
    return HttpResponseRedirect(reverse("activities:school", kwargs={"pk": invitation.school_id}))


def _state(invitation, user) -> str:
    """What the invitation's page offers: "confirm" (the teacher logged in), "login" (someone else
    or nobody logged in), or the invitation's final state."""
    if invitation.status != InvitationStatus.PENDING:
        return invitation.status
    if invitation.expires_at <= timezone.now():
        return InvitationStatus.EXPIRED
    return "confirm" if invitation_is_for(invitation, user) else "login"


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = selectors.invitation_get(token=token)
    here = reverse("activities:invitation", kwargs={"token": invitation.token})
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in (ACCEPT, DECLINE):
            messages.error(request, _("Choose whether you confirm or decline the registration."))
            return HttpResponseRedirect(here)
        try:
            if action == ACCEPT:
                result = invitations.registration_invitation_accept(invitation=invitation, actor=request.user)
            else:
                invitations.registration_invitation_decline(invitation=invitation, actor=request.user, token=token)
        except PortalError as error:
            messages.error(request, str(error.message))
            return HttpResponseRedirect(here)
        if action == DECLINE:
            messages.success(request, _("You have declined. Your school can see this."))
            return HttpResponseRedirect(here)
        messages.add_message(request, *registered_message(result))
        return HttpResponseRedirect(reverse("activities:mine"))
    context = {
        "invitation": invitation,
        "session": invitation.session,
        "activity": invitation.session.activity,
        "meetings": list(invitation.session.meetings.all()),
        "state": _state(invitation, request.user),
        "here": here,
    }
    return render(request, "professionalisation/activities/invitation.html", context)
