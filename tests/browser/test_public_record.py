"""The public pages with the real public record (issue 14, item 4): read in a browser, with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.web.world import World
from yjinspect.web.inspections.services.published_results import results_import_public_record

pytestmark = pytest.mark.browser


def _problems(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:160]})" for v in violations)


def test_the_public_record_reads_in_a_browser_without_an_accessibility_violation(world: World, anonymous: Any) -> None:
    results_import_public_record(by=world.users["admin"])
    page = anonymous()
    page.goto("/published/?programme=hmip-youth-2021")
    assert page.get_by_role("heading", name="Published inspections").is_visible()
    assert page.get_by_text("Ratings per standard", exact=False).first.is_visible()
    assert page.get_by_role("heading", name="Sources and licences").is_visible()
    assert page.get_by_role("link", name="MIT licence, copyright 2025 data-to-insight").is_visible()
    assert axe_violations(page) == [], _problems(axe_violations(page))
    # Choose a service the way a visitor does: its history runs from the 2021 framework to the 2025 one.
    page.get_by_label("Compare a service").select_option("Wakefield")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**service=Wakefield**")
    history = page.locator("#over-time")
    assert history.get_by_text("Framework changed").is_visible()
    assert "Inspection of youth justice work with children and victims (2025 framework)" in history.inner_text()
    history.get_by_text("What the data left out").first.click()
    assert history.get_by_text("column policy_and_provision stands for 2 standards").is_visible()
    violations = axe_violations(page)
    assert violations == [], _problems(violations)
