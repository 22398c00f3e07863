"""The shortlist's pages: "My shortlist", the toggle on a route's page (signed in and as a
visitor, whose page is cached and must hold nothing of anyone), saving and removing with the
duplicate refused, and nobody reaching another person's shortlist, whatever their role."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from iclon.notifications.models import Notification
from programmes.shortlist.models import SavedRoute
from tests.conftest import STAFF_PERSONAS
from tests.factories import PathwayFactory, SavedRouteFactory
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}
ROLES = [
    "anonymous",
    "applicant",
    "outsider",
    "school_a_contact",
    "school_a_mentor",
    "lead_school_contact",
    *STAFF_PERSONAS,
]
LIST = reverse("shortlist:list")


def _login(client, persona, role):
    user = persona(role)
    if user is not None:
        client.force_login(user)
    return user


def _page(client, url, **kwargs):
    response = client.get(url, headers=ENGLISH, **kwargs)
    return response, response.content.decode()


# --- My shortlist -----------------------------------------------------------------------------------


def test_my_shortlist_lists_ones_own_routes_newest_first_with_their_notes(client, applicant, outsider):
    older = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology", note="Ask about the open day")
    newer = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of chemistry")
    SavedRouteFactory(user=outsider, pathway__name_en="Otto's route")
    client.force_login(applicant)
    response, content = _page(client, LIST)
    assert response.status_code == 200
    assert content.index("Teacher of chemistry") < content.index("Teacher of biology")
    assert "Ask about the open day" in content
    assert f'href="/routes/{older.pathway.slug}/"' in content
    assert reverse("shortlist:delete", kwargs={"pk": newer.pk}) in content
    assert "Otto" not in content
    assert "E-mail my shortlist to me" in content


def test_an_empty_shortlist_says_how_to_fill_it(client, applicant):
    client.force_login(applicant)
    _response, content = _page(client, LIST)
    assert "Your shortlist is empty" in content
    assert "E-mail my shortlist to me" not in content


def test_a_visitor_is_asked_to_log_in_for_my_shortlist(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={LIST}"


@pytest.mark.parametrize("rows", [1, 50])
def test_my_shortlist_runs_a_fixed_number_of_queries(client, applicant, django_assert_max_num_queries, rows):
    saved = [SavedRouteFactory(user=applicant) for _ in range(rows)]
    client.force_login(applicant)
    client.get(LIST, headers=ENGLISH)  # the first page of the session fills the per-user cache
    # The session, the user and the saved routes with their pathways.
    with django_assert_max_num_queries(3):
        response, content = _page(client, LIST)
    assert response.status_code == 200
    assert all(escape(str(item.pathway.name_en)) in content for item in saved)


# --- the toggle on a route's page -----------------------------------------------------------------


def test_a_visitor_sees_a_log_in_link_on_a_routes_page_and_no_form(client):
    pathway = PathwayFactory(name_en="Teacher of biology")
    url = reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})
    _response, content = _page(client, url)
    assert f'href="{reverse("account_login")}?next=/routes/{pathway.slug}/"' in content
    assert "Log in to save this route to your shortlist" in content
    assert reverse("shortlist:save") not in content
    assert "csrfmiddlewaretoken" not in content.split('class="site-main')[1].split("site-footer")[0]


def test_a_signed_in_person_saves_a_route_from_its_page_and_can_remove_it(client, applicant):
    pathway = PathwayFactory(name_en="Teacher of biology")
    url = reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})
    client.force_login(applicant)
    _response, content = _page(client, url)
    assert "Save to my shortlist" in content
    assert f'action="{reverse("shortlist:save")}"' in content
    assert "Log in to save" not in content

    response = client.post(reverse("shortlist:save"), {"pathway": pathway.slug, "next": url}, headers=ENGLISH)
    assert response.status_code == 302 and response["Location"] == url
    assert list(SavedRoute.objects.values_list("user", "pathway")) == [(applicant.pk, pathway.pk)]
    _response, content = _page(client, url)
    assert "Teacher of biology is on your shortlist." in content
    assert "Remove from my shortlist" in content
    assert f'action="{reverse("shortlist:remove")}"' in content

    client.post(reverse("shortlist:remove"), {"pathway": pathway.slug, "next": url}, headers=ENGLISH)
    assert not SavedRoute.objects.exists()
    _response, content = _page(client, url)
    assert "Teacher of biology is off your shortlist." in content
    assert "Save to my shortlist" in content


def test_a_signed_in_persons_toggle_is_never_served_to_a_visitor(client, applicant, settings):
    """The routes pages are cached for visitors: what a signed-in person saw must not reach them,
    nor may a visitor's cached page reach the signed-in person."""
    settings.CATALOGUE_CACHE_SECONDS = settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    pathway = PathwayFactory()
    SavedRouteFactory(user=applicant, pathway=pathway)
    url = reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})
    first_visit = client.get(url, headers=ENGLISH).content
    client.force_login(applicant)
    _response, content = _page(client, url)
    assert "Remove from my shortlist" in content
    client.logout()
    second_visit = client.get(url, headers=ENGLISH).content.decode()
    assert "Remove from my shortlist" not in second_visit and "Save to my shortlist" not in second_visit
    assert "Log in to save this route to your shortlist" in second_visit
    assert first_visit.decode().count("Log in to save this route") == second_visit.count("Log in to save this route")


def test_an_unpublished_route_shows_staff_no_toggle(client, programme_coordinator):
    pathway = PathwayFactory(is_published=False)
    client.force_login(programme_coordinator)
    _response, content = _page(client, reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug}))
    assert "This is a preview for staff" in content
    assert "Save to my shortlist" not in content


