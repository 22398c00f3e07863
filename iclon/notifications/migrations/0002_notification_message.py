"""The in-app text is rendered when read (message + params); links are paths on this site.

Rows written before keep no message (the portal shows their subject); their links lose the scheme,
host and port they were written with."""

from django.db import migrations, models
from django.db.models import Q


def relative_links(apps, schema_editor):
    from iclon.notifications.messages import relative_link

    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.filter(Q(url__startswith="http:") | Q(url__startswith="https:")).only("pk", "url")
    for row in rows.iterator(chunk_size=1000):
        Notification.objects.filter(pk=row.pk).update(url=relative_link(row.url))


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.CharField(blank=True, max_length=300, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="message parameters"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="url",
            field=models.CharField(
                blank=True, help_text="A path on this site, without host.", max_length=500, verbose_name="link"
            ),
        ),
        migrations.RunPython(relative_links, migrations.RunPython.noop),
    ]
