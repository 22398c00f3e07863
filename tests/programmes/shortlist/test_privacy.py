"""The shortlist in the registry of personal data: "Your data" gives the saved routes with their
notes, and erasure deletes them (and nobody else's)."""

import io
import json
import zipfile

import pytest

from iclon.core.privacy import erase_person, export_person, registry_problems
from programmes.shortlist.models import SavedRoute
from tests.factories import SavedRouteFactory

pytestmark = pytest.mark.django_db


def test_the_registry_covers_saved_routes():
    assert [problem for problem in registry_problems() if "SavedRoute" in problem] == []


def test_the_export_gives_the_persons_saved_routes(applicant, outsider):
    saved = SavedRouteFactory(user=applicant, note="Open day in March")
    SavedRouteFactory(user=outsider, note="Otto's note")
    archive = zipfile.ZipFile(io.BytesIO(export_person(applicant)))
    data = json.loads(archive.read("programmes/SavedRoute.json"))
    text = json.dumps(data)
    assert "Open day in March" in text
    assert "Otto" not in text
    assert str(saved.pathway) in text or str(saved.pathway_id) in text


def test_erasure_deletes_the_persons_saved_routes_only(applicant, outsider):
    SavedRouteFactory(user=applicant)
    theirs = SavedRouteFactory(user=outsider)
    erase_person(applicant)
    assert list(SavedRoute.objects.values_list("pk", flat=True)) == [theirs.pk]
