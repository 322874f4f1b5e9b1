"""The audit trail is complete and cannot be lost: history outlives a redrawn sample, every export and import
is recorded with who and when, the narrative's old and new text is kept, errors and sign-in events are
logged as JSON lines, and a stored report file that was changed is refused, not served."""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import logging
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import seed_text
from tests.web.world import FIELDWORK, PASSWORD, World
from yjinspect.synthetic import synthetic_caseload
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import AuditEvent, HistoryEntry, Inspection, ReportVersion, Role
from yjinspect.web.inspections.services import assessment, report, sample, setup
from yjinspect.web.structured_log import JsonLinesFormatter

pytestmark = pytest.mark.django_db


def _lines(caplog: pytest.LogCaptureFixture, logger: str) -> list[dict[str, Any]]:
    """The captured records of one logger, as the JSON lines the operator's log holds."""
    formatter = JsonLinesFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


# --- history outlives a redrawn sample --------------------------------------------------------------


def test_a_redraw_keeps_the_history_of_the_cases_it_removes(world: World) -> None:
    lead = world.users["lead"]
    inspection = setup.inspection_create(by=world.users["admin"], service=world.northmoor, framework_id="hmip-youth-2018",
                                         announced_on=date(2026, 1, 12), fieldwork_start=FIELDWORK)  # fmt: skip
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=lead, role=Role.LEAD)
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["inspector"], role=Role.INSPECTOR)
    content = synthetic_caseload(80, fieldwork_start=FIELDWORK, seed=5).encode()
    sample.caseload_upload(by=world.users["contact"], inspection=inspection, filename="caseload.csv", content=content)
    sample.sample_draw(by=lead, inspection=inspection, seed=1)
    case = inspection.cases.filter(sample_state="sampled").first()
    assert case is not None
    assessment.case_allocate(by=lead, case=case, assessor=world.users["inspector"])
    case.refresh_from_db()
    assessment.case_facts_save(by=world.users["inspector"], case=case, expected_version=0, changes={"harm_factors": True})
    kept = set(HistoryEntry.objects.filter(case=case).values_list("pk", flat=True))
    assert len(kept) == 2

    sample.sample_draw(by=lead, inspection=inspection, seed=2)

    entries = HistoryEntry.objects.filter(pk__in=kept)
    assert entries.count() == 2, "redrawing the sample deleted the cases' history"
    assert {(e.case_id, e.case_ref) for e in entries} == {(None, case.case_ref)}
    removed = HistoryEntry.objects.get(inspection=inspection, what="sample redrawn: cases removed")
    assert (removed.old, removed.user) == (case.case_ref, lead)


# --- every export and import is recorded ------------------------------------------------------------


def test_exporting_an_inspection_is_recorded_in_its_history(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    response = client.get(reverse("export_bundle", args=[world.inspection.pk]))
    assert response.status_code == 200
    entry = HistoryEntry.objects.filter(inspection=world.inspection).first()
    assert entry is not None
    assert (entry.what, entry.user, entry.new) == (
        "inspection exported",
        world.users["lead"],
        f"inspection-{world.inspection.pk}.json",
    )


def test_importing_an_inspection_is_recorded_in_its_history(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    exported = client.get(reverse("export_bundle", args=[world.inspection.pk])).content
    response = client.post(reverse("import_bundle"), {"bundle": SimpleUploadedFile("copy.json", exported)})
    assert response.status_code == 302
    imported = Inspection.objects.order_by("-pk").first()
    assert imported is not None
    assert imported.pk != world.inspection.pk
    entry = HistoryEntry.objects.get(inspection=imported, what="imported from copy.json")
    assert entry.user == world.users["admin"]


def test_importing_published_results_is_recorded(world: World, client: Client, caplog: pytest.LogCaptureFixture) -> None:
    client.force_login(world.users["admin"])
    caplog.set_level(logging.INFO, logger="yjinspect.audit")
    report_file = SimpleUploadedFile("seed-000.txt", seed_text("000").encode())
    assert "Imported" in client.post(reverse("import_report"), {"report": report_file}, follow=True).content.decode()
    ratings = b"service,date,programme,overall_rating,score\nWestdale,2021-02,,Good,20\n"
    csv_file = SimpleUploadedFile("ratings.csv", ratings)
    assert (
        "Imported 1 published result(s)."
        in client.post(reverse("import_ratings"), {"ratings": csv_file}, follow=True).content.decode()
    )
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.what, e.user) for e in events] == [
        ("published report imported", world.users["admin"]),
        ("published ratings imported", world.users["admin"]),
    ]
    assert events[0].detail.startswith("seed-000.txt: ")
    assert events[1].detail == "ratings.csv: 1 result(s)"
    assert [(line["event"], line["username"]) for line in _lines(caplog, "yjinspect.audit")] == [("audit", "admin")] * 2


