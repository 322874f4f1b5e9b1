"""Double marking in a real browser: the lead marks a case, the second assessor answers it blind (the first
assessor's answers and evidence nowhere on their pages), the lead cannot accept it until the disagreement is
resolved, resolves it, and the resolved answer is the one rated with both originals in the history; the
quality lead reviews a dip-sampled answer. axe-core on each page, no violation of any impact."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ALL_IMPACTS, axe_violations
from tests.web.world import World, answer_everything
from yjinspect.web.inspections.models import Answer, AssessmentState, HistoryEntry, QualityReview, SampledCase
from yjinspect.web.inspections.selectors import applicable_questions
from yjinspect.web.inspections.services import assessment

pytestmark = pytest.mark.browser


def _no_violations(page: Page, where: str) -> None:
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def test_a_double_marked_case_from_the_blind_second_assessment_to_its_acceptance(world: World, sign_in: Any) -> None:
    case = answer_everything(world.cases("inspector")[0])
    Answer.objects.filter(case=case).update(evidence="THE FIRST ASSESSOR'S NOTE")
    assessment.case_mark_complete(by=case.assessor, case=case)
    question = applicable_questions(case)[0].id
    lead = sign_in("lead")

    # The lead chooses the case and its second assessor.
    lead.goto(f"/inspections/{world.inspection.pk}/double-marking/")
    _no_violations(lead, "double marking page")
    lead.get_by_label("Case", exact=True).select_option(str(case.pk))
    lead.get_by_label("Second assessor").select_option(str(world.users["assessor"].pk))
    lead.get_by_role("button", name="Mark for a second assessment").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(f"Case {case.case_ref} will be assessed a second time")

    # The second assessor finds it on their case list and answers blind: no first answer, no first evidence.
    second = sign_in("assessor")
    second.goto(f"/inspections/{world.inspection.pk}/cases/")
    second.get_by_role("link", name=f"Second assessment of {case.case_ref}").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(f"Second assessment of case {case.case_ref}")
    assert "THE FIRST ASSESSOR" not in second.content()
    assert second.locator("input[type=radio]:checked").count() == 0
    _no_violations(second, "second assessment page")
    assert second.goto(f"/cases/{case.pk}/").status == 404, "the first assessment is not theirs to open"
    second.go_back()
    for group in second.locator("fieldset").all():
        group.get_by_label("Yes", exact=True).check()
    second.locator(f"input[name='answer-{question}'][value='no']").check()
    second.get_by_label(f"Evidence for {question}").fill("No review after the arrest.")
    second.get_by_role("button", name="Save and come back later").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("Saved.")
    expect(second.locator(f"input[name='answer-{question}'][value='no']")).to_be_checked()
    second.get_by_role("button", name="Save and submit to the lead inspector").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("was submitted to the lead inspector")
    expect(second.get_by_role("button", name="Save and submit to the lead inspector")).to_have_count(0)

    # The lead cannot accept the case until the disagreement is resolved.
    lead.goto(f"/cases/{case.pk}/")
    expect(lead.locator(".govuk-warning-text")).to_contain_text(f"resolve the disagreement on {question}")
    lead.get_by_role("button", name="Accept the case").click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text("cannot be accepted yet")
    assert SampledCase.objects.get(pk=case.pk).state == AssessmentState.COMPLETE

    lead.get_by_role("link", name="compare the two assessments").click()
    _no_violations(lead, "comparison page")
    expect(lead.locator("tbody")).to_contain_text("No review after the arrest.")
    expect(lead.locator("tbody")).to_contain_text("THE FIRST ASSESSOR'S NOTE")
    form = lead.locator("form").filter(has=lead.get_by_role("button", name=f"Resolve {question}"))
    form.get_by_label("No", exact=True).check()
    form.get_by_label("Why").fill("The record shows no review after the arrest.")
    form.get_by_role("button", name=f"Resolve {question}").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(f"{question} resolved")
    expect(lead.locator("tbody")).to_contain_text("resolved by Lead Test: The record shows no review after the arrest.")

    lead.goto(f"/cases/{case.pk}/")
    lead.get_by_role("button", name="Accept the case").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(f"Case {case.case_ref} accepted")
    assert Answer.objects.get(case=case, question_id=question).value == "no", "the resolved answer is rated"
    history = {(e.what, e.user.username) for e in HistoryEntry.objects.filter(case=case)}
    assert (f"case {case.case_ref}: answer {question}", "inspector") in history
    assert (f"case {case.case_ref}: second assessment answer {question}", "assessor") in history
    assert (f"case {case.case_ref}: answer {question} resolved", "lead") in history

    lead.goto(f"/inspections/{world.inspection.pk}/agreement/")
    _no_violations(lead, "agreement page")
    expect(lead.locator(".govuk-inset-text")).to_contain_text("Over 1 double-marked case")

    # The quality lead dip-samples the inspector's accepted case and questions one answer.
    quality = sign_in("quality")
    quality.goto(f"/inspections/{world.inspection.pk}/quality/")
    _no_violations(quality, "quality dip-sample page")
    other = applicable_questions(case)[1].id
    quality.locator(f"[id='verdict-{case.pk}-{other}-disagree']").check()
    quality.locator(f"[id='reason-{case.pk}-{other}']").fill("The note does not show the plan was shared.")
    quality.get_by_role("button", name=f"Save the review of {case.case_ref}").click()
    expect(quality.locator(".govuk-notification-banner")).to_contain_text("Quality review of case")
    review = QualityReview.objects.get()
    assert (review.question_id, review.agrees) == (other, False)
    quality.goto("/quality/agreement/")
    _no_violations(quality, "agreement across the inspectorate")
    expect(quality.locator("tbody").last).to_contain_text("1 of")
