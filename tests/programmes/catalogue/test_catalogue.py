"""The catalogue models, the demo catalogue and its admin."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from programmes.catalogue.demo import next_start_moments
from programmes.models import DegreeRelatedness, Module, Pathway, SchoolSubject, StartMoment
from tests.programmes.demo_data import seed_demo
from tests.utils import nothing_written

pytestmark = pytest.mark.django_db


def counts():
    return (
        SchoolSubject.objects.count(),
        Pathway.objects.count(),
        DegreeRelatedness.objects.count(),
        DegreeRelatedness.deficiency_courses.through.objects.count(),
        Module.objects.count(),
        StartMoment.objects.count(),
    )


def test_the_demo_catalogue_is_real_and_seeding_twice_changes_nothing(catalogue):
    first = counts()
    seed_demo(io.StringIO(), None)
    assert counts() == first
    subjects, pathways, relatedness, _links, _modules, _starts = first
    assert subjects == 19
    assert pathways == 11
    assert relatedness == 19 * 39  # every degree field for every subject
    master = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    assert (master.ec, master.mode, master.qualification.kind) == (60, "full_time", "first_degree")
    assert sum(module.ec for module in master.modules.all()) == 60
    assert master.plus_programmes.get().slug == "world-teachers-programme"
    assert set(Pathway.objects.get(slug="tweejarige-educatieve-master").subjects.values_list("slug", flat=True)) == {
        "nederlands",
        "engels",
        "frans",
        "duits",
        "godsdienst",
    }


def test_next_start_moments_put_the_deadline_before_the_start():
    today = datetime.date(2026, 11, 22)
    assert next_start_moments(9, 6, 1, today) == [
        (datetime.date(2027, 9, 1), datetime.date(2027, 6, 1)),
        (datetime.date(2028, 9, 1), datetime.date(2028, 6, 1)),
    ]
    # A February start with a November deadline: the deadline lies in the year before.
    assert next_start_moments(2, 11, 1, today)[0] == (datetime.date(2027, 2, 1), datetime.date(2026, 11, 1))


def test_a_deadline_after_the_start_is_refused(catalogue):
    moment = StartMoment(
        pathway=Pathway.objects.first(),
        starts_on=datetime.date(2030, 9, 1),
        application_deadline=datetime.date(2030, 9, 2),
    )
    with pytest.raises(ValidationError):
        moment.full_clean()


def test_content_follows_the_active_language(catalogue):
    subject = SchoolSubject.objects.get(slug="natuurkunde")
    with translation.override("nl"):
        assert subject.name == str(subject) == "Natuurkunde"
    with translation.override("en"):
        assert subject.name == "Physics"
    subject.name_en = ""
    with translation.override("en"):
        assert subject.name == "Natuurkunde"  # falls back to Dutch


@pytest.mark.parametrize(
    "model",
    [
        "schoolsubject",
        "qualification",
        "programme",
        "pathway",
        "degreefield",
        "deficiencycourse",
        "degreerelatedness",
    ],
)
def test_programme_changelists_render_for_programme_coordinators(catalogue, client, programme_coordinator, model):
    client.force_login(programme_coordinator)
    response = client.get(reverse(f"admin:programmes_{model}_changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == changelist.model._default_manager.count() > 0


def test_pathway_change_page_has_rules_start_moments_and_modules(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    pathway = Pathway.objects.get(slug="master-leraar-vho-voltijd")
    response = client.get(reverse("admin:programmes_pathway_change", args=[pathway.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "prior_education_rules-TOTAL_FORMS" in content
    assert "start_moments-TOTAL_FORMS" in content
    assert "modules-TOTAL_FORMS" in content


def test_unpublish_action_records_history(catalogue, client, programme_coordinator):
    client.force_login(programme_coordinator)
    pathway = Pathway.objects.get(slug="empo")
    response = client.post(
        reverse("admin:programmes_pathway_changelist"),
        {"action": "unpublish", "_selected_action": [pathway.pk]},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert not pathway.is_published
    assert pathway.history.first().history_user == programme_coordinator


def test_intake_officers_may_view_but_not_change_the_catalogue(catalogue, client, intake_officer):
    client.force_login(intake_officer)
    pathway = Pathway.objects.get(slug="empo")
    changelist = client.get(reverse("admin:programmes_pathway_changelist"))
    assert changelist.status_code == 200
    assert pathway in changelist.context["cl"].result_list
    with nothing_written(Pathway):
        response = client.post(reverse("admin:programmes_pathway_change", args=[pathway.pk]), {"name_nl": "x"})
    assert response.status_code == 403


def test_pathway_changelist_runs_a_fixed_number_of_queries(
    catalogue, client, programme_coordinator, django_assert_max_num_queries
):
    client.force_login(programme_coordinator)
    url = reverse("admin:programmes_pathway_changelist")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    template = Pathway.objects.get(slug="empo")
    for i in range(50):
        template.pk, template.slug = None, f"extra-{i}"
        template.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
