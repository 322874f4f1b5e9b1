"""What people see keeps its shape: long unbroken text wraps, a chart's key stays readable (issue 11, item 7)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.web.world import World
from yjinspect.web.inspections.models import PublishedResult
from yjinspect.web.inspections.services.common import history_record

pytestmark = pytest.mark.browser


def test_a_100000_character_comment_without_spaces_keeps_the_page_its_width(world: World, sign_in: Any) -> None:
    history_record(world.inspection, world.users["contact"], "factual accuracy comment on 1.1", None, "x" * 100_000)
    page = sign_in("lead")
    page.goto(f"/inspections/{world.inspection.pk}/history/")
    page.get_by_text("factual accuracy comment on 1.1").wait_for()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} pixels wide in a {widths[1]}-pixel window"
    assert axe_violations(page) == []


_KEY_OVERLAPS = """() => {
  const svg = [...document.querySelectorAll('svg')].find(s => s.querySelector('title')?.textContent.startsWith('Ratings per standard'));
  const names = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate', 'Not rated'];
  const texts = [...svg.querySelectorAll('text')].filter(t => names.includes(t.textContent));
  const swatches = [...svg.querySelectorAll('rect')].filter(r => r.getAttribute('width') === '12' && r.getAttribute('height') === '12');
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const found = [];
  for (const t of texts) {
    for (const other of [...texts, ...swatches]) {
      if (other !== t && meet(box(t), box(other))) found.push(`${t.textContent} / ${other.textContent || 'a swatch'}`);
    }
  }
  return {names: texts.map(t => t.textContent), overlaps: found};
}"""


def test_the_public_charts_key_does_not_run_one_rating_into_the_next(world: World, anonymous: Any) -> None:
    ratings = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    for index, service in enumerate(("Westdale", "Eastdale", "Northdale", "Southdale")):
        standards = {s: ratings[(index + n) % 4] for n, s in enumerate(("1.1", "1.2", "1.3", "2.1"))}
        PublishedResult.objects.create(
            programme="hmip-youth-2018", service=service, date="2021-02", source="csv", figures={"standards": standards}
        )
    page = anonymous()
    page.goto("/published/")
    key = page.evaluate(_KEY_OVERLAPS)
    assert set(ratings) <= set(key["names"]), key
    assert key["overlaps"] == []
    assert axe_violations(page) == []
