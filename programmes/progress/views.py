"""The pages of study progress:

- /study-progress/: the trainee's own progress (staff who see every trainee are sent to the list
  of trainees behind their plan);
- /study-progress/trainees/<pk>/: one trainee's progress, for staff who see all (and the trainee);
- /study-progress/behind/: the trainees behind their plan (study advisers: their own by default;
  ?adviser=mine|none|all and ?pathway=), paginated;
- /study-progress/results/: results entered per module and date (teacher educators and others
  who record results): the header first, then the module's trainees with the header fixed; all
  or nothing, only the module's trainees, everything entered shown again on an error;
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
from programmes.progress.models import ResultSource, StudyPlan
from programmes.progress.permissions import may_plan, may_record, may_view_all
from programmes.progress.selectors import (
    AdviserFilter,
    adviser_filter,
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
    context = {"progress": progress_of(trainee), "own": own, "edit_plan_url": _edit_plan_url(request, trainee, own)}
    return render(request, "programmes/progress/detail.html", context)


def _edit_plan_url(request, trainee: Application, own: bool) -> str:
    """The admin page of the trainee's plan (or a new plan) for staff who keep the plans."""
    if own or not may_plan(request.user):
        return ""
    plan = getattr(trainee, "study_plan", None)  # none yet: RelatedObjectDoesNotExist is an AttributeError
    if plan is not None:
        return reverse("admin:programmes_studyplan_change", args=[plan.pk])
    return f"{reverse('admin:programmes_studyplan_add')}?{urlencode({'trainee': trainee.pk})}"


@login_required
def behind(request):
    """The trainees behind their plan: by default a study adviser's own (their plans), with the
    filters mine / without an adviser / all and a route."""
    if not may_view_all(request.user):
        raise PermissionDenied
    # A study adviser with plans of their own sees those by default; anybody else all trainees.
    advises = may_plan(request.user) and StudyPlan.objects.filter(adviser_id=request.user.pk).exists()
    default = AdviserFilter.MINE if advises else AdviserFilter.ALL
    filters = forms.BehindFilterForm(request.GET or None, initial={"adviser": default})
    data = filters.cleaned_data if filters.is_valid() else {}
    which = data.get("adviser") or default
    rows = adviser_filter(
        trainees_for_user(user=request.user).filter(behind_plan_filter()), user=request.user, which=which
    )
    if data.get("pathway") is not None:
        rows = rows.filter(pathway=data["pathway"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "page_query": query.urlencode(),
        "filters": filters,
        "which": which,
        "rows": [progress_of(trainee, today) for trainee in page.object_list],
    }
    return render(request, "programmes/progress/behind.html", context)


def _bulk_url(header: forms.BulkHeaderForm) -> str:
    data = header.cleaned_data
    query = {"module": data["module"].pk, "date": data["date"].isoformat(), "examiner": data["examiner"].pk}
    return f"{reverse('progress:results')}?{urlencode(query)}"


@login_required
def bulk_results(request):
    """Two steps: the header (module, date, examiner; GET), then the table of that module's
    trainees, the header fixed (hidden fields, shown read-only). A POST is checked against the
    module's candidates (bulk_candidates): a trainee not in the list is refused and nothing saved.
    The table is always rebuilt from the POST, so nothing typed is lost on any error."""
    if not may_record(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    if posted:
        header = forms.BulkHeaderForm(request.POST)
    elif request.GET.get("module"):
        header = forms.BulkHeaderForm(request.GET)
    else:
        header = forms.BulkHeaderForm(initial={"date": timezone.localdate(), "examiner": request.user.pk})
    header_ok = header.is_bound and header.is_valid()
    module = header.cleaned_data.get("module") if header.is_bound else None
    trainees: dict[int, Application] = {t.pk: t for t in bulk_candidates(module)} if module is not None else {}
    formset = None
    if posted:
        formset = forms.BulkRowFormSet(request.POST, prefix="rows")
        rows_ok = formset.is_valid()
        for form in formset.forms:
            trainee_id = _trainee_id(form)
            if trainee_id is not None and trainee_id not in trainees and module is not None:
                form.add_error(None, _("This trainee is not in the list for this module: nothing has been saved."))
        if header_ok and rows_ok and not _has_errors(formset):
            saved = _save_bulk(request, header, formset, trainees)
            if saved:
                messages.success(
                    request,
                    ngettext("%(count)d result saved.", "%(count)d results saved.", saved) % {"count": saved},
                )
                return redirect(_bulk_url(header))
    elif header_ok:
        formset = forms.BulkRowFormSet(prefix="rows", initial=[{"trainee": pk} for pk in trainees])
    rows = [(form, trainees.get(_trainee_id(form) or 0)) for form in formset.forms] if formset is not None else []
    for form, _trainee in rows:
        if form.errors:
            form.fields["grade"].widget.attrs["aria-describedby"] = f"{form['grade'].auto_id}_error"
    has_errors = bool(header.errors) or (formset is not None and formset.is_bound and _has_errors(formset))
    context = {
        "header": header,
        "fixed": header.cleaned_data if header.is_bound and hasattr(header, "cleaned_data") else {},
        "formset": formset,
        "rows": rows,
        "row_errors": [(form, trainee) for form, trainee in rows if form.errors],
        "has_errors": has_errors,
        "form_has_errors": has_errors,
    }
    return render(request, "programmes/progress/results.html", context, status=400 if posted and has_errors else 200)


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
        entry = services.ResultEntry(
            trainee=trainees[form.cleaned_data["trainee"]],  # checked: every row's trainee is a candidate
            module=data["module"],
            date=data["date"],
            examiner=data["examiner"],
            grade=form.cleaned_data.get("grade"),
            outcome=form.cleaned_data.get("outcome") or "",
        )
        entered.append((form, entry))
    if not entered:
        header.add_error(None, _("Enter a grade or an outcome for at least one trainee."))
        return 0
    try:
        services.record_results(entries=[e for _f, e in entered], actor=request.user, source=ResultSource.BULK)
    except services.ResultErrors as errors:
        for index, error in errors.errors.items():
            add_portal_error(entered[index][0], error)
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
        try:
            if upload is not None and upload.size > imports.MAX_BYTES:
                raise PortalError(_("The file is larger than 2 MB: split it."), field="file")
            content = upload.read() if upload else form.cleaned_data.get("content", "")
            if not upload and len(content.encode()) > imports.MAX_BYTES:
                raise PortalError(_("The file is larger than 2 MB: split it."), field="file")
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
