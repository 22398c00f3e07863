"""The demo seed of microcredentials: a description for each microcredential activity (from its
facts in the seed data where it has them) and a credential for each valid completion that has
none, idempotently."""

import io

import pytest
from django.core.management.color import no_style

from professionalisation.activities import seed_data as facts
from professionalisation.credentials.demo import OUTCOMES_EN, seed_demo
from professionalisation.models import AssessmentType, Microcredential, MicrocredentialSpec
from tests.factories.professionalisation_credentials import CompletionFactory, MicrocredentialActivityFactory

pytestmark = pytest.mark.django_db


def test_the_seed_describes_the_activities_and_issues_what_is_missing():
    activity = MicrocredentialActivityFactory()
    completion = CompletionFactory(registration__session__activity=activity, spec=False)
    withdrawn = CompletionFactory(withdrawn_at="2027-01-01T00:00:00Z")
    out = io.StringIO()

    seed_demo(out, no_style())
    seed_demo(out, no_style())

    assert MicrocredentialSpec.objects.filter(activity=activity).get().eqf_level == 6
    assert Microcredential.objects.get().completion == completion
    assert not Microcredential.objects.filter(completion=withdrawn).exists()
    assert out.getvalue().splitlines()[-1].endswith("0 descriptions made; 0 issued now, 1 in all")


def test_an_activity_described_in_the_seed_data_gets_its_own_outcomes_and_level():
    described = next(spec for spec in facts.ACTIVITIES if spec.get("microcredential"))
    activity = MicrocredentialActivityFactory(slug=described["slug"], assignment_required=True)
    general = MicrocredentialActivityFactory()

    seed_demo(io.StringIO(), no_style())

    spec = MicrocredentialSpec.objects.get(activity=activity)
    assert spec.learning_outcomes_nl.splitlines() == described["microcredential"]["outcomes_nl"]
    assert spec.learning_outcomes_en.splitlines() == described["microcredential"]["outcomes_en"]
    assert (spec.eqf_level, spec.assessment_type) == (6, AssessmentType.ASSIGNMENT)
    assert MicrocredentialSpec.objects.get(activity=general).learning_outcomes_en.splitlines() == OUTCOMES_EN
