"""A report built in the web app rates the inspection once: from the database straight to ReportInputs."""

from __future__ import annotations

import pytest

from tests.web.report_ready import ready_to_publish
from tests.web.world import World, answer_everything
from yjinspect.reporting.renderers import render_report
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import PublishedResult
from yjinspect.web.inspections.services import assessment, report

pytestmark = pytest.mark.django_db


def test_composing_the_web_report_rates_exactly_once(world: World, ratings_counted: list[str]) -> None:
    for original in world.cases()[:3]:
        case = answer_everything(original, "yes")
        assessment.case_mark_complete(by=case.assessor, case=case)
    document = publishing.report_document(world.inspection)
    html = render_report(document, "html").content.decode()
    assert ratings_counted == ["rated"]
    assert world.inspection.service.name in html


def test_publishing_rates_exactly_once(world: World, ratings_counted: list[str]) -> None:
    ready_to_publish(world)
    ratings_counted.clear()  # sharing the draft rated it; count from the publish on
    version = report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert ratings_counted == ["rated"], "composing, checking, storing and recording the published figures share one rating"
    assert version.pdf
    assert PublishedResult.objects.get(inspection=world.inspection).figures["standards"]
