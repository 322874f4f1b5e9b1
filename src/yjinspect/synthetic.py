"""Synthetic eligible caseloads for demos, tests and benchmarks: realistic in shape, never real."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

from yjinspect.engine.scored.framework import load_scored_framework

# Shares loosely shaped like youth justice caseloads; they only need to look plausible.
_COURT_TYPES = (("referral order", 50), ("youth rehabilitation order", 35), ("detention and training order", 10),
                ("other custody", 5))  # fmt: skip
_OUT_OF_COURT_TYPES = (("community resolution", 50), ("youth caution", 30), ("youth conditional caution", 20))
_GENDER = (("male", 82), ("female", 18))
_ROSH = (("low", 55), ("medium", 35), ("high", 9), ("very high", 1))
_WELLBEING = (("low", 35), ("medium", 45), ("high", 17), ("very high", 3))
COLUMNS = ("case_id", "disposal_type", "disposal_date", "gender", "rosh", "safety_wellbeing", "team")


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def synthetic_caseload(rows: int, *, fieldwork_start: date, seed: int = 0, court_share: float = 0.6) -> str:
    """Return a caseload CSV with disposals spread over the 12 months before fieldwork starts."""
    rng = random.Random(f"yjinspect-synthetic:{seed}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number in range(1, rows + 1):
        court = rng.random() < court_share
        disposal_type = _pick(rng, _COURT_TYPES if court else _OUT_OF_COURT_TYPES)
        made = fieldwork_start - timedelta(days=rng.randint(1, 365))
        rosh = _pick(rng, _ROSH)
        # Out-of-court cases are often not yet classified by the service.
        if not court and rng.random() < 0.1:
            rosh = ""
        writer.writerow(
            (f"YJ{number:06d}", disposal_type, made.isoformat(), _pick(rng, _GENDER), rosh, _pick(rng, _WELLBEING),
             rng.choice(("North", "South", "Central")))
        )  # fmt: skip
    return out.getvalue()


def synthetic_scored_bundle(
    framework_id: str, *, cases: int, seed: int = 0, service: str = "Synthetic Youth Offending Service",
    fieldwork_start: date = date(2014, 3, 3),
) -> dict[str, Any]:  # fmt: skip
    """Return bundle data for a scored programme's inspection with made-up answers (never real cases)."""
    framework = load_scored_framework(framework_id)
    # The seed's text is kept from when these programmes were called "legacy": changing it would change
    # every synthetic inspection (the demo's included) that tests and screenshots were checked against.
    rng = random.Random(f"yjinspect-synthetic-legacy:{framework_id}:{seed}")
    settings = [s.id for s in framework.settings]
    items = []
    for number in range(1, cases + 1):
        answers = {
            q.id: "n/a" if rng.random() < 0.1 else ("yes" if rng.random() < 0.75 else "no")
            for _, q in framework.scoring_questions()
        }
        case: dict[str, Any] = {"id": f"C{number:03d}"}
        if settings:
            case["setting"] = settings[0] if rng.random() < 0.15 else settings[-1]
        items.append(case | {"answers": answers})
    data: dict[str, Any] = {
        "format": "yjinspect.bundle/1",
        "inspection": {"service": service, "framework": framework_id, "fieldwork_start": fieldwork_start.isoformat()},
        "cases": items,
    }
    if framework.judgements:
        # Any of the four will do for made-up data; the real judgement is the team's, not a rule of ours.
        data["judgements"] = {t.id: rng.choice(framework.judgements) for t in framework.themes}
    return data
