"""Publishing and sharing render the report's files outside any transaction, then store them in a short one.

Rendering the PDF and Word files takes seconds; inside the write transaction it held SQLite's write lock
(and PostgreSQL's row lock) all that time, so every colleague's save waited or failed. These tests run with
real transactions (not the per-test wrapping transaction), so that "outside a transaction" is observable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.web.report_ready import ready_to_publish
from tests.web.world import World
from yjinspect.reporting.renderers import RenderedFile
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import HistoryEntry, Inspection, PublishedResult, ReportVersion
from yjinspect.web.inspections.services import report
from yjinspect.web.inspections.services import report as report_module
from yjinspect.web.inspections.services.common import ServiceError

pytestmark = pytest.mark.django_db(transaction=True)

CHANGED = "The report changed while it was being prepared; publish again."


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Record each rendering (format, whether a transaction was open), and let a test act during it."""
    seen: list[tuple[str, bool]] = []
    real_render, real_html = report_module.render_report, report_module.to_html

    def render_report(document: Any, file_format: str) -> RenderedFile:
        seen.append((file_format, transaction.get_connection().in_atomic_block))
        return real_render(document, file_format)

    def to_html(document: Any) -> str:
        seen.append(("html", transaction.get_connection().in_atomic_block))
        return real_html(document)

    monkeypatch.setattr(report_module, "render_report", render_report)
    monkeypatch.setattr(report_module, "to_html", to_html)
    return seen


def _during_rendering(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run `action` (a colleague's change) while the PDF is being rendered, once."""
    real_render = report_module.render_report
    done: list[bool] = []

    def render_report(document: Any, file_format: str) -> RenderedFile:
        if not done:
            done.append(True)
            action()
        return real_render(document, file_format)

    monkeypatch.setattr(report_module, "render_report", render_report)


def test_publishing_renders_every_file_outside_any_transaction(world: World, renders: list[tuple[str, bool]]) -> None:
    ready_to_publish(world)
    renders.clear()
    version = report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert {fmt for fmt, _ in renders} == {"html", "pdf", "docx"}
    assert renders == [(fmt, False) for fmt, _ in renders], "a report file was rendered inside a transaction"
    assert version.kind == ReportVersion.Kind.PUBLISHED
    assert Inspection.objects.get(pk=world.inspection.pk).published


def test_sharing_the_draft_renders_outside_any_transaction(world: World, renders: list[tuple[str, bool]]) -> None:
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    assert renders == [("html", False)]
    assert version.kind == ReportVersion.Kind.DRAFT
    assert version.pdf is None


def test_a_change_while_rendering_refuses_publishing_and_stores_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ready_to_publish(world)
    lead = world.users["lead"]
    versions_before = ReportVersion.objects.filter(inspection=world.inspection).count()
    history_before = HistoryEntry.objects.filter(inspection=world.inspection).count()

    def colleague_edits_the_foreword() -> None:
        versions = publishing.report_of(world.inspection).box_versions
        report.narrative_boxes_save(by=lead, inspection=world.inspection, typed={"foreword": "A late change."}, versions=versions)

    _during_rendering(monkeypatch, colleague_edits_the_foreword)
    with pytest.raises(ServiceError) as refused:
        report.report_publish(by=lead, inspection=world.inspection)
    assert str(refused.value) == CHANGED
    assert not Inspection.objects.get(pk=world.inspection.pk).published
    assert ReportVersion.objects.filter(inspection=world.inspection).count() == versions_before
    assert not PublishedResult.objects.filter(inspection=world.inspection).exists()
    # Only the colleague's narrative save is recorded: nothing of the refused publishing.
    assert HistoryEntry.objects.filter(inspection=world.inspection).count() == history_before + 1
    assert not HistoryEntry.objects.filter(inspection=world.inspection, what="report published").exists()

    monkeypatch.undo()
    published = report.report_publish(by=lead, inspection=world.inspection)
    assert "A late change." in published.html, "publishing again prints what the report says now"


def test_a_change_while_rendering_refuses_sharing_the_draft(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    lead = world.users["lead"]

    def colleague_edits_the_foreword() -> None:
        report.narrative_save(by=lead, inspection=world.inspection, narrative={"foreword": "A late change."}, expected_version=0)

    real_html = report_module.to_html
    done: list[bool] = []

    def to_html(document: Any) -> str:
        if not done:
            done.append(True)
            colleague_edits_the_foreword()
        return real_html(document)

    monkeypatch.setattr(report_module, "to_html", to_html)
    with pytest.raises(ServiceError, match=re.escape("The report changed while it was being prepared; share the draft again.")):
        report.draft_share(by=lead, inspection=world.inspection)
    assert not ReportVersion.objects.filter(inspection=world.inspection).exists()
    version = report.draft_share(by=lead, inspection=world.inspection)
    assert "A late change." in version.html


def test_a_colleague_publishing_meanwhile_is_refused_as_already_published(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ready_to_publish(world)
    lead = world.users["lead"]
    first: list[ReportVersion] = []
    real_render = report_module.render_report

    def colleague_publishes(document: Any, file_format: str) -> RenderedFile:
        if not first:
            monkeypatch.setattr(report_module, "render_report", real_render)
            first.append(report.report_publish(by=lead, inspection=world.inspection))
        return real_render(document, file_format)

    monkeypatch.setattr(report_module, "render_report", colleague_publishes)
    with pytest.raises(ServiceError, match="already published"):
        report.report_publish(by=lead, inspection=world.inspection)
    assert list(ReportVersion.objects.filter(inspection=world.inspection, kind=ReportVersion.Kind.PUBLISHED)) == first


def test_publishing_through_the_page_serves_the_stored_files(world: World) -> None:
    ready_to_publish(world)
    client = Client()
    client.force_login(world.users["lead"])
    response = client.post(reverse("report_publish", args=[world.inspection.pk]))
    assert response.status_code == 302
    published = ReportVersion.objects.get(inspection=world.inspection, kind=ReportVersion.Kind.PUBLISHED)
    assert HistoryEntry.objects.filter(inspection=world.inspection, what="report published").count() == 1
    assert PublishedResult.objects.filter(inspection=world.inspection).count() == 1
    served = Client().get(reverse("published_file", args=[world.inspection.pk, "pdf"]))
    assert served.status_code == 200
    assert bytes(served.content) == bytes(published.pdf)


def test_any_published_result_imported_meanwhile_changes_what_the_report_compares_with(world: World) -> None:
    """The report compares with the service's last inspection too, of any programme, imported or not."""
    before = report_module._fingerprint(world.inspection)
    PublishedResult.objects.create(programme="hmip-youth-cci", service="Northmoor Youth Justice Service", date="2012-05",
                                   source=PublishedResult.Source.REPORT, figures={})  # fmt: skip
    assert report_module._fingerprint(world.inspection) != before
