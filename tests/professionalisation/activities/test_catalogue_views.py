"""The public catalogue of professional development: the list with its filters and search, an
activity's page with its sessions, meetings and places left, the register forms, and the header
link."""

import datetime
import re
from decimal import Decimal

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from professionalisation.activities.selectors import session_places
from professionalisation.models import (
    ActivityFormat,
    ActivityKind,
    Audience,
    CompletionAward,
    RegistrationStatus,
    SessionStatus,
    WaitingStatus,
)
from research.models import TeachingLearningPrinciple
from tests.factories import (
    ActivityFactory,
    EducationRegionFactory,
    MeetingFactory,
    RegistrationFactory,
    SchoolSubjectFactory,
    SessionFactory,
    WaitingListEntryFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("activities:list")
ALL = {"formatief-handelen", "schoolopleiders-basis", "ai-in-de-klas"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Registrations make users by the dozen; a deliberately slow hash would make this crawl."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def detail_url(slug: str) -> str:
    return reverse("activities:detail", args=[slug])


def page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_slugs(html: str) -> list[str]:
    return re.findall(r'<article class="card route-card activity-card" aria-labelledby="activity-([\w-]+)">', html)


def months_ahead() -> tuple[datetime.date, datetime.date, datetime.date]:
    """The first days of three coming months (about two, three and four months from now)."""
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=62)).replace(day=1)
    second = (first + datetime.timedelta(days=32)).replace(day=1)
    third = (second + datetime.timedelta(days=32)).replace(day=1)
    return first, second, third


def session_in(activity, month: datetime.date, **fields):
    """A session of `activity` open for registration, with one meeting on the 10th of `month`."""
    session = SessionFactory(activity=activity, meetings=0, **fields)
    MeetingFactory(session=session, date=month.replace(day=10))
    return session


def build_catalogue() -> dict:
    """Three published activities that differ in every filter, and an unpublished one that would
    match them all:

    formatief-handelen      teachers VO, biologie, formatief, region leiden, on site, free,
                            certificate, a meeting in month 1
    schoolopleiders-basis   school educators, samenwerkend, region rijnmond, online, € 195
                            (ONZ € 150), microcredential, a meeting in month 2
    ai-in-de-klas           teachers PO, every region, hybrid, € 50, nothing, a meeting in month
                            3 (and a cancelled session with a meeting in month 1)
    """
    first, second, third = months_ahead()
    leiden = EducationRegionFactory(name="Onderwijsregio Leiden", slug="leiden")
    rijnmond = EducationRegionFactory(name="Onderwijsregio Rijnmond", slug="rijnmond")
    biologie = SchoolSubjectFactory(slug="biologie", name_nl="Biologie", name_en="Biology")
    formatief = TeachingLearningPrinciple.objects.get(slug="formatief")
    samenwerkend = TeachingLearningPrinciple.objects.get(slug="samenwerkend")

    formative = ActivityFactory(
        slug="formatief-handelen",
        title_nl="Formatief handelen in de les",
        title_en="Formative assessment in class",
        description_nl="Feedback die leerlingen verder helpt.",
        description_en="Feedback that helps pupils on.",
        audiences=[Audience.TEACHERS_VO],
        region=leiden,
        format=ActivityFormat.ON_SITE,
        price=Decimal("0"),
        award=CompletionAward.CERTIFICATE,
    )
    formative.subjects.add(biologie)
    formative.principles.add(formatief)
    session_in(formative, first)

    educators = ActivityFactory(
        slug="schoolopleiders-basis",
        kind=ActivityKind.SCHOOL_EDUCATOR_COURSE,
        title_nl="Basiscursus schoolopleiders",
        title_en="Basic course for school-based teacher educators",
        description_nl="Samen opleiden in de school.",
        description_en="Training teachers together at school.",
        audiences=[Audience.SCHOOL_EDUCATORS],
        region=rijnmond,
        format=ActivityFormat.ONLINE,
        price=Decimal("195.00"),
        onz_price=Decimal("150.00"),
        study_load_hours=None,
        study_load_ec=Decimal("2.5"),
        award=CompletionAward.MICROCREDENTIAL,
    )
    educators.principles.add(samenwerkend)
    session_in(educators, second)

    conference = ActivityFactory(
        slug="ai-in-de-klas",
        kind=ActivityKind.CONFERENCE,
        title_nl="AI in de klas",
        title_en="AI in the classroom",
        description_nl="Een conferentie over kunstmatige intelligentie.",
        description_en="A conference on artificial intelligence.",
        audiences=[Audience.TEACHERS_PO],
        region=None,
        format=ActivityFormat.HYBRID,
        price=Decimal("50.00"),
        award=CompletionAward.NOTHING,
    )
    session_in(conference, third)
    session_in(conference, first, status=SessionStatus.CANCELLED)

    draft = ActivityFactory(
        slug="formatief-concept",
        title_nl="Formatief handelen (concept)",
        title_en="Formative assessment (draft)",
        description_nl="Feedback die leerlingen verder helpt.",
        description_en="Feedback that helps pupils on.",
        audiences=[choice.value for choice in Audience],
        region=leiden,
        award=CompletionAward.MICROCREDENTIAL,
        published=False,
    )
    draft.subjects.add(biologie)
    draft.principles.add(formatief, samenwerkend)
    session_in(draft, first)
    return {"months": (first, second, third), "formative": formative, "educators": educators, "conference": conference}


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def month(index: int) -> str:
    return f"{months_ahead()[index]:%Y-%m}"


