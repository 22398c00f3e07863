"""The public pages on routes into teaching: catalogue, pathway, subjects, compare and finder."""

import datetime
import re

import lxml.html
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from programmes.catalogue.cache import bump_catalogue_version
from programmes.catalogue.route_finder import FinderInput, find_routes
from programmes.models import (
    DegreeField,
    Module,
    Pathway,
    PriorEducationRule,
    SchoolSubject,
    StartMoment,
)

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("programmes:catalogue")
FINDER = reverse("programmes:finder")
PHARMACIST = {
    "prior_education": "wo_master",
    "degree_field": "farmacie",
    "sector": "vo",
    "subject": "biologie",
    "employed_as_teacher": "no",
    "study_mode": "any",
    "dutch_secondary_diploma": "no",
}


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_slugs(html):
    return re.findall(r'id="compare-([\w-]+)"', html)


def answer_slugs(html):
    return re.findall(r'class="finder-answer__rank">\d+\.</span> <a href="/routes/([\w-]+)/"', html)


# The catalogue ----------------------------------------------------------------------------------


def test_catalogue_lists_every_published_pathway_with_its_facts(client, catalogue):
    html = page(client, CATALOGUE)
    assert set(card_slugs(html)) == set(Pathway.objects.published().values_list("slug", flat=True))
    assert "Master Leraar VHO (voltijd)" in html
    assert "Eerstegraads bevoegdheid" in html
    assert "60 EC" in html
    assert f'action="{reverse("programmes:compare")}"' in html
    assert '<label for="id_q">' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subject": "frans"}, {"tweejarige-educatieve-master"}),
        ({"qualification": "primair-onderwijs"}, {"empo", "academische-zij-instroom-po"}),
        ({"sector": "po"}, {"empo", "academische-zij-instroom-po"}),
        ({"mode": "part_time"}, {"educatieve-module-deeltijd", "master-leraar-vho-deeltijd"}),
        ({"teaching_job": "on"}, {"zij-instroom-vo", "academische-zij-instroom-po"}),
        ({"start_month": "8"}, {"world-teachers-programme"}),
        ({"q": "EMPO"}, {"empo"}),
    ],
)
def test_filters_narrow_the_catalogue(client, catalogue, params, expected):
    slugs = set(card_slugs(page(client, CATALOGUE, **params)))
    if "subject" in params:
        assert "tweejarige-educatieve-master" in slugs
        assert "empo" not in slugs and "educatieve-specialisatie-beta" not in slugs
    else:
        assert slugs == expected


def test_starts_before_keeps_only_routes_starting_by_then(client, catalogue):
    first = StartMoment.objects.filter(starts_on__gte=timezone.localdate()).order_by("starts_on").first()
    slugs = set(card_slugs(page(client, CATALOGUE, starts_before=first.starts_on.isoformat())))
    expected = set(
        StartMoment.objects.filter(starts_on__gte=timezone.localdate(), starts_on__lte=first.starts_on)
        .values_list("pathway__slug", flat=True)
        .distinct()
    )
    assert slugs == expected
    assert 0 < len(slugs) < Pathway.objects.published().count()


def test_search_finds_names_and_summaries_in_dutch_and_english(client, catalogue):
    dutch = set(card_slugs(page(client, CATALOGUE, q="educatieve module")))
    english = set(card_slugs(page(client, CATALOGUE, q="educational module")))
    assert dutch == english == {"educatieve-module-voltijd", "educatieve-module-deeltijd"}
    # "maandag" occurs in Dutch summaries, "Mondays" in the English ones of the same routes
    assert set(card_slugs(page(client, CATALOGUE, q="maandag"))) == set(
        card_slugs(page(client, CATALOGUE, q="Mondays"))
    )
    assert card_slugs(page(client, CATALOGUE, q="xyzzy")) == []


def test_invalid_filters_are_ignored_not_an_error(client, catalogue):
    html = page(client, CATALOGUE, subject="nonsense", start_month="13", starts_before="not-a-date")
    assert card_slugs(html)


