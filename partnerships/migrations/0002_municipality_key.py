"""The municipality table keeps each name's lookup key (partnerships/municipalities.py), so that
"Den Haag" finds DUO's "S GRAVENHAGE"; the rows already there get theirs."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from partnerships.municipalities import municipality_key

    MunicipalityRegion = apps.get_model("partnerships", "MunicipalityRegion")
    rows = list(MunicipalityRegion.objects.only("pk", "municipality_name"))
    for row in rows:
        row.municipality_key = municipality_key(row.municipality_name)
    MunicipalityRegion.objects.bulk_update(rows, ["municipality_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipalityregion",
            name="municipality_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