# The list ----------------------------------------------------------------------------------------


def test_list_shows_every_published_activity_as_a_card_with_its_facts(client, catalogue):
    html = page(client, LIST)
    assert set(card_slugs(html)) == ALL
    assert "3 activities" in html
    assert escape("Basic course for school-based teacher educators") in html
    assert "Course for school-based teacher educators" in html  # its kind
    assert "School-based teacher educators" in html  # its audience
    assert "Onderwijsregio Rijnmond" in html
    assert "€&nbsp;195.00" in html
    assert "€&nbsp;150.00 for teachers of ONZ member schools" in html
    assert "2.5&nbsp;EC" in html
    assert "1 session open for registration" in html
    assert f'href="{detail_url("schoolopleiders-basis")}"' in html
    assert '<label for="id_q">' in html
    assert 'method="get"' in html and f'action="{LIST}"' in html


def test_list_orders_by_the_first_coming_meeting(client, catalogue):
    assert card_slugs(page(client, LIST)) == ["formatief-handelen", "schoolopleiders-basis", "ai-in-de-klas"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"audience": "teachers_vo"}, {"formatief-handelen"}),
        ({"audience": "school_educators"}, {"schoolopleiders-basis"}),
        ({"audience": "team_leaders"}, set()),
        ({"subject": "biologie"}, {"formatief-handelen"}),
        ({"principle": "samenwerkend"}, {"schoolopleiders-basis"}),
        ({"principle": "adaptief"}, set()),
        # An activity open to every region is in every region.
        ({"region": "leiden"}, {"formatief-handelen", "ai-in-de-klas"}),
        ({"region": "rijnmond"}, {"schoolopleiders-basis", "ai-in-de-klas"}),
        ({"delivery": "online"}, {"schoolopleiders-basis"}),
        ({"delivery": "hybrid"}, {"ai-in-de-klas"}),
        # The cancelled session's meeting in month 1 does not count.
        ({"month": 0}, {"formatief-handelen"}),
        ({"month": 1}, {"schoolopleiders-basis"}),
        ({"month": 2}, {"ai-in-de-klas"}),
        ({"price": "free"}, {"formatief-handelen"}),
        ({"price": "paid"}, {"schoolopleiders-basis", "ai-in-de-klas"}),
        ({"microcredential": "on"}, {"schoolopleiders-basis"}),
        ({"region": "leiden", "price": "paid"}, {"ai-in-de-klas"}),
        ({"audience": "teachers_vo", "delivery": "online"}, set()),
    ],
    ids=lambda value: "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None,
)
def test_each_filter_narrows_the_list(client, catalogue, params, expected):
    if "month" in params:
        params = {**params, "month": month(params["month"])}
    html = page(client, LIST, params)
    assert set(card_slugs(html)) == expected
    assert "formatief-concept" not in html
    assert f'<a href="{LIST}">Clear filters</a>' in html


