"""The Content-Security-Policy in a real browser: the pages work under it and break none of its rules."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, expect

from tests.web.world import World

pytestmark = pytest.mark.browser


def test_the_pages_run_their_scripts_without_breaking_the_policy(world: World, sign_in: Any) -> None:
    page = sign_in("lead")
    refused: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)
    case = world.cases("lead")[0]
    for url in ["/", f"/inspections/{world.inspection.pk}/", f"/cases/{case.pk}/", f"/inspections/{world.inspection.pk}/report/"]:
        page.goto(url)
        # Both start-up scripts (files now, not inline) ran: the body's classes, and GOV.UK Frontend
        # marked the skip link as started.
        expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
        expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")
    page.goto(f"/inspections/{world.inspection.pk}/report/preview/")
    assert refused == []
