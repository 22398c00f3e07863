"""The support desk's pages: "My questions" (with the knowledge base's search), asking, a
question's thread with its moves, support staff's queue, and the knowledge base.

Every read goes through programmes/support/selectors.py (another person's question is a 404;
internal notes only for support staff) and every change through programmes/support/services.py;
a PortalError becomes a form error or a message. Posts answer with a redirect, so every page works
without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.support import forms, selectors, services
from programmes.support.models import SupportState
from programmes.support.permissions import (
    can_ask,
    can_close,
    can_reopen,
    can_reply,
    is_asker,
    is_support_staff,
)

TEMPLATES = "programmes/support"
PAGE_SIZE = 25


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _page_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _gate(request, check=can_ask):
    """Visitors log in first; signed-in people without access get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        raise PermissionDenied
    return None


def _common(request) -> dict:
    return {"response_days": selectors.response_days(), "is_support_staff": is_support_staff(request.user)}


def home(request):
    """The signed-in staff member's own questions, the button to ask one, and the search of the
    knowledge base."""
    if (answer := _gate(request)) is not None:
        return answer
    rows = selectors.question_list_for_user(user=request.user).filter(asker=request.user)
    context = {
        **_common(request),
        "page": _page(request, rows),
        "page_query": _page_query(request),
        "search_form": forms.ArticleSearchForm(),
    }
    return render(request, f"{TEMPLATES}/home.html", context)


def question_new(request):
    if (answer := _gate(request)) is not None:
        return answer
    form = forms.QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.support_question_ask(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            messages.success(request, _("Your question has been sent to the support desk."))
            return redirect("support:detail", pk=question.pk)
    return render(request, f"{TEMPLATES}/new.html", {**_common(request), "form": form})


def _detail_context(request, question, **forms_given) -> dict:
    user = request.user
    staff = is_support_staff(user)
    context = {
        **_common(request),
        "question": question,
        "replies": list(selectors.reply_list_for_user(user=user, question=question)),
        "is_asker": is_asker(user, question),
        "reply_form": forms_given.get("reply_form")
        or (forms.ReplyForm(support_staff=staff) if can_reply(user, question) else None),
        "assign_form": (
            forms_given.get("assign_form") or forms.AssignForm(initial={"assignee": question.assignee_id})
            if staff and question.state != SupportState.CLOSED
            else None
        ),
        "may_answer": staff and question.state in (SupportState.OPEN, SupportState.IN_PROGRESS),
        "may_close": can_close(user, question),
        "may_reopen": can_reopen(user, question),
        "may_make_article": staff and (question.answered_at is not None or question.state == SupportState.CLOSED),
    }
    return context


def question_detail(request, pk):
    if (answer := _gate(request)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    return render(request, f"{TEMPLATES}/detail.html", _detail_context(request, question))


def _move_error(request, error: PortalError) -> None:
    messages.error(request, str(error.message))


@require_POST
def question_reply(request, pk):
    """A reply to the thread; support staff's "Send as the answer" button answers the question
    (with this text, or, left empty, with the replies given already)."""
    if (answer := _gate(request)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    staff = is_support_staff(request.user)
    form = forms.ReplyForm(request.POST, support_staff=staff)
    as_answer = staff and "answer" in request.POST
    try:
        if as_answer:
            services.support_question_answer(question=question, actor=request.user, text=request.POST.get("text", ""))
            messages.success(request, _("The question is answered. The asker has been told."))
            return redirect("support:detail", pk=question.pk)
        if form.is_valid():
            services.support_reply_add(
                question=question,
                actor=request.user,
                text=form.cleaned_data["text"],
                internal=form.cleaned_data.get("internal", False),
            )
            messages.success(request, _("Your reply has been added."))
            return redirect("support:detail", pk=question.pk)
    except PortalError as error:
        form.is_valid()
        form.errors.pop("text", None)
        add_portal_error(form, error)
    context = _detail_context(request, question, reply_form=form)
    return render(request, f"{TEMPLATES}/detail.html", context, status=400)


@require_POST
def question_assign(request, pk):
    if (answer := _gate(request, is_support_staff)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        try:
            services.support_question_assign(
                question=question, assignee=form.cleaned_data["assignee"], actor=request.user
            )
        except PortalError as error:
            _move_error(request, error)
        else:
            messages.success(request, _("The question's assignment has been saved."))
    else:
        messages.error(request, _("Choose one of the support staff."))
    return redirect("support:detail", pk=question.pk)


@require_POST
def question_close(request, pk):
    if (answer := _gate(request)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    try:
        services.support_question_close(question=question, actor=request.user)
    except PortalError as error:
        _move_error(request, error)
    else:
        messages.success(request, _("The question is closed."))
    return redirect("support:detail", pk=question.pk)


@require_POST
def question_reopen(request, pk):
    if (answer := _gate(request)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    try:
        services.support_question_reopen(question=question, actor=request.user)
    except PortalError as error:
        _move_error(request, error)
    else:
        messages.success(request, _("The question is open again."))
    return redirect("support:detail", pk=question.pk)


@require_POST
def question_make_article(request, pk):
    if (answer := _gate(request, is_support_staff)) is not None:
        return answer
    question = selectors.question_get_for_user(user=request.user, pk=pk)
    try:
        article = services.support_article_from_question(question=question, actor=request.user)
    except PortalError as error:
        _move_error(request, error)
        return redirect("support:detail", pk=question.pk)
    messages.success(request, _("A draft article has been made. Check it and publish it."))
    return redirect("support:article-detail", key=article.slug)


def queue(request):
    """Support staff's queue: every question, filtered by state, topic and assignee."""
    if (answer := _gate(request, is_support_staff)) is not None:
        return answer
    form = forms.QueueFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.question_list_for_user(user=request.user)
    if request.GET.get("overdue"):
        rows = selectors.overdue_filter(rows)
    rows = selectors.question_filter(
        rows,
        state=values.get("state", ""),
        topic=values.get("topic", ""),
        assignee=values.get("assignee", ""),
        user=request.user,
    ).order_by("created_at", "pk")
    context = {
        **_common(request),
        "form": form,
        "page": _page(request, rows),
        "page_query": _page_query(request),
        "counts": selectors.queue_counts(),
    }
    return render(request, f"{TEMPLATES}/queue.html", context)


def article_list(request):
    if (answer := _gate(request)) is not None:
        return answer
    form = forms.ArticleSearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.article_list_for_user(user=request.user, q=values.get("q", ""), topic=values.get("topic", ""))
    context = {
        **_common(request),
        "form": form,
        "query": values.get("q", ""),
        "page": _page(request, rows),
        "page_query": _page_query(request),
    }
    return render(request, f"{TEMPLATES}/article_list.html", context)


def article_detail(request, key):
    if (answer := _gate(request)) is not None:
        return answer
    article = selectors.article_get_for_user(user=request.user, key=key)
    return render(request, f"{TEMPLATES}/article_detail.html", {**_common(request), "article": article})


@require_POST
def article_publish(request, key):
    if (answer := _gate(request, is_support_staff)) is not None:
        return answer
    article = selectors.article_get_for_user(user=request.user, key=key)
    published = request.POST.get("published", "1") == "1"
    try:
        services.support_article_publish(article=article, actor=request.user, published=published)
    except PortalError as error:
        _move_error(request, error)
    else:
        messages.success(
            request, _("The article is published.") if published else _("The article is no longer published.")
        )
    return redirect("support:article-detail", key=article.slug)
