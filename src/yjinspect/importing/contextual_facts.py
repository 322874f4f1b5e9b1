"""The contextual facts a service returns with its data: their labels, and checking the figures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

# Labels are printed in reports as the composer's own words, so they spell numbers out.
FACT_LABELS: dict[str, str] = {
    "caseload_court": "Court disposals in the last twelve months",
    "caseload_out_of_court": "Out-of-court disposals in the last twelve months",
    "staff_fte": "Staff (full-time equivalent)",
    "budget_total": "Total budget (£)",
    "in_education_percent": "Children in education, training or employment (%)",
    "looked_after_percent": "Children who are looked after (%)",
}


def is_decimal_fact(key: str) -> bool:
    """Return whether a fact is a decimal (a full-time equivalent, such as 41.5 staff) rather than a whole number."""
    return key.endswith("_fte")


def check_facts(data: Mapping[str, str]) -> tuple[dict[str, int | float], list[str]]:
    """Return the facts as numbers and every problem; blanks are left out, percentages are 0-100.

    Figures are whole numbers, except a full-time equivalent, which may have up to two decimal places
    (41.5); a decimal with nothing after the point (41.0) is kept as the whole number it is."""
    problems: list[str] = []
    clean: dict[str, int | float] = {}
    for key, label in FACT_LABELS.items():
        raw = (data.get(key) or "").strip().replace(",", "")
        if not raw:
            continue
        percent = key.endswith("_percent")
        # Only the digits 0-9: str.isdigit() also accepts superscripts such as "²", which int() refuses.
        if is_decimal_fact(key):
            if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", raw):
                problems.append(f"{label}: {data.get(key)!r} is not a number such as 41 or 41.5 (at most two decimal places)")
            else:
                value = Decimal(raw)
                clean[key] = int(value) if value == value.to_integral_value() else float(value)
        elif not re.fullmatch(r"[0-9]+", raw) or (percent and int(raw) > 100):
            expected = "a whole number from 0 to 100" if percent else "a whole number"
            problems.append(f"{label}: {data.get(key)!r} is not {expected}")
        else:
            clean[key] = int(raw)
    return clean, problems
