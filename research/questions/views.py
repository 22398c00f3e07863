"""The pages of research questions.

* The school's side: its questions (`question_list`; visitors without a login read what research
  questions are, with the public form and the login), a new question (`question_new`), and a
  question's page with its clarification, rating and public choice.
* Research staff: the queue with filters by state and urgency (`question_queue`), and on the
  question's page the review, match and answer forms.
* Trainees: the open master's thesis topics (`thesis_list`), one chosen with a POST.
* Everybody: the answered questions their schools made public (`public_list`), and their pages.

Every page loads through a scoped selector (404 outside the viewer's scope) and every change goes
through a service; the forms' errors are the services' messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from iclon.core.slices import domain_apps
from research.people.views import page_query
from research.questions import forms, selectors, services
from research.questions.models import QuestionStatus, ResearchQuestion
from research.questions.permissions import acts_for_question, can_choose_thesis, is_research_staff

TEMPLATES = "research/questions"
PAGE_SIZE = 25


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def question_list(request):
    """The questions of the visitor's schools (and those they submitted); an introduction for
    visitors without a login."""
    if not request.user.is_authenticated:
        return render(request, f"{TEMPLATES}/intro.html")
    rows = selectors.question_list_for_user(request.user).order_by("-created_at", "-pk")
    context = {
        "page": _page(request, rows),
        "may_submit": selectors.schools_for_submitting(request.user).exists(),
        "is_staff": is_research_staff(request.user),
    }
    return render(request, f"{TEMPLATES}/list.html", context)


def question_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    schools = selectors.schools_for_submitting(request.user)
    if not schools.exists():
        raise PermissionDenied
    form = forms.QuestionForm(request.POST or None, schools=schools)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                question = services.question_submit(actor=request.user, **data)
            except PortalError as error:
                add_portal_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Thank you: your question has been sent to our research staff."))
                return HttpResponseRedirect(reverse("research_questions:detail", kwargs={"pk": question.pk}))
        status = status if status != 200 else 400
    return render(request, f"{TEMPLATES}/new.html", {"form": form}, status=status)


def question_queue(request):
    """Research staff's queue: every question, filtered by state, urgency and a search."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_research_staff(request.user):
        raise PermissionDenied
    form = forms.QueueFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.question_filter(
        selectors.question_list_for_user(request.user),
        status=values.get("status", ""),
        urgency=values.get("urgency", ""),
        q=values.get("q", ""),
    ).order_by("status", "-urgency", "created_at", "pk")
    context = {
        "form": form,
        "page": _page(request, rows),
        "counts": selectors.queue_counts(),
        "page_query": page_query(request),
    }
    return render(request, f"{TEMPLATES}/queue.html", context)


def public_list(request):
    """The answered questions their schools made public (the knowledge base)."""
    rows = selectors.public_question_list()
    principle = request.GET.get("principle", "")[:100]
    if principle:
        rows = rows.filter(principles__slug=principle)
    context = {"page": _page(request, rows), "page_query": page_query(request)}
    return render(request, f"{TEMPLATES}/public_list.html", context)