def test_a_refused_import_records_nothing(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    bad = SimpleUploadedFile("ratings.csv", b"service,date,programme,overall_rating,score\nWestdale,2021-02,,Good,12\n")
    assert "nothing has changed" in client.post(reverse("import_ratings"), {"ratings": bad}, follow=True).content.decode()
    assert not AuditEvent.objects.exists()


def test_the_results_csv_is_recorded_for_staff_and_logged_for_anyone(
    world: World, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="yjinspect.audit")
    assert Client().get(reverse("results_csv")).status_code == 200
    assert not AuditEvent.objects.exists(), "a visitor's download of public data is logged only"
    client.force_login(world.users["admin"])
    assert client.get(reverse("results_csv")).status_code == 200
    event = AuditEvent.objects.get()
    assert (event.what, event.user) == ("published results exported (CSV)", world.users["admin"])
    assert [line["username"] for line in _lines(caplog, "yjinspect.audit")] == ["anonymous", "admin"]


# --- the narrative's old and new text ----------------------------------------------------------------


def test_the_narrative_history_keeps_each_changed_boxs_old_and_new_text(world: World) -> None:
    lead = world.users["lead"]
    report.narrative_save(by=lead, inspection=world.inspection, expected_version=0,
                          narrative={"foreword": "First words.", "recommendations": [{"to": "The board", "text": "Act."}]})  # fmt: skip
    report.narrative_save(by=lead, inspection=world.inspection, expected_version=1,
                          narrative={"foreword": "Better words.", "recommendations": [{"to": "The board", "text": "Act."}]})  # fmt: skip
    entries = HistoryEntry.objects.filter(inspection=world.inspection, what__startswith="report narrative").order_by("pk")
    assert [(e.what, e.old, e.new) for e in entries] == [
        ("report narrative: Foreword", "", "First words."),
        ("report narrative: Recommendations", "", "The board\nAct."),
        ("report narrative: Foreword", "First words.", "Better words."),
    ]


# --- logging -----------------------------------------------------------------------------------------


def test_logging_is_configured_as_json_lines_on_stderr() -> None:
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLinesFormatter)]
    assert handlers, "settings.LOGGING sends nothing through the JSON formatter"
    assert all(getattr(h, "stream", None) is not None for h in handlers)


def test_a_server_error_leaves_a_trace(world: World, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(inspection: Inspection, page: int = 1) -> dict[str, Any]:
        raise RuntimeError("the history page broke")

    monkeypatch.setattr("yjinspect.web.inspections.pages.history_page", broken)
    # What the configured handler writes to stderr, caught on its way out.
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLinesFormatter)]
    written = io.StringIO()
    monkeypatch.setattr(handler, "stream", written)
    client.raise_request_exception = False
    client.force_login(world.users["lead"])
    assert client.get(reverse("history", args=[world.inspection.pk])).status_code == 500
    [line] = [json.loads(text) for text in written.getvalue().splitlines() if '"django.request"' in text]
    assert line["level"] == "ERROR"
    assert line["status_code"] == 500
    assert line["path"] == reverse("history", args=[world.inspection.pk])
    assert "RuntimeError: the history page broke" in line["exception"]


def test_sign_in_events_are_logged_with_username_and_address_never_the_password(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="yjinspect.sign_in")
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.post(reverse("login"), {"username": "inspector", "password": "a wrong passphrase"})
    client.post(reverse("login"), {"username": "inspector", "password": PASSWORD})
    client.post(reverse("logout"))
    lines = _lines(caplog, "yjinspect.sign_in")
    assert [(line["event"], line["username"], line["address"]) for line in lines] == [
        ("sign_in_failed", "inspector", "192.0.2.44"),
        ("sign_in", "inspector", "192.0.2.44"),
        ("sign_out", "inspector", "192.0.2.44"),
    ]
    assert lines[0]["level"] == "WARNING"
    every_line = "\n".join(JsonLinesFormatter().format(r) for r in caplog.records)
    assert "a wrong passphrase" not in every_line
    assert PASSWORD not in every_line


