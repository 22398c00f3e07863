"""The demo seed of microcredentials: a description for each microcredential activity and a
credential for each valid completion that has none, idempotently."""

import io

import pytest
from django.core.management.color import no_style

from professionalisation.credentials.demo import seed_demo
from professionalisation.models import Microcredential, MicrocredentialSpec
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