def test_month_filter_offers_the_months_with_meetings(client, catalogue):
    html = page(client, LIST)
    select = lxml.html.fromstring(html).get_element_by_id("id_month")
    options = [(option.get("value"), option.text_content()) for option in select.iter("option")]
    first, second, third = catalogue["months"]
    assert options == [
        ("", "Any month"),
        (f"{first:%Y-%m}", f"{first:%B %Y}"),
        (f"{second:%Y-%m}", f"{second:%B %Y}"),
        (f"{third:%Y-%m}", f"{third:%B %Y}"),
    ]


def test_a_valid_month_without_meetings_stays_selected_and_lists_nothing(client, catalogue):
    empty = f"{timezone.localdate().year + 3}-06"
    html = page(client, LIST, {"month": empty})
    assert card_slugs(html) == []
    assert f'<option value="{empty}" selected>June {empty[:4]}</option>' in html
    assert "No activity matches these filters." in html
    assert f'<a href="{LIST}">Show all activities</a>' in html


@pytest.mark.parametrize(
    ("params", "field", "message", "expected"),
    [
        ({"month": "2027-13"}, "month", "Enter a month as YYYY-MM, e.g. 2027-03.", ALL),
        ({"month": "maart"}, "month", "Enter a month as YYYY-MM, e.g. 2027-03.", ALL),
        (
            {"audience": "pupils"},
            "audience",
            "Select a valid choice. pupils is not one of the available choices.",
            ALL,
        ),
        (
            {"subject": "sterrenkunde"},
            "subject",
            "Select a valid choice. That choice is not one of the available choices.",
            ALL,
        ),
        ({"price": "cheap"}, "price", "Select a valid choice. cheap is not one of the available choices.", ALL),
        # The other filters still apply.
        (
            {"delivery": "online", "month": "2027-1"},
            "month",
            "Enter a month as YYYY-MM, e.g. 2027-03.",
            {"schoolopleiders-basis"},
        ),
        ({"q": "x" * 101}, "q", "Ensure this value has at most 100 characters (it has 101).", ALL),
    ],
)
def test_a_filter_value_that_is_not_valid_is_shown_as_an_error_and_left_out(
    client, catalogue, params, field, message, expected
):
    html = page(client, LIST, params)
    assert set(card_slugs(html)) == expected
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{escape(message)}</li></ul>' in html


@pytest.mark.parametrize("bad_page", ["abc", "0", "99", "9" * 30])
def test_a_page_number_that_is_not_valid_shows_a_page_of_results(client, catalogue, bad_page):
    assert set(card_slugs(page(client, LIST, {"page": bad_page}))) == ALL


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("formatief", {"formatief-handelen"}),  # Dutch title
        ("FORMATIVE", {"formatief-handelen"}),  # English title, any case
        ("kunstmatige", {"ai-in-de-klas"}),  # Dutch description
        ("intelligence", {"ai-in-de-klas"}),  # English description
        ("formatief leerlingen", {"formatief-handelen"}),  # every word, title and description
        ("formatief conferentie", set()),
        ("xyzzy", set()),
    ],
)
def test_search_finds_titles_and_descriptions_in_dutch_and_english(client, catalogue, q, expected):
    assert set(card_slugs(page(client, LIST, {"q": q}))) == expected


def test_empty_catalogue_says_so(client, db):
    html = page(client, LIST)
    assert card_slugs(html) == []
    assert "0 activities" in html
    assert "No activities are published at the moment." in html
    assert "No activity matches these filters." not in html


