"""The relatedness table's own admin pages (the changelist's editable relation and a row's change
page) save through the grid's service, so they refuse what the grid page refuses: "related" with
a deficiency course is a clear error, and nothing is saved."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from programmes.catalogue.models import DegreeField, DegreeRelatedness, SchoolSubject

pytestmark = pytest.mark.django_db

DIRECT, DEFICIENCY, NONE = (
    DegreeRelatedness.Relation.DIRECT,
    DegreeRelatedness.Relation.WITH_DEFICIENCY,
    DegreeRelatedness.Relation.NOT_RELATED,
)
COURSES_NEED_THEIR_RELATION = (
    "Deficiency courses apply only to “Related after deficiency courses”: choose that relation or clear the courses."
)
CHANGELIST = reverse("admin:programmes_degreerelatedness_changelist")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator_client(catalogue, programme_coordinator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(programme_coordinator)
    return client


def relation(field_slug, subject_slug="biologie"):
    return DegreeRelatedness.objects.get(degree_field__slug=field_slug, subject__slug=subject_slug)


def state(row):
    """What a refused save must leave as it was."""
    row = DegreeRelatedness.objects.get(pk=row.pk)
    return (
        row.relation,
        sorted(course.slug for course in row.deficiency_courses.all()),
        row.updated_at,
        row.history.count(),
    )


def changelist_post(client, changes: dict):
    """The changelist's "Save" with the relation of each row in `changes` ({row: relation})."""
    data = {
        "form-TOTAL_FORMS": str(len(changes)),
        "form-INITIAL_FORMS": str(len(changes)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (row, value) in enumerate(changes.items()):
        data[f"form-{i}-id"] = str(row.pk)
        data[f"form-{i}-relation"] = value
    subject = changes and next(iter(changes)).subject_id
    return client.post(f"{CHANGELIST}?subject__id__exact={subject}", data)


def row_errors(response) -> dict[int, list[str]]:
    formset = response.context["cl"].formset
    return {form.instance.pk: form.errors.get("relation", []) for form in formset.forms if form.errors}


# --- The changelist's editable relation ----------------------------------------------------------


def test_changelist_refuses_related_for_a_row_with_deficiency_courses_and_saves_nothing(coordinator_client):
    pharmacy = relation("farmacie")  # related after two Bèta4all courses
    before = state(pharmacy)

    response = changelist_post(coordinator_client, {pharmacy: DIRECT})

    assert response.status_code == 200
    assert row_errors(response) == {pharmacy.pk: [COURSES_NEED_THEIR_RELATION]}
    assert COURSES_NEED_THEIR_RELATION in response.content.decode()
    assert state(pharmacy) == before


def test_changelist_saves_nothing_when_one_of_its_rows_is_refused(coordinator_client):
    pharmacy, law = relation("farmacie"), relation("rechtsgeleerdheid")
    before = (state(pharmacy), state(law))

    response = changelist_post(coordinator_client, {law: DIRECT, pharmacy: DIRECT})

    assert response.status_code == 200
    assert row_errors(response) == {pharmacy.pk: [COURSES_NEED_THEIR_RELATION]}
    # Law was valid and its service wrote it while the page validated: rolled back with the rest.
    assert (state(pharmacy), state(law)) == before


def test_changelist_saves_an_allowed_relation_through_the_service(coordinator_client, programme_coordinator):
    law = relation("rechtsgeleerdheid")
    history = law.history.count()

    response = changelist_post(coordinator_client, {law: DIRECT})

    assert response.status_code == 302
    law.refresh_from_db()
    assert law.relation == DIRECT
    assert law.history.count() == history + 1
    latest = law.history.first()
    assert (latest.relation, latest.history_user) == (DIRECT, programme_coordinator)
    assert not LogEntry.objects.exists()


def test_changelist_leaves_unchanged_rows_alone(coordinator_client):
    pharmacy, law = relation("farmacie"), relation("rechtsgeleerdheid")
    before = state(pharmacy)

    response = changelist_post(coordinator_client, {pharmacy: DEFICIENCY, law: DIRECT})

    assert response.status_code == 302
    assert state(pharmacy) == before


# --- A row's change and add pages -----------------------------------------------------------------


def change_page(row):
    return reverse("admin:programmes_degreerelatedness_change", args=[row.pk])


def test_change_page_refuses_related_with_deficiency_courses_and_saves_nothing(coordinator_client):
    pharmacy = relation("farmacie")
    courses = [str(course.pk) for course in pharmacy.deficiency_courses.all()]
    before = state(pharmacy)

    response = coordinator_client.post(
        change_page(pharmacy), {"relation": DIRECT, "deficiency_courses": courses, "_save": "Save"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"deficiency_courses": [COURSES_NEED_THEIR_RELATION]}
    assert state(pharmacy) == before


def test_change_page_saves_through_the_service_with_one_history_row(coordinator_client, programme_coordinator):
    law = relation("rechtsgeleerdheid")
    course = SchoolSubject.objects.get(slug="biologie").deficiency_courses.order_by("pk").first()
    history = law.history.count()

    response = coordinator_client.post(
        change_page(law), {"relation": DEFICIENCY, "deficiency_courses": [str(course.pk)], "_save": "Save"}
    )

    assert response.status_code == 302
    law.refresh_from_db()
    assert (law.relation, list(law.deficiency_courses.all())) == (DEFICIENCY, [course])
    # The service saves relation and courses as one history row (a plain admin save writes two).
    assert law.history.count() == history + 1
    latest = law.history.first()
    assert (latest.relation, latest.history_user) == (DEFICIENCY, programme_coordinator)
    assert [c.deficiencycourse for c in latest.deficiency_courses.all()] == [course]
    assert not LogEntry.objects.exists()


def test_change_page_refuses_a_course_of_another_subject(coordinator_client):
    law = relation("rechtsgeleerdheid")
    other = SchoolSubject.objects.get(slug="wiskunde").deficiency_courses.first()
    before = state(law)

    response = coordinator_client.post(
        change_page(law), {"relation": DEFICIENCY, "deficiency_courses": [str(other.pk)], "_save": "Save"}
    )

    assert response.status_code == 200
    (message,) = response.context["adminform"].form.errors["deficiency_courses"]
    assert message.startswith("These courses belong to another subject:")
    assert state(law) == before


def test_add_page_refuses_a_pair_the_table_has(coordinator_client):
    pharmacy = relation("farmacie")
    count = DegreeRelatedness.objects.count()

    response = coordinator_client.post(
        reverse("admin:programmes_degreerelatedness_add"),
        {
            "degree_field": pharmacy.degree_field_id,
            "subject": pharmacy.subject_id,
            "relation": NONE,
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "degree_field": ["The table already has a row for this degree field and subject: change that row."]
    }
    assert DegreeRelatedness.objects.count() == count
    assert relation("farmacie").relation == DEFICIENCY


def test_add_page_creates_a_row_through_the_service(coordinator_client, programme_coordinator):
    field = DegreeField.objects.create(slug="nieuw-veld", name_nl="Nieuw veld", name_en="New field")
    subject = SchoolSubject.objects.get(slug="biologie")

    response = coordinator_client.post(
        reverse("admin:programmes_degreerelatedness_add"),
        {"degree_field": field.pk, "subject": subject.pk, "relation": DIRECT, "_save": "Save"},
    )

    assert response.status_code == 302
    row = DegreeRelatedness.objects.get(degree_field=field, subject=subject)
    assert row.relation == DIRECT
    (created,) = row.history.all()
    assert (created.history_type, created.history_user) == ("+", programme_coordinator)
