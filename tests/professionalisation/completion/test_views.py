"""The completion pages: staff's meeting list and day list (save, all present, refusals as
messages, a fixed number of queries), the evaluations per session, the participant's certificates
page and its evaluation form, the certificate's PDF (own only; staff any; 404 for others) and the
public verification page (valid, revoked, unknown code)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from professionalisation.completion import services
from professionalisation.completion.selectors import participant_completions
from professionalisation.models import Attendance, Completion, Evaluation, RegistrationStatus
from tests.factories import MeetingFactory, RegistrationFactory
from tests.factories.professionalisation_completion import EvaluationFactory, past_session
from tests.professionalisation.completion.conftest import REFUSED
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def staff(client, professionalisation_coordinator):
    return login(client, professionalisation_coordinator)


@pytest.fixture
def completed(meetings, registration, professionalisation_coordinator):
    for meeting in meetings:
        services.attendance_record(
            meeting=meeting, registration=registration, present=True, actor=professionalisation_coordinator
        )
    registration.refresh_from_db()
    return registration


@pytest.fixture
def certificate(completed):
    return Completion.objects.get(registration=completed).certificate


def page(response) -> str:
    return response.content.decode()


# --- staff: attendance --------------------------------------------------------------------------


def test_the_meeting_list_shows_todays_and_recent_meetings_with_counts(staff, session, registration, meetings):
    today = MeetingFactory(session=session, date=timezone.localdate())
    far = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=40))

    response = staff.get(reverse("completion:meetings"))

    html = page(response)
    assert response.status_code == 200
    assert reverse("completion:attendance", kwargs={"pk": today.pk}) in html
    assert reverse("completion:attendance", kwargs={"pk": meetings[-1].pk}) in html
    assert reverse("completion:attendance", kwargs={"pk": far.pk}) not in html
    assert session.activity.title_en in html


def test_the_day_list_shows_the_confirmed_participants_with_a_checkbox_each(staff, session, meetings, registration):
    cancelled = RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)

    response = staff.get(reverse("completion:attendance", kwargs={"pk": meetings[0].pk}))

    html = page(response)
    assert response.status_code == 200
    assert f'name="present" value="{registration.pk}"' in html
    assert f'<label for="present-{registration.pk}">Dana Docent</label>' in html
    assert f'value="{cancelled.pk}"' not in html
    assert "Everyone present" in html and "<caption" in html


def test_saving_the_day_list_records_ticked_present_and_the_others_absent(staff, session, meetings, registration):
    absent = RegistrationFactory(session=session)
    url = reverse("completion:attendance", kwargs={"pk": meetings[0].pk})

    response = staff.post(url, {"action": "save", "shown": [registration.pk, absent.pk], "present": [registration.pk]})

    assert response.status_code == 302 and response["Location"] == url
    assert dict(Attendance.objects.values_list("registration_id", "present")) == {
        registration.pk: True,
        absent.pk: False,
    }
    followed = staff.get(url)
    assert "Attendance saved: 1 of 2 participants present." in page(followed)


def test_everyone_present_marks_all(staff, session, meetings, registration):
    other = RegistrationFactory(session=session)

    staff.post(reverse("completion:attendance", kwargs={"pk": meetings[0].pk}), {"action": "all_present"})

    assert set(Attendance.objects.filter(present=True).values_list("registration_id", flat=True)) == {
        registration.pk,
        other.pk,
    }


def test_a_meeting_on_a_later_day_is_refused_with_a_message(staff, session, registration):
    later = MeetingFactory(session=session, date=timezone.localdate() + datetime.timedelta(days=2))
    url = reverse("completion:attendance", kwargs={"pk": later.pk})

    shown = staff.get(url)
    with nothing_written(Attendance):
        response = staff.post(url, {"action": "all_present"}, follow=True)

    assert "disabled" in page(shown)
    assert "This meeting has not taken place yet" in page(response)


@pytest.mark.parametrize("name", [n for n in REFUSED if n != "anonymous"])
def test_other_people_get_403_on_the_staff_pages(name, role, client, meetings, registration):
    login(client, role(name))

    with nothing_written(Attendance):
        responses = [
            client.get(reverse("completion:meetings")),
            client.get(reverse("completion:attendance", kwargs={"pk": meetings[0].pk})),
            client.post(reverse("completion:attendance", kwargs={"pk": meetings[0].pk}), {"action": "all_present"}),
            client.get(reverse("completion:session-evaluations", kwargs={"pk": meetings[0].session_id})),
        ]
    assert [r.status_code for r in responses] == [403] * 4
    assert all(f'name="present" value="{registration.pk}"' not in page(r) for r in responses)


def test_anonymous_visitors_are_sent_to_log_in(client, meetings):
    url = reverse("completion:attendance", kwargs={"pk": meetings[0].pk})

    with nothing_written(Attendance):
        response = client.post(url, {"action": "all_present"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_superuser_opens_the_day_list(client, superuser, meetings, registration):
    response = login(client, superuser).get(reverse("completion:attendance", kwargs={"pk": meetings[0].pk}))

    assert "Dana Docent" in page(response)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_day_list_runs_a_fixed_number_of_queries(rows, staff, session, meetings, django_assert_max_num_queries):
    RegistrationFactory.create_batch(rows, session=session)
    url = reverse("completion:attendance", kwargs={"pk": meetings[0].pk})
    staff.post(url, {"action": "all_present"})

    with django_assert_max_num_queries(14):
        response = staff.get(url)
    assert page(response).count('name="present"') == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_meeting_list_runs_a_fixed_number_of_queries(rows, staff, django_assert_max_num_queries):
    for _ in range(rows):
        past_session(meetings=1)

    with django_assert_max_num_queries(12):
        response = staff.get(reverse("completion:meetings"))
    assert page(response).count('/attendance/"') >= rows


# --- staff: evaluations per session -------------------------------------------------------------


def test_staff_read_the_evaluations_of_a_session_with_the_average(staff, session, completed):
    other = RegistrationFactory(session=session)
    EvaluationFactory(registration=completed, rating=5, comment="Top")
    EvaluationFactory(registration=other, rating=2, comment="Te snel")

    response = staff.get(reverse("completion:session-evaluations", kwargs={"pk": session.pk}))

    html = page(response)
    assert "Top" in html and "Te snel" in html
    assert "3.5" in html
    assert "average rating (2 evaluations)" in html


# --- the participant ----------------------------------------------------------------------------


def test_the_participant_sees_their_completion_certificate_and_evaluate_link(client, participant, certificate):
    response = login(client, participant).get(reverse("completion:mine"))

    html = page(response)
    assert certificate.number in html
    assert reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}) in html
    assert reverse("completion:evaluation", kwargs={"pk": certificate.completion.registration_id}) in html


def test_another_participant_sees_none_of_it(client, other_participant, certificate):
    response = login(client, other_participant).get(reverse("completion:mine"))

    assert certificate.number not in page(response)
    assert "You have not completed an activity yet." in page(response)


def test_the_participant_overview_runs_two_queries(participant, certificate, django_assert_num_queries):
    with django_assert_num_queries(2):
        overview = participant_completions(participant)
    assert [item.certificate for item in overview.items] == [certificate]


def test_the_participant_evaluates_through_the_form(client, participant, completed):
    url = reverse("completion:evaluation", kwargs={"pk": completed.pk})
    login(client, participant)

    form = client.get(url)
    response = client.post(url, {"rating": "4", "comment": "Goed"})

    assert 'type="radio"' in page(form)
    assert response.status_code == 302 and response["Location"] == reverse("completion:mine")
    assert Evaluation.objects.values_list("rating", "comment").get() == (4, "Goed")


def test_the_form_without_a_rating_says_so_and_writes_nothing(client, participant, completed):
    with nothing_written(Evaluation):
        response = login(client, participant).post(
            reverse("completion:evaluation", kwargs={"pk": completed.pk}), {"comment": "x"}
        )

    assert "Give a rating from 1 to 5." in page(response)


def test_someone_elses_evaluation_form_is_a_404(client, other_participant, completed):
    with nothing_written(Evaluation):
        response = login(client, other_participant).post(
            reverse("completion:evaluation", kwargs={"pk": completed.pk}), {"rating": "1"}
        )

    assert response.status_code == 404 and "Dana" not in page(response)


# --- the PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("participant", 200),
        ("professionalisation_coordinator", 200),
        ("superuser", 200),
        ("other_participant", 404),
        ("school_a_contact", 404),
        ("intake_officer", 404),
    ],
)
def test_the_pdf_is_for_its_participant_and_staff(name, status, role, client, certificate):
    response = login(client, role(name)).get(reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}))

    assert response.status_code == status
    assert (response.get("Content-Type") == "application/pdf") is (status == 200)
    if status == 200:
        assert response.content.startswith(b"%PDF-")


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_pdf(client, certificate):
    response = client.get(reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}))

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- verification -------------------------------------------------------------------------------


def test_the_verification_page_says_valid_with_name_activity_and_date(client, certificate):
    response = client.get(reverse("completion:certificate-verify", kwargs={"code": certificate.code}))

    html = page(response)
    assert "This certificate is valid." in html
    assert "Dana Docent" in html and "Formatief handelen" in html
    assert timezone.localdate().strftime("%Y-%m-%d") in html
    # Nothing more: no e-mail address, no number.
    assert "docent@example.org" not in html and certificate.number not in html


def test_the_verification_page_says_revoked(client, certificate, professionalisation_coordinator):
    services.certificate_revoke(certificate=certificate, reason="Fout", actor=professionalisation_coordinator)

    response = client.get(reverse("completion:certificate-verify", kwargs={"code": certificate.code.lower()}))

    assert "This certificate has been revoked" in page(response)
    assert "This certificate is valid." not in page(response)


def test_an_unknown_code_is_a_404(client, certificate):
    response = client.get(reverse("completion:certificate-verify", kwargs={"code": "ABCDEF0123456789ABCD"}))

    assert response.status_code == 404 and "Dana" not in page(response)


# --- navigation ---------------------------------------------------------------------------------


def test_staff_get_a_header_link_and_participants_an_account_link(client, staff, participant):
    staff_page = staff.get(reverse("completion:meetings"))
    mine = Client(headers={"accept-language": "en"})
    mine.force_login(participant)
    own = mine.get(reverse("completion:mine"))

    assert f'href="{reverse("completion:meetings")}"' in page(staff_page)
    assert f'href="{reverse("completion:mine")}"' in page(own)


def test_my_professional_development_shows_the_completion_section(client, participant, certificate):
    """The completion slice adds its section to the activities' participant page (by name, through
    the slices' participant_sections): the certificate and its PDF, for the participant only."""
    html = page(login(client, participant).get(reverse("activities:mine")))
    assert "Completed activities and certificates" in html
    assert certificate.number in html
    assert reverse("completion:certificate-pdf", kwargs={"pk": certificate.pk}) in html


def test_another_participants_page_shows_no_one_elses_certificate(client, other_participant, certificate):
    html = page(login(client, other_participant).get(reverse("activities:mine")))
    assert certificate.number not in html