def test_list_is_paginated_and_the_links_keep_the_filters(client, db):
    ActivityFactory.create_batch(30, format=ActivityFormat.ONLINE)
    ActivityFactory(format=ActivityFormat.ON_SITE)
    first = page(client, LIST, {"delivery": "online"})
    assert len(card_slugs(first)) == 24
    assert "30 activities" in first
    assert "Page 1 of 2" in first
    assert 'href="?delivery=online&amp;page=2" rel="next"' in first
    second = page(client, LIST, {"delivery": "online", "page": "2"})
    assert len(card_slugs(second)) == 6
    assert 'href="?delivery=online&amp;page=1" rel="prev"' in second
    assert not set(card_slugs(first)) & set(card_slugs(second))


@pytest.mark.parametrize(
    ("language", "title", "other"),
    [
        ("nl", "Formatief handelen in de les", "Formative assessment in class"),
        ("en", "Formative assessment in class", "Formatief handelen in de les"),
    ],
)
def test_list_and_activity_page_are_in_the_visitors_language(language, title, other, catalogue):
    client = Client(headers={"accept-language": language})
    listing = page(client, LIST)
    detail = page(client, detail_url("formatief-handelen"))
    assert f'<html lang="{language}"' in listing
    assert f">{escape(title)}</a></h3>" in listing
    assert f"<h1>{escape(title)}</h1>" in detail
    for html in (listing, detail):
        assert escape(other) not in html


# An activity's page --------------------------------------------------------------------------


def test_activity_page_shows_what_a_visitor_needs(client, catalogue):
    html = page(client, detail_url("schoolopleiders-basis"))
    assert "<h1>Basic course for school-based teacher educators</h1>" in html
    assert '<span class="eyebrow">Course for school-based teacher educators</span>' in html
    assert "Training teachers together at school." in html
    assert "<li>School-based teacher educators</li>" in html
    assert "<dd>Online</dd>" in html
    assert "<dd>Onderwijsregio Rijnmond</dd>" in html
    assert "€&nbsp;195.00<br>" in html
    assert "€&nbsp;150.00 for teachers of ONZ member schools" in html
    assert "2.5&nbsp;EC" in html
    assert "A certificate and a microcredential" in html
    assert "Attend every meeting of your session." in html
    assert "You can cancel until 7 days before the first meeting." in html
    principle = TeachingLearningPrinciple.objects.get(slug="samenwerkend")
    assert f'<li title="{escape(principle.statement_en)}">{escape(principle.name_en)}</li>' in html
    assert 'href="mailto:nascholing@iclon.leidenuniv.nl"' in html


def test_free_activity_open_to_every_region_with_a_completion_rule(client, db):
    activity = ActivityFactory(
        price=Decimal("0"),
        region=None,
        study_load_hours=12,
        study_load_ec=Decimal("0.5"),
        meetings_required=3,
        assignment_required=True,
        award=CompletionAward.CERTIFICATE,
    )
    html = page(client, detail_url(activity.slug))
    assert "<dd>Free\n</dd>" in html
    assert "<dd>Open to every region</dd>" in html
    assert "12 hours · 0.5&nbsp;EC" in html
    assert "Attend at least 3 meetings of your session and complete the assignment." in html


def test_activity_page_lists_only_sessions_open_for_registration(client, db):
    activity = ActivityFactory()
    shown = [
        SessionFactory(activity=activity, name="Open"),
        SessionFactory(activity=activity, name="Vol", status=SessionStatus.FULL),
    ]
    hidden = [
        SessionFactory(activity=activity, name="Gesloten", status=SessionStatus.CLOSED),
        SessionFactory(activity=activity, name="Geannuleerd", status=SessionStatus.CANCELLED),
        SessionFactory(
            activity=activity, name="Verlopen", registration_deadline=timezone.now() - datetime.timedelta(minutes=1)
        ),
    ]
    html = page(client, detail_url(activity.slug))
    for session in shown:
        assert f'<h3 id="session-{session.pk}" class="route-subhead">{session.name}</h3>' in html
    for session in hidden:
        assert f'id="session-{session.pk}"' not in html


def test_activity_without_open_sessions_says_so(client, db):
    activity = ActivityFactory()
    SessionFactory(activity=activity, status=SessionStatus.CLOSED)
    html = page(client, detail_url(activity.slug))
    assert "No session of this activity is open for registration at the moment." in html
    assert "No session open for registration" in page(client, LIST)


