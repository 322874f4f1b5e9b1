"""Earlier programmes in a real browser: add cases, assess with autosave, record judgements; pages pass axe."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.web.world import World
from yjinspect.synthetic import synthetic_scored_bundle
from yjinspect.web.inspections.models import Answer, Inspection, Role, TeamRating
from yjinspect.web.inspections.selectors import inspection_result
from yjinspect.web.inspections.services import assessment, setup
from yjinspect.web.inspections.services.exchange import bundle_import

pytestmark = pytest.mark.browser


def _inspection(world: World, framework: str) -> Inspection:
    inspection = setup.inspection_create(by=world.users["admin"], service=world.northmoor, framework_id=framework,
                                         announced_on=date(2013, 5, 1), fieldwork_start=date(2013, 6, 3))  # fmt: skip
    for username, role in (("lead", Role.LEAD), ("inspector", Role.INSPECTOR)):
        setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users[username], role=role)
    return inspection


def test_a_screening_case_is_added_and_assessed_with_autosave(world: World, sign_in: Any) -> None:
    inspection = _inspection(world, "hmip-youth-sqs")
    lead = sign_in("lead")
    lead.goto(f"/inspections/{inspection.pk}/cases/")
    lead.get_by_label("Case reference").fill("SQ-01")
    lead.get_by_label("Custody").check()
    lead.get_by_role("button", name="Add the case").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Case SQ-01 added.")
    case = inspection.cases.get()
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["inspector"])
    inspector = sign_in("inspector")
    inspector.goto(f"/cases/{case.pk}/")
    expect(inspector.get_by_role("heading", name="Scoring questions")).to_be_visible()
    inspector.locator("[id='answer-RR1-2']").click()  # "No" to the first question
    expect(inspector.locator("[id='status-RR1']")).to_have_text("Saved")
    inspector.get_by_label("Community").click()
    expect(inspector.locator("[id='status-facts']")).to_have_text("Saved")
    assert Answer.objects.get(case=case, question_id="RR1").value == "no"
    case.refresh_from_db()
    assert case.setting == "community"
    violations = axe_violations(inspector)
    assert violations == [], violations
    lead.goto(f"/inspections/{inspection.pk}/report/preview/")
    expect(lead.get_by_role("heading", name="Commentary on the inspection in Northmoor Youth Justice Service")).to_be_visible()
    violations = axe_violations(lead)
    assert violations == [], ("the screening letter", violations)


def test_judgements_are_recorded_on_the_scores_page_and_the_pages_pass_axe(world: World, sign_in: Any) -> None:
    data = synthetic_scored_bundle("hmip-youth-fji", cases=3, service="Northmoor Youth Justice Service")
    data.pop("judgements")
    inspection = bundle_import(by=world.users["admin"], text=json.dumps(data), source="fji.json")
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["lead"], role=Role.LEAD)
    lead = sign_in("lead")
    lead.goto(f"/inspections/{inspection.pk}/ratings/")
    score = inspection_result(inspection).themes["protecting_the_public"].score
    assert score is not None
    expect(lead.locator("#theme-protecting_the_public")).to_contain_text(f"Case assessment score: {score.percent}%")
    lead.get_by_label("Team's judgement of protecting the public").select_option("good")
    lead.get_by_role("button", name="Save the judgement of protecting the public").click()
    expect(lead.locator("#heading-protecting_the_public")).to_have_text("Protecting the public: good")
    assert TeamRating.objects.get(inspection=inspection, standard_id="protecting_the_public").rating == "good"
    for path in ("ratings/", "", "report/"):
        lead.goto(f"/inspections/{inspection.pk}/{path}")
        violations = axe_violations(lead)
        assert violations == [], (path, violations)
    lead.goto(f"/inspections/{inspection.pk}/report/preview/")
    expect(lead.get_by_role("heading", name="Key judgements")).to_be_visible()
    violations = axe_violations(lead)
    assert violations == [], violations


def test_the_core_case_scores_page_passes_axe(world: World, sign_in: Any) -> None:
    data = synthetic_scored_bundle("hmip-youth-cci", cases=4, service="Northmoor Youth Justice Service")
    inspection = bundle_import(by=world.users["admin"], text=json.dumps(data), source="cci.json")
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["lead"], role=Role.LEAD)
    lead = sign_in("lead")
    lead.goto(f"/inspections/{inspection.pk}/ratings/")
    expect(lead.locator("#headline-scores")).to_contain_text("improvement required")
    violations = axe_violations(lead)
    assert violations == [], violations
    lead.goto(f"/cases/{inspection.cases.order_by('case_ref')[0].pk}/")
    violations = axe_violations(lead)
    assert violations == [], violations
    lead.goto(f"/inspections/{inspection.pk}/report/preview/")
    expect(lead.get_by_role("heading", name="Scoring and summary table")).to_be_visible()
    violations = axe_violations(lead)
    assert violations == [], ("the core case inspection report", violations)
