"""A child answers the inspection's questionnaire in a real browser on a phone-sized screen, without signing in:
starts, answers, leaves, comes back later with the same link (on another phone, with the word it was shown), checks
and sends; the same link is then refused.
axe-core finds no violation of any impact on any respondent page, in English and in Welsh (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import axe_violations
from tests.web.world import World
from yjinspect.web.surveys.models import Invitation, InvitationState, Response
from yjinspect.web.surveys.services import survey as services
from yjinspect.web.surveys.services.survey import code_display

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}  # a small phone


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Open a fresh phone-sized browser with no account (each call: another day, another browser)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _codes(world: World) -> list[str]:
    survey = services.survey_open(
        by=world.users["lead"], inspection=world.inspection, instrument_id="children-and-young-people",
        closes_on=(timezone.localdate() + timedelta(days=7)).isoformat(), invitations="3",
    )  # fmt: skip
    return list(survey.invitations.order_by("number").values_list("code", flat=True))


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations]


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px wide): {page.url}"


def test_a_child_answers_on_a_phone_comes_back_later_and_sends_once(world: World, phone: Any) -> None:
    code = _codes(world)[0]
    child = phone()
    child.goto("/survey/")  # a paper invitation: the child types the code
    _no_violations(child)
    child.get_by_label("Enter your code").fill(code_display(code).lower())
    child.get_by_role("button", name="Continue").click()
    expect(child.get_by_role("heading", level=1)).to_have_text("Tell us what you think of the youth justice service")
    _no_violations(child)
    _fits_the_screen(child)
    child.get_by_role("button", name="Start now").click()

    expect(child.get_by_role("heading", level=1)).to_have_text("Do you know why you have to see the youth justice service?")
    _no_violations(child)
    _fits_the_screen(child)
    child.get_by_label("Yes").check()
    child.get_by_role("button", name="Continue").click()
    child.get_by_role("button", name="Continue").click()  # leaves "told what would happen" out
    child.get_by_label("Most of the time").check()
    child.get_by_role("button", name="Continue").click()
    child.get_by_label("Yes").check()  # knows their plan: the follow-ups are asked
    child.get_by_role("button", name="Continue").click()
    expect(child.get_by_role("heading", level=1)).to_have_text("Did your worker talk to you about your plan?")
    note = child.locator(".govuk-inset-text").filter(has_text="Your word for carrying on").inner_text()
    word = note.split("Your word for carrying on: ")[1].split(".")[0]
    child.context.close()  # the child stops here

    later = phone()  # another day, another phone: the same link carries on, with the child's word
    later.goto(f"/survey/{code}/")
    expect(later.get_by_role("heading", level=1)).to_have_text("Enter your word to carry on")
    _no_violations(later)
    _fits_the_screen(later)
    later.get_by_label("Your word (for example, tiger-47)").fill(word.upper())
    later.get_by_role("button", name="Continue").click()
    later.get_by_role("button", name="Carry on where you left off").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Did your worker talk to you about your plan?")
    later.get_by_label("No", exact=True).check()
    later.get_by_role("button", name="Continue").click()
    later.goto(f"/survey/{code}/questions/score/")
    later.get_by_label("Out of 100, how good is the service? (100 is the best.)").fill("two hundred")
    later.get_by_role("button", name="Continue").click()
    expect(later.locator(".govuk-error-summary")).to_contain_text("Type a whole number from 0 to 100")
    _no_violations(later)  # the error page too
    later.get_by_label("Out of 100, how good is the service? (100 is the best.)").fill("85")
    later.get_by_role("button", name="Continue").click()
    later.goto(f"/survey/{code}/questions/helped_with/")
    later.get_by_label("Getting on with my family").check()
    later.get_by_label("Feeling less stressed").check()
    later.get_by_role("button", name="Continue").click()
    later.goto(f"/survey/{code}/questions/anything_else/")
    _no_violations(later)
    later.get_by_label("Is there anything else you want to tell us?").fill("<b>It helped.</b>")
    later.get_by_role("button", name="Continue").click()

    expect(later.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
    _no_violations(later)
    _fits_the_screen(later)
    expect(later.locator(".govuk-summary-list")).to_contain_text("<b>It helped.</b>")  # shown as typed, never as markup
    later.get_by_role("button", name="Send my answers").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Thank you: your answers have been sent")
    _no_violations(later)

    response = Response.objects.get()
    assert response.answers["know_why"] == "yes"
    assert response.answers["score"] == 85
    assert response.answers["helped_with"] == ["family", "stress"]
    assert Invitation.objects.get(code=code).state == InvitationState.SUBMITTED

    again = phone()  # the same link a second time is refused clearly
    reply = again.goto(f"/survey/{code}/")
    assert reply is not None
    assert reply.status == 410
    expect(again.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    _no_violations(again)
    later.go_back()  # the check page, still open in the first browser: sending again is refused too
    later.reload()
    expect(later.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    assert Response.objects.count() == 1


def test_the_welsh_journey_and_the_refusal_pages_pass_axe(world: World, phone: Any) -> None:
    code = _codes(world)[1]
    page = phone()
    page.goto(f"/survey/{code}/")
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dywedwch wrthym beth yw eich barn am y gwasanaeth cyfiawnder ieuenctid"
    )
    assert page.locator("html").get_attribute("lang") == "cy"
    _no_violations(page)
    page.get_by_role("button", name="Dechrau nawr").click()
    _no_violations(page)
    page.get_by_label("Ie").check()
    page.get_by_role("button", name="Parhau").click()
    page.goto(f"/survey/{code}/check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwiriwch eich atebion cyn eu hanfon")
    _no_violations(page)
    page.goto("/survey/thank-you/?lang=cy")
    _no_violations(page)

    for path, heading in (("/survey/AAAABBBBCCCC/", "Link not found"), ("/survey/?code=x", "Enter your code")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _no_violations(page)
    invitation = Invitation.objects.get(code=code)
    invitation.survey.closes_on = timezone.localdate() - timedelta(days=1)
    invitation.survey.save()
    page.goto(f"/survey/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae'r arolwg hwn wedi cau")  # in the link's Welsh
    _no_violations(page)


def test_the_teams_survey_pages_pass_axe_and_the_lead_opens_a_survey_in_the_browser(world: World, sign_in: Any) -> None:
    codes = _codes(world)
    for code, words in zip(codes[:2], ("My worker Jordan helped me.", "It was fine."), strict=True):
        link, _ = services.answer_save(code=code, question_id="anything_else", values=[words])
        services.answer_save(code=code, question_id="know_why", values=["yes"], word=link.word)
        services.response_submit(code=code, word=link.word)
    lead = sign_in("lead")
    base = f"/inspections/{world.inspection.pk}/surveys/"
    lead.goto(base)
    _no_violations(lead)
    lead.get_by_label("Questionnaire").select_option("victims")
    lead.get_by_label("Closing date").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    lead.get_by_label("How many invitation codes").fill("4")
    lead.get_by_role("button", name="Open the survey").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Invitation codes: Questionnaire for victims")
    expect(lead.locator("tbody tr")).to_have_count(4)
    _no_violations(lead)
    survey_pk = Invitation.objects.get(code=codes[0]).survey_id
    lead.goto(f"{base}{survey_pk}/")
    expect(lead.locator("body")).to_contain_text("2 children completed the questionnaire.")
    expect(lead.locator("body")).to_contain_text("Could identify someone")
    expect(lead.locator("body")).to_contain_text("Fewer than 5: counts only")
    _no_violations(lead)
    inspector = sign_in("inspector")
    inspector.goto(f"{base}{survey_pk}/paper/")
    _no_violations(inspector)
    inspector.get_by_role("group", name="1. Do you know why you have to see the youth justice service?").get_by_label(
        "Yes"
    ).check()
    inspector.get_by_role("button", name="Save this questionnaire").click()
    expect(inspector.locator(".govuk-notification-banner")).to_contain_text("Paper questionnaire saved.")
    assert Response.objects.filter(survey_id=survey_pk).count() == 3