def test_meetings_and_deadline_are_shown_in_dutch_time(client, db):
    """Winter and summer time: the deadline is stored in UTC and shown in Europe/Amsterdam, even
    when another time zone is active; meetings are local times there."""
    year = timezone.localdate().year + 5
    activity = ActivityFactory()
    winter = SessionFactory(
        activity=activity,
        meetings=0,
        registration_deadline=datetime.datetime(year, 3, 1, 11, 0, tzinfo=datetime.UTC),
    )
    MeetingFactory(session=winter, date=datetime.date(year, 3, 10), place="ICLON, zaal 1")
    MeetingFactory(session=winter, date=datetime.date(year, 3, 17), place="", online_link="https://meet.example.org/x")
    summer = SessionFactory(
        activity=activity,
        meetings=0,
        registration_deadline=datetime.datetime(year, 7, 1, 11, 0, tzinfo=datetime.UTC),
    )
    MeetingFactory(session=summer, date=datetime.date(year, 7, 8))
    with timezone.override("UTC"):
        html = page(client, detail_url(activity.slug))
    assert f"Register by 1 March {year}, 12:00." in html
    assert f"Register by 1 July {year}, 13:00." in html
    march_10 = datetime.date(year, 3, 10)
    assert f'<time datetime="{march_10}">{march_10:%A} 10 March {year}</time>' in html
    start, end = f'<time datetime="{march_10}T15:30:00+01:00">', f'<time datetime="{march_10}T17:30:00+01:00">'
    assert f"{start}15:30</time>–{end}17:30</time>" in html
    assert f'<time datetime="{year}-07-08T15:30:00+02:00">15:30</time>' in html
    assert '<td class="cell--text">ICLON, zaal 1</td>' in html
    assert '<td class="cell--text">Online</td>' in html
    assert "meet.example.org" not in html, "the online link is for participants, not the public"


@pytest.fixture
def places_session(db):
    """10 places, 3 held for ONZ: two confirmed, one on an ONZ place, one cancelled, one open offer."""
    session = SessionFactory(capacity=10, onz_places=3, onz_places_until=timezone.localdate())
    RegistrationFactory.create_batch(2, session=session)
    RegistrationFactory(session=session, onz_place=True)
    RegistrationFactory(session=session, status=RegistrationStatus.CANCELLED)
    now = timezone.now()
    WaitingListEntryFactory(
        session=session,
        status=WaitingStatus.OFFERED,
        offered_session=session,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    )
    return session


def test_places_left_are_shown_exactly_as_the_service_counts_them(client, places_session):
    places = session_places(places_session)
    assert (places.left, places.onz_held) == (4, 2)  # 10 - 3 taken - 1 offered - 2 still held for ONZ
    html = page(client, detail_url(places_session.activity.slug))
    assert '<span class="badge badge--success">4 places left</span>' in html
    until = places_session.onz_places_until
    assert f"2 more places are held for teachers of ONZ member schools until {until.day} {until:%B %Y}." in html


def test_places_held_for_onz_are_public_after_their_date(client, places_session):
    places_session.onz_places_until = timezone.localdate() - datetime.timedelta(days=1)
    places_session.save()
    assert session_places(places_session).left == 6
    html = page(client, detail_url(places_session.activity.slug))
    assert '<span class="badge badge--success">6 places left</span>' in html
    assert "held for teachers of ONZ member schools" not in html


def test_one_place_left_is_singular(client, db):
    session = SessionFactory(capacity=2)
    RegistrationFactory(session=session)
    assert session_places(session).left == 1
    assert '<span class="badge badge--success">1 place left</span>' in page(client, detail_url(session.activity.slug))


