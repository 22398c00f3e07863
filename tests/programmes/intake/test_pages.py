"""The applicant's pages: starting an application, the steps of the draft, review and submit,
My applications, the application page (timeline, requests for information, decision, withdraw),
the header link and the dashboard card, and their query counts."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from programmes.intake.services import applications as services
from programmes.models import (
    AdmissionCondition,
    Application,
    ApplicationStatus,
    DocumentKind,
    DutchProficiency,
    PriorEducation,
)
from tests.factories import (
    AdmissionConditionFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationTransitionFactory,
    DegreeFieldFactory,
    ExemptionFactory,
    InformationRequestFactory,
    PathwayFactory,
    PriorDegreeFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    StartMomentFactory,
)
from tests.utils import nothing_written

S = ApplicationStatus


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English, so the assertions read the (untranslated) source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def step_url(application, step):
    return reverse("intake:application-step", kwargs={"pk": application.pk, "step": step})


def detail_url(application):
    return reverse("intake:application-detail", kwargs={"pk": application.pk})


def admin_changelist():
    # The intake admin is built alongside these pages; the pages link to it once it exists.
    try:
        return reverse("admin:programmes_application_changelist")
    except NoReverseMatch:
        return None


def start_url(pathway, **params):
    url = reverse("intake:application-start", kwargs={"slug": pathway.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


@pytest.fixture
def pathway(db):
    return PathwayFactory()


@pytest.fixture
def start(pathway):
    return pathway.start_moments.get()


@pytest.fixture
def me(client, applicant):
    client.force_login(applicant)
    return applicant


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


# --- starting ---------------------------------------------------------------------------------


def test_pathway_page_apply_button_links_to_the_start_page_with_the_open_start(client, pathway, start):
    response = client.get(reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug}))
    assert start_url(pathway, start=start.pk) in response.content.decode()


def test_pathway_page_without_an_open_start_has_no_apply_button(client, db):
    pathway = PathwayFactory(start=False)
    StartMomentFactory(
        pathway=pathway,
        application_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get(reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug}))
    assert reverse("intake:application-start", kwargs={"slug": pathway.slug}) not in response.content.decode()


def test_finder_answer_links_apply_with_start_and_subject(client, catalogue):
    response = client.get(
        reverse("programmes:finder"),
        {"prior_education": "wo_master", "degree_field": "wiskunde", "sector": "vo", "subject": "wiskunde"},
    )
    html = response.content.decode()
    result = response.context["result"]
    fitting = [answer.pathway for answer in result.fits if answer.pathway.next_start_open]
    assert fitting
    first = fitting[0]
    expected = reverse("intake:application-start", kwargs={"slug": first.slug})
    assert f"{expected}?start={first.next_start.pk}&amp;subject=wiskunde" in html


def test_anonymous_visitor_sees_login_and_signup_that_come_back_with_the_choices(client, pathway, start):
    url = start_url(pathway, start=start.pk)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{reverse('account_login')}?next=/applications/start/{pathway.slug}/%3Fstart%3D{start.pk}" in html
    assert f"{reverse('account_signup')}?next=/applications/start/{pathway.slug}/%3Fstart%3D{start.pk}" in html


def test_anonymous_post_is_sent_to_log_in(client, pathway, start):
    response = client.post(start_url(pathway, start=start.pk), {"start_moment": start.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Application.objects.exists()


def test_start_prefills_the_start_and_creates_a_draft_with_the_single_subject(client, me, pathway, start):
    response = client.get(start_url(pathway, start=start.pk))
    assert response.context["form"].initial["start_moment"] == start.pk
    response = client.post(start_url(pathway, start=start.pk), {"start_moment": start.pk})
    application = Application.objects.get(applicant=me)
    assert response.status_code == 302
    assert response["Location"] == step_url(application, "personal")
    assert application.status == S.DRAFT
    assert application.start_moment == start
    assert application.subject == pathway.subjects.get()


def test_start_asks_for_the_subject_when_the_route_has_several(client, me, db):
    wiskunde, natuurkunde = SchoolSubjectFactory(slug="wi"), SchoolSubjectFactory(slug="na")
    pathway = PathwayFactory(subjects=[wiskunde, natuurkunde])
    start = pathway.start_moments.get()
    response = client.post(start_url(pathway, start=start.pk), {"start_moment": start.pk})
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    response = client.get(start_url(pathway, start=start.pk, subject="na"))
    assert response.context["form"].initial["subject"] == "na"
    client.post(start_url(pathway), {"start_moment": start.pk, "subject": "na"})
    assert Application.objects.get(applicant=me).subject == natuurkunde


def test_start_refuses_a_closed_start_and_offers_the_open_ones(client, me, pathway, start):
    closed = StartMomentFactory(
        pathway=pathway,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        application_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get(start_url(pathway, start=closed.pk))
    assert response.context["start_closed"] is True
    assert [choice[0] for choice in response.context["form"].fields["start_moment"].choices] == [start.pk]
    response = client.post(start_url(pathway), {"start_moment": closed.pk})
    assert "start_moment" in response.context["form"].errors
    assert not Application.objects.exists()


def test_second_click_for_the_same_route_and_start_goes_to_the_existing_application(client, me, pathway, start):
    client.post(start_url(pathway, start=start.pk), {"start_moment": start.pk})
    application = Application.objects.get(applicant=me)
    response = client.get(start_url(pathway, start=start.pk), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(application)
    assert "already have an application" in response.content.decode()
    response = client.post(start_url(pathway), {"start_moment": start.pk})
    assert response["Location"] == detail_url(application)
    assert Application.objects.filter(applicant=me).count() == 1


def test_unpublished_route_has_no_start_page(client, me, db):
    pathway = PathwayFactory(is_published=False)
    start = pathway.start_moments.first()
    response = client.get(start_url(pathway))
    assert response.status_code == 404
    assert pathway.name not in response.content.decode()
    with nothing_written(Application):
        assert client.post(start_url(pathway), {"start_moment": start.pk}).status_code == 404


# --- the steps --------------------------------------------------------------------------------


def test_personal_details_are_saved_and_lead_to_the_next_step(client, me, draft):
    data = {
        "first_name": "Ayla",
        "last_name": "de Vries",
        "date_of_birth": "1994-03-02",
        "phone": "0612345678",
        "street": "Rapenburg 70",
        "postcode": "2311 EZ",
        "city": "Leiden",
        "country": "Nederland",
    }
    response = client.post(step_url(draft, "personal"), data)
    assert response["Location"] == step_url(draft, "education")
    draft.refresh_from_db()
    assert (draft.last_name, draft.date_of_birth, draft.city) == ("de Vries", datetime.date(1994, 3, 2), "Leiden")


def test_save_and_go_back_saves_and_returns_to_the_previous_step(client, me, draft):
    response = client.post(step_url(draft, "motivation"), {"motivation": "x" * 60, "go": "back"})
    assert response["Location"] == step_url(draft, "language")
    draft.refresh_from_db()
    assert draft.motivation == "x" * 60


def test_bad_input_re_renders_with_errors_and_keeps_what_was_typed(client, me, draft):
    response = client.post(
        step_url(draft, "personal"),
        {"first_name": "Ayla", "last_name": "", "date_of_birth": "not a date", "postcode": "2311 EZ", "city": "Leiden"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"last_name", "date_of_birth"}
    html = response.content.decode()
    assert 'value="not a date"' in html
    assert "error-summary" in html
    draft.refresh_from_db()
    assert draft.last_name != ""


def test_motivation_must_be_long_enough(client, me, draft):
    response = client.post(step_url(draft, "motivation"), {"motivation": "Kort."})
    assert "motivation" in response.context["form"].errors
    assert "Kort." in response.content.decode()


def test_degrees_are_added_with_a_listed_or_other_field_and_removed(client, me, draft):
    field = DegreeFieldFactory()
    url = step_url(draft, "education")
    response = client.post(
        url,
        {
            "action": "add",
            "level": PriorEducation.WO_BACHELOR,
            "field": field.pk,
            "institution": "Universiteit Utrecht",
            "year": 2018,
            "subject_content_ec": 150,
        },
    )
    assert response["Location"] == url
    client.post(
        url,
        {
            "action": "add",
            "level": PriorEducation.WO_MASTER,
            "field": "other",
            "field_other": "Sterrenkunde",
            "institution": "Leiden",
            "year": 2020,
        },
    )
    degrees = {degree.institution: degree for degree in draft.degrees.all()}
    assert degrees["Universiteit Utrecht"].field == field
    assert degrees["Universiteit Utrecht"].subject_content_ec == 150
    assert degrees["Leiden"].field is None and degrees["Leiden"].field_other == "Sterrenkunde"

    client.post(url, {"action": "remove", "degree": degrees["Leiden"].pk})
    assert not draft.degrees.filter(institution="Leiden").exists()


def test_a_degree_with_other_field_needs_a_description_and_keeps_input(client, me, draft):
    response = client.post(
        step_url(draft, "education"),
        {"action": "add", "level": PriorEducation.WO_MASTER, "field": "other", "institution": "VU", "year": 2021},
    )
    assert response.status_code == 200
    assert "field_other" in response.context["degree_form"].errors
    assert 'value="VU"' in response.content.decode()


def test_a_degree_year_out_of_range_is_refused_by_the_service(client, me, draft):
    response = client.post(
        step_url(draft, "education"),
        {
            "action": "add",
            "level": PriorEducation.WO_MASTER,
            "field": DegreeFieldFactory().pk,
            "institution": "VU",
            "year": timezone.localdate().year + 20,
        },
    )
    assert "year" in response.context["degree_form"].errors


def test_school_search_works_without_javascript_and_keeps_input(client, me, draft, school_a):
    SchoolFactory(name="Een andere school", city="Delft")
    response = client.post(
        step_url(draft, "employment"),
        {"action": "search", "employed_as_teacher": "yes", "school_query": "Gymnasium", "employment_hours": "16"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [school.pk for school in form.school_matches] == [school_a.pk]
    html = response.content.decode()
    assert f'value="{school_a.pk}"' in html
    assert 'value="16"' in html
    draft.refresh_from_db()
    assert not draft.employed_as_teacher  # a search saves nothing

    response = client.post(
        step_url(draft, "employment"),
        {"employed_as_teacher": "yes", "employing_school": school_a.pk, "employment_hours": "16"},
    )
    assert response["Location"] == step_url(draft, "language")
    draft.refresh_from_db()
    assert draft.employing_school == school_a and draft.employment_hours == 16


def test_school_search_by_brin_code(client, me, draft, school_a):
    response = client.post(
        step_url(draft, "employment"),
        {"action": "search", "employed_as_teacher": "yes", "school_query": school_a.brin_code.lower()},
    )
    assert school_a in response.context["form"].school_matches


def test_employed_needs_a_school_or_an_employer(client, me, draft):
    response = client.post(step_url(draft, "employment"), {"employed_as_teacher": "yes"})
    assert "employing_school" in response.context["form"].errors
    client.post(step_url(draft, "employment"), {"employed_as_teacher": "yes", "employer_name": "Stichting X"})
    draft.refresh_from_db()
    assert draft.employer_name == "Stichting X"


def test_lateral_entry_route_requires_employment(client, me, applicant):
    application = ApplicationFactory(
        applicant=applicant, pathway=PathwayFactory(requires_teaching_job=True, start=False)
    )
    response = client.post(step_url(application, "employment"), {"employed_as_teacher": "no"})
    assert "employed_as_teacher" in response.context["form"].errors


def test_language_step_asks_for_english_only_where_the_route_does(client, me, applicant, draft):
    assert "english_proficiency_notes" not in client.get(step_url(draft, "language")).context["form"].fields
    english = ApplicationFactory(applicant=applicant, pathway=PathwayFactory(requires_english=True, start=False))
    response = client.post(step_url(english, "language"), {"dutch_proficiency": DutchProficiency.NT2_II})
    assert "english_proficiency_notes" in response.context["form"].errors
    client.post(
        step_url(english, "language"),
        {"dutch_proficiency": DutchProficiency.NT2_II, "english_proficiency_notes": "IELTS 7.5"},
    )
    english.refresh_from_db()
    assert english.english_proficiency_notes == "IELTS 7.5"


def test_progress_shows_every_step_and_marks_the_current_one(client, me, draft):
    response = client.get(step_url(draft, "language"))
    progress = response.context["progress"]
    assert [item["name"] for item in progress] == [
        "personal",
        "education",
        "employment",
        "language",
        "motivation",
        "documents",
        "review",
    ]
    assert [item["name"] for item in progress if item["current"]] == ["language"]
    assert 'aria-current="step"' in response.content.decode()


def test_unknown_step_is_404(client, me, draft):
    response = client.get(step_url(draft, "nonsense"))
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    with nothing_written(draft):
        assert client.post(step_url(draft, "nonsense"), {"first_name": "Changed"}).status_code == 404


def test_documents_step_shows_the_required_kinds(client, me, applicant):
    application = ApplicationFactory(
        applicant=applicant, pathway=PathwayFactory(requires_teaching_job=True, start=False), complete=False
    )
    response = client.get(step_url(application, "documents"))
    kinds = [item["kind"] for item in response.context["required_documents"]]
    assert kinds == services.required_document_kinds(application)
    assert DocumentKind.EMPLOYMENT_CONTRACT in kinds


def test_review_lists_what_is_missing(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, complete=False, motivation="")
    response = client.get(step_url(application, "review"))
    assert response.context["missing"] == services.application_missing(application)
    html = response.content.decode()
    assert "Add at least one degree" in html
    assert "Submit my application" in html


def test_submitting_an_incomplete_application_says_what_is_missing(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)
    response = client.post(step_url(application, "review"), follow=True)
    assert "Add at least one degree" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_submit_a_complete_draft(client, me, draft):
    response = client.post(step_url(draft, "review"))
    assert response["Location"] == detail_url(draft)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.transitions.get().actor == me


def test_submit_after_the_deadline_is_refused(client, me, applicant):
    application = ApplicationFactory(applicant=applicant)
    application.start_moment.application_deadline = timezone.localdate() - datetime.timedelta(days=1)
    application.start_moment.save()
    response = client.post(step_url(application, "review"), follow=True)
    assert "deadline" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_after_submit_the_steps_are_read_only(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    response = client.get(step_url(application, "personal"))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert "form" not in response.context
    assert application.last_name in response.content.decode()
    response = client.post(step_url(application, "personal"), {"first_name": "X", "last_name": "Y"})
    assert response["Location"] == detail_url(application)
    application.refresh_from_db()
    assert application.last_name != "Y"


# --- My applications and the application page --------------------------------------------------


def test_my_applications_lists_only_my_own(client, me, draft, outsider):
    ApplicationFactory(applicant=outsider)
    response = client.get(reverse("intake:application-list"))
    assert list(response.context["applications"]) == [draft]
    assert draft.reference in response.content.decode()


def test_staff_my_applications_lists_their_own_and_points_to_the_admin(client, intake_officer, draft):
    client.force_login(intake_officer)
    response = client.get(reverse("intake:application-list"))
    assert list(response.context["applications"]) == []
    assert response.context["admin_url"] == admin_changelist()


def test_draft_page_shows_progress_missing_and_continue(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, complete=False)
    response = client.get(detail_url(application))
    assert response.context["next_step"] == "education"
    assert response.context["missing"]
    assert step_url(application, "education") in response.content.decode()


def test_timeline_shows_who_as_role_and_only_the_reasons_the_applicant_may_read(client, me, applicant, intake_officer):
    application = ApplicationFactory(applicant=applicant, status=S.REJECTED)
    ApplicationTransitionFactory(application=application, actor=applicant)
    ApplicationTransitionFactory(
        application=application,
        from_status=S.SUBMITTED,
        to_status=S.IN_REVIEW,
        actor=intake_officer,
        reason="Intern: nakijken vooropleiding",
    )
    ApplicationTransitionFactory(
        application=application,
        from_status=S.IN_REVIEW,
        to_status=S.REJECTED,
        actor=intake_officer,
        reason="Je vooropleiding sluit niet aan.",
    )
    response = client.get(detail_url(application))
    html = response.content.decode()
    assert "Je vooropleiding sluit niet aan." in html
    assert "Intern: nakijken" not in html
    assert escape(intake_officer.full_name) not in html
    by = [entry["by"] for entry in response.context["timeline"]]
    assert by == [None, "you", "ICLON intake", "ICLON's admission committee"]


def test_staff_see_every_reason_on_the_timeline(client, intake_officer, draft):
    ApplicationTransitionFactory(
        application=draft, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, actor=intake_officer, reason="Intern"
    )
    client.force_login(intake_officer)
    assert "Intern" in client.get(detail_url(draft)).content.decode()


def test_decision_shows_explanation_conditions_exemptions_and_the_letter(client, me, applicant):
    application = ApplicationFactory(
        applicant=applicant,
        status=S.ADMITTED_WITH_CONDITIONS,
        decision_explanation="Welkom, onder voorwaarden.",
        decided_at=timezone.now(),
    )
    AdmissionConditionFactory(
        application=application, kind=AdmissionCondition.Kind.OTHER, description="Haal je NT2-examen"
    )
    exemption = ExemptionFactory(application=application)
    response = client.get(detail_url(application))
    html = response.content.decode()
    assert "Welkom, onder voorwaarden." in html
    assert "Haal je NT2-examen" in html
    assert exemption.module.name in html
    assert reverse("intake:application-letter", args=[application.pk]) in html


def test_undecided_application_has_no_decision_or_letter(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, status=S.IN_REVIEW)
    response = client.get(detail_url(application))
    assert response.context["decided"] is False
    assert response.context["letter_url"] is None


def test_applicant_answers_an_open_request(client, me, applicant):
    request = InformationRequestFactory(application=ApplicationFactory(applicant=applicant, status=S.IN_REVIEW))
    application = request.application
    assert request.question in client.get(detail_url(application)).content.decode()
    url = reverse("intake:request-answer", kwargs={"pk": application.pk, "request_pk": request.pk})
    response = client.post(url, {f"request-{request.pk}-answer": ""})
    assert response.status_code == 400
    response = client.post(url, {f"request-{request.pk}-answer": "Hierbij mijn cijferlijst."})
    assert response["Location"] == detail_url(application)
    request.refresh_from_db()
    assert request.answer == "Hierbij mijn cijferlijst." and request.answered_at
    client.post(url, {f"request-{request.pk}-answer": "Nog een keer"})
    request.refresh_from_db()
    assert request.answer == "Hierbij mijn cijferlijst."


def test_withdraw_asks_for_confirmation_and_records_the_reason(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    url = reverse("intake:application-withdraw", kwargs={"pk": application.pk})
    assert url in client.get(detail_url(application)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "Yes, withdraw my application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    response = client.post(url, {"reason": "Ik heb een andere baan."})
    assert response["Location"] == detail_url(application)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.transitions.get().reason == "Ik heb een andere baan."
    assert "Ik heb een andere baan." in client.get(detail_url(application)).content.decode()


def test_enrolled_application_cannot_be_withdrawn(client, me, applicant):
    application = ApplicationFactory(applicant=applicant, status=S.ENROLLED)
    url = reverse("intake:application-withdraw", kwargs={"pk": application.pk})
    assert url not in client.get(detail_url(application)).content.decode()
    client.post(url, {"reason": ""})
    application.refresh_from_db()
    assert application.status == S.ENROLLED


# --- navigation and dashboard -------------------------------------------------------------------


def test_header_shows_my_applications_only_to_users_with_applications(client, me, outsider):
    list_url = reverse("intake:application-list")
    assert f'href="{list_url}"' not in client.get(reverse("core:dashboard")).content.decode()
    ApplicationFactory(applicant=me)
    assert f'href="{list_url}"' in client.get(reverse("core:dashboard")).content.decode()


def test_dashboard_card_links_to_the_applications(client, me, draft):
    response = client.get(reverse("core:dashboard"))
    titles = [card.title for card in response.context["cards"]]
    assert "My applications" in titles
    assert detail_url(draft) in response.content.decode()


def test_staff_dashboard_links_to_the_intake_admin(client, intake_officer):
    client.force_login(intake_officer)
    response = client.get(reverse("core:dashboard"))
    if admin_changelist() is None:
        pytest.skip("the intake admin is not registered yet")
    assert admin_changelist() in response.content.decode()


# --- query counts -------------------------------------------------------------------------------


def _make_applications(applicant, count):
    pathway = PathwayFactory(start=False)
    for _ in range(count):
        start = StartMomentFactory(
            pathway=pathway, starts_on=timezone.localdate() + datetime.timedelta(days=90 + Application.objects.count())
        )
        InformationRequestFactory(
            application=ApplicationFactory(applicant=applicant, pathway=pathway, start_moment=start)
        )


def test_my_applications_runs_as_many_queries_for_50_as_for_1(client, me, django_assert_max_num_queries):
    _make_applications(me, 1)
    url = reverse("intake:application-list")
    client.get(url)
    with django_assert_max_num_queries(50) as one:
        assert client.get(url).status_code == 200
    budget = len(one.captured_queries)  # read now: the next request clears connection.queries
    _make_applications(me, 49)
    client.get(url)  # new applications retire the header's cached links (iclon/core/usercache.py)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert len(response.context["applications"]) == 50


def _fill(application, count):
    for number in range(count):
        ApplicationDocumentFactory(application=application, kind=DocumentKind.OTHER)
        PriorDegreeFactory(application=application)
        ApplicationTransitionFactory(
            application=application, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, reason=f"r{number}"
        )
        InformationRequestFactory(
            application=application,
            answer="" if number % 2 else "Ja",
            answered_at=None if number % 2 else timezone.now(),
        )
        AdmissionConditionFactory(application=application)
        ExemptionFactory(application=application)


@pytest.mark.parametrize("status", [S.DRAFT, S.ADMITTED_WITH_CONDITIONS])
def test_application_page_runs_as_many_queries_for_50_rows_as_for_1(
    client, me, applicant, status, django_assert_max_num_queries
):
    application = ApplicationFactory(applicant=applicant, status=status, complete=False)
    _fill(application, 1)
    url = detail_url(application)
    client.get(url)
    with django_assert_max_num_queries(60) as one:
        assert client.get(url).status_code == 200
    _fill(application, 49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["timeline"]) == 51
