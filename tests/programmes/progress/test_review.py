"""The review's rules: the bulk page takes only the module's trainees and keeps its header fixed,
partial EVC exemptions, "any pass" with no result after a pass, the import's broken files, a
concurrent duplicate, the behind rule in SQL and Python on the semester's last day, the adviser's
own list and count, voiding results and import batches, dates before the start, the admin inline's
module choices, ends_on in bulk_create and the demo with a pathway of one module."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from iclon.accounts.roles import StaffGroup
from iclon.core.errors import NotAllowed, PortalError
from iclon.notifications.models import Notification
from programmes.catalogue.models import Module
from programmes.intake.models import ApplicationStatus
from programmes.progress import demo, imports, services
from programmes.progress.admin import PlannedModuleInline
from programmes.progress.models import ModuleResult, PlannedModule, ResultSource, StudyPlan, semester_ends_on
from programmes.progress.selectors import (
    Status,
    behind_plan_count,
    bulk_candidates,
    progress_of,
    trainees_behind_plan,
    with_progress_rows,
)
from tests.factories import ApplicationFactory, StaffUserFactory, UserFactory
from tests.factories.programmes import ExemptionFactory, ModuleFactory
from tests.programmes.progress.conftest import CURRENT, PREVIOUS, STARTED, TODAY, behind_trainee, plan, result
from tests.programmes.progress.test_pages import bulk_data
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are read in English (the Dutch catalogue translates them)."""
    with translation.override("en"):
        yield


RESULTS = reverse("progress:results")
BEHIND = reverse("progress:behind")
IMPORT = reverse("progress:import")
ENGLISH = {"accept-language": "en"}
DAY = TODAY - datetime.timedelta(days=2)


def client_for(user):
    client = Client(headers=ENGLISH)
    client.force_login(user)
    return client


def entry(trainee, module, examiner, grade="7.0", day=DAY, **fields):
    return services.ResultEntry(
        trainee=trainee, module=module, date=day, examiner=examiner, grade=Decimal(grade) if grade else None, **fields
    )


def progress(trainee, today=TODAY):
    return progress_of(with_progress_rows(type(trainee).objects.filter(pk=trainee.pk)).get(), today)


# 1. the bulk page: only the module's trainees; the header fixed


