"""Export an inspection as a `yjinspect.bundle/1` file (`services/exchange.py` imports one); a round trip keeps everything.

The bundle's standard part (cases whose judgement is recorded, their answers, team ratings, panel
decisions) is what `yjinspect rate` reads. What only the web application has (team, caseload,
contextual facts, the whole draw with reserves and substitutions, evidence notes, states,
classifications, the report's narrative) travels in extra fields, which the format keeps by design.
Real names recorded on cases (kept only to stop them being published) are never exported.
"""

from __future__ import annotations

from typing import Any

from yjinspect.bundle import FORMAT
from yjinspect.engine.legacy.framework import load_legacy_framework
from yjinspect.engine.loading import load_framework
from yjinspect.web.inspections.models import Inspection, Report, SampledCase, SampleState
from yjinspect.web.inspections.selectors import engine_case, is_legacy, legacy_case
from yjinspect.web.inspections.services.assessment import CASE_FACTS

CASE_FIELDS = (
    "population",
    "disposal_type",
    "gender",
    "service_rosh",
    "service_safety_wellbeing",
    "draw_position",
    "sample_state",
    "replaced_reason",
    "state",
    "review_comment",
    # The inspector's case facts, except the real names kept only to stop them being published.
    *(fact for fact in CASE_FACTS if fact != "real_names"),
)
CASELOAD_FIELDS = ("row", "case_ref", "population", "disposal_type", "gender", "rosh", "safety_wellbeing")


def rated_answers(case: SampledCase) -> dict[str, str]:
    """Return the answers that count for a case, as the engine rates them (selectors.engine_case)."""
    counted = engine_case(load_framework(case.inspection.framework_id), case)
    return {q: a.value for q, a in sorted(counted.answers.items())}


def _header(inspection: Inspection) -> dict[str, Any]:
    return {
        "service": inspection.service.name,
        "framework": inspection.framework_id,
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        "announced_on": inspection.announced_on.isoformat(),
    }


def _web_part(inspection: Inspection, cases: list[SampledCase]) -> dict[str, Any]:
    """What only the web application has, for any programme: team, evidence, narrative, every case's state."""
    return {
        "team": [
            {"username": m.user.username, "role": m.role}
            for m in inspection.memberships.select_related("user").order_by("user__username")
        ],
        "team_rating_evidence": {
            t.standard_id: t.evidence for t in inspection.team_ratings.order_by("standard_id") if t.evidence
        },
        # The report's narrative; the composers read it under this key.
        "narrative": Report.objects.filter(inspection=inspection).values_list("narrative", flat=True).first() or {},
        "sample": {
            "seed": inspection.sample_seed,
            "locked": inspection.sample_locked_at is not None,
            "cases": [
                {
                    "id": c.case_ref,
                    **{f: getattr(c, f) for f in CASE_FIELDS},
                    "replacement": c.replacement.case_ref if c.replacement else None,
                    "assessor": c.assessor.username if c.assessor else None,
                    "answers": {a.question_id: a.value for a in sorted(c.answers.all(), key=lambda a: a.question_id) if a.value},
                    "evidence": {
                        a.question_id: a.evidence for a in sorted(c.answers.all(), key=lambda a: a.question_id) if a.evidence
                    },
                }
                for c in cases
            ],
        },
    }


def _legacy_export(inspection: Inspection, cases: list[SampledCase]) -> dict[str, Any]:
    """An earlier programme's bundle: answers to its scoring questions, the FJI team's judgements."""
    framework = load_legacy_framework(inspection.framework_id)
    sampled = [c for c in cases if c.sample_state == SampleState.SAMPLED]
    data: dict[str, Any] = {
        "format": FORMAT,
        "inspection": _header(inspection),
        "cases": [
            {
                "id": c.case_ref,
                **({"setting": c.setting} if c.setting else {}),
                "answers": {q: a.value for q, a in sorted(legacy_case(framework, c).answers.items())},
            }
            for c in sampled
        ],
    }
    if framework.scoring == "fji":
        data["judgements"] = {
            t.standard_id: t.rating for t in inspection.team_ratings.order_by("standard_id") if t.rating in framework.judgements
        }
    return data | _web_part(inspection, cases)


def bundle_export(inspection: Inspection) -> dict[str, Any]:
    """Return the whole inspection as bundle data."""
    cases = list(inspection.cases.select_related("assessor", "replacement").prefetch_related("answers"))
    if is_legacy(inspection):
        return _legacy_export(inspection, cases)
    judged = [
        c
        for c in cases
        if c.sample_state == SampleState.SAMPLED and c.harm_factors is not None and c.safety_wellbeing_factors is not None
    ]
    return {
        "format": FORMAT,
        "inspection": _header(inspection),
        "organisational_ratings": {t.standard_id: t.rating for t in inspection.team_ratings.order_by("standard_id") if t.rating},
        "cases": [
            {
                "id": c.case_ref,
                "disposal": c.population,
                "disposal_type": c.disposal_type,
                "harm_factors": c.harm_factors,
                "safety_wellbeing_factors": c.safety_wellbeing_factors,
                "answers": rated_answers(c),
                **({"offence_type": c.offence_type} if c.offence_type else {}),
            }
            for c in judged
        ],
        "panel_decisions": [
            {"standard": d.standard_id, "rating": d.rating, "reason": d.reason, "decided_by": d.decided_by.username}
            for d in inspection.panel_decisions.select_related("decided_by").order_by("standard_id")
        ],
        "contextual_facts": inspection.facts.data,
        "caseload": [
            {**{f: getattr(r, f) for f in CASELOAD_FIELDS}, "disposal_date": r.disposal_date.isoformat()}
            for r in inspection.caseload.all()
        ],
        **_web_part(inspection, cases),
    }