@pytest.mark.parametrize("who_waits", ["nobody", "someone for any session"])
def test_a_session_a_newcomer_cannot_get_into_is_full_with_a_waiting_list(client, applicant, who_waits):
    session = SessionFactory(capacity=3)
    RegistrationFactory.create_batch(2 if who_waits != "nobody" else 3, session=session)
    if who_waits != "nobody":
        # One place is free, but someone waits for it: a newcomer would queue behind them.
        WaitingListEntryFactory(session=None, activity=session.activity)
    client.force_login(applicant)
    html = page(client, detail_url(session.activity.slug))
    assert '<span class="badge badge--warning">Full – waiting list</span>' in html
    assert "place left" not in html and "places left" not in html
    assert f'Put me on the waiting list<span class="visually-hidden">: {escape(session.name)}</span>' in html


# Register forms ----------------------------------------------------------------------------------


def post_forms(html: str) -> dict[str, lxml.html.FormElement]:
    """The page's POST forms by their action, each checked to carry a CSRF token."""
    forms = {}
    for form in lxml.html.fromstring(html).forms:
        if (form.method or "").lower() == "post" and form.action != reverse("set_language"):
            if form.action == reverse("account_logout"):
                continue
            assert form.inputs["csrfmiddlewaretoken"].value, form.action
            forms[form.action] = form
    return forms


@pytest.fixture
def two_sessions(db):
    activity = ActivityFactory(slug="twee-groepen")
    return activity, [SessionFactory(activity=activity), SessionFactory(activity=activity)]


def register_url(session) -> str:
    return reverse("activities:register", args=[session.pk])


WAIT_ANY = reverse("activities:wait-any", args=["twee-groepen"])


def test_a_visitor_who_is_not_logged_in_gets_a_link_to_log_in_and_no_forms(client, two_sessions):
    html = page(client, detail_url("twee-groepen"))
    assert post_forms(html) == {}
    login = f"{reverse('account_login')}?next={detail_url('twee-groepen')}"
    assert html.count(f'href="{escape(login)}"') == 2
    assert f'<a href="{reverse("account_signup")}">Create one</a>' in html


def test_a_logged_in_visitor_gets_a_register_form_per_session_and_the_any_session_form(client, two_sessions, outsider):
    _activity, sessions = two_sessions
    client.force_login(outsider)
    html = page(client, detail_url("twee-groepen"))
    assert set(post_forms(html)) == {register_url(sessions[0]), register_url(sessions[1]), WAIT_ANY}
    assert "Put me on the waiting list for any session" in html
    assert f'Register<span class="visually-hidden">: {escape(sessions[0].name)}</span>' in html
    assert "Log in to register" not in html


def test_a_registered_visitor_sees_their_place_instead_of_the_form(client, two_sessions, outsider):
    _activity, sessions = two_sessions
    RegistrationFactory(session=sessions[0], participant=outsider)
    client.force_login(outsider)
    html = page(client, detail_url("twee-groepen"))
    assert set(post_forms(html)) == {register_url(sessions[1])}
    assert "You are registered for this session." in html
    assert f'href="{reverse("activities:mine")}"' in html


def test_a_visitor_waiting_for_one_session_sees_it_for_that_session(client, two_sessions, outsider):
    _activity, sessions = two_sessions
    WaitingListEntryFactory(session=sessions[1], participant=outsider)
    client.force_login(outsider)
    html = page(client, detail_url("twee-groepen"))
    # No "any session" form: the waiting list takes a person once per activity (the service would
    # refuse it as "already on the waiting list").
    assert set(post_forms(html)) == {register_url(sessions[0])}
    assert "You are on the waiting list of this session." in html


def test_a_visitor_waiting_for_any_session_gets_no_forms(client, two_sessions, outsider):
    activity, _sessions = two_sessions
    WaitingListEntryFactory(session=None, activity=activity, participant=outsider)
    client.force_login(outsider)
    html = page(client, detail_url("twee-groepen"))
    assert post_forms(html) == {}
    assert "You are on the waiting list for any session of this activity." in html


def test_another_persons_places_do_not_change_the_forms(client, two_sessions, outsider, applicant):
    activity, sessions = two_sessions
    RegistrationFactory(session=sessions[0], participant=applicant)
    WaitingListEntryFactory(session=None, activity=activity, participant=applicant)
    client.force_login(outsider)
    html = page(client, detail_url("twee-groepen"))
    assert set(post_forms(html)) == {register_url(sessions[0]), register_url(sessions[1]), WAIT_ANY}
    assert "You are registered" not in html


