"""The trainee's introduction for the school (PlacementWish.introduction); the reasons of a match
are kept as codes with their values, worded when read (programmes/placements/reasons.py).

Reasons stored before as words (in the language of the coordinator who matched) are read back into
codes where they follow one of matching's sentences, in English or Dutch; any other text stays as
it was and is shown as written."""

import re

from django.db import migrations, models

# Matching's sentences (English msgid, Dutch translation) → code. %(name)s is a value.
SENTENCES = {
    "subject": ("Teaches %(subject)s, the trainee's subject", "Geeft %(subject)s, het schoolvak van de student"),
    "primary": ("Primary education, the trainee's route", "Primair onderwijs, het traject van de student"),
    "wish_partnership": (
        "In %(partnership)s, the partnership the trainee wishes for",
        "In %(partnership)s, de opleidingsschool die de student wenst",
    ),
    "wish_municipality": (
        "In %(municipality)s, the municipality the trainee wishes for",
        "In %(municipality)s, de gemeente die de student wenst",
    ),
    "wish_region": (
        "In %(region)s, the education region the trainee wishes for",
        "In %(region)s, de onderwijsregio die de student wenst",
    ),
    "all_days": (
        "Open on every day the trainee can be at school (%(days)s)",
        "Open op alle dagen waarop de student op school kan zijn (%(days)s)",
    ),
    "some_days": (
        "Open on %(count)s of the trainee's %(total)s days (%(days)s)",
        "Open op %(count)s van de %(total)s dagen van de student (%(days)s)",
    ),
    "home_town": ("In %(town)s, where the trainee lives", "In %(town)s, waar de student woont"),
    "home_region": (
        "In %(region)s, the trainee's own education region",
        "In %(region)s, de eigen onderwijsregio van de student",
    ),
    "paid_job": (
        "A paid job can count as the placement, and the trainee works as a teacher",
        "Een betaalde baan kan als stage gelden, en de student werkt als leraar",
    ),
}
DAYS = {
    "monday": "mon", "maandag": "mon", "tuesday": "tue", "dinsdag": "tue", "wednesday": "wed",
    "woensdag": "wed", "thursday": "thu", "donderdag": "thu", "friday": "fri", "vrijdag": "fri",
}  # fmt: skip


def _pattern(sentence: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", sentence)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$")


PATTERNS = [(code, _pattern(sentence)) for code, sentences in SENTENCES.items() for sentence in sentences]


def parse(text: str, subjects: dict[str, dict[str, str]]):
    """The code and values of one worded reason, or None."""
    for code, pattern in PATTERNS:
        match = pattern.match(text.strip())
        if match is None:
            continue
        params = match.groupdict()
        if "days" in params:
            days = [DAYS.get(name.strip().lower()) for name in params["days"].split(",")]
            if None in days:
                return None
            params["days"] = days
        for number in ("count", "total"):
            if number in params:
                if not params[number].isdigit():
                    return None
                params[number] = int(params[number])
        if "subject" in params:
            name = params["subject"]
            params["subject"] = subjects.get(name.lower(), {"nl": name, "en": name})
        return {"code": code, "params": params}
    return None


def reasons_to_codes(apps, schema_editor):
    Placement = apps.get_model("programmes", "Placement")
    SchoolSubject = apps.get_model("programmes", "SchoolSubject")
    subjects = {}
    for subject in SchoolSubject.objects.all():
        names = {"nl": subject.name_nl, "en": subject.name_en}
        subjects[subject.name_nl.lower()] = subjects[subject.name_en.lower()] = names
    rows = Placement._base_manager.exclude(match_reasons=[]).only("pk", "match_reasons")  # unscoped
    for placement in rows.iterator(chunk_size=500):
        reasons = placement.match_reasons or []
        if not any(isinstance(reason, str) for reason in reasons):
            continue
        stored = [parse(reason, subjects) or reason if isinstance(reason, str) else reason for reason in reasons]
        if stored != reasons:
            Placement._base_manager.filter(pk=placement.pk).update(match_reasons=stored)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0008_pathway_fees_contact_steps"),
    ]

    operations = [
        migrations.AddField(
            model_name="placementwish",
            name="introduction",
            field=models.TextField(
                blank=True,
                help_text="A few sentences the school reads when it is asked to take you.",
                max_length=1000,
                verbose_name="introduction for the school",
            ),
        ),
        migrations.RunPython(reasons_to_codes, migrations.RunPython.noop),
    ]
