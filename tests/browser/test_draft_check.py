"""The factual accuracy check in the browser: the service contact reads the numbered draft and comments on one
item of a bullet list by its number (issue 11, item 4); axe-core finds no violation of any impact."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ALL_IMPACTS, axe_violations
from tests.web.world import World
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment
from yjinspect.web.inspections.services import report

pytestmark = pytest.mark.browser

IMPROVEMENT = "Plans for children placed out of area are late."


def _no_violations(page: Page) -> None:
    violations = axe_violations(page, ALL_IMPACTS)
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])} elements, e.g. {v['nodes'][0]['html'][:160]})"
        for v in violations
    )


def test_the_service_contact_comments_on_a_bullet_item_by_its_number(world: World, sign_in: Any) -> None:
    narrative = {
        "foreword": "Northmoor's partners work well together.",
        "executive_summary": {"1": {"strengths": ["The board's chair knows every plan."], "improvements": [IMPROVEMENT]}},
        "recommendations": [{"to": "The YJS board", "text": "review the out-of-area protocol"}],
    }
    report.narrative_save(by=world.users["lead"], inspection=world.inspection, narrative=narrative, expected_version=0)
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    paragraphs = publishing.draft_paragraphs(version)
    number = next(int(pid.removeprefix("p-")) for pid, text in paragraphs if text == IMPROVEMENT)

    contact = sign_in("contact")
    contact.goto(f"/inspections/{world.inspection.pk}/draft/")
    item = contact.locator(f"#p-{number}")
    expect(item).to_contain_text(f"Paragraph {number} {IMPROVEMENT}")  # the number stands beside the item
    expect(contact.locator(".yj-paragraph-number")).to_have_count(len(paragraphs))
    expect(contact.get_by_label("Paragraph number")).to_have_value("")
    _no_violations(contact)

    item.get_by_role("link", name=f"Comment on paragraph {number}").click()
    expect(contact.get_by_label("Paragraph number")).to_have_value(str(number))
    expect(contact.locator("#paragraph-chosen")).to_contain_text(f"Paragraph {number} reads: {IMPROVEMENT}")
    _no_violations(contact)

    contact.get_by_label("Paragraph number").fill(str(len(paragraphs) + 1))  # a slip of the finger: refused, text kept
    contact.get_by_label("What is factually inaccurate, and what is right?").fill("Plans are on time since May.")
    contact.get_by_role("button", name="Send the comment").click()
    expect(contact.locator(".govuk-error-summary")).to_contain_text(f"has paragraphs 1 to {len(paragraphs)}")
    expect(contact.get_by_label("What is factually inaccurate, and what is right?")).to_have_value("Plans are on time since May.")
    _no_violations(contact)

    contact.get_by_label("Paragraph number").fill(str(number))
    contact.get_by_role("button", name="Send the comment").click()
    expect(contact.locator(".govuk-notification-banner")).to_contain_text("Comment sent to the lead inspector.")
    expect(contact.get_by_text(f"Paragraph {number}: {IMPROVEMENT}")).to_be_visible()
    comment = DraftComment.objects.get()
    assert (comment.paragraph, comment.quoted) == (f"p-{number}", IMPROVEMENT)
    _no_violations(contact)

    contact.get_by_role("link", name="Read the draft as one document").click()
    expect(contact.locator(f"li#p-{number}")).to_contain_text(f"{number} {IMPROVEMENT}")
    _no_violations(contact)
