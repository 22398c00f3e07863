"""The trainee's page of their certificate of conduct (/placements/vog/): what is missing for which
placement and by when, the certificates uploaded and their checks, and the upload; the document
for its trainee and for staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.intake.responses import document_response
from programmes.vog import forms, services
from programmes.vog.selectors import missing_for_trainee, trainee_record_of, vog_list_for_user


def _trainee(request):
    trainee = trainee_record_of(request.user)
    if trainee is None:
        raise PermissionDenied
    return trainee


@login_required
def mine(request):
    trainee = _trainee(request)
    form = forms.VogUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vog_upload(
                trainee=trainee,
                issued_on=form.cleaned_data["issued_on"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(
                request, _("Thank you: your certificate has been uploaded. ICLON checks it and lets you know.")
            )
            return redirect("vog:mine")
    context = {
        "trainee": trainee,
        "missing": missing_for_trainee(trainee),
        "certificates": vog_list_for_user(user=request.user).filter(trainee=trainee),
        "form": form,
    }
    return render(request, "programmes/vog/mine.html", context, status=400 if form.errors else 200)


@login_required
def document(request, pk):
    certificate = get_object_or_404(vog_list_for_user(user=request.user), pk=pk)
    return document_response(certificate)
