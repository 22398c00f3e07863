"""'Active staff holding a permission' is one rule (iclon.accounts.roles.staff_may), asked the same
way by every service, page and API permission that checks a staff right.

Each check is run by five people: staff holding the permission (directly; a staff group's works
the same), staff without it, someone holding it who is not staff, a superuser who is not staff
and an inactive staff member holding it. Only the first may act; the others are refused and
nothing is written."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_scopes import scopes_disabled

from iclon.accounts.api.permissions import ScopedReadStaffWrite
from iclon.accounts.models import ApiToken
from iclon.accounts.roles import staff_may
from iclon.accounts.services import api_token_revoke
from iclon.core.errors import NotAllowed
from iclon.notifications.models import Channel, Notification, Status
from iclon.notifications.services import notification_resend
from partnerships.models import School, SchoolInvitation, SchoolMembership, SchoolRole
from partnerships.services.duo_import import DuoImportRefused, import_duo_file
from partnerships.services.invitations import invitation_create
from partnerships.services.memberships import membership_create
from partnerships.services.partnerships import partnership_set_members
from programmes.catalogue.models import DegreeRelatedness, Pathway
from programmes.catalogue.services import RelatednessRow, relatedness_grid_save
from tests.factories import (
    DegreeFieldFactory,
    PathwayFactory,
    SchoolFactory,
    SchoolSubjectFactory,
    StaffUserFactory,
    TrainingSchoolPartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALLOWED = "staff holding it"
PEOPLE = [ALLOWED, "staff without it", "non-staff holding it", "superuser, not staff", "inactive staff holding it"]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Every case makes users; the production hasher costs ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def grant(user, perms):
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def person(kind: str, perms: list[str]):
    if kind == ALLOWED:
        return grant(StaffUserFactory(), perms)
    if kind == "staff without it":
        return StaffUserFactory()
    if kind == "non-staff holding it":
        return grant(UserFactory(), perms)
    if kind == "superuser, not staff":
        return UserFactory(is_superuser=True)
    return grant(StaffUserFactory(is_active=False), perms)


@pytest.mark.parametrize("kind", PEOPLE)
def test_staff_may(kind):
    user = person(kind, ["partnerships.change_school"])
    assert staff_may(user, "partnerships.change_school") is (kind == ALLOWED)


# Each check: the permissions it needs, and a setup giving the action and a snapshot of what it writes.


def relatedness_grid():
    subject, field = SchoolSubjectFactory(), DegreeFieldFactory()
    rows = [RelatednessRow(degree_field=field, relation=DegreeRelatedness.Relation.DIRECT)]

    def act(actor):
        relatedness_grid_save(subject=subject, rows=rows, actor=actor)

    return act, lambda: list(DegreeRelatedness.objects.filter(subject=subject).values_list("relation", flat=True))


def duo_import():
    def act(actor):
        try:
            import_duo_file(b"not a DUO file", actor=actor)
        except DuoImportRefused:
            return  # past the permission check: the file itself is refused

    return act, lambda: School.objects.count()


def partnership_members():
    partnership, school = TrainingSchoolPartnershipFactory(), SchoolFactory()

    def act(actor):
        partnership_set_members(partnership=partnership, schools=[school], actor=actor)

    return act, lambda: list(partnership.member_schools.values_list("pk", flat=True))


def notification():
    row = Notification.objects.create(
        recipient=UserFactory(),
        email="someone@example.org",
        language="nl",
        category="test",
        channel=Channel.EMAIL,
        subject="S",
        body_text="B",
        status=Status.FAILED,
    )

    def act(actor):
        notification_resend(notification=row, actor=actor)

    return act, lambda: Notification.objects.get(pk=row.pk).status


def api_token():
    token, _key = ApiToken.objects.create(user=UserFactory(), name="script")

    def act(actor):
        api_token_revoke(token=token, actor=actor)

    return act, lambda: ApiToken.objects.filter(pk=token.pk).exists()


def invitation():
    school = SchoolFactory()

    def act(actor):
        invitation_create(
            school=school, email="new@example.org", full_name="N", role=SchoolRole.WORKPLACE_MENTOR, actor=actor
        )

    def snapshot():
        with scopes_disabled():
            return SchoolInvitation.objects.count()

    return act, snapshot


def membership():
    school, user = SchoolFactory(), UserFactory()

    def act(actor):
        membership_create(user=user, school=school, role=SchoolRole.WORKPLACE_MENTOR, actor=actor)

    return act, lambda: SchoolMembership.objects.unscoped().filter(user=user).count()


CHECKS = {
    "relatedness grid": (["programmes.change_degreerelatedness"], relatedness_grid),
    "DUO import": (["partnerships.add_school", "partnerships.change_school"], duo_import),
    "partnership members": (["partnerships.change_school"], partnership_members),
    "notification resend": (["notifications.change_notification"], notification),
    "API token of another user": (["accounts.delete_apitoken"], api_token),
    "school invitation": (["partnerships.add_schoolinvitation"], invitation),
    "school membership": (["partnerships.add_schoolmembership"], membership),
}


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("check", CHECKS)
def test_every_service_asks_staff_may(check, kind, mailoutbox):
    perms, setup = CHECKS[check]
    actor = person(kind, perms)
    act, snapshot = setup()
    before = snapshot()
    if kind == ALLOWED:
        act(actor)
        assert snapshot() != before or check == "DUO import"  # the import refuses the file instead
        return
    with pytest.raises(NotAllowed):
        act(actor)
    assert snapshot() == before


@pytest.mark.parametrize("kind", PEOPLE)
def test_the_preview_of_an_unpublished_route_asks_staff_may(client, kind):
    pathway = PathwayFactory(is_published=False)
    assert not Pathway.objects.get(pk=pathway.pk).is_published
    client.force_login(person(kind, ["programmes.change_pathway"]))
    response = client.get(reverse("programmes:pathway-detail", args=[pathway.slug]))
    assert response.status_code == (200 if kind == ALLOWED else 404)


@pytest.mark.parametrize("kind", PEOPLE)
def test_the_api_write_permission_asks_staff_may(kind):
    actor = person(kind, ["partnerships.add_schoolmembership"])
    view = SimpleNamespace(queryset=SchoolMembership.objects.none())
    allowed = ScopedReadStaffWrite().has_permission(SimpleNamespace(method="POST", user=actor), view)
    assert allowed is (kind == ALLOWED)
