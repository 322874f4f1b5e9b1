"""The audit trail: history outlives the cases it names, real names leave the history, each published
file carries its own SHA-256, and imports and exports outside an inspection are recorded."""

import hashlib
import re
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REAL_NAMES_CHANGED = "real names changed"
REAL_NAME = "[a name recorded as real]"


def _history_outlives_cases(apps: Any, schema_editor: Any) -> None:
    history = apps.get_model("inspections", "HistoryEntry")
    for entry in history.objects.exclude(case=None).select_related("case").iterator():
        entry.case_ref = entry.case.case_ref
        entry.save(update_fields=["case_ref"])
    # Real names are kept only to stop them being published: the history says they changed, not what they were.
    history.objects.filter(what__endswith=": real names").update(old="", new=REAL_NAMES_CHANGED)
    # Nor does it keep one quoted elsewhere (an evidence note, the narrative), as history_record now ensures.
    cases = apps.get_model("inspections", "SampledCase")
    recorded: dict[int, set[str]] = {}
    for inspection_id, value in cases.objects.exclude(real_names="").values_list("inspection_id", "real_names"):
        recorded.setdefault(inspection_id, set()).update(n.strip() for n in value.split(",") if n.strip())
    for inspection_id, names in recorded.items():
        patterns = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.I) for n in sorted(names, key=len, reverse=True)]
        for entry in history.objects.filter(inspection_id=inspection_id).iterator():
            old, new = entry.old, entry.new
            for pattern in patterns:
                old, new = pattern.sub(REAL_NAME, old), pattern.sub(REAL_NAME, new)
            if (old, new) != (entry.old, entry.new):
                entry.old, entry.new = old, new
                entry.save(update_fields=["old", "new"])


def _file_digests(apps: Any, schema_editor: Any) -> None:
    versions = apps.get_model("inspections", "ReportVersion")
    for version in versions.objects.iterator():
        html = version.html.encode()
        pdf = bytes(version.pdf) if version.pdf else b""
        docx = bytes(version.docx) if version.docx else b""
        if hashlib.sha256(html + pdf + docx).hexdigest() != version.sha256:
            continue  # already not what was frozen: left without digests, so it is refused when served
        version.html_sha256 = hashlib.sha256(html).hexdigest()
        version.pdf_sha256 = hashlib.sha256(pdf).hexdigest() if pdf else ""
        version.docx_sha256 = hashlib.sha256(docx).hexdigest() if docx else ""
        version.save(update_fields=["html_sha256", "pdf_sha256", "docx_sha256"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_earlier_programmes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historyentry",
            name="case_ref",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AlterField(
            model_name="historyentry",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="history",
                to="inspections.sampledcase",
            ),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="html_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="pdf_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="docx_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("what", models.CharField(max_length=120)),
                ("detail", models.TextField(blank=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-at", "-id"]},
        ),
        migrations.RunPython(_history_outlives_cases, migrations.RunPython.noop),
        migrations.RunPython(_file_digests, migrations.RunPython.noop),
    ]
