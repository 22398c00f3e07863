"""The fixed list of audiences an activity can be for (professionalisation.activities.models.Audience)."""

from django.db import migrations

CODES = ["teachers_po", "teachers_vo", "teachers_he", "school_educators", "team_leaders", "school_leaders"]


def add_audiences(apps, schema_editor):
    TargetAudience = apps.get_model("professionalisation", "TargetAudience")
    for code in CODES:
        TargetAudience.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("professionalisation", "0001_activities")]

    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