# A pathway --------------------------------------------------------------------------------------


def test_pathway_page_shows_what_a_visitor_needs(client, catalogue):
    pathway = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    html = page(client, reverse("programmes:pathway-detail", args=[pathway.slug]))
    assert "<h1>Master Leraar VHO (voltijd)</h1>" in html
    assert "Vakdidactiek 1" in html  # a module
    assert pathway.admission_nl[:40] in html
    assert reverse("programmes:subject-detail", args=["biologie"]) in html
    assert reverse("programmes:pathway-detail", args=["world-teachers-programme"]) in html  # its plus-programme
    assert reverse("account_signup") in html
    for start in pathway.start_moments.filter(starts_on__gte=timezone.localdate()):
        assert f"{start.starts_on.day} " in html


def test_a_past_deadline_is_shown_closed(client, catalogue):
    pathway = Pathway.objects.get(slug="educatieve-minor")
    today = timezone.localdate()
    pathway.start_moments.all().delete()
    StartMoment.objects.create(
        pathway=pathway, starts_on=today + datetime.timedelta(days=30), application_deadline=today
    )
    StartMoment.objects.create(
        pathway=pathway,
        starts_on=today + datetime.timedelta(days=20),
        application_deadline=today - datetime.timedelta(days=1),
    )
    html = page(client, reverse("programmes:pathway-detail", args=[pathway.slug]))
    starts = html[html.index('id="starts-title"') : html.index('id="costs-title"')]
    assert starts.count("badge--neutral") == 1  # yesterday's deadline: closed
    assert starts.count("badge--success") == 1  # today's deadline: open until the end of the day


def test_plus_programme_links_to_its_base_pathway(client, catalogue):
    base = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    response = client.get(reverse("programmes:pathway-detail", args=["world-teachers-programme"]))
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content.decode())
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        sentence = gettext("This is a plus-programme of:")
    # The base pathway is named and linked in the sentence that says what this route adds to, not
    # merely somewhere on the page (the site header or a list of routes may link it too).
    [paragraph] = [p for p in document.iter("p") if (p.text or "").strip() == sentence]
    [link] = paragraph.findall("a")
    assert link.get("href") == reverse("programmes:pathway-detail", args=[base.slug])
    assert link.text_content().strip() == base.name


def test_unpublished_pathway_is_hidden_from_visitors_and_previewed_for_coordinators(
    client, catalogue, applicant, programme_coordinator
):
    Pathway.objects.filter(slug="empo").update(is_published=False)
    url = reverse("programmes:pathway-detail", args=["empo"])
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    assert "empo" not in card_slugs(page(client, CATALOGUE))
    client.force_login(programme_coordinator)
    html = page(client, url)
    assert "preview-banner" in html
    assert "empo" not in card_slugs(page(client, CATALOGUE))


def test_unknown_pathway_is_404(client, catalogue):
    response = client.get(reverse("programmes:pathway-detail", args=["no-such-route"]))
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert 'id="starts-title"' not in response.content.decode(), "no pathway page is rendered"


# Subjects ---------------------------------------------------------------------------------------


def test_subject_list_shows_all_nineteen_with_shortage_badges(client, catalogue):
    html = page(client, reverse("programmes:subject-list"))
    for subject in SchoolSubject.objects.all():
        assert reverse("programmes:subject-detail", args=[subject.slug]) in html
    assert SchoolSubject.objects.count() == 19
    assert html.count("badge--warning") == SchoolSubject.objects.filter(is_shortage_subject=True).count()


