"""The contextual facts a service returns with its data: their labels, and checking the figures."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Labels are printed in reports as the composer's own words, so they spell numbers out.
FACT_LABELS: dict[str, str] = {
    "caseload_court": "Court disposals in the last twelve months",
    "caseload_out_of_court": "Out-of-court disposals in the last twelve months",
    "staff_fte": "Staff (full-time equivalent)",
    "budget_total": "Total budget (£)",
    "in_education_percent": "Children in education, training or employment (%)",
    "looked_after_percent": "Children who are looked after (%)",
}


def check_facts(data: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """Return the facts as whole numbers and every problem; blanks are left out, percentages are 0-100."""
    problems: list[str] = []
    clean: dict[str, int] = {}
    for key, label in FACT_LABELS.items():
        raw = (data.get(key) or "").strip().replace(",", "")
        if not raw:
            continue
        percent = key.endswith("_percent")
        # Only the digits 0-9: str.isdigit() also accepts superscripts such as "²", which int() refuses.
        if not re.fullmatch(r"[0-9]+", raw) or (percent and int(raw) > 100):
            expected = "a whole number from 0 to 100" if percent else "a whole number"
            problems.append(f"{label}: {data.get(key)!r} is not {expected}")
        else:
            clean[key] = int(raw)
    return clean, problems
