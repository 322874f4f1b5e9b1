"""The lead inspector's team and bulk work in a real browser: adding people (and being refused a conflict of
interest), changing a role, allocating evenly and accepting several cases at once; axe-core on each page,
no violation of any impact."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.browser.conftest import ALL_IMPACTS, axe_violations
from tests.web.world import PASSWORD, World, answer_everything
from yjinspect.web.inspections.models import AssessmentState, Membership, Role
from yjinspect.web.inspections.services import assessment

pytestmark = pytest.mark.browser


def _no_violations(page: Page, where: str) -> None:
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def test_the_lead_builds_the_team_allocates_evenly_and_accepts_two_cases_at_once(world: World, sign_in: Any) -> None:
    get_user_model().objects.create_user("newcomer", password=PASSWORD, first_name="Nia", last_name="Newcomer")
    pk = world.inspection.pk
    page = sign_in("lead")

    # The team: add an inspector; a service contact of the inspected service is refused as one.
    page.goto(f"/inspections/{pk}/team/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Role", exact=True).select_option("inspector")
    page.get_by_role("button", name="Add to team").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nia Newcomer added to the team.")
    page.get_by_label("Username").fill("contact")
    page.get_by_label("Role", exact=True).select_option("inspector")
    page.get_by_role("button", name="Add to team").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Contact Test is a service contact of the inspected service, so may not be inspector")
    assert not Membership.objects.filter(inspection=world.inspection, user__username="contact").exists()
    _no_violations(page, "team page")

    # Change a role: the newcomer becomes a local assessor.
    page.get_by_label("New role for Nia Newcomer").select_option("local_assessor")
    page.get_by_role("button", name="Change role of Nia Newcomer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nia Newcomer is now local assessor.")
    assert Membership.objects.get(inspection=world.inspection, user__username="newcomer").role == Role.LOCAL_ASSESSOR
    _no_violations(page, "team page after a change")

    # Allocation: start again from nothing allocated, then allocate evenly in one action.
    world.inspection.cases.update(assessor=None)
    page.goto(f"/inspections/{pk}/allocation/")
    _no_violations(page, "allocation page")
    page.get_by_role("button", name="Allocate evenly").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("allocated evenly across the team")
    held = Counter(c.assessor.username for c in world.cases())
    assert set(held) == {"lead", "inspector", "assessor", "newcomer"}
    assert max(held.values()) - min(held.values()) <= 1
    _no_violations(page, "allocation page after allocating")

    # Quality assurance: two complete cases accepted at once from the case list.
    first = world.cases("inspector")[0]
    second = next(c for c in world.cases() if c.assessor.username == "newcomer")
    for case in (first, second):
        assessment.case_mark_complete(by=case.assessor, case=answer_everything(case))
    page.goto(f"/inspections/{pk}/cases/")
    _no_violations(page, "case list")
    page.get_by_label(f"Accept {first.case_ref}").check()
    page.get_by_label(f"Accept {second.case_ref}").check()
    page.get_by_role("button", name="Accept the ticked cases").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 case(s) accepted")
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == AssessmentState.ACCEPTED
    _no_violations(page, "case list after accepting")
