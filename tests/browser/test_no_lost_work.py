"""Issue 11, items 1 and 2 in the browser: typed text is saved while typing and never thrown away (a colleague's
newer save, a reallocated case, leaving the page), and an unfinished report is not published."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.web.world import World
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Answer, SampledCase
from yjinspect.web.inspections.selectors import applicable_questions
from yjinspect.web.inspections.services import assessment, report

pytestmark = pytest.mark.browser


def _report_page(world: World, sign_in: Any) -> Page:
    page = sign_in("lead")
    page.goto(f"/inspections/{world.inspection.pk}/report/")
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    return page


def test_a_narrative_box_saves_while_typing_without_the_warning_banner(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)
    page.locator("#field-foreword").press_sequentially("Typed and never tabbed out of.", delay=5)
    expect(page.locator("#status-foreword")).to_have_text("Saved")
    expect(page.locator("#autosave-banner")).to_have_text("")  # online, a save on its way is not a warning
    assert publishing.report_of(world.inspection).narrative["foreword"] == "Typed and never tabbed out of."
    page.reload()
    expect(page.locator("#field-foreword")).to_have_value("Typed and never tabbed out of.")
    assert axe_violations(page) == []


def test_a_colleagues_newer_box_is_shown_and_the_writers_text_kept_to_put_back(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)  # loaded with the foreword at version 0
    report.narrative_boxes_save(by=world.users["inspector"], inspection=world.inspection,
                                typed={"foreword": "The colleague's foreword."}, versions={})  # fmt: skip
    page.locator("#field-foreword").fill("My own foreword.")
    kept = page.locator("[data-kept='foreword']")
    expect(kept).to_contain_text("Inspector Test saved this after you started")
    expect(page.locator("#kept-foreword")).to_have_value("My own foreword.")
    expect(page.locator("#field-foreword")).to_have_value("The colleague's foreword.")
    assert publishing.report_of(world.inspection).narrative["foreword"] == "The colleague's foreword."
    assert axe_violations(page) == []
    kept.get_by_role("button", name="Put mine back").click()
    expect(page.locator("#status-foreword")).to_have_text("Saved")
    expect(page.locator("[data-kept='foreword']")).to_have_count(0)
    assert publishing.report_of(world.inspection).narrative["foreword"] == "My own foreword."


def test_a_malformed_line_keeps_every_box_as_typed_with_the_problem_beside_it(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)
    page.route("**/narrative/autosave/", lambda route: route.abort("connectionrefused"))  # the plain form, as without JS
    page.locator("#field-foreword").fill("A long foreword. " * 2000)
    page.locator("#field-recommendations").fill("The board: act\nno colon on this line")
    page.evaluate("() => window.onbeforeunload = null")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Recommendations, line 2")
    box = page.locator("[data-save='recommendations']")
    expect(box.locator(".govuk-error-message")).to_contain_text("Recommendations, line 2: write it as")
    assert page.locator("#field-foreword").input_value() == "A long foreword. " * 2000  # every character, as typed
    expect(page.locator("#field-recommendations")).to_have_value("The board: act\nno colon on this line")
    assert publishing.report_of(world.inspection).narrative == {}


def test_publishing_an_unfinished_report_lists_each_place_with_a_link_to_its_box(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Still to be written: the foreword (in Foreword).")
    listed = page.locator("#still-to-be-written")
    listed.get_by_role("link", name="the background to the service").click()
    assert page.url.endswith("#field-background")
    expect(page.locator("#field-background")).to_be_in_viewport()
    assert axe_violations(page) == []


def _inspectors_case(world: World, sign_in: Any) -> tuple[Page, SampledCase, str]:
    """The inspector's first case, judged (so its questions show), open in their browser; and its first question."""
    case = world.cases("inspector")[0]
    assessment.case_facts_save(by=world.users["inspector"], case=case, expected_version=0,
                               changes={"harm_factors": True, "safety_wellbeing_factors": True})  # fmt: skip
    page = sign_in("inspector")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    return page, case, applicable_questions(case)[0].id


def test_leaving_with_unsent_evidence_asks_first(world: World, sign_in: Any) -> None:
    page, _, question = _inspectors_case(world, sign_in)
    page.route("**/autosave/", lambda route: route.abort("connectionrefused"))  # nothing can arrive
    page.get_by_label("Evidence for " + question).press_sequentially("Seen in the plan", delay=5)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def test_a_reallocated_case_tells_its_old_assessor_and_keeps_their_text(world: World, sign_in: Any) -> None:
    page, case, question = _inspectors_case(world, sign_in)
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["lead"])
    page.get_by_label("Evidence for " + question).fill("Typed before I knew")
    banner = page.locator("#autosave-banner")
    expect(banner).to_contain_text("This case has been reallocated to someone else since you opened it")
    expect(banner).not_to_contain_text("no connection")
    expect(page.locator(f"[id='kept-{question}']")).to_have_value("Answer: (none)\nEvidence: Typed before I knew")
    assert not Answer.objects.filter(case=case, question_id=question).exists()
    assert axe_violations(page) == []


def test_putting_back_refused_judgements_restores_only_the_writers_own(world: World, sign_in: Any, browser: Any) -> None:
    first, case, _ = _inspectors_case(world, sign_in)
    second = sign_in("inspector")  # the same case in another window, opened before the first saves
    second.goto(f"/cases/{case.pk}/")
    expect(second.locator("form[data-autosave-ready]")).to_have_count(1)
    first.locator("#offence_type").fill("Theft")
    first.locator("#inspector_safety_wellbeing").select_option("low")
    expect(first.locator("#status-facts")).to_have_text("Saved")
    second.locator("#inspector_safety_wellbeing").select_option("medium")  # the same judgement: refused, kept
    expect(second.locator("[data-kept='facts']")).to_contain_text("Yours (not saved)")
    second.locator("[data-kept='facts']").get_by_role("button", name="Put mine back").click()
    expect(second.locator("#status-facts")).to_have_text("Saved")
    case.refresh_from_db()
    assert (case.inspector_safety_wellbeing, case.offence_type) == ("medium", "Theft"), "the colleague's offence type stays"


def test_a_whole_form_posted_without_a_connection_is_sent_when_the_page_is_back(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)
    page.route("**/report/narrative/**", lambda route: route.abort("internetdisconnected"))  # nothing gets through
    page.locator("#field-background").fill("Typed on a train.")
    expect(page.locator("#autosave-banner")).to_contain_text("not saved yet")
    page.get_by_role("button", name="Save the narrative").click()  # the post cannot leave: an error page
    page.wait_for_timeout(500)
    assert "background" not in publishing.report_of(world.inspection).narrative
    page.unroute("**/report/narrative/**")
    page.goto(f"/inspections/{world.inspection.pk}/report/")
    expect(page.locator("#status-background")).to_have_text("Saved")
    assert publishing.report_of(world.inspection).narrative["background"] == "Typed on a train."


def test_a_box_refused_for_a_bad_line_still_asks_before_leaving(world: World, sign_in: Any) -> None:
    page = _report_page(world, sign_in)
    page.locator("#field-recommendations").fill("The board: act\nno colon here")
    expect(page.locator("#status-recommendations")).to_contain_text("line 2")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
