"""Ordinary words stay whole: a long unbroken string wraps (test_words_and_layout.py), but a word that fits
on a line is never cut in two ("Y / e / s" beside a radio button, "Announce / d" in a table heading,
"ser / vices" in the draft the service reads), as the user guide's screenshots showed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.world import World
from yjinspect.web.inspections.services import report

pytestmark = pytest.mark.browser

# The words (runs of letters and digits) of the matching elements that the browser laid out on more than one line.
_SPLIT_WORDS = r"""(selector) => {
  const split = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/[A-Za-z0-9']+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


def test_the_case_pages_yes_and_no_stay_whole(world: World, sign_in: Any) -> None:
    case = world.cases("inspector")[0]
    page = sign_in("inspector")
    page.goto(f"/cases/{case.pk}/")
    assert page.evaluate(_SPLIT_WORDS, ".govuk-radios__label") == []


def test_the_home_pages_table_keeps_its_words_whole(world: World, sign_in: Any) -> None:
    page = sign_in("admin")
    page.goto("/")
    assert page.evaluate(_SPLIT_WORDS, "table th, table td") == []


def test_the_draft_the_service_reads_keeps_its_words_whole(world: World, sign_in: Any) -> None:
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    page = sign_in("contact")
    page.goto(f"/inspections/{world.inspection.pk}/draft/")
    assert page.evaluate(_SPLIT_WORDS, ".yj-draft-paragraph") == []
