"""Demo data of microcredentials: a MicrocredentialSpec (the EU elements) for each activity whose
completion gives a microcredential, and a credential for each valid completion of such an
activity that has none yet (the completion slice seeds completions before this slice runs, among
them the demo teacher's finished session of "AI in het onderwijs"; its events issue credentials
too, after the seed commits, so this issues what is missing through the service).

A spec is made from the activity's `microcredential` facts in professionalisation/activities/
seed_data/ (learning outcomes, EQF level, type of assessment) where it has them, else from general
outcomes. Idempotent: specs are made once, and issuing returns a completion's live credential."""

from __future__ import annotations

from django.db import transaction
from django_scopes import scopes_disabled

from iclon.core.errors import PortalError
from professionalisation.activities import seed_data as facts
from professionalisation.activities.models import Activity, CompletionAward
from professionalisation.completion.models import Completion
from professionalisation.credentials import services
from professionalisation.credentials.models import AssessmentType, Microcredential, MicrocredentialSpec

OUTCOMES_NL = [
    "De deelnemer past de besproken inzichten toe in de eigen lespraktijk.",
    "De deelnemer onderbouwt didactische keuzes met literatuur en onderzoek.",
    "De deelnemer reflecteert met collega's op de eigen ontwikkeling en stelt vervolgdoelen.",
]
OUTCOMES_EN = [
    "The participant applies the insights discussed in their own teaching practice.",
    "The participant underpins didactic choices with literature and research.",
    "The participant reflects with colleagues on their own development and sets further goals.",
]
EQF_LEVEL = 6


def spec_values(activity: Activity) -> dict:
    """The fields of `activity`'s MicrocredentialSpec: its facts where seed_data gives them."""
    described = next((spec.get("microcredential") for spec in facts.ACTIVITIES if spec["slug"] == activity.slug), None)
    if isinstance(described, dict):
        return {
            "learning_outcomes_nl": "\n".join(described["outcomes_nl"]),
            "learning_outcomes_en": "\n".join(described["outcomes_en"]),
            "eqf_level": described["eqf_level"],
            "assessment_type": AssessmentType(described["assessment"]).value,
        }
    return {
        "learning_outcomes_nl": "\n".join(OUTCOMES_NL),
        "learning_outcomes_en": "\n".join(OUTCOMES_EN),
        "eqf_level": EQF_LEVEL,
        "assessment_type": AssessmentType.ASSIGNMENT if activity.assignment_required else AssessmentType.PORTFOLIO,
    }


def seed_demo(stdout, style) -> None:
    # Demo data for every school: no viewer's scope applies to seeding.
    with scopes_disabled(), transaction.atomic():
        made = 0
        for activity in Activity.objects.filter(award=CompletionAward.MICROCREDENTIAL, microcredential_spec=None):
            MicrocredentialSpec.objects.create(activity=activity, **spec_values(activity))
            made += 1
        issued = 0
        live = Microcredential.objects.filter(revoked_at__isnull=True).values("completion")
        waiting = Completion.objects.filter(
            withdrawn_at__isnull=True, registration__session__activity__award=CompletionAward.MICROCREDENTIAL
        ).exclude(pk__in=live)
        for completion in waiting:
            try:
                services.microcredential_issue(completion=completion, actor=None)
            except PortalError as error:
                stdout.write(f"  Microcredential for completion {completion.pk} not issued: {error.message}")
            else:
                issued += 1
        total = Microcredential.objects.count()
    stdout.write(f"  Microcredentials: {made} descriptions made; {issued} issued now, {total} in all")
