"""The demo has a published inspection whose improvement plan is in progress, with one action past its target
date (issue 13), so that the pages after publication can be seen and tried."""

from __future__ import annotations

import pytest

from yjinspect.web import access
from yjinspect.web.accounts.models import Profile
from yjinspect.web.inspections.models import ImprovementPlan, PlanState
from yjinspect.web.inspections.plan_selectors import plan_dashboard, plan_status
from yjinspect.web.inspections.services.demo import DEMO_SERVICE, demo_build

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_plan_in_progress_with_one_overdue_action() -> None:
    demo_build()
    plan = ImprovementPlan.objects.select_related("inspection__service").get()
    assert plan.inspection.service.name == DEMO_SERVICE
    assert plan.inspection.published
    assert plan.state == PlanState.ACCEPTED
    status = plan_status(plan.inspection)
    assert (status.actions, status.actions_done) == (4, 1)
    lead = plan.inspection.memberships.get(role="lead").user
    board = plan_dashboard(access.plans_visible_to(lead))
    assert [a.text for _, a in board["actions_late"]] == ["Train every case manager in planning for safety"]
    contact = Profile.objects.get(contact_for=plan.inspection.service).user
    assert access.allowed(contact, access.Action.REPORT_PROGRESS, plan.inspection)
