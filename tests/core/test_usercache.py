"""The per-user cache of what every signed-in page shows (iclon/core/usercache.py): the header's
links, the unread count and the account menu's links are computed once and kept, and a change that
alters them is seen on the very next page; and the request's lazy tenancy scope
(iclon/core/tenancy.py LazySchools) still filters related managers and still fails closed."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import ScopeError, scopes_disabled

from iclon.core import usercache
from iclon.core.middleware import TenancyMiddleware
from iclon.core.tenancy import user_scope
from iclon.notifications.models import Channel
from iclon.notifications.services import notification_mark_read
from partnerships.models import SchoolMembership, SchoolRole
from programmes.models import ApplicationStatus
from tests.factories import ApplicationFactory, NotificationFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db

PRIVACY = "/privacy/"
# The links, by their addresses (the labels are in the user's language).
MY_APPLICATIONS = f'href="{reverse("intake:application-list")}"'
MY_PLACEMENT = f'href="{reverse("placements:mine")}"'
MY_SCHOOL = f'href="{reverse("partnerships:school-list")}"'
SCHOOL_PLACEMENTS = f'href="{reverse("placements:school-dashboard")}"'
OUR_QUESTIONS = f'href="{reverse("research_questions:list")}"'
RESEARCH_SUPPORT = f'href="{reverse("research_coordination:list")}"'


def _header(client, url=PRIVACY) -> str:
    """The page's main navigation (the header links)."""
    content = client.get(url).content.decode()
    return content.split('class="site-nav site-nav--main"')[1].split("</nav>")[0]


def _queries_on(client, url, table: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries if f'"{table}"' in query["sql"]]


# The cache itself ---------------------------------------------------------------------------------


def test_a_value_is_computed_once_until_the_user_is_retired(applicant, outsider):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert usercache.user_cached(applicant, "probe", compute) == 1
    assert usercache.user_cached(applicant, "probe", compute) == 1
    assert usercache.user_cached(outsider, "probe", compute) == 2, "each user has their own value"
    usercache.retire_user_cache(applicant.pk)
    assert usercache.user_cached(applicant, "probe", compute) == 3
    assert usercache.user_cached(outsider, "probe", compute) == 2, "retiring one user keeps the others"
    usercache.retire_all_user_caches()
    assert usercache.user_cached(outsider, "probe", compute) == 4


def test_anonymous_visitors_are_never_cached():
    from django.contrib.auth.models import AnonymousUser

    calls = []
    usercache.user_cached(AnonymousUser(), "probe", lambda: calls.append(1))
    usercache.user_cached(AnonymousUser(), "probe", lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_header_links_are_kept_between_pages(client, applicant):
    ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    assert MY_APPLICATIONS in _header(client)
    # The second page reads the links from the cache: no query of the applications.
    assert _queries_on(client, PRIVACY, "programmes_application") == []
    assert MY_APPLICATIONS in _header(client)


# Freshness: the next page shows the change --------------------------------------------------------


def test_an_application_created_shows_my_applications_on_the_next_page(client, applicant):
    client.force_login(applicant)
    assert MY_APPLICATIONS not in _header(client)
    ApplicationFactory(applicant=applicant)
    assert MY_APPLICATIONS in _header(client)


def test_an_application_that_makes_a_trainee_shows_my_placement_on_the_next_page(client, applicant):
    application = ApplicationFactory(applicant=applicant, status=ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    assert MY_PLACEMENT not in _header(client)
    application.status = ApplicationStatus.ADMITTED
    application.save()
    assert MY_PLACEMENT in _header(client)


def test_a_membership_added_and_removed_shows_on_the_next_page(client, school_a, outsider):
    client.force_login(outsider)
    assert MY_SCHOOL not in _header(client)
    membership = SchoolMembershipFactory(user=outsider, school=school_a, role=SchoolRole.SCHOOL_CONTACT)
    header = _header(client)
    assert MY_SCHOOL in header and SCHOOL_PLACEMENTS in header
    with scopes_disabled():
        SchoolMembership.objects.filter(pk=membership.pk).get().delete()
    header = _header(client)
    assert MY_SCHOOL not in header and SCHOOL_PLACEMENTS not in header


def test_the_account_menu_follows_a_membership(client, school_a, outsider):
    profile = reverse("accounts:profile")
    client.force_login(outsider)
    assert OUR_QUESTIONS not in client.get(profile).content.decode()
    assert RESEARCH_SUPPORT in client.get(profile).content.decode()
    membership = SchoolMembershipFactory(user=outsider, school=school_a, role=SchoolRole.SCHOOL_CONTACT)
    content = client.get(profile).content.decode()
    assert OUR_QUESTIONS in content
    assert RESEARCH_SUPPORT not in content, "a school account may not ask for research support"
    with scopes_disabled():
        SchoolMembership.objects.filter(pk=membership.pk).get().delete()
    assert OUR_QUESTIONS not in client.get(profile).content.decode()


def _unread(client) -> str:
    content = client.get(PRIVACY).content.decode()
    return content.split(f'href="{reverse("notifications:list")}"')[1].split("</a>")[0]


def test_the_unread_count_follows_new_and_read_notifications(client, applicant):
    client.force_login(applicant)
    assert "nav-count" not in _unread(client)
    NotificationFactory(recipient=applicant, channel=Channel.IN_APP)
    NotificationFactory(recipient=applicant, channel=Channel.IN_APP)
    assert ">2<" in _unread(client)
    # Kept: the next page does not count again.
    assert _queries_on(client, PRIVACY, "notifications_notification") == []
    notification_mark_read(user=applicant)
    assert "nav-count" not in _unread(client)


def test_a_partnership_coordinator_added_sees_its_schools_on_the_next_page(client, partnership, school_a, outsider):
    client.force_login(outsider)
    assert MY_SCHOOL not in _header(client)
    partnership.coordinators.add(outsider)
    assert MY_SCHOOL in _header(client)
    partnership.coordinators.remove(outsider)
    assert MY_SCHOOL not in _header(client)


# Tenancy: the request's scope is resolved on the first school-scoped query ----------------------


def test_a_request_without_school_scoped_queries_resolves_no_scope(school_a, school_a_contact):
    def view(request):
        return HttpResponse("no school data here")

    request = RequestFactory().get("/")
    request.user = school_a_contact
    with CaptureQueriesContext(connection) as queries:
        response = TenancyMiddleware(view)(request)
    assert response.content == b"no school data here"
    assert [q["sql"] for q in queries if "partnerships_" in q["sql"]] == []


def test_the_lazy_scope_filters_related_managers(school_a, school_b, school_a_contact, school_b_contact):
    with user_scope(school_a_contact, lazy=True):
        assert list(school_b.memberships.all()) == []
        assert [m.user for m in school_a.memberships.all()] == [school_a_contact]
        assert SchoolMembership.objects.count() == 1


def test_the_lazy_scope_of_an_anonymous_visitor_sees_nothing(school_a, school_a_contact):
    from django.contrib.auth.models import AnonymousUser

    with user_scope(AnonymousUser(), lazy=True):
        assert SchoolMembership.objects.count() == 0
        assert list(school_a.memberships.all()) == []


def _resolver_that_queries_scoped_rows(user):
    return list(SchoolMembership.objects.values_list("school_id", flat=True))


def test_a_resolver_that_reads_scoped_rows_fails_closed_instead_of_recursing(settings, school_a, school_a_contact):
    settings.TENANCY_SCHOOL_RESOLVER = f"{__name__}._resolver_that_queries_scoped_rows"
    with user_scope(school_a_contact, lazy=True), pytest.raises(ScopeError):
        list(school_a.memberships.all())
