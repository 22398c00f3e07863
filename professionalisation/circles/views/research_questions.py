"""Research staff link a school's research question (research/questions) to a learning circle,
from the question's page (the form of navigation.question_sections)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iclon.core.errors import PortalError
from professionalisation.circles import services
from professionalisation.circles.models import LearningCircle
from research.questions.permissions import is_research_staff
from research.questions.selectors import question_get_for_user


@require_POST
def research_question_link(request, pk):
    page = reverse("research_questions:detail", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        return redirect_to_login(page)
    if not is_research_staff(request.user):
        raise PermissionDenied
    question = question_get_for_user(user=request.user, pk=pk)
    circle_id = request.POST.get("circle", "")
    circle = get_object_or_404(LearningCircle, pk=circle_id) if circle_id.isdigit() else None
    if circle is None:
        messages.error(request, _("Choose a learning circle."))
        return HttpResponseRedirect(page)
    try:
        services.circle_link_research_question(circle=circle, question=question, actor=request.user)
    except PortalError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The question has been linked to %(circle)s.") % {"circle": circle.name})
    return HttpResponseRedirect(page)
