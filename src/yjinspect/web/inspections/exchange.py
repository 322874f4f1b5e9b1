"""Export an inspection as a `yjinspect.bundle/1` file (`services/exchange.py` imports one); a round trip keeps everything.

The programme's part (cases as its plug-in writes them, the team's ratings, panel decisions) is what
`yjinspect rate` reads; the report's typed fields (narrative, contextual facts, caseload, offence
types) follow. What only the web application has (team, the whole draw with reserves and
substitutions, evidence notes, states, classifications, double marking and quality reviews) travels
in extra fields, which the format keeps by design.
Real names recorded on cases (kept only to stop them being published) are never exported.
"""

from __future__ import annotations

from typing import Any

from yjinspect.programmes import bundle_data
from yjinspect.web.inspections.models import AnswerResolution, Inspection, QualityReview, SampledCase, SecondAssessment
from yjinspect.web.inspections.selectors import programme_inspection
from yjinspect.web.inspections.services.assessment import CASE_FACTS
from yjinspect.web.surveys import selectors as survey_selectors

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


def _double_marking_part(inspection: Inspection) -> dict[str, Any]:
    """The blind second assessments, the lead inspector's resolutions and the quality lead's reviews, by case id."""
    seconds = SecondAssessment.objects.filter(case__inspection=inspection).select_related("case", "assessor")
    return {
        "percent": inspection.double_mark_percent,
        "quality_percent": inspection.quality_sample_percent,
        "second_assessments": [
            {
                "case": s.case.case_ref,
                "assessor": s.assessor.username,
                "chosen_by": s.chosen_by,
                "submitted": s.submitted_at is not None,
                "first_answers": s.first_answers,  # the first assessor's answers when both were done (None before)
                "answers": {a.question_id: a.value for a in sorted(s.answers.all(), key=lambda a: a.question_id) if a.value},
                "evidence": {
                    a.question_id: a.evidence for a in sorted(s.answers.all(), key=lambda a: a.question_id) if a.evidence
                },
            }
            for s in seconds.order_by("case__case_ref")
        ],
        "resolutions": [
            {
                "case": r.case.case_ref,
                "question": r.question_id,
                "first": r.first_value,
                "second": r.second_value,
                "resolved": r.resolved_value,
                "reason": r.reason,
                "by": r.resolved_by.username,
            }
            for r in AnswerResolution.objects.filter(case__inspection=inspection)
            .select_related("case", "resolved_by")
            .order_by("case__case_ref", "question_id")
        ],
        "quality_reviews": [
            {
                "case": q.case.case_ref,
                "question": q.question_id,
                "answer": q.answer_value,
                "assessor": q.assessor.username,
                "agrees": q.agrees,
                "reason": q.reason,
                "reviewer": q.reviewer.username,
            }
            for q in QualityReview.objects.filter(case__inspection=inspection)
            .select_related("case", "assessor", "reviewer")
            .order_by("case__case_ref", "question_id")
        ],
    }


def bundle_export(inspection: Inspection) -> dict[str, Any]:
    """Return the whole inspection as bundle data: its programme's part, the report's fields, the web app's own."""
    cases = list(inspection.cases.select_related("assessor", "replacement").prefetch_related("answers"))
    # The report's fields as the web report prints them (the practice examples of flagged cases
    # included), so that a report made from the export by the command line is the web's report.
    data = bundle_data(programme_inspection(inspection, with_report=True))
    data["inspection"]["announced_on"] = inspection.announced_on.isoformat()
    if "panel_decisions" in data:  # who decided travels with each decision, for the import to restore
        decided_by = {d.standard_id: d.decided_by.username for d in inspection.panel_decisions.select_related("decided_by")}
        data["panel_decisions"] = [d | {"decided_by": decided_by.get(d["standard"], "")} for d in data["panel_decisions"]]
    return (
        data
        | _web_part(inspection, cases)
        | {"double_marking": _double_marking_part(inspection)}
        | survey_selectors.bundle_part(inspection)
    )
