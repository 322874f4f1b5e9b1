"""Synthetic example inspections built from published figures (no real case data).

The Bury and Rochdale 2020 example (seed 003) is constructed so that rating it reproduces the
published Annexe 2: 25 court and 17 out-of-court cases whose answers give each key question's
printed percentage. The counts per key question are chosen here, with the seed's own counts where its
text states them; everything else about the cases is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from yjinspect.bundle import FORMAT, dump_json
from yjinspect.engine.framework import Population
from yjinspect.engine.loading import load_framework
from yjinspect.programmes import Inspection, bundle_data, check_inspection

# Percentages and ratings as printed in seed 003, Annexe 2 (and its ratings table).
SEED_003_PERCENTAGES: dict[str, int] = {
    "2.1.1": 88, "2.1.2": 88, "2.1.3": 60,
    "2.2.1": 80, "2.2.2": 81, "2.2.3": 65,
    "2.3.1": 88, "2.3.2": 85, "2.3.3": 72,
    "2.4.1": 68, "2.4.2": 75, "2.4.3": 50,
    "3.1.1": 82, "3.1.2": 81, "3.1.3": 82,
    "3.2.1": 71, "3.2.2": 67, "3.2.3": 60,
    "3.3.1": 71, "3.3.2": 77, "3.3.3": 67,
    "3.4.1": 82, "3.4.2": 66,
}  # fmt: skip
SEED_003_RATINGS: dict[str, str] = {
    "1.1": "Good", "1.2": "Good", "1.3": "Good", "1.4": "Good",
    "2.1": "Requires improvement", "2.2": "Good", "2.3": "Good", "2.4": "Requires improvement",
    "3.1": "Outstanding", "3.2": "Good", "3.3": "Good", "3.4": "Good",
}  # fmt: skip
SEED_003_OVERALL = ("Good", 23, 36)
SEED_003_PANEL_REASON = (
    "The score was within 5 percentage points of the next grade boundary and the panel considered that "
    "a 'Good' rating was a more accurate fit to the work of the YJS."
)
# The one published figure no whole-number count reproduces: 3.4.2 was answered in the three youth
# conditional caution cases ("one of the cases was insufficient"), and 2 of 3 is 66.7%, printed 67.
SEED_003_IRREPRODUCIBLE = {"3.4.2": (66, 67, "2 of 3 cases is 66.7%, which rounds to 67; the seed prints 66")}

# (yes, no) per key question. Where seed 003's text gives a count it is used: 2.1.2 "22 out of 25",
# 2.1.3 "40 per cent" inaccurate of 25, 2.2.3 "13 out of 20", 3.2.3 "7 out of 10" contingency
# (a denominator of 10), 3.3.2 "out of 13", 3.4.2 "one of the cases was insufficient".
_COUNTS: dict[str, tuple[int, int]] = {
    "2.1.1": (22, 3), "2.1.2": (22, 3), "2.1.3": (15, 10),
    "2.2.1": (20, 5), "2.2.2": (17, 4), "2.2.3": (13, 7),
    "2.3.1": (22, 3), "2.3.2": (17, 3), "2.3.3": (18, 7),
    "2.4.1": (17, 8), "2.4.2": (15, 5), "2.4.3": (10, 10),
    "3.1.1": (14, 3), "3.1.2": (13, 3), "3.1.3": (9, 2),
    "3.2.1": (12, 5), "3.2.2": (10, 5), "3.2.3": (6, 4),
    "3.3.1": (12, 5), "3.3.2": (10, 3), "3.3.3": (6, 3),
    "3.4.1": (14, 3), "3.4.2": (2, 1),
}  # fmt: skip

# (disposal type, number of cases, harm factors, safety and wellbeing factors), by the inspector's view.
_COURT = [("referral order", 12, True, True), ("youth rehabilitation order", 11, True, True),
          ("detention and training order", 2, True, True)]  # fmt: skip
_OUT_OF_COURT = [("youth conditional caution", 3, True, True), ("youth caution", 6, True, True),
                 ("community resolution", 2, True, True), ("community resolution", 5, False, True),
                 ("community resolution", 1, False, False)]  # fmt: skip


def bury_and_rochdale_2020() -> dict[str, Any]:
    """Return the Bury and Rochdale 2020 example bundle as data."""
    framework = load_framework("hmip-youth-2018")
    cases: list[dict[str, Any]] = []
    for prefix, population, groups in (("C", "court", _COURT), ("O", "out_of_court", _OUT_OF_COURT)):
        number = 0
        for disposal_type, count, harm, wellbeing in groups:
            for _ in range(count):
                number += 1
                cases.append(
                    {
                        "id": f"{prefix}{number:02d}",
                        "disposal": population,
                        "disposal_type": disposal_type,
                        "harm_factors": harm,
                        "safety_wellbeing_factors": wellbeing,
                        "answers": {},
                    }
                )
    for position, (question_id, (yes, no)) in enumerate(_COUNTS.items()):
        population = "court" if question_id.startswith("2.") else "out_of_court"
        own = [c for c in cases if c["disposal"] == population]
        applicable = [
            c for c in own
            if question_id in framework.applicable_questions(
                Population(population), c["disposal_type"], c["harm_factors"], c["safety_wellbeing_factors"]
            )
        ]  # fmt: skip
        if yes + no > len(applicable):
            raise ValueError(f"{question_id}: {yes + no} answers need more than {len(applicable)} applicable cases")
        # Rotate where the yes answers start so that no case is uniformly good or poor.
        start = (position * 7) % len(applicable)
        rotated = applicable[start:] + applicable[:start]
        values = ["yes"] * yes + ["no"] * no + ["n/a"] * (len(rotated) - yes - no)
        for case, value in zip(rotated, values, strict=True):
            case["answers"][question_id] = value
        for case in own:
            case["answers"].setdefault(question_id, "n/a")
    for case in cases:
        ordered = sorted(case["answers"].items(), key=lambda kv: [int(p) for p in kv[0].split(".")])
        case["answers"] = dict(ordered)
    return {
        "format": FORMAT,
        "inspection": {
            "service": "Bury and Rochdale Youth Justice Service",
            "framework": framework.id,
            "fieldwork_start": date(2020, 2, 3).isoformat(),
            "published": "2020-06",
        },
        "note": (
            "Synthetic case-level data constructed by yjinspect (yjinspect example bury-and-rochdale-2020) so that "
            "rating it reproduces the figures published in HM Inspectorate of Probation's June 2020 report on Bury "
            "and Rochdale. No case here is real."
        ),
        "organisational_ratings": {s: SEED_003_RATINGS[s] for s in ("1.1", "1.2", "1.3", "1.4")},
        "cases": cases,
        "panel_decisions": [{"standard": "3.2", "rating": "Good", "reason": SEED_003_PANEL_REASON}],
    }


EXAMPLES: dict[str, Callable[[], dict[str, Any]]] = {"bury-and-rochdale-2020": bury_and_rochdale_2020}


def example_inspection(name: str) -> Inspection[Any]:
    """Return a named example as a checked inspection."""
    inspection, problems = check_inspection(EXAMPLES[name]())
    if inspection is None:  # the builder is ours: a problem here is a bug, not bad input
        raise AssertionError("; ".join(str(p) for p in problems))
    return inspection


def example_text(name: str) -> str:
    """Return a named example as bundle JSON text, exactly as examples/ holds it."""
    return dump_json(bundle_data(example_inspection(name)))
