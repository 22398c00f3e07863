"""The pages of study progress:

- /study-progress/: the trainee's own progress (staff who see every trainee are sent to the list
  of trainees behind their plan);
- /study-progress/trainees/<pk>/: one trainee's progress, for staff who see all (and the trainee);
- /study-progress/behind/: the trainees behind their plan (study advisers), paginated;
- /study-progress/results/: results entered per module and date (teacher educators and others
  who record results), all or nothing, everything entered shown again on an error;
- /study-progress/import/: a CSV export of the student administration, previewed with each row's
  errors, then confirmed (all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iclon.core.errors import PortalError
from iclon.core.forms import add_portal_error
from programmes.intake.models import Application
from programmes.progress import forms, imports, services
from programmes.progress.models import ResultSource
from programmes.progress.permissions import may_record, may_view_all
from programmes.progress.selectors import (
    all_trainees,
    behind_plan_filter,
    bulk_candidates,
    progress_of,
    trainee_record_of,
    trainees_for_user,
)

PAGE_SIZE = 25


@login_required
def mine(request):
    trainee = trainee_record_of(request.user)
    if trainee is None:
        if may_view_all(request.user):
            return redirect("progress:behind")
        raise PermissionDenied
    return render(request, "programmes/progress/detail.html", {"progress": progress_of(trainee), "own": True})


@login_required
def trainee_detail(request, pk: int):
    trainee = get_object_or_404(trainees_for_user(user=request.user), pk=pk)
    own = trainee.applicant_id == request.user.pk
    return render(request, "programmes/progress/detail.html", {"progress": progress_of(trainee), "own": own})


@login_required
def behind(request):
    if not may_view_all(request.user):
        raise PermissionDenied
    rows = trainees_for_user(user=request.user).filter(behind_plan_filter())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {"page": page, "page_query": "", "rows": [progress_of(trainee, today) for trainee in page.object_list]}
    return render(request, "programmes/progress/behind.html", context)


def _bulk_url(header: forms.BulkHeaderForm) -> str:
    data = header.cleaned_data
    query = {"module": data["module"].pk, "date": data["date"].isoformat(), "examiner": data["examiner"].pk}
    return f"{reverse('progress:results')}?{urlencode(query)}"


@login_required
def bulk_results(request):
    if not may_record(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    if posted:
        header = forms.BulkHeaderForm(request.POST)
    elif request.GET.get("module"):
        header = forms.BulkHeaderForm(request.GET)
    else:
        header = forms.BulkHeaderForm(initial={"date": timezone.localdate(), "examiner": request.user.pk})
    formset = None
    trainees: dict[int, Application] = {}
    if header.is_bound and header.is_valid():
        module = header.cleaned_data["module"]
        candidates = list(bulk_candidates(module))
        trainees = {trainee.pk: trainee for trainee in candidates}
        if posted:
            formset = forms.BulkRowFormSet(request.POST, prefix="rows")
            posted_ids = {
                row.get("trainee")
                for row in (f.cleaned_data for f in formset.forms if f.is_valid())
                if row.get("trainee") not in trainees
            }
            if posted_ids:  # a trainee no longer in the list (passed meanwhile): shown with the error
                extra = all_trainees().filter(pk__in=posted_ids).select_related("applicant")
                trainees.update({trainee.pk: trainee for trainee in extra})
            if formset.is_valid():
                saved = _save_bulk(request, header, formset, trainees)
                if saved:
                    messages.success(
                        request,
                        ngettext("%(count)d result saved.", "%(count)d results saved.", saved) % {"count": saved},
                    )
                    return redirect(_bulk_url(header))
        else:
            formset = forms.BulkRowFormSet(prefix="rows", initial=[{"trainee": t.pk} for t in candidates])
    rows = [(form, trainees.get(_trainee_id(form))) for form in formset.forms] if formset is not None else []
    invalid = header.is_bound and (
        bool(header.errors) or (formset is not None and formset.is_bound and _has_errors(formset))
    )
    context = {"header": header, "formset": formset, "rows": rows}
    return render(request, "programmes/progress/results.html", context, status=400 if posted and invalid else 200)


def _trainee_id(form) -> int | None:
    value = form["trainee"].value()
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _has_errors(formset) -> bool:
    return bool(formset.non_form_errors()) or any(form.errors for form in formset.forms)


def _save_bulk(request, header, formset, trainees: dict[int, Application]) -> int:
    """Record the rows with a grade or outcome; on any error, put it on its row and save none."""
    data = header.cleaned_data
    entered = []
    for form in formset.forms:
        if not form.entered:
            continue
        trainee = trainees.get(form.cleaned_data["trainee"])
        if trainee is None:
            form.add_error(None, _("This trainee is not in the list for this module."))
            continue
        entry = services.ResultEntry(
            trainee=trainee,
            module=data["module"],
            date=data["date"],
            examiner=data["examiner"],
            grade=form.cleaned_data.get("grade"),
            outcome=form.cleaned_data.get("outcome") or "",
        )
        entered.append((form, entry))
    if _has_errors(formset):
        return 0
    if not entered:
        header.add_error(None, _("Enter a grade or an outcome for at least one trainee."))
        return 0
    try:
        services.record_results(entries=[e for _f, e in entered], actor=request.user, source=ResultSource.BULK)
    except services.ResultErrors as errors:
        for index, error in errors.errors.items():
            form = entered[index][0]
            if error.field in ("date", "examiner", "module"):
                header.add_error(None, f"{entered[index][1].trainee.full_name}: {error.message}")
            add_portal_error(form, error)
        return 0
    except PortalError as error:
        add_portal_error(header, error)
        return 0
    return len(entered)


@login_required
def import_results(request):
    if not may_record(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = forms.ImportForm(request.POST if posted else None, request.FILES if posted else None)
    preview = None
    if posted and form.is_valid():
        upload = form.cleaned_data.get("file")
        content = upload.read() if upload else form.cleaned_data.get("content", "")
        try:
            if not content:
                raise PortalError(_("Choose the CSV file to import."), field="file")
            preview = imports.parse(content)
        except PortalError as error:
            add_portal_error(form, error)
        else:
            if request.POST.get("confirm") and not upload and not preview.error_count:
                try:
                    saved = services.record_results(
                        entries=preview.entries,
                        actor=request.user,
                        source=ResultSource.IMPORT,
                        import_batch=services.new_import_batch(),
                    )
                except PortalError as error:  # written meanwhile (a duplicate): show the preview again
                    add_portal_error(form, error)
                else:
                    messages.success(
                        request,
                        ngettext("%(count)d result imported.", "%(count)d results imported.", len(saved))
                        % {"count": len(saved)},
                    )
                    return redirect("progress:import")
    context = {"form": form, "preview": preview}
    bad = bool(form.errors) or bool(preview and preview.error_count)
    return render(request, "programmes/progress/import.html", context, status=400 if bad else 200)