def test_subject_page_lists_its_routes_and_deficiency_courses(client, catalogue):
    subject = SchoolSubject.objects.get(slug="scheikunde")
    html = page(client, reverse("programmes:subject-detail", args=[subject.slug]))
    slugs = set(re.findall(r'<h3 class="card__title" id="route-([\w-]+)"', html))
    assert slugs == set(Pathway.objects.published().filter(subjects=subject).values_list("slug", flat=True))
    assert "empo" not in slugs and "tweejarige-educatieve-master" not in slugs
    assert "badge--warning" in html  # a shortage subject
    for course in subject.deficiency_courses.all():
        assert course.name_nl in html
    assert client.get(reverse("programmes:subject-detail", args=["no-such-subject"])).status_code == 404


def test_a_subject_with_many_routes_is_paginated_like_the_catalogue(client, db):
    from tests.factories import PathwayFactory, SchoolSubjectFactory

    subject = SchoolSubjectFactory(slug="veel-routes")
    PathwayFactory.create_batch(30, subjects=[subject])
    url = reverse("programmes:subject-detail", args=[subject.slug])

    first, second = page(client, url), page(client, url, page=2)

    card = r'<h3 class="card__title" id="route-([\w-]+)"'
    assert len(re.findall(card, first)) == 24
    assert len(re.findall(card, second)) == 6
    assert 'href="?page=2" rel="next"' in first
    assert set(re.findall(card, first)).isdisjoint(re.findall(card, second))


# Compare ----------------------------------------------------------------------------------------


def test_compare_two_pathways_side_by_side(client, catalogue):
    html = page(client, reverse("programmes:compare"), pathways="master-leraar-vho-voltijd,educatieve-module-voltijd")
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert head.index("Master Leraar VHO (voltijd)") < head.index("Educatieve module (voltijd)")
    assert html.count('<th scope="row">') == 8
    assert "alert--warning" not in html


def test_compare_four_pathways_shows_the_first_three_and_says_so(client, catalogue):
    slugs = ["empo", "educatieve-minor", "zij-instroom-vo", "master-leraar-vho-deeltijd"]
    response = client.get(reverse("programmes:compare"), {"pathways": slugs})  # as the catalogue's checkboxes
    html = response.content.decode()
    assert "alert--warning" in html
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert head.count('<th scope="col">') == 3
    assert "Master Leraar VHO (deeltijd)" not in head


def test_compare_without_pathways_explains_what_to_do(client, catalogue):
    html = page(client, reverse("programmes:compare"))
    assert "<table" not in html


# The finder -------------------------------------------------------------------------------------


def test_finder_without_answers_shows_the_form(client, catalogue):
    html = page(client, FINDER)
    assert 'name="prior_education"' in html
    assert "error-summary" not in html


def test_finder_answer_on_the_page_equals_find_routes(client, catalogue):
    html = page(client, FINDER, **PHARMACIST)
    expected = find_routes(
        FinderInput(
            prior_education="wo_master",
            sector="vo",
            degree_field=DegreeField.objects.get(slug="farmacie"),
            subject=SchoolSubject.objects.get(slug="biologie"),
            dutch_secondary_diploma=False,
        )
    )
    assert answer_slugs(html) == [answer.pathway.slug for answer in expected.fits]
    assert answer_slugs(html)
    # the conditions: Dutch proficiency and the deficiency courses, linked by name with provider and EC
    assert "NT2" in html
    course = expected.fits[0].conditions[0].deficiency_courses[0] if expected.fits[0].conditions else None
    if course is not None and course.name_nl:
        assert course.name_nl in html
        assert f"{course.get_provider_display()}, {course.ec} EC" in html
    assert "<details" in html and "educatieve-minor" in html  # the routes that do not fit, with why
    assert reverse("account_signup") in html
    # the form keeps the answers
    assert 'value="farmacie" selected' in html


def test_finder_invalid_input_shows_errors_and_keeps_values(client, catalogue):
    html = page(client, FINDER, prior_education="wo_master", sector="vo", degree_field="farmacie")
    assert "error-summary" in html
    assert 'id="id_subject_error"' in html
    assert 'value="farmacie" selected' in html
    assert "finder-answer" not in html
    html = page(client, FINDER, prior_education="bogus")
    assert 'id="id_prior_education_error"' in html


