"""The pages of study progress: who reaches which page (a table of every role), the trainee's own
page, the adviser's list of trainees behind their plan (fixed queries at 1 and 50 rows), the bulk
entry per module (fixed queries, all or nothing, everything entered shown again on an error), the
navigation links and the dashboard's count."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iclon.notifications.models import Notification
from programmes.intake.models import ApplicationStatus
from programmes.progress.models import ModuleResult, Outcome, ResultSource
from tests.conftest import STAFF_PERSONAS
from tests.factories import ApplicationFactory
from tests.programmes.progress.conftest import CURRENT, PREVIOUS, TODAY, behind_trainee, exempt, plan, result
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
MINE = reverse("progress:mine")
BEHIND = reverse("progress:behind")
RESULTS = reverse("progress:results")
IMPORT = reverse("progress:import")
ALL_STAFF = [*STAFF_PERSONAS, "study_adviser", "teacher_educator"]
VIEWERS = {"programme_coordinator", "study_adviser", "administrator"}
RECORDERS = {"programme_coordinator", "study_adviser", "teacher_educator", "administrator"}


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["anonymous", "applicant", "outsider", "school_a_contact", *ALL_STAFF])
def test_who_reaches_which_page(persona, role, trainee, modules, other_trainee):
    """`applicant` is the trainee; `outsider` another trainee (of the same pathway)."""
    plan(trainee, (modules[0], PREVIOUS))
    client = client_for(persona(role))
    detail = reverse("progress:trainee", args=[trainee.pk])
    for name, url in {"mine": MINE, "detail": detail, "behind": BEHIND, "results": RESULTS, "import": IMPORT}.items():
        response = client.get(url)
        if role == "anonymous":
            expected = 302
        elif name == "mine":
            expected = 200 if role in ("applicant", "outsider") else 302 if role in VIEWERS else 403
        elif name == "detail":
            expected = 200 if role == "applicant" or role in VIEWERS else 404
        elif name == "behind":
            expected = 200 if role in VIEWERS else 403
        else:
            expected = 200 if role in RECORDERS else 403
        assert response.status_code == expected, (role, name)
        html = response.content.decode()
        if expected != 200:
            assert trainee.full_name not in html and f'data-module="{modules[0].pk}"' not in html
        elif name == "detail":
            assert f'data-module="{modules[0].pk}" data-status="in_progress"' in html
        elif name == "behind":
            assert f'data-trainee="{trainee.pk}"' in html
        elif name == "mine":
            own = trainee if role == "applicant" else other_trainee
            assert f'data-module="{modules[0].pk}"' in html and own.pathway.name_en in html
        else:
            assert 'name="module"' in html if name == "results" else 'name="file"' in html
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))
        if expected == 302 and role in VIEWERS:
            assert response.url == BEHIND


def test_the_trainees_own_page(trainee, modules, teacher_educator):
    done, exempted, current, later = modules
    result(trainee, done, grade="8.2", examiner=teacher_educator)
    exempt(trainee, exempted)
    plan(trainee, (current, PREVIOUS), (later, CURRENT), pace="part_time")
    html = client_for(trainee.applicant).get(MINE, headers=ENGLISH).content.decode()
    assert f'data-module="{done.pk}" data-status="done"' in html
    assert f'data-module="{exempted.pk}" data-status="exempted"' in html
    assert f'data-module="{current.pk}" data-status="in_progress"' in html
    assert "8.2" in html and teacher_educator.full_name in html
    assert 'data-pace="part_time"' in html
    assert "behind the plan" in html
    assert "data-projected=" in html


def test_the_page_renders_in_dutch(trainee, modules):
    response = client_for(trainee.applicant, "nl").get(MINE)
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()


def test_a_trainee_sees_only_their_own(trainee, other_trainee):
    response = client_for(trainee.applicant).get(reverse("progress:trainee", args=[other_trainee.pk]))
    assert response.status_code == 404 and other_trainee.full_name not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_behind_list_counts_in_a_fixed_number_of_queries(study_adviser, django_assert_max_num_queries, rows):
    trainees = [behind_trainee() for _ in range(rows)]
    on_track = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    client = client_for(study_adviser)
    client.get(BEHIND)  # the header's per-user cache
    with django_assert_max_num_queries(17):
        response = client.get(BEHIND)
    html = response.content.decode()
    shown = min(rows, 25)
    assert html.count('<tr data-trainee="') == shown
    assert f'data-trainee="{trainees[0].pk}"' in html or rows > 25
    assert f'data-trainee="{on_track.pk}"' not in html


def bulk_data(module, examiner, rows, day=None):
    data = {
        "module": module.pk,
        "date": (day or TODAY - datetime.timedelta(days=1)).isoformat(),
        "examiner": examiner.pk,
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 1000,
    }
    for index, (trainee, grade, outcome) in enumerate(rows):
        data.update(
            {f"rows-{index}-trainee": trainee.pk, f"rows-{index}-grade": grade, f"rows-{index}-outcome": outcome}
        )
    return data


@pytest.mark.parametrize("rows", [1, 50])
def test_the_bulk_page_lists_the_modules_trainees_in_fixed_queries(
    teacher_educator, trainee, modules, django_assert_max_num_queries, rows
):
    module = modules[0]
    listed = [ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.ENROLLED) for _ in range(rows)]
    for someone in listed:
        plan(someone, (module, CURRENT))
    passed = ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.ENROLLED)
    plan(passed, (module, CURRENT))
    result(passed, module)
    exempted = ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.ENROLLED)
    plan(exempted, (module, CURRENT))
    exempt(exempted, module)
    failed = ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.ENROLLED)
    result(failed, module, grade="3.0")  # not planned, but in progress after a failed attempt
    client = client_for(teacher_educator)
    url = f"{RESULTS}?module={module.pk}&date={TODAY.isoformat()}&examiner={teacher_educator.pk}"
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('<tr data-trainee="') == rows + 1
    assert f'data-trainee="{failed.pk}"' in html
    assert f'data-trainee="{passed.pk}"' not in html and f'data-trainee="{exempted.pk}"' not in html
    assert f'data-trainee="{trainee.pk}"' not in html  # nothing planned nor attempted


def test_bulk_entry_saves_the_entered_rows_and_skips_empty_ones(teacher_educator, trainee, other_trainee, modules):
    module = modules[0]
    for someone in (trainee, other_trainee):
        plan(someone, (module, CURRENT))
    third = ApplicationFactory(pathway=trainee.pathway, status=ApplicationStatus.ENROLLED)
    plan(third, (module, CURRENT))
    data = bulk_data(module, teacher_educator, [(trainee, "7,5", ""), (other_trainee, "", "fail"), (third, "", "")])
    response = client_for(teacher_educator).post(RESULTS, data, headers=ENGLISH)
    assert response.status_code == 302 and response.url.startswith(RESULTS + "?module=")
    saved = {r.trainee: r for r in ModuleResult.objects.all()}
    assert set(saved) == {trainee, other_trainee}
    assert (str(saved[trainee].grade), saved[trainee].outcome) == ("7.5", Outcome.PASS)
    assert saved[other_trainee].outcome == Outcome.FAIL
    assert all(r.source == ResultSource.BULK and r.examiner == teacher_educator for r in saved.values())
    assert Notification.objects.filter(recipient=trainee.applicant).count() == 1


def test_bulk_entry_keeps_everything_on_an_error_and_saves_nothing(teacher_educator, trainee, other_trainee, modules):
    module = modules[0]
    for someone in (trainee, other_trainee):
        plan(someone, (module, CURRENT))
    data = bulk_data(module, teacher_educator, [(trainee, "7,5", ""), (other_trainee, "5,0", "pass")])
    with nothing_written(ModuleResult, Notification):
        response = client_for(teacher_educator).post(RESULTS, data, headers=ENGLISH)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The grade 5.0 and the outcome do not agree: 5.5 or higher passes." in html
    assert 'value="7,5"' in html and 'value="5,0"' in html  # both rows as entered
    assert '<option value="pass" selected>' in html
    assert f'value="{data["date"]}"' in html

    out_of_range = bulk_data(module, teacher_educator, [(trainee, "12", "")])
    with nothing_written(ModuleResult):
        response = client_for(teacher_educator).post(RESULTS, out_of_range, headers=ENGLISH)
    assert response.status_code == 400
    assert "A grade is a number from 1.0 to 10.0, with one decimal." in response.content.decode()
    assert 'value="12"' in response.content.decode()


def test_bulk_entry_refuses_a_date_in_the_future_and_an_empty_form(teacher_educator, trainee, modules):
    module = modules[0]
    plan(trainee, (module, CURRENT))
    client = client_for(teacher_educator)
    future = bulk_data(module, teacher_educator, [(trainee, "8", "")], day=TODAY + datetime.timedelta(days=3))
    with nothing_written(ModuleResult):
        response = client.post(RESULTS, future, headers=ENGLISH)
    assert response.status_code == 400
    assert "The date of a result cannot be in the future." in response.content.decode()
    empty = bulk_data(module, teacher_educator, [(trainee, "", "")])
    response = client.post(RESULTS, empty, headers=ENGLISH)
    assert response.status_code == 400
    assert "Enter a grade or an outcome for at least one trainee." in response.content.decode()


def test_bulk_entry_is_refused_to_who_may_not_record(trainee, modules, placement_coordinator):
    plan(trainee, (modules[0], CURRENT))
    data = bulk_data(modules[0], placement_coordinator, [(trainee, "8", "")])
    with nothing_written(ModuleResult):
        response = client_for(placement_coordinator).post(RESULTS, data)
    assert response.status_code == 403


def test_navigation_links_and_the_advisers_count(trainee, modules, study_adviser, teacher_educator):
    plan(trainee, (modules[0], PREVIOUS))
    behind_trainee()
    home = reverse("core:dashboard")
    trainee_html = client_for(trainee.applicant).get(home, headers=ENGLISH).content.decode()
    assert f'href="{MINE}"' in trainee_html
    profile = client_for(trainee.applicant).get(reverse("accounts:profile"), headers=ENGLISH).content.decode()
    assert f'href="{MINE}"' in profile and "My study progress" in profile
    adviser_html = client_for(study_adviser).get(home, headers=ENGLISH).content.decode()
    assert 'attention__count">2</span> <span class="attention__label">trainees behind their plan' in adviser_html
    assert f'href="{BEHIND}"' in adviser_html
    educator_html = client_for(teacher_educator).get(home, headers=ENGLISH).content.decode()
    assert f'href="{RESULTS}"' in educator_html and f'href="{IMPORT}"' in educator_html
    assert "trainees behind their plan" not in educator_html
