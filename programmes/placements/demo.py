"""Placements in the demo, made through the services: the coming semester, offers at the demo
school contact's school and at other schools of its partnership, one match awaiting the school's
confirmation, one confirmed placement with the demo mentor, and admitted trainees still to place.
Idempotent: a second run changes nothing."""

from django_scopes import scopes_disabled

from iclon.accounts.models import User
from partnerships.models import SchoolMembership, SchoolRole
from programmes.catalogue.models import SchoolSubject
from programmes.intake.models import Application
from programmes.placements import matching
from programmes.placements import services as placements
from programmes.placements.models import TAKING_PLACE, Placement, PlacementOffer
from programmes.placements.scale import coming_period

COORDINATOR = "stages@example.org"
SCHOOL_CONTACT = "schoolcontact@example.org"
MENTOR = "mentor@example.org"

# (subject, places, days) offered by the demo contact's own school.
OWN_OFFERS = [("biologie", 2, ["mon", "tue", "wed"]), ("engels", 1, ["tue", "wed", "thu"]), ("geschiedenis", 2, [])]
# Subjects offered by other schools of the partnership.
OTHER_OFFERS = ["biologie", "wiskunde", "nederlands", "geschiedenis", "filosofie", "natuurkunde"]
# (demo applicant's e-mail, what happens): aanmelder15 (biology, admitted) is proposed to the
# demo school and awaits its confirmation; aanmelder24 (English, enrolled) is placed there with the
# demo mentor. The other admitted demo applicants stay on the matching page.
MATCHES = [("aanmelder15@example.org", "proposed"), ("aanmelder24@example.org", "confirmed")]


def seed_demo(stdout, style) -> None:
    with scopes_disabled():
        coordinator = User.objects.filter(email=COORDINATOR).first()
        contact_membership = (
            SchoolMembership.objects.filter(user__email=SCHOOL_CONTACT, role=SchoolRole.SCHOOL_CONTACT)
            .select_related("school", "school__partnership")
            .first()
        )
        mentor = User.objects.filter(email=MENTOR).first()
        if coordinator is None or contact_membership is None:
            stdout.write("  Placements demo skipped: the demo accounts are not there.")
            return
        school, contact = contact_membership.school, contact_membership.user
        period = coming_period()
        subjects = {subject.slug: subject for subject in SchoolSubject.objects.all()}

        made = 0
        for slug, places, days in OWN_OFFERS:
            if not PlacementOffer.objects.filter(school=school, period=period, subject=subjects[slug]).exists():
                placements.offer_create(
                    school=school,
                    period=period,
                    subject=subjects[slug],
                    places=places,
                    days_available=days,
                    mentors=[mentor] if mentor and slug in ("biologie", "engels") else [],
                    actor=contact,
                )
                made += 1
        others = []
        if school.partnership_id:
            others = list(school.partnership.member_schools.exclude(pk=school.pk).order_by("name")[: len(OTHER_OFFERS)])
        for other, slug in zip(others, OTHER_OFFERS, strict=False):
            if not PlacementOffer.objects.filter(school=other, period=period, subject=subjects[slug]).exists():
                PlacementOffer.objects.create(
                    school=other, period=period, subject=subjects[slug], places=2, days_available=["tue", "wed"]
                )
                made += 1

        for email, outcome in MATCHES:
            trainee = Application.objects.filter(applicant__email=email).select_related("subject").first()
            if trainee is None or Placement.objects.filter(trainee=trainee, period=period).exists():
                continue
            offer = PlacementOffer.objects.filter(school=school, period=period, subject=trainee.subject_id).first()
            if offer is None or placements.places_taken(offer) >= offer.places:
                continue
            placement = placements.placement_propose(
                offer=offer,
                trainee=trainee,
                actor=coordinator,
                reasons=matching.reasons_for(trainee, offer),
            )
            if outcome == "confirmed":
                placements.placement_confirm(placement=placement, actor=contact, workplace_mentor=mentor)
            made += 1
        taken = Placement.objects.filter(period=period, status__in=TAKING_PLACE).count()
    stdout.write(f"  Placements: {made} made now; {taken} placements in {period.name}.")
