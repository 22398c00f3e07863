"""The admin of orientation: materials for the professionalisation coordinators (and administrators),
and orientation activities as activities of an orientation kind, tied to a sector."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from professionalisation.models import Activity, ActivityKind, OrientationMaterial
from programmes.catalogue.models import Sector
from tests.factories import OrientationActivityFactory, OrientationMaterialFactory, SchoolSubjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:professionalisation_orientationmaterial_changelist")
ADD = reverse("admin:professionalisation_orientationmaterial_add")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("professionalisation_coordinator", 200),
        ("administrator", 200),
        ("intake_officer", 403),
        ("programme_coordinator", 403),
        ("placement_coordinator", 403),
        ("researcher", 403),
    ],
)
def test_who_may_keep_the_materials(client, persona, role, status):
    OrientationMaterialFactory(title_nl="Klaar voor de stap")
    client.force_login(persona(role))
    response = client.get(CHANGELIST)
    assert response.status_code == status
    assert ("Klaar voor de stap" in response.content.decode()) is (status == 200)


@pytest.mark.parametrize("role", ["outsider", "school_a_contact"])
def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, persona, role):
    client.force_login(persona(role))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_coordinator_adds_a_material_for_a_subject(client, professionalisation_coordinator):
    biology = SchoolSubjectFactory(slug="biologie")
    client.force_login(professionalisation_coordinator)
    response = client.post(
        ADD,
        {
            "title_nl": "Klaar voor de stap: biologie",
            "title_en": "Ready for the step: biology",
            "url": "https://www.klaarvoordestap.nl/biologie",
            "subjects": [biology.pk],
            "sector": Sector.VO,
            "order": 1,
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    material = OrientationMaterial.objects.get()
    assert list(material.subjects.all()) == [biology]
    assert material.published


def test_the_changelist_runs_as_many_queries_for_one_material_as_for_fifty(
    client, professionalisation_coordinator, django_assert_max_num_queries
):
    client.force_login(professionalisation_coordinator)
    OrientationMaterialFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    OrientationMaterialFactory.create_batch(49)
    with django_assert_max_num_queries(len(one)):
        assert client.get(CHANGELIST).status_code == 200


def test_the_activity_admin_filters_on_the_sector_and_offers_the_orientation_kinds(client, administrator):
    OrientationActivityFactory(title_nl="Meeloopdag PO", sector=Sector.PO)
    OrientationActivityFactory(title_nl="Meeloopdag VO", sector=Sector.VO)
    client.force_login(administrator)
    html = client.get(reverse("admin:professionalisation_activity_changelist"), {"sector": "po"}).content.decode()
    assert "Meeloopdag PO" in html
    assert "Meeloopdag VO" not in html
    add = client.get(reverse("admin:professionalisation_activity_add")).content.decode()
    assert f'value="{ActivityKind.DAY_AS_TEACHER}"' in add
    assert 'name="sector"' in add
    assert Activity.objects.count() == 2
