# Surveys, their invitation codes and their anonymous responses (docs/decisions/0013-surveys.md).

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("inspections", "0012_improvement_plan_status_public"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Survey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("instrument_id", models.CharField(max_length=80)),
                ("closes_on", models.DateField()),
                ("small_number", models.PositiveSmallIntegerField(default=5)),
                ("opened_at", models.DateTimeField(auto_now_add=True)),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="surveys", to="inspections.inspection"
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["opened_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Response",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("answers", models.JSONField(default=dict)),
                ("language", models.CharField(default="en", max_length=2)),
                (
                    "source",
                    models.CharField(choices=[("online", "Online"), ("paper", "Paper, keyed in by the team")], max_length=10),
                ),
                ("submitted_on", models.DateField()),
                (
                    "survey",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="responses", to="surveys.survey"),
                ),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("code", models.CharField(max_length=20, unique=True)),
                (
                    "state",
                    models.CharField(
                        choices=[("not_started", "Not started"), ("in_progress", "Started"), ("submitted", "Submitted")],
                        default="not_started",
                        max_length=20,
                    ),
                ),
                ("answers", models.JSONField(default=dict)),
                ("passed", models.JSONField(default=list)),
                ("language", models.CharField(default="en", max_length=2)),
                ("version", models.PositiveIntegerField(default=0)),
                ("window_started", models.DateTimeField(blank=True, null=True)),
                ("window_posts", models.PositiveIntegerField(default=0)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="surveys.survey"
                    ),
                ),
            ],
            options={
                "ordering": ["survey", "number"],
                "constraints": [models.UniqueConstraint(fields=("survey", "number"), name="one_number_per_survey_invitation")],
            },
        ),
    ]