def test_a_lockout_is_logged(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="yjinspect.sign_in")
    client = Client(REMOTE_ADDR="192.0.2.45")
    for _ in range(6):
        client.post(reverse("login"), {"username": "inspector", "password": "a wrong passphrase"})
    lockouts = [line for line in _lines(caplog, "yjinspect.sign_in") if line["event"] == "lockout"]
    assert lockouts
    assert (lockouts[0]["username"], lockouts[0]["address"], lockouts[0]["level"]) == ("inspector", "192.0.2.45", "WARNING")


# --- each published file's own SHA-256, checked when served -------------------------------------------


def _published(world: World) -> ReportVersion:
    """A published version stored as publishing stores one (rendering real files is the publishing tests' work)."""
    html, pdf, docx = "<!DOCTYPE html><p>The report</p>", b"%PDF-1.7 the report", b"PK the report"
    version = ReportVersion.objects.create(
        inspection=world.inspection, kind=ReportVersion.Kind.PUBLISHED, number=1, html=html, pdf=pdf, docx=docx,
        sha256=hashlib.sha256(html.encode() + pdf + docx).hexdigest(), created_by=world.users["lead"],
        **publishing.file_digests(html, pdf, docx),
    )  # fmt: skip
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    return version


@pytest.mark.parametrize("file_format", ["html", "pdf", "docx"])
def test_each_published_file_is_served_with_its_own_sha256(world: World, file_format: str) -> None:
    _published(world)
    response = Client().get(reverse("published_file", args=[world.inspection.pk, file_format]))
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == hashlib.sha256(response.content).hexdigest()


@pytest.mark.parametrize(("file_format", "edit"), [("html", {"html": "<p>Edited</p>"}), ("pdf", {"pdf": b"%PDF-1.7 edited"}),
                                                   ("docx", {"docx": b"PK edited"})])  # fmt: skip
def test_an_edited_stored_file_is_refused_and_logged(
    world: World, file_format: str, edit: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    version = _published(world)
    ReportVersion.objects.filter(pk=version.pk).update(**edit)
    response = Client().get(reverse("published_file", args=[world.inspection.pk, file_format]))
    assert response.status_code == 409
    assert "Integrity check failed" in response.content.decode()
    assert b"edited" not in response.content.lower()
    [line] = _lines(caplog, "yjinspect.integrity")
    assert line["level"] == "ERROR"
    assert f"{file_format} file" in line["message"]


def test_a_file_without_its_own_digest_is_refused(world: World) -> None:
    version = _published(world)
    ReportVersion.objects.filter(pk=version.pk).update(pdf_sha256="")
    assert Client().get(reverse("published_file", args=[world.inspection.pk, "pdf"])).status_code == 409


def test_an_edited_shared_draft_is_refused(world: World, client: Client) -> None:
    draft = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    assert draft.html_sha256 == hashlib.sha256(draft.html.encode()).hexdigest()
    client.force_login(world.users["contact"])
    assert client.get(reverse("draft_document", args=[world.inspection.pk])).status_code == 200
    ReportVersion.objects.filter(pk=draft.pk).update(html=draft.html.replace("</body>", "<p>added</p></body>"))
    assert client.get(reverse("draft_document", args=[world.inspection.pk])).status_code == 409


def test_a_staff_download_of_a_published_file_is_recorded(world: World, client: Client) -> None:
    _published(world)
    client.force_login(world.users["lead"])
    assert client.get(reverse("published_file", args=[world.inspection.pk, "pdf"])).status_code == 200
    entry = HistoryEntry.objects.filter(inspection=world.inspection).first()
    assert entry is not None
    assert (entry.what, entry.user, entry.new) == ("published report downloaded (pdf)", world.users["lead"], "version 1")


def test_the_migration_gives_existing_versions_their_file_digests_only_if_they_are_as_frozen(world: World) -> None:
    version = _published(world)
    ReportVersion.objects.filter(pk=version.pk).update(html_sha256="", pdf_sha256="", docx_sha256="")
    changed = ReportVersion.objects.create(inspection=world.inspection, kind=ReportVersion.Kind.DRAFT, number=2,
                                           html="<p>changed</p>", sha256="0" * 64, created_by=world.users["lead"])  # fmt: skip
    migration = importlib.import_module("yjinspect.web.inspections.migrations.0007_audit_trail")
    migration._file_digests(apps, None)
    version.refresh_from_db()
    changed.refresh_from_db()
    assert version.html_sha256 == hashlib.sha256(version.html.encode()).hexdigest()
    assert version.pdf_sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert version.docx_sha256 == hashlib.sha256(bytes(version.docx)).hexdigest()
    assert changed.html_sha256 == ""
