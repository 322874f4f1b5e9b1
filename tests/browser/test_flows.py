"""The flows people click through, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.web.world import World, answer_everything
from yjinspect.web.inspections.models import Answer, Inspection, PanelDecision
from yjinspect.web.inspections.services import assessment
from yjinspect.web.inspections.services.published_results import result_from_inspection, results_import_csv

pytestmark = pytest.mark.browser


def _question_of(world: World, username: str) -> tuple[Any, str]:
    case = world.cases(username)[0]
    return case, ("2.1.1" if case.population == "court" else "3.1.1")


def test_a_service_contact_uploads_a_caseload_with_a_row_error_then_fixes_it(world: World, sign_in: Any, tmp_path: Path) -> None:
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None)
    before = world.inspection.caseload.count()
    page = sign_in("contact")
    page.goto(f"/inspections/{world.inspection.pk}/data-return/")
    bad = tmp_path / "return.csv"
    bad.write_text(
        "case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing\nA1,referral order,2025-06-01,male,low,low\nA2,referral order,2025-13-01,male,low,low\n"
    )
    page.get_by_label("Upload the caseload (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload caseload").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("return.csv was not imported: nothing has changed.")
    expect(summary).to_contain_text("row 3, column disposal_date: '2025-13-01' is not a date")
    assert world.inspection.caseload.count() == before
    bad.write_text(
        "case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing\nA1,referral order,2025-06-01,male,low,low\nA2,referral order,2025-07-01,male,low,low\n"
    )
    page.get_by_label("Upload the caseload (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload caseload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Caseload imported: 2 rows.")
    assert list(world.inspection.caseload.values_list("case_ref", flat=True)) == ["A1", "A2"]


def test_the_lead_inspector_draws_and_locks_the_sample(world: World, sign_in: Any) -> None:
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None, sample_seed=None)
    world.inspection.cases.all().delete()
    page = sign_in("lead")
    page.goto(f"/inspections/{world.inspection.pk}/sample/")
    page.get_by_label("Seed").fill("7")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sample drawn.")
    expect(page.get_by_text("Formula:", exact=False).or_(page.locator("code"))).to_be_visible()
    expect(page.locator("table caption").filter(has_text="Sample against population, court disposals")).to_be_visible()
    page.get_by_role("button", name="Confirm and lock the sample").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Confirmed and locked")
    expect(page.get_by_role("button", name="Draw again")).to_have_count(0)
    world.inspection.refresh_from_db()
    assert (world.inspection.sample_seed, world.inspection.sample_locked_at is not None) == (7, True)


def test_an_inspector_assesses_with_autosave_and_a_save_made_while_the_server_is_unreachable_arrives_later(
    world: World, sign_in: Any
) -> None:
    case, question = _question_of(world, "inspector")
    page = sign_in("inspector")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    # By keyboard: focus the first radio of the harm question and choose with the arrow keys.
    page.locator("#harm-yes").focus()
    page.keyboard.press("Space")
    expect(page.locator("#status-facts")).to_have_text("Saved")
    page.locator("#sw-yes").check()
    expect(page.locator("#status-facts")).to_have_text("Saved")
    page.get_by_label("Evidence for " + question).fill("Assessment analysed offending well")
    page.get_by_label("Evidence for " + question).blur()
    expect(page.locator(f"[id='status-{question}']")).to_have_text("Saved")
    # The server becomes unreachable: the next answer is kept on the page, which says so, and retried.
    page.route("**/autosave/", lambda route: route.abort("connectionrefused"))
    page.locator(f"input[name='answer-{question}'][value='yes']").check()
    expect(page.locator(f"[id='status-{question}']")).to_contain_text("Not saved yet")
    expect(page.locator("#autosave-banner")).to_contain_text("1 change is not saved yet")
    assert Answer.objects.get(case=case, question_id=question).value == ""
    page.unroute("**/autosave/")
    expect(page.locator(f"[id='status-{question}']")).to_have_text("Saved", timeout=20_000)
    expect(page.locator("#autosave-banner")).to_have_text("")
    answer = Answer.objects.get(case=case, question_id=question)
    assert (answer.value, answer.evidence) == ("yes", "Assessment analysed offending well")


def test_two_people_editing_one_case_never_overwrite_each_other(world: World, sign_in: Any) -> None:
    case, question = _question_of(world, "inspector")
    assessment.case_facts_save(by=world.users["inspector"], case=case, expected_version=0,
                               changes={"harm_factors": True, "safety_wellbeing_factors": True})  # fmt: skip
    inspector, lead = sign_in("inspector"), sign_in("lead")
    inspector.goto(f"/cases/{case.pk}/")
    lead.goto(f"/cases/{case.pk}/")
    inspector.locator(f"input[name='answer-{question}'][value='yes']").check()
    expect(inspector.locator(f"[id='status-{question}']")).to_have_text("Saved")
    # The lead's page was loaded before that save: their answer is refused and the newer one shown.
    # click(), not check(): the refusal can restore the newer answer before check() looks again.
    lead.locator(f"input[name='answer-{question}'][value='no']").click()
    expect(lead.locator(f"[id='status-{question}']")).to_contain_text("Someone else saved a newer version")
    expect(lead.locator(f"input[name='answer-{question}'][value='yes']")).to_be_checked()
    assert Answer.objects.get(case=case, question_id=question).value == "yes"
    # Now up to date, the lead can change it deliberately.
    lead.locator(f"input[name='answer-{question}'][value='no']").check()
    expect(lead.locator(f"[id='status-{question}']")).to_have_text("Saved")
    assert Answer.objects.get(case=case, question_id=question).value == "no"


def test_a_ratings_panel_decision_inside_the_guard_is_recorded_and_outside_it_refused(world: World, sign_in: Any) -> None:
    court = [c for c in world.cases() if c.population == "court"]
    yes, counted = next((y, d) for d in range(len(court), 0, -1) for y in range(d + 1) if 60 <= (200 * y + d) // (2 * d) <= 64)
    for index, case in enumerate(court):
        answer_everything(case, "yes" if index < yes else "no" if index < counted else "n/a")
    page = sign_in("panel")
    page.goto(f"/inspections/{world.inspection.pk}/ratings/")
    section = page.locator("#standard-2\\.1")
    expect(section.get_by_role("heading", level=2)).to_have_text("2.1 Assessment: Requires improvement")
    expect(section.locator(".yj-flag").first).to_be_visible()
    section.get_by_text("Ratings panel decision on 2.1").click()
    section.get_by_label("Rating").select_option("Outstanding")
    section.get_by_label("Reason (printed as the report's footnote)").fill("Strong work overall")
    section.get_by_role("button", name="Record the panel decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("moving from Requires improvement to Outstanding is 2 bands")
    assert not PanelDecision.objects.exists()
    section = page.locator("#standard-2\\.1")
    section.get_by_text("Ratings panel decision on 2.1").click()
    section.get_by_label("Rating").select_option("Good")
    section.get_by_label("Reason (printed as the report's footnote)").fill("Good is the more accurate fit")
    section.get_by_role("button", name="Record the panel decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Panel decision on 2.1 recorded.")
    expect(page.locator("#standard-2\\.1").get_by_role("heading", level=2)).to_have_text("2.1 Assessment: Good*")
    # The same form's other button withdraws the decision (it posts to its own URL).
    section = page.locator("#standard-2\\.1")
    section.get_by_text("Ratings panel decision on 2.1").click()
    section.get_by_role("button", name="Withdraw it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Panel decision on 2.1 withdrawn.")
    assert not PanelDecision.objects.exists()


def test_a_service_contact_cannot_open_another_services_pages(world: World, sign_in: Any) -> None:
    page = sign_in("contact-eastvale")
    expect(page.get_by_role("link", name="Eastvale Youth Justice Service")).to_be_visible()
    expect(page.get_by_text("Northmoor")).to_have_count(0)
    for path in ("", "data-return/", "ratings/", "cases/"):
        response = page.goto(f"/inspections/{world.inspection.pk}/{path}")
        assert response is not None
        assert response.status == 404
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    case = world.cases()[0]
    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None
    assert response.status == 404


@pytest.mark.parametrize(
    ("username", "path"),
    [
        (None, "/sign-in/"),
        (None, "/published/"),
        ("lead", "/"),
        ("lead", "/inspections/{pk}/"),
        ("lead", "/inspections/{pk}/data-return/"),
        ("lead", "/inspections/{pk}/sample/"),
        ("lead", "/inspections/{pk}/allocation/"),
        ("lead", "/inspections/{pk}/cases/"),
        ("inspector", "/cases/{case}/"),
        ("lead", "/inspections/{pk}/ratings/"),
        ("lead", "/inspections/{pk}/history/"),
        ("lead", "/account/two-factor/"),
        ("lead", "/account/password/"),
        ("admin", "/inspections/new/"),
        ("contact", "/inspections/{pk}/data-return/"),
        ("lead", "/inspections/{pk}/report/"),
        ("contact", "/inspections/{pk}/draft/"),
    ],
)
def test_main_pages_have_no_serious_accessibility_violations(
    username: str | None, path: str, world: World, sign_in: Any, anonymous: Any
) -> None:
    case = world.cases("inspector")[0]
    page = anonymous() if username is None else sign_in(username)
    page.goto(path.format(pk=world.inspection.pk, case=case.pk))
    violations = axe_violations(page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} elements, e.g. {v['nodes'][0]['html'][:120]})" for v in violations
    )


def test_pages_show_gov_uk_styles(world: World, sign_in: Any) -> None:
    page = sign_in("lead")
    page.goto(f"/inspections/{world.inspection.pk}/")
    colour = page.locator(".govuk-task-list__link").first.evaluate("el => getComputedStyle(el).color")
    assert re.match(r"rgb\(29, 112, 184\)", colour), f"GOV.UK Frontend's link colour, got {colour}"


def test_the_factual_accuracy_check_in_the_browser(world: World, sign_in: Any) -> None:
    lead = sign_in("lead")
    lead.goto(f"/inspections/{world.inspection.pk}/report/")
    lead.get_by_role("button", name="Share the draft with the service").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Draft 1 shared with the service")
    contact = sign_in("contact")
    contact.goto(f"/inspections/{world.inspection.pk}/draft/")
    contact.get_by_role("link", name="Comment on paragraph 3", exact=True).click()
    expect(contact.get_by_label("Paragraph number")).to_have_value("3")
    contact.get_by_label("What is factually inaccurate, and what is right?").fill("The board meets monthly, not quarterly.")
    contact.get_by_role("button", name="Send the comment").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Comment sent to the lead inspector.")
    expect(contact.get_by_text("Open", exact=True)).to_be_visible()
    lead.reload()
    expect(lead.get_by_text("The board meets monthly, not quarterly.")).to_be_visible()
    lead.get_by_label("How was this resolved?").fill("Corrected in the next draft.")
    lead.get_by_role("button", name=re.compile("Resolve")).click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Comment resolved.")
    contact.reload()
    expect(contact.get_by_text("Resolved", exact=True)).to_be_visible()


def test_the_public_comparisons_page_is_accessible_with_its_charts(world: World, anonymous: Any) -> None:

    result_from_inspection(inspection=world.inspection, published_on="2026-03")
    standards = ",".join(f"{d}.{n}" for d in (1, 2, 3) for n in (1, 2, 3, 4))
    rows = (
        f"service,date,programme,overall_rating,score,{standards}\n"
        + "Eastdale,2019-06,,Requires improvement,12,"
        + ",".join(["Requires improvement"] * 12)
        + "\n"
        + "Westdale,2021-02,,Good,20,"
        + ",".join(["Good"] * 8 + ["Requires improvement"] * 4)
        + "\n"
    )
    results_import_csv(by=world.users["admin"], filename="ratings.csv", content=rows.encode())
    page = anonymous()
    page.goto("/published/?programme=hmip-youth-2018&service=Northmoor+Youth+Justice+Service")
    expect(page.get_by_role("img", name="Ratings per standard across published inspections")).to_be_visible()
    expect(page.get_by_role("heading", name="Northmoor Youth Justice Service over time")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']}" for v in violations)


def test_a_prompt_autosaves_like_an_answer(world: World, sign_in: Any) -> None:
    case = next(c for c in world.cases("inspector") if c.population == "court")
    assessment.case_facts_save(by=world.users["inspector"], case=case, expected_version=0,
                               changes={"harm_factors": True, "safety_wellbeing_factors": True})  # fmt: skip
    page = sign_in("inspector")
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("form[data-autosave-ready]")).to_have_count(1)
    page.locator("input[name='answer-2.1.3.a'][value='no']").check()
    expect(page.locator("[id='status-2.1.3.a']")).to_have_text("Saved")
    assert Answer.objects.get(case=case, question_id="2.1.3.a").value == "no"