def test_bulk_refuses_a_trainee_not_in_the_modules_list(teacher_educator, trainee, modules):
    plan(trainee, (modules[0], CURRENT))
    foreign = ApplicationFactory(status=ApplicationStatus.ENROLLED)  # another pathway: never a candidate
    data = bulk_data(modules[0], teacher_educator, [(trainee, "7", ""), (foreign, "8", "")])
    with nothing_written(ModuleResult, Notification):
        response = client_for(teacher_educator).post(RESULTS, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This trainee is not in the list for this module: nothing has been saved." in html
    assert foreign.full_name not in html  # a foreign trainee's name is not shown
    assert 'value="7"' in html and 'value="8"' in html


def test_bulk_with_a_changed_module_saves_nothing(teacher_educator, trainee, modules):
    plan(trainee, (modules[0], CURRENT))
    data = bulk_data(modules[1], teacher_educator, [(trainee, "7", "")])  # planned for modules[0] only
    with nothing_written(ModuleResult):
        response = client_for(teacher_educator).post(RESULTS, data)
    assert response.status_code == 400
    assert "This trainee is not in the list for this module" in response.content.decode()


def test_the_entry_step_fixes_the_header_and_shows_it(teacher_educator, trainee, modules):
    plan(trainee, (modules[0], CURRENT))
    query = {"module": modules[0].pk, "date": DAY.isoformat(), "examiner": teacher_educator.pk}
    html = client_for(teacher_educator).get(RESULTS, query).content.decode()
    assert f'<input type="hidden" name="module" value="{modules[0].pk}"' in html
    assert f'<input type="hidden" name="date" value="{DAY.isoformat()}"' in html
    assert 'data-fixed="module"' in html and 'id="choose-another"' in html


# 5. an invalid header on POST keeps the typed grades


def test_an_invalid_header_keeps_the_table_as_typed(teacher_educator, trainee, other_trainee, modules):
    for someone in (trainee, other_trainee):
        plan(someone, (modules[0], CURRENT))
    data = bulk_data(modules[0], teacher_educator, [(trainee, "7,5", ""), (other_trainee, "", "fail")])
    data["examiner"] = "999999"
    with nothing_written(ModuleResult):
        response = client_for(teacher_educator).post(RESULTS, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the examiner." in html
    assert 'value="7,5"' in html and '<option value="fail" selected>' in html
    assert trainee.full_name in html


# 10. accessibility: one alert, a summary linking to the rows, error ids


def test_row_errors_are_summarised_and_linked(teacher_educator, trainee, other_trainee, modules):
    for someone in (trainee, other_trainee):
        plan(someone, (modules[0], CURRENT))
    data = bulk_data(modules[0], teacher_educator, [(trainee, "7", ""), (other_trainee, "12", "")])
    html = client_for(teacher_educator).post(RESULTS, data).content.decode()
    assert html.count('role="alert"') == 1
    assert 'href="#id_rows-1-grade"' in html
    assert 'id="id_rows-1-grade_error"' in html
    assert 'aria-describedby="id_rows-1-grade_error"' in html


def test_the_header_checks_the_date_at_the_first_step(teacher_educator, trainee, modules):
    query = {
        "module": modules[0].pk,
        "date": (TODAY + datetime.timedelta(days=1)).isoformat(),
        "examiner": teacher_educator.pk,
    }
    response = client_for(teacher_educator).get(RESULTS, query)
    html = response.content.decode()
    assert "The date of a result cannot be in the future." in html
    assert 'name="rows-TOTAL_FORMS"' not in html
    early = {**query, "date": "2023-08-31"}
    assert "the start of the modular education" in client_for(teacher_educator).get(RESULTS, early).content.decode()


# 2. partial exemptions


def test_a_partial_exemption_counts_its_ec_and_leaves_the_module_to_do(trainee, modules, teacher_educator):
    module = modules[1]  # 10 EC
    ExemptionFactory(application=trainee, module=module, ec=4)
    plan(trainee, (module, PREVIOUS))
    p = progress(trainee)
    row = p.modules[1]
    assert row.status == Status.IN_PROGRESS and row.behind
    assert (p.ec_exempted, p.ec_remaining, p.ec_total) == (4, 56, 60)
    assert trainee in trainees_behind_plan() and trainee in bulk_candidates(module)
    services.record_results(entries=[entry(trainee, module, teacher_educator)], actor=teacher_educator)
    p = progress(trainee)
    assert p.modules[1].status == Status.DONE and (p.ec_done, p.ec_exempted) == (6, 4)
    assert not p.behind_plan and trainee not in trainees_behind_plan()


def test_a_full_exemption_takes_no_result(trainee, modules, teacher_educator):
    ExemptionFactory(application=trainee, module=modules[0], ec=modules[0].ec)
    with pytest.raises(PortalError) as error:
        services.record_result(entry=entry(trainee, modules[0], teacher_educator), actor=teacher_educator)
    assert error.value.field == "module"
    assert trainee not in bulk_candidates(modules[0])


# 3. no result after a pass


def test_a_module_passed_takes_no_new_result(trainee, modules, teacher_educator):
    passed = result(trainee, modules[0], grade="8.0", days_ago=20)
    with nothing_written(ModuleResult), pytest.raises(PortalError) as error:
        services.record_result(entry=entry(trainee, modules[0], teacher_educator, grade="9.0"), actor=teacher_educator)
    assert error.value.field == "module"
    assert "This module has been passed already on" in str(error.value.message)
    assert str(passed.date.year) in str(error.value.message)


# 4. the import's broken files


def test_a_nan_grade_is_not_a_number(trainee, modules, teacher_educator):
    row = f"{trainee.reference},{modules[0].name_nl},{DAY:%Y-%m-%d},nan,{teacher_educator.email}"
    text = "referentie,module,datum,cijfer,examinator\r\n" + row + "\r\n"
    preview = imports.parse(text)
    assert preview.error_count == 1 and "is not a number" in preview.rows[0].errors[0]
    with pytest.raises(PortalError):
        services.check_result(entry(trainee, modules[0], teacher_educator, grade="NaN"))


def test_an_unmatched_quote_is_refused_on_the_file(teacher_educator):
    text = 'referentie,module,datum,cijfer,examinator\r\n1,"' + "x" * (140 * 1024) + "\r\n"
    response = client_for(teacher_educator).post(
        IMPORT, {"file": SimpleUploadedFile("r.csv", text.encode(), content_type="text/csv")}
    )
    assert response.status_code == 400
    assert "cannot be read as CSV" in response.content.decode()


def test_an_oversize_file_and_confirmed_text_are_refused(teacher_educator):
    big = "a" * (imports.MAX_BYTES + 10)
    client = client_for(teacher_educator)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("r.csv", big.encode(), content_type="text/csv")})
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()
    response = client.post(IMPORT, {"content": big, "confirm": "1"})
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()


