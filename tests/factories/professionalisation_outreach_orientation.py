"""Factories of orientation on the teaching profession: an orientation activity (an activity of an
orientation kind for prospective teachers), its session, and an orientation material.

`OrientationSessionFactory()` is a session open for registration (deadline in three weeks) of a
published taster day for secondary education, with 10 places and one meeting a month from now;
pass `activity__subjects=[subject, …]` to tie the activity to subjects."""

import factory

from professionalisation.models import ActivityKind, Audience, OrientationMaterial
from programmes.catalogue.models import Sector
from tests.factories.professionalisation import ActivityFactory, SessionFactory, audience


class OrientationActivityFactory(ActivityFactory):
    kind = ActivityKind.TASTER_DAY
    title_nl = factory.Sequence(lambda n: f"Meeloopdag {n}")
    title_en = factory.Sequence(lambda n: f"Taster day {n}")
    description_nl = "Loop een dag mee met een docent."
    description_en = "Spend a day with a teacher."
    sector = Sector.VO
    study_load_hours = None

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else [Audience.PROSPECTIVE_TEACHERS]
            self.audiences.set([audience(code) for code in codes])

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)


class OrientationSessionFactory(SessionFactory):
    activity = factory.SubFactory(OrientationActivityFactory)


class OrientationMaterialFactory(factory.django.DjangoModelFactory):
    """A published link for every subject and sector; pass subjects=[…] to tie it to subjects."""

    class Meta:
        model = OrientationMaterial
        skip_postgeneration_save = True

    title_nl = factory.Sequence(lambda n: f"Klaar voor de stap {n}")
    title_en = factory.Sequence(lambda n: f"Ready for the step {n}")
    url = factory.Sequence(lambda n: f"https://www.klaarvoordestap.nl/materiaal-{n}")
    published = True

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)
