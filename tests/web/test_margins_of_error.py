"""The ratings page shows each key question's margin of error (issue 15, item 4; docs/scoring.md, MI-1 to MI-3)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.web.world import FIELDWORK, World, answer_everything
from yjinspect.engine.framework import Population
from yjinspect.engine.intervals import printed_range, wilson_interval
from yjinspect.engine.sampling import eligible_counts
from yjinspect.reporting.document import ReportDocument
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import HistoryEntry
from yjinspect.web.inspections.selectors import caseload_rows, inspection_result, programme_of, report_inputs
from yjinspect.web.inspections.services.exchange import bundle_import


def _court_cases(world: World) -> list:  # type: ignore[type-arg]
    return [c for c in world.cases() if c.population == Population.COURT.value]


def test_the_ratings_page_shows_each_interval_and_marks_a_borderline_question(world: World, client: Client) -> None:
    court = _court_cases(world)
    answered = court[:5]
    for case in answered[:3]:
        answer_everything(case, "yes")
    for case in answered[3:]:
        answer_everything(case, "no")  # 3 of 5: 60%, Requires improvement
    framework = programme_of(world.inspection).framework
    eligible = eligible_counts(
        framework, [(r.population, r.disposal_date) for r in caseload_rows(world.inspection)], fieldwork_start=FIELDWORK
    )[Population.COURT]
    result = inspection_result(world.inspection)
    assert result.eligible == {Population.COURT: eligible}  # no out-of-court case judged yet: nothing to correct
    # 2.1.1 (desistance) is answered in every judged court case: 3 of 5, out of eligible × 5 / 5 cases.
    expected = wilson_interval(3, 5, 0.8, population=eligible * 5 / 5)
    low, high = printed_range(expected)
    assert low < 50
    assert high >= 80  # a borderline figure on five cases: every other band is within reach

    client.force_login(world.users["lead"])
    page = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    cell = re.search(r'id="interval-2\.1\.1">(.*?)</td>', page, re.S)
    assert cell is not None
    assert f"{low}% to {high}%" in cell.group(1)
    assert "On another sample of this size this could have fallen in Outstanding, Good or Inadequate." in cell.group(1)
    assert ">80% interval</th>" in page
    assert f"corrected for the finite population: {eligible} eligible court disposals" in page
    # Beside the panel's five-point guard, where the ratings panel records a decision: the deciding figure's interval.
    client.force_login(world.users["panel"])
    page = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    guard = re.search(r'id="panel-guard-2\.1">(.*?)</p>', page, re.S)
    assert guard is not None
    assert "within 5 points of the boundary" in guard.group(1)
    assert f"is 60% (3 of 5), with a 80% interval of {low}% to {high}%" in guard.group(1)
    assert "could have fallen in Outstanding, Good or Inadequate" in guard.group(1)


def test_a_figure_whose_interval_stays_in_its_band_is_not_marked(world: World, client: Client) -> None:
    # Every sampled court case judged and answered yes: 100%, and with the sample most of the eligible
    # court cases, the interval stays in Outstanding.
    for case in _court_cases(world):
        answer_everything(case, "yes")
    client.force_login(world.users["lead"])
    page = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    cell = re.search(r'id="interval-2\.1\.1">(.*?)</td>', page, re.S)
    assert cell is not None
    assert re.search(r"\d+% to 100%", cell.group(1))
    assert "could have fallen" not in cell.group(1)
    assert 'id="interval-3.1.1">–</td>' in page  # no out-of-court case answered: not scored, no interval


# --- the report's table of intervals: in every draft, in the published report where the lead inspector chose it


def _interval_table(document: ReportDocument) -> list[Any]:
    annexe = next(s for s in document.walk() if s.id == "annexe-methodology")
    return [b for b in annexe.blocks if getattr(b, "caption", "") == "Margins of error of the key questions"]


def test_the_lead_inspector_chooses_whether_the_published_report_prints_the_table(world: World, client: Client) -> None:
    for case in _court_cases(world)[:4]:
        answer_everything(case, "yes")
    programme = programme_of(world.inspection)
    assert _interval_table(programme.compose(report_inputs(world.inspection, draft=True)))  # on by default in a draft
    assert not _interval_table(programme.compose(report_inputs(world.inspection, draft=False)))  # off until chosen

    client.force_login(world.users["lead"])
    page = client.get(reverse("report", args=[world.inspection.pk])).content.decode()
    assert 'id="intervals-table-choice">no</strong>' in page
    done = client.post(reverse("intervals_table_save", args=[world.inspection.pk]), {"intervals_table": "yes"}, follow=True)
    assert "The published report will print the table of margins of error." in done.content.decode()
    assert 'id="intervals-table-choice">yes</strong>' in done.content.decode()
    published = programme.compose(report_inputs(world.inspection, draft=False))
    assert _interval_table(published)
    assert HistoryEntry.objects.filter(
        inspection=world.inspection,
        what="report: table of margins of error in the published report",
        old="not printed",
        new="printed",
    ).exists()
    # The choice travels with the inspection's bundle, and comes back on import.
    exported = bundle_export(world.inspection)
    assert exported["report_options"] == {"intervals_table": True}
    assert "report_options" not in exported.get("narrative", {})
    imported = bundle_import(by=world.users["admin"], text=json.dumps(exported), source="round-trip.json")
    assert report_inputs(imported, draft=False).fields.intervals_table

    client.post(reverse("intervals_table_save", args=[world.inspection.pk]), {"intervals_table": "no"})
    assert not _interval_table(programme.compose(report_inputs(world.inspection, draft=False)))


def test_a_choice_that_is_neither_yes_nor_no_changes_nothing_and_says_why(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    done = client.post(reverse("intervals_table_save", args=[world.inspection.pk]), {"intervals_table": "maybe"}, follow=True)
    assert "Choose whether the published report prints the table of margins of error: yes or no." in done.content.decode()
    assert not report_inputs(world.inspection, draft=False).fields.intervals_table
    assert not HistoryEntry.objects.filter(inspection=world.inspection, what__contains="margins of error").exists()
