"""Load the twelve teaching-learning principles (reference data, see research/principles.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from research.knowledge.principles import PRINCIPLES

    Principle = apps.get_model("research", "TeachingLearningPrinciple")
    for order, (slug, name_nl, name_en, statement_nl, statement_en) in enumerate(PRINCIPLES, start=1):
        Principle.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "statement_nl": statement_nl,
                "statement_en": statement_en,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