def thesis_list(request):
    """The questions offered as master's thesis topics, for trainees (and research staff)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (can_choose_thesis(request.user) or is_research_staff(request.user)):
        raise PermissionDenied
    rows = selectors.thesis_topic_list(request.user)
    context = {"page": _page(request, rows), "may_choose": can_choose_thesis(request.user)}
    return render(request, f"{TEMPLATES}/thesis_list.html", context)


# --- a question's page ------------------------------------------------------------------------------


def _sections(request, question: ResearchQuestion) -> list[str]:
    """What later apps add to the page (the learning circle a question was matched to)."""
    return [
        render_to_string(section.template, section.context, request=request)
        for config in domain_apps()
        for section in config.question_sections(request, question)
    ]


def _detail(request, question: ResearchQuestion, *, status: int = 200, **given):
    user = request.user
    staff = is_research_staff(user)
    school_side = acts_for_question(user, question)
    party = staff or selectors.question_list_for_user(user).filter(pk=question.pk).exists()
    open_review = question.status in (QuestionStatus.SUBMITTED, QuestionStatus.NEEDS_CLARIFICATION)
    matchable = question.status in (QuestionStatus.ACCEPTED, QuestionStatus.MATCHED) and not question.thesis_trainee_id
    answerable = question.status in (QuestionStatus.ACCEPTED, QuestionStatus.MATCHED)
    answered = question.status == QuestionStatus.ANSWERED
    context = {
        "question": question,
        "party": party,
        "is_staff": staff,
        "school_side": school_side,
        "review_form": given.get("review_form") or (forms.ReviewForm() if staff and open_review else None),
        "match_form": given.get("match_form")
        or (
            forms.MatchForm(initial={"kind": question.match_kind, "researcher": question.researcher_id})
            if staff and matchable
            else None
        ),
        "answer_form": given.get("answer_form") or (forms.AnswerForm() if staff and answerable else None),
        "clarify_form": given.get("clarify_form")
        or (forms.ClarifyForm() if school_side and question.status == QuestionStatus.NEEDS_CLARIFICATION else None),
        "rate_form": given.get("rate_form")
        or (forms.RateForm() if school_side and answered and question.rating is None else None),
        "public_form": forms.PublicForm(initial={"public": question.public}) if school_side and answered else None,
        "may_choose": question.is_open_thesis_topic and can_choose_thesis(user),
        "sections": _sections(request, question),
    }
    return render(request, f"{TEMPLATES}/detail.html", context, status=status)


def question_detail(request, pk):
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    return _detail(request, question)


#: The posts of a question's page: the form each reads, and how it calls its service.
MOVES = {
    "review": (
        forms.ReviewForm,
        "review_form",
        lambda q, user, data: services.question_review(
            question=q, actor=user, decision=data["decision"], reason=data["reason"]
        ),
        _("The review has been saved and the school told."),
    ),
    "match": (
        forms.MatchForm,
        "match_form",
        lambda q, user, data: services.question_match(
            question=q, actor=user, kind=data["kind"], researcher=data["researcher"], project=data["project"]
        ),
        _("The question has been matched and the school told."),
    ),
    "answer": (
        forms.AnswerForm,
        "answer_form",
        lambda q, user, data: services.question_answer(
            question=q, actor=user, summary=data["summary"], products=data["products"], links=data["links"]
        ),
        _("The answer has been sent to the school."),
    ),
    "clarify": (
        forms.ClarifyForm,
        "clarify_form",
        lambda q, user, data: services.question_clarify(question=q, actor=user, clarification=data["clarification"]),
        _("Thank you: your clarification has been sent."),
    ),
    "rate": (
        forms.RateForm,
        "rate_form",
        lambda q, user, data: services.question_rate(
            question=q, actor=user, rating=data["rating"], comment=data["comment"]
        ),
        _("Thank you for rating the answer."),
    ),
    "public": (
        forms.PublicForm,
        "public_form",
        lambda q, user, data: services.question_set_public(question=q, actor=user, public=data["public"]),
        _("Your choice has been saved."),
    ),
    "choose": (
        forms.ChooseForm,
        "choose_form",
        lambda q, user, data: services.thesis_choose(question=q, actor=user),
        _("The topic is yours: research staff have been told."),
    ),
}


@require_POST
def question_move(request, pk, move):
    if move not in MOVES:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("research_questions:detail", kwargs={"pk": pk}))
    question = selectors.question_get_for_user(user=request.user, pk=pk) if move != "choose" else None
    if question is None:
        question = selectors.thesis_topic_list(request.user).filter(pk=pk).first()
        if question is None:
            raise Http404
    form_class, name, call, done = MOVES[move]
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, question, status=400, **{name: form})
    try:
        call(question, request.user, form.cleaned_data)
    except PortalError as error:
        if error.status_code == 403:
            raise PermissionDenied from error
        add_portal_error(form, error)
        if name not in ("public_form", "choose_form"):
            return _detail(request, question, status=error.status_code, **{name: form})
        messages.error(request, str(error.message))
        return _detail(request, question, status=error.status_code)
    messages.success(request, str(done))
    if move == "choose":
        return HttpResponseRedirect(reverse("research_questions:theses"))
    return HttpResponseRedirect(reverse("research_questions:detail", kwargs={"pk": pk}))
