"""After publication, in a real browser: the service writes and submits its improvement plan, the lead inspector
returns one entry with a comment, the service revises it and submits again, and the inspectorate's dashboard
shows an action past its target date. axe-core finds nothing on these pages (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.web.test_improvement_plan import accepted, published_with_plan
from tests.web.world import World
from yjinspect.web.inspections.models import ImprovementPlan, PlanAction, PlanState

pytestmark = pytest.mark.browser


def _write(page: Page, entry_pk: int, *values: str) -> None:
    """Fill the first action row of an entry: what will be done, owner, target date, how success is known."""
    for field, value in zip(("text", "owner", "target", "success"), values, strict=True):
        page.locator(f"#e{entry_pk}-{field}-1").fill(value)


def test_the_service_writes_the_plan_the_lead_returns_an_entry_and_the_dashboard_shows_an_overdue_action(
    world: World, sign_in: Any
) -> None:
    plan = published_with_plan(world)
    first, second = plan.entries.order_by("number")
    url = f"/inspections/{world.inspection.pk}/plan/"

    contact = sign_in("contact")
    contact.goto(url)
    expect(contact.locator("#plan-status")).to_contain_text("Overdue: due 1 June 2026")
    assert axe_violations(contact) == []
    _write(contact, first.pk, "Brief the board on risk at every meeting", "Board chair", "1/6/2026", "Minutes record it")
    contact.get_by_role("button", name="Save recommendation 1").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Recommendation 1: actions saved.")
    _write(contact, second.pk, "Train case managers in planning", "Head of service", "not a date", "Audits")
    contact.get_by_role("button", name="Save recommendation 2").click()
    expect(contact.locator(".govuk-error-summary")).to_contain_text("a target date such as 30/9/2026, not 'not a date'")
    expect(contact.locator(f"#e{second.pk}-text-1")).to_have_value("Train case managers in planning")  # nothing typed lost
    contact.locator(f"#e{second.pk}-target-1").fill("30/9/2027")
    contact.get_by_role("button", name="Save recommendation 2").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Recommendation 2: actions saved.")
    contact.get_by_role("button", name="Submit the plan to the lead inspector").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Plan submitted to the lead inspector.")

    lead = sign_in("lead")
    lead.goto(url)
    expect(lead.locator("#plan-status")).to_contain_text("Submitted for review")
    assert axe_violations(lead) == []
    lead.get_by_label("Comments for the service on recommendation 2").fill("Say how many will be trained, and by when.")
    lead.get_by_role("button", name="Return recommendation 2").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Recommendation 2 returned to the service")

    contact.goto(url)
    expect(contact.locator("#entry-2")).to_contain_text("Returned by the lead inspector: Say how many will be trained")
    contact.locator(f"#e{second.pk}-text-1").fill("Train all 24 case managers in planning")
    contact.get_by_role("button", name="Save recommendation 2").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Recommendation 2: actions saved.")
    contact.get_by_role("button", name="Submit the plan to the lead inspector").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Plan submitted to the lead inspector.")
    assert ImprovementPlan.objects.get(pk=plan.pk).state == PlanState.SUBMITTED

    lead.goto("/plans/")
    late = lead.locator("#actions-late")
    expect(late).to_contain_text("Brief the board on risk at every meeting")
    expect(late).not_to_contain_text("Train all 24 case managers")
    assert axe_violations(lead) == []
    lead.goto(url)
    lead.get_by_role("button", name="Accept the plan").click()
    expect(lead.locator("#plan-status")).to_contain_text("Accepted")


def test_the_service_reports_progress_with_an_evidence_file(world: World, sign_in: Any, tmp_path: Path) -> None:
    plan = accepted(world)
    url = f"/inspections/{world.inspection.pk}/plan/"
    contact = sign_in("contact")
    contact.goto(url)
    expect(contact.locator("#plan-status")).to_contain_text("Accepted")
    assert axe_violations(contact) == []
    first = PlanAction.objects.filter(entry__plan=plan).order_by("entry__number", "position").first()
    assert first is not None
    form = contact.locator(f"#progress-{first.pk}")
    form.get_by_label("Status").select_option(label="In progress")
    form.get_by_label("Note").fill("Half the case managers trained.")
    evidence = tmp_path / "attendance.csv"
    evidence.write_text("name,date\nA,2026-06-01\n")
    form.get_by_label("Evidence (a file)").set_input_files(str(evidence))
    form.get_by_role("button", name="Save progress on recommendation 1, action 1").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Recommendation 1, action 1: progress saved.")
    expect(contact.locator("#entry-1")).to_contain_text("In progress: Half the case managers trained.")
    expect(contact.get_by_role("link", name="Evidence file: attendance.csv")).to_be_visible()
    contact.get_by_role("button", name="Send this progress update").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Progress update sent.")
    assert axe_violations(contact) == []
