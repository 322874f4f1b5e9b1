"""A panel decision carries a version, so that a decision or withdrawal made from an old page is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0007_audit_trail")]

    operations = [
        # Decisions already recorded start at version 1: a page showing one was loaded after it was made.
        migrations.AddField(model_name="paneldecision", name="version", field=models.IntegerField(default=1)),
        migrations.AlterField(model_name="paneldecision", name="version", field=models.IntegerField(default=0)),
    ]