# 6. a concurrent duplicate


def test_a_concurrent_duplicate_is_a_conflict_and_nothing_is_saved(trainee, other_trainee, modules, teacher_educator):
    entries = [entry(trainee, modules[0], teacher_educator), entry(other_trainee, modules[0], teacher_educator)]
    real_create = ModuleResult.objects.create
    calls = []

    def create(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise IntegrityError("progress_result_unique")
        return real_create(**fields)

    with (
        nothing_written(ModuleResult, Notification),
        mock.patch.object(ModuleResult.objects, "create", side_effect=create),
        pytest.raises(PortalError) as error,
    ):
        services.record_results(entries=entries, actor=teacher_educator)
    assert "nothing has been saved" in str(error.value.message)


# 7. the API detail in fixed queries


@pytest.mark.parametrize("count", [1, 12])
def test_the_api_detail_reads_in_fixed_queries(study_adviser, trainee, django_assert_max_num_queries, count):
    extra = [ModuleFactory(pathway=trainee.pathway, ec=5, order=10 + n) for n in range(count)]
    for number, module in enumerate(extra):
        result(trainee, module, grade="4.0", days_ago=3 + number)
    client = Client()
    client.force_login(study_adviser)
    with django_assert_max_num_queries(14):
        response = client.get(f"/api/v1/study-progress/{trainee.pk}/")
    assert response.status_code == 200 and response.json()["id"] == trainee.pk


# 8. SQL and Python agree on the semester's last day


def test_sql_and_python_agree_on_the_last_day_of_the_semester(trainee, modules):
    plan(trainee, (modules[0], PREVIOUS))
    last_day = semester_ends_on(*PREVIOUS)
    assert progress(trainee, last_day).behind_plan is False and behind_plan_count(today=last_day) == 0
    after = last_day + datetime.timedelta(days=1)
    assert progress(trainee, after).behind_plan is True and behind_plan_count(today=after) == 1


def test_a_planned_module_of_another_pathway_is_not_behind(trainee, modules):
    stray = ModuleFactory(ec=5)  # another pathway's module (a plan kept from a pathway change)
    plan(trainee, (stray, PREVIOUS))
    assert progress(trainee).behind_plan is False
    assert behind_plan_count() == 0


# 9. the adviser's own list and count


def test_the_advisers_list_and_count_are_theirs(study_adviser, trainee, modules):

    colleague = StaffUserFactory(group=StaffGroup.STUDY_ADVISER)
    mine = behind_trainee()
    StudyPlan.objects.filter(trainee=mine).update(adviser=study_adviser)
    theirs = behind_trainee()
    StudyPlan.objects.filter(trainee=theirs).update(adviser=colleague)
    nobodys = behind_trainee()
    assert behind_plan_count(user=study_adviser) == 2 and behind_plan_count() == 3

    client = client_for(study_adviser)

    def listed(query=None):
        html = client.get(BEHIND, query or {}).content.decode()
        return {t for t in (mine, theirs, nobodys) if f'data-trainee="{t.pk}"' in html}

    assert listed() == {mine}
    assert listed({"adviser": "none"}) == {nobodys}
    assert listed({"adviser": "all"}) == {mine, theirs, nobodys}
    assert listed({"adviser": "bogus"}) == {mine}
    assert listed({"adviser": "all", "pathway": theirs.pathway_id}) == {theirs}


def test_the_edit_plan_link_for_who_keeps_plans(study_adviser, teacher_educator, trainee, modules):
    study_plan = plan(trainee, (modules[0], CURRENT))
    url = reverse("progress:trainee", args=[trainee.pk])
    html = client_for(study_adviser).get(url).content.decode()
    assert reverse("admin:programmes_studyplan_change", args=[study_plan.pk]) in html
    assert "The modules of the trainee" in html and "The modules of your route" not in html
    own = Client(headers=ENGLISH)
    own.force_login(trainee.applicant)
    assert "data-edit-plan" not in own.get(url).content.decode()


# 12. voiding


def test_a_voided_result_counts_nowhere(trainee, modules, study_adviser, teacher_educator):
    plan(trainee, (modules[0], PREVIOUS))
    passed = result(trainee, modules[0], grade="8.0", days_ago=3)
    assert not progress(trainee).behind_plan
    with pytest.raises(NotAllowed):
        services.result_void(result=passed, actor=teacher_educator, reason="Wrong trainee")
    with pytest.raises(PortalError):
        services.result_void(result=passed, actor=study_adviser, reason=" ")
    services.result_void(result=passed, actor=study_adviser, reason="Wrong trainee")
    passed.refresh_from_db()
    assert passed.voided_by == study_adviser and passed.void_reason == "Wrong trainee"
    assert progress(trainee).behind_plan and trainee in trainees_behind_plan()
    assert trainee in bulk_candidates(modules[0])
    again = entry(trainee, modules[0], teacher_educator, day=passed.date)  # same date: allowed again
    assert services.record_result(entry=again, actor=teacher_educator).pk != passed.pk


def test_the_admin_voids_an_import_batch(trainee, other_trainee, modules, study_adviser, teacher_educator):
    entries = [entry(trainee, modules[0], teacher_educator), entry(other_trainee, modules[0], teacher_educator)]
    batch = services.new_import_batch()
    services.record_results(entries=entries, actor=teacher_educator, source=ResultSource.IMPORT, import_batch=batch)
    other = result(trainee, modules[1], days_ago=4)
    client = Client()
    client.force_login(study_adviser)
    changelist = reverse("admin:programmes_moduleresult_changelist")
    one = ModuleResult.objects.filter(import_batch=batch).first()
    response = client.post(
        changelist, {"action": "void_import_batch", "_selected_action": [one.pk], "reason": "Wrong file"}
    )
    assert response.status_code == 302
    assert ModuleResult.objects.filter(import_batch=batch, voided_at__isnull=False).count() == 2
    other.refresh_from_db()
    assert other.voided_at is None
    client.post(changelist, {"action": "void_results", "_selected_action": [other.pk], "reason": ""})
    other.refresh_from_db()
    assert other.voided_at is None  # no reason: not voided
    client.post(changelist, {"action": "void_results", "_selected_action": [other.pk], "reason": "Typo"})
    other.refresh_from_db()
    assert other.void_reason == "Typo"


# 13. dates, the inline's choices, ends_on in bulk_create


def test_a_result_before_the_start_is_refused(trainee, modules, teacher_educator):
    with pytest.raises(PortalError) as error:
        services.check_result(entry(trainee, modules[0], teacher_educator, day=STARTED - datetime.timedelta(days=1)))
    assert error.value.field == "date" and "before the trainee started" in str(error.value.message)
    with pytest.raises(PortalError) as error:
        services.check_result(entry(trainee, modules[0], teacher_educator, day=datetime.date(2023, 8, 31)))
    assert "the start of the modular education" in str(error.value.message)


def test_the_inline_offers_the_trainees_modules_only(study_adviser, trainee, modules, rf):
    study_plan = plan(trainee)
    stray = ModuleFactory()
    request = rf.get("/")
    request.user = study_adviser
    request._progress_plan = study_plan
    inline = PlannedModuleInline(StudyPlan, admin_site=admin.site)
    field = inline.formfield_for_foreignkey(PlannedModule._meta.get_field("module"), request)
    assert set(field.queryset) == set(modules) and stray not in field.queryset


def test_bulk_create_computes_ends_on(trainee, modules):
    study_plan = plan(trainee)
    (row,) = PlannedModule.objects.bulk_create(
        [PlannedModule(plan=study_plan, module=modules[0], academic_year=2026, semester=2)]
    )
    assert PlannedModule.objects.get(pk=row.pk).ends_on == datetime.date(2027, 8, 31)


# 14. the demo with a pathway of one module


def test_the_demo_seeds_a_pathway_of_one_module(monkeypatch):
    someone = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    ModuleFactory(pathway=someone.pathway)
    monkeypatch.setattr(demo, "_student_record", lambda student: someone)
    UserFactory(email=demo.STUDENT)
    out = io.StringIO()
    demo.seed_demo(out, None)
    assert "Study progress" in out.getvalue()
    assert Module.objects.filter(pathway=someone.pathway).count() == 1