def test_the_toggle_reads_the_saved_routes_once_per_page(client, applicant, django_assert_num_queries):
    pathways = [PathwayFactory() for _ in range(5)]
    SavedRouteFactory(user=applicant, pathway=pathways[1])
    request = RequestFactory().get("/routes/finder/")
    request.user = applicant
    template = Template(
        '{% for p in pathways %}{% include "programmes/shortlist/_toggle.html" with pathway=p %}{% endfor %}'
    )
    with django_assert_num_queries(1):
        html = template.render(Context({"pathways": pathways, "request": request}))
    assert html.count('data-shortlist="not-saved"') == 4
    assert html.count('data-shortlist="saved"') == 1


# --- saving and removing ------------------------------------------------------------------------


def test_saving_the_same_route_twice_says_so(client, applicant):
    saved = SavedRouteFactory(user=applicant)
    client.force_login(applicant)
    with nothing_written(SavedRoute):
        response = client.post(reverse("shortlist:save"), {"pathway": saved.pathway.slug}, headers=ENGLISH, follow=True)
    assert "This route is already on your shortlist." in response.content.decode()


@pytest.mark.parametrize("slug", ["no-such-route", ""])
def test_an_unknown_route_is_refused_with_a_message(client, applicant, slug):
    client.force_login(applicant)
    with nothing_written(SavedRoute):
        response = client.post(reverse("shortlist:save"), {"pathway": slug}, headers=ENGLISH, follow=True)
    content = response.content.decode()
    expected = (
        "Choose the route to save." if not slug else "This route cannot be saved: it is not (or no longer) offered."
    )
    assert escape(expected) in content


def test_an_unpublished_route_cannot_be_saved_from_a_page(client, applicant):
    pathway = PathwayFactory(is_published=False)
    client.force_login(applicant)
    with nothing_written(SavedRoute):
        response = client.post(reverse("shortlist:save"), {"pathway": pathway.slug}, headers=ENGLISH, follow=True)
    assert "This route cannot be saved: it is not (or no longer) offered." in response.content.decode()


def test_a_next_address_off_the_site_is_not_followed(client, applicant):
    pathway = PathwayFactory()
    client.force_login(applicant)
    response = client.post(reverse("shortlist:save"), {"pathway": pathway.slug, "next": "https://evil.example/"})
    assert response["Location"] == reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})
    assert SavedRoute.objects.filter(user=applicant, pathway=pathway).exists()


def test_a_saved_route_is_removed_from_my_shortlist(client, applicant):
    saved = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology")
    kept = SavedRouteFactory(user=applicant)
    client.force_login(applicant)
    response = client.post(reverse("shortlist:delete", kwargs={"pk": saved.pk}), headers=ENGLISH, follow=True)
    assert "Teacher of biology is off your shortlist." in response.content.decode()
    assert list(SavedRoute.objects.values_list("pk", flat=True)) == [kept.pk]


def test_removing_needs_a_post(client, applicant):
    saved = SavedRouteFactory(user=applicant)
    client.force_login(applicant)
    with nothing_written(SavedRoute):
        response = client.get(reverse("shortlist:delete", kwargs={"pk": saved.pk}))
    assert response.status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_nobody_sees_or_removes_another_persons_saved_routes(client, persona, role):
    theirs = SavedRouteFactory(pathway__name_en="Somebody else's route")
    user = _login(client, persona, role)
    if user is not None:
        mine = SavedRouteFactory(user=user, pathway__name_en="My own route")
    with nothing_written(SavedRoute):
        response = client.post(reverse("shortlist:delete", kwargs={"pk": theirs.pk}), headers=ENGLISH)
        removed = client.post(
            reverse("shortlist:remove"), {"pathway": theirs.pathway.slug}, headers=ENGLISH, follow=True
        )
    page = client.get(LIST, headers=ENGLISH)
    if user is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
        assert removed.redirect_chain[0][0].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
        assert "This route was not on your shortlist." in removed.content.decode()
        content = page.content.decode()
        assert "My own route" in content and "Somebody else" not in content
        assert reverse("shortlist:delete", kwargs={"pk": mine.pk}) in content


def test_a_visitor_cannot_save(client):
    pathway = PathwayFactory()
    url = reverse("programmes:pathway-detail", kwargs={"slug": pathway.slug})
    with nothing_written(SavedRoute):
        response = client.post(reverse("shortlist:save"), {"pathway": pathway.slug, "next": url})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


# --- the dashboard and the header -----------------------------------------------------------------


def test_the_dashboard_and_the_header_lead_back_to_the_shortlist(client, applicant):
    saved = SavedRouteFactory(user=applicant, pathway__name_en="Teacher of biology")
    client.force_login(applicant)
    _response, content = _page(client, reverse("core:dashboard"))
    assert f'href="/routes/{saved.pathway.slug}/"' in content
    assert f'href="{LIST}"' in content
    assert "My shortlist" in content


def test_without_saved_routes_the_header_has_no_shortlist_link(client, applicant):
    client.force_login(applicant)
    _response, content = _page(client, reverse("core:dashboard"))
    assert f'href="{LIST}"' not in content.split("</header>")[0]


def test_a_visitor_cannot_email_a_shortlist_nor_remove_a_route(client):
    saved = SavedRouteFactory()
    with nothing_written(SavedRoute, Notification):
        responses = [client.post(reverse("shortlist:email")), client.post(reverse("shortlist:delete", args=[saved.pk]))]
    # Back to "My shortlist" after logging in, not to the posts' own addresses (they answer POST only).
    assert [response["Location"] for response in responses] == [f"{reverse('account_login')}?next={LIST}"] * 2
