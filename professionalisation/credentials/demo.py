"""Demo data of microcredentials: a MicrocredentialSpec (the EU elements) for each activity whose
completion gives a microcredential, and a credential for each valid completion of such an
activity that has none yet (the completion slice seeds completions before this slice runs; its
events issue credentials too, so this only fills what is missing). Idempotent: specs are made
once, and issuing returns a completion's live credential."""

from __future__ import annotations

from django.db import transaction
from django_scopes import scopes_disabled

from iclon.core.errors import PortalError
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


def seed_demo(stdout, style) -> None:
    # Demo data for every school: no viewer's scope applies to seeding.
    with scopes_disabled(), transaction.atomic():
        made = 0
        for activity in Activity.objects.filter(award=CompletionAward.MICROCREDENTIAL, microcredential_spec=None):
            MicrocredentialSpec.objects.create(
                activity=activity,
                learning_outcomes_nl="\n".join(OUTCOMES_NL),
                learning_outcomes_en="\n".join(OUTCOMES_EN),
                eqf_level=6,
                assessment_type=AssessmentType.ASSIGNMENT if activity.assignment_required else AssessmentType.PORTFOLIO,
            )
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