# Unpublished activities ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("applicant", 404),
        ("school_a_contact", 404),
        ("researcher", 404),
        ("intake_officer", 404),
        ("professionalisation_coordinator", 200),
        ("administrator", 200),
    ],
)
def test_unpublished_activity_is_hidden_but_previewed_by_staff_who_may_view_activities(
    client, persona, catalogue, role, status
):
    user = persona(role)
    if user is not None:
        client.force_login(user)
    response = client.get(detail_url("formatief-concept"))
    assert response.status_code == status
    html = response.content.decode()
    if status == 200:
        assert "<h1>Formative assessment (draft)</h1>" in html
        assert "<strong>Not published.</strong>" in html
        assert "This is a preview for staff: visitors cannot see this activity yet." in html
        assert "Registration opens when the activity is published." in html
        assert post_forms(html) == {}
    else:
        assert "<h1>We cannot find this page</h1>" in html
        assert "Formative assessment (draft)" not in html
    assert "formatief-concept" not in card_slugs(page(client, LIST))


def test_unknown_activity_is_404(client, db):
    response = client.get(detail_url("bestaat-niet"))
    assert response.status_code == 404
    assert "<h1>We cannot find this page</h1>" in response.content.decode()


# Navigation ---------------------------------------------------------------------------------


def test_header_links_to_the_catalogue_and_marks_it_current(client, catalogue):
    home = page(client, reverse("core:home"))
    assert f'<a href="{LIST}">Professional development</a>' in home
    listing = page(client, LIST)
    assert f'<a href="{LIST}" aria-current="page">Professional development</a>' in listing
    detail = page(client, detail_url("formatief-handelen"))
    assert f'<a href="{LIST}" aria-current="page">Professional development</a>' in detail


# Query counts -----------------------------------------------------------------------------------


def rich_activity(region, subject, principles, *, sessions: int = 1):
    """A published activity with everything a card and its page show: two audiences, a subject,
    two principles, a region, and sessions with three meetings and a registration each."""
    activity = ActivityFactory(
        audiences=[Audience.TEACHERS_VO, Audience.SCHOOL_LEADERS],
        region=region,
        price=Decimal("95"),
        onz_price=Decimal("75"),
    )
    activity.subjects.add(subject)
    activity.principles.add(*principles)
    for _ in range(sessions):
        session = SessionFactory(activity=activity, meetings=3, onz_places=2, onz_places_until=timezone.localdate())
        RegistrationFactory(session=session)
    return activity


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_pages_run_as_many_queries_for_50_activities_as_for_1(
    client, outsider, logged_in, django_assert_max_num_queries
):
    if logged_in:
        client.force_login(outsider)
    region = EducationRegionFactory(slug="leiden")
    subject = SchoolSubjectFactory(slug="biologie")
    principles = list(TeachingLearningPrinciple.objects.all()[:2])
    one = rich_activity(region, subject, principles, sessions=1)
    filtered = {
        "q": "vakdidactiek",
        "audience": "teachers_vo",
        "subject": "biologie",
        "principle": principles[0].slug,
        "region": "leiden",
        "delivery": "on_site",
        "month": f"{timezone.localdate() + datetime.timedelta(days=30):%Y-%m}",
        "price": "paid",
        "microcredential": "",
    }
    urls = [(LIST, None), (LIST, filtered), (detail_url(one.slug), None)]
    baseline = [queries(client, url, params) for url, params in urls]

    many = rich_activity(region, subject, principles, sessions=20)
    for _ in range(48):
        rich_activity(region, subject, principles)
    urls[2] = (detail_url(many.slug), None)
    listed = client.get(LIST, filtered)
    assert listed.context["page"].paginator.count == 50
    assert len(card_slugs(listed.content.decode())) == 24
    for (url, params), count in zip(urls, baseline, strict=True):
        with django_assert_max_num_queries(count):
            response = client.get(url, params or {})
        assert response.status_code == 200
    assert response.content.decode().count('class="session"') == 20
