"""The next inspection knows the last, in the browser (issue 13, item 3): the ratings page sets each standard's
previous rating beside the new one, the overview lists the previous inspections, the public page shows the
service over time; axe-core finds no violation of any impact on any of them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.web.test_previous_inspections import _imported, _new_2021, _published_here
from tests.web.world import World

pytestmark = pytest.mark.browser


def test_the_ratings_page_sets_the_last_inspection_beside_the_new_one(world: World, sign_in: Any, anonymous: Any) -> None:
    _imported(world.northmoor.name, "2019-06")
    _published_here(world, date(2023, 5, 8), "2023-10")
    inspection = _new_2021(world)
    page = sign_in("lead")

    page.goto(f"/inspections/{inspection.pk}/ratings/")
    table = page.locator("#beside-last-table")
    expect(page.get_by_role("heading", name="Beside the last inspection")).to_be_visible()
    expect(table.locator("#beside-2\\.1")).to_contain_text("Good")
    expect(table.locator("#beside-3\\.4")).to_contain_text("No standard corresponds")
    expect(table.locator("#beside-4\\.1")).to_contain_text("Resettlement policy and provision is new in 2021")
    expect(page.locator("#beside-dropped")).to_contain_text("standard 3.4, rated Outstanding")
    assert axe_violations(page) == []

    page.goto(f"/inspections/{inspection.pk}/")
    section = page.locator("#earlier-inspections")
    expect(section.get_by_role("heading", name="Published October 2023", exact=False)).to_be_visible()
    expect(section).to_contain_text("Improve risk of harm work.")
    assert axe_violations(page) == []

    public = anonymous()
    public.goto(f"/published/?programme=hmip-youth-2018&service={world.northmoor.name}")
    expect(public.locator("#over-time")).to_contain_text("October 2023")
    assert axe_violations(public) == []
