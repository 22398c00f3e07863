"""The participant's pages: their completed activities and certificates, a certificate's PDF
(their own; staff any; 404 for others), the evaluation form, and the public verification page
behind the address printed on a certificate (name, activity, date, valid or revoked: nothing more).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from professionalisation.completion import selectors, services
from professionalisation.completion.certificates import certificate_pdf as draw_certificate
from professionalisation.completion.forms import EvaluationForm


@login_required
def mine(request):
    overview = selectors.participant_completions(request.user)
    return render(request, "professionalisation/completion/mine.html", {"completions": overview})


@require_GET
def certificate_pdf(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = selectors.certificate_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(draw_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = selectors.registration_for_evaluation(user=request.user, pk=pk)
    existing = getattr(registration, "evaluation", None)
    editable_until = services.evaluation_editable_until(registration.completion)
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                registration=registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return HttpResponseRedirect(reverse("completion:mine"))
    return render(
        request,
        "professionalisation/completion/evaluation.html",
        {
            "form": form,
            "registration": registration,
            "activity": registration.session.activity,
            "session": registration.session,
            "existing": existing,
            "editable_until": editable_until,
            "editable": existing is None or services.evaluation_may_change(registration.completion),
        },
    )


@never_cache
@require_GET
def certificate_verify(request, code):
    verification = selectors.certificate_verify(code=code)
    return render(request, "professionalisation/completion/verify.html", {"verification": verification})
