"""A research question from a teacher without an account (public.py): the public form (with the
suggestions of its school field and the page that says to check the mailbox) and the page behind
the e-mail's link that verifies the address (a GET shows, only a POST confirms: mail scanners open
links). No page here needs a login; the token in the address is the key, the services check it."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from research.questions import public
from research.questions.forms import QuestionAskForm

TEMPLATES = "research/questions"
#: The honeypot: a field people do not see (and so leave empty) and form-filling robots fill in.
HONEYPOT = "website"


@never_cache
def question_ask(request):
    """The public form: a valid post stores the submission and mails the teacher the link."""
    user = request.user
    initial = {"contact_name": user.full_name, "contact_email": user.email} if user.is_authenticated else {}
    form = QuestionAskForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            # A robot: it is told what a person is told, and nothing is stored or sent.
            return HttpResponseRedirect(reverse("research_questions:ask-sent"))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                school = public.school_resolve(data.pop("school_text"))
                public.submission_create(
                    school=school,
                    language=translation.get_language() or "nl",
                    client_address=request.META.get("REMOTE_ADDR", ""),
                    **data,
                )
            except PortalError as error:
                if error.field == "school":
                    error.field = "school_text"
                add_portal_error(form, error)
                status = error.status_code
            else:
                return HttpResponseRedirect(reverse("research_questions:ask-sent"))
        status = status if status != 200 else 400
    return render(request, f"{TEMPLATES}/ask.html", {"form": form, "honeypot": HONEYPOT}, status=status)


@require_GET
def question_ask_schools(request):
    """The suggestions of the form's school field (the options of its <datalist>)."""
    schools = public.school_options(request.GET.get("school_text", ""))
    return render(request, f"{TEMPLATES}/ask_schools.html", {"options": [public.school_label(s) for s in schools]})


def question_ask_sent(request):
    return render(request, f"{TEMPLATES}/ask_sent.html")


@never_cache
def question_verify(request, token):
    """The e-mail's link: a GET shows the question and a button, the POST makes the question."""
    try:
        submission = public.submission_for_token(token)
    except PortalError as error:
        return render(
            request,
            f"{TEMPLATES}/verify.html",
            {"error": error.message, "form_has_errors": True},
            status=error.status_code,
        )
    if request.method == "POST":
        try:
            public.submission_verify(token=token)
        except PortalError as error:
            context = {"error": error.message, "form_has_errors": True, "submission": submission}
            return render(request, f"{TEMPLATES}/verify.html", context, status=error.status_code)
        return render(request, f"{TEMPLATES}/verify.html", {"submission": submission, "confirmed": True})
    return render(request, f"{TEMPLATES}/verify.html", {"submission": submission})
