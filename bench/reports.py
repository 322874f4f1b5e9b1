"""Print the time to compose and render each report format for a 42-case and a 150-case inspection.
Targets (issue 4, 42 cases, this 2-core machine): HTML under 0.5 s, Word under 2 s, PDF under 10 s.
Figures only: no assertion, no pass or fail."""

from __future__ import annotations

import copy
import json
import time

from yjinspect.examples import bury_and_rochdale_2020
from yjinspect.programmes import check_inspection as check_bundle
from yjinspect.programmes import compose_report
from yjinspect.reporting.renderers import render_report


def bundle_with(cases: int) -> dict[str, object]:
    """Return the example with its cases repeated (new ids) up to the given number."""
    data = bury_and_rochdale_2020()
    original = data["cases"]
    assert isinstance(original, list)
    grown = []
    for index in range(cases):
        case = copy.deepcopy(original[index % len(original)])
        case["id"] = f"{case['id']}-{index // len(original)}"
        grown.append(case)
    data["cases"] = grown
    return json.loads(json.dumps(data))


def main() -> None:
    for cases in (42, 150):
        inspection, problems = check_bundle(bundle_with(cases))
        assert inspection is not None, problems
        started = time.perf_counter()
        document = compose_report(inspection)
        composed = time.perf_counter() - started
        print(f"{cases} cases: compose {composed * 1000:.1f} ms", end="")
        for report_format, target in (("html", 0.5), ("docx", 2), ("pdf", 10)):
            started = time.perf_counter()
            rendered = render_report(document, report_format)
            seconds = time.perf_counter() - started + composed
            print(f"; {report_format} {seconds:.2f} s ({len(rendered.content) // 1024} KiB, target < {target:g} s)", end="")
        print()


if __name__ == "__main__":
    main()
