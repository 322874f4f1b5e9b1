"""The HTML report passes axe-core with no violation of any impact."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import EXAMPLES
from yjinspect.programmes import compose_report
from yjinspect.programmes import read_inspection_file as read_bundle_file
from yjinspect.reporting.renderers.html import to_html

pytestmark = pytest.mark.browser


def test_the_html_report_has_no_accessibility_violations(browser: Any) -> None:
    document = compose_report(read_bundle_file(str(EXAMPLES / "bury-and-rochdale-2020.json")))
    page = browser.new_page()
    page.set_content(to_html(document))
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:120]})" for v in violations)
    page.close()