# Query counts -----------------------------------------------------------------------------------


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def _add_published_pathways(count):
    base = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    subjects = list(SchoolSubject.objects.all())
    today = timezone.localdate()
    created = Pathway.objects.bulk_create(
        Pathway(
            programme=base.programme,
            qualification=base.qualification,
            slug=f"extra-route-{i}",
            name_nl=f"Extra traject {i}",
            name_en=f"Extra route {i}",
            summary_nl="Extra",
            summary_en="Extra",
            sector="vo",
            mode="full_time",
            ec=60,
            duration_months=12,
            is_published=True,
            order=100 + i,
            plus_programme_of=base,
        )
        for i in range(count)
    )
    Pathway.subjects.through.objects.bulk_create(
        Pathway.subjects.through(pathway_id=p.pk, schoolsubject_id=s.pk) for p in created for s in subjects
    )
    PriorEducationRule.objects.bulk_create(
        PriorEducationRule(pathway=p, prior_education=level, outcome="fits")
        for p in created
        for level in ("wo_master", "phd")
    )
    StartMoment.objects.bulk_create(
        StartMoment(pathway=p, starts_on=today + datetime.timedelta(days=60 + k), application_deadline=today)
        for p in created
        for k in range(2)
    )
    Module.objects.bulk_create(
        Module(pathway=p, name_nl="Module", name_en="Module", ec=30, order=k) for p in created for k in range(2)
    )
    # Bulk writes send no signals: like seed_scale, retire the cached pages explicitly.
    bump_catalogue_version()


def test_pages_run_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    urls = [
        (CATALOGUE, None),
        (CATALOGUE, {"subject": "biologie", "q": "master", "start_month": "9"}),
        (reverse("programmes:pathway-detail", args=["master-leraar-vho-voltijd"]), None),
        (reverse("programmes:subject-detail", args=["biologie"]), None),
        (reverse("programmes:subject-list"), None),
        (reverse("programmes:compare"), {"pathways": "empo,educatieve-minor,zij-instroom-vo"}),
        (FINDER, PHARMACIST),
    ]
    baseline = [_queries(client, url, params) for url, params in urls]
    _add_published_pathways(50)
    # The catalogue is paginated: the extra routes are counted, the first page shows 24.
    assert client.get(CATALOGUE).context["page"].paginator.count == 61
    for (url, params), count in zip(urls, baseline, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url, params or {})


# Languages and navigation ----------------------------------------------------------------------


def test_pages_render_in_english_after_switching_language(client, catalogue):
    client.post(reverse("set_language"), {"language": "en", "next": CATALOGUE})
    html = page(client, CATALOGUE)
    assert '<html lang="en"' in html
    assert "Master&#x27;s in Teaching (full-time)" in html or "Master's in Teaching (full-time)" in html
    assert "First-degree teaching qualification" in html
    assert "Routes into teaching" in html
    html = page(client, reverse("programmes:pathway-detail", args=["empo"]))
    assert "Primary-school qualification" in html
    html = page(client, reverse("programmes:subject-detail", args=["scheikunde"]))
    assert "<h1>Chemistry</h1>" in html
    html = page(client, FINDER, **PHARMACIST)
    assert "Prove your command of Dutch" in html


def test_language_cookie_alone_switches_to_english(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, reverse("programmes:subject-list"))
    assert '<html lang="en"' in html and "Mathematics" in html


def test_dutch_is_the_default(client, catalogue):
    html = page(client, reverse("programmes:subject-detail", args=["scheikunde"]))
    assert '<html lang="nl"' in html and "<h1>Scheikunde</h1>" in html


def test_header_links_to_the_routes_for_everyone(client, catalogue, applicant):
    assert f'href="{CATALOGUE}"' in page(client, reverse("core:home"))
    client.force_login(applicant)
    assert f'href="{CATALOGUE}"' in page(client, reverse("core:dashboard"))
