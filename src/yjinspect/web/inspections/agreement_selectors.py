"""What the agreement pages show: how far the two assessors of double-marked cases agreed, per question and
overall (engine/agreement.py counts), and each assessor's answers changed on resolution or questioned by a
quality lead's dip-sample. For one inspection (its team) or every inspection in a period (the inspectorate)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from yjinspect.engine.agreement import Agreement, AnswerPair, agreement, agreement_by_question
from yjinspect.engine.intervals import LANDIS_KOCH_SOURCE
from yjinspect.programmes.base import programme_for
from yjinspect.web.inspections.models import Answer, Inspection, QualityReview, SecondAssessment
from yjinspect.web.inspections.selectors import programme_of
from yjinspect.web.inspections.services.agreement import comparison, quality_sample
from yjinspect.web.inspections.services.common import person


@dataclass
class AssessorFigures:
    """One assessor's answers in double-marked cases and in quality dip-samples."""

    name: str
    compared: int = 0  # their answers compared with another assessor's
    changed: int = 0  # of those, changed when the lead resolved a disagreement
    reviewed: int = 0  # their answers a quality lead reviewed
    questioned: int = 0  # of those, the quality lead disagreed with
    inspections: set[int] = field(default_factory=set)


def _named(user: Any) -> str:
    return person(user) or ""


@dataclass(frozen=True)
class QuestionAgreement:
    programme: str
    question_id: str
    text: str
    figures: Agreement


def agreement_figures(inspections: QuerySet[Inspection]) -> dict[str, Any]:
    """Return the agreement over every submitted second assessment in the inspections, and each assessor's figures."""
    seconds = (
        # Both assessments done (the first's answers kept), of cases still in the sample.
        SecondAssessment.objects.filter(
            case__inspection__in=inspections, first_answers__isnull=False, case__sample_state="sampled"
        )
        .select_related("assessor", "case__assessor", "case__inspection")
        .prefetch_related("answers")
        .order_by("case__inspection_id", "case__case_ref")
    )
    pairs: list[AnswerPair] = []
    assessors: dict[int, AssessorFigures] = {}

    def figures_of(user: Any, inspection_id: int) -> AssessorFigures:
        found = assessors.setdefault(user.pk, AssessorFigures(_named(user)))
        found.inspections.add(inspection_id)
        return found

    for second in seconds:
        case = second.case
        programme = case.inspection.framework_id
        for compared in comparison(case):
            if not (compared.first_original and compared.second):
                continue
            pairs.append(AnswerPair((programme, compared.question_id), case.pk, compared.first_original, compared.second))
            resolved = compared.resolution.resolved_value if compared.resolution is not None else None
            for user, given in ((case.assessor, compared.first_original), (second.assessor, compared.second)):
                if user is None:
                    continue
                mine = figures_of(user, case.inspection_id)
                mine.compared += 1
                mine.changed += resolved is not None and resolved != given
    for review in QualityReview.objects.filter(case__inspection__in=inspections).select_related("assessor", "case"):
        mine = figures_of(review.assessor, review.case.inspection_id)
        mine.reviewed += 1
        mine.questioned += not review.agrees
    return {
        "overall": agreement(pairs),
        "questions": _question_rows(agreement_by_question(pairs)),
        "assessors": sorted(assessors.values(), key=lambda a: a.name),
        "double_marked": seconds.count(),
        "scale_source": LANDIS_KOCH_SOURCE,
    }


def _question_rows(found: dict[Any, Agreement]) -> list[QuestionAgreement]:
    """Return the figures per question, each programme's questions in its framework's order."""
    rows = []
    for programme in sorted({programme for programme, _ in found}):
        for question in programme_for(programme).case_questions():
            if (figures := found.get((programme, question.id))) is not None:
                rows.append(QuestionAgreement(programme, question.id, question.text, figures))
    return rows


def double_marking_page(inspection: Inspection) -> dict[str, Any]:
    """Return the inspection's double-marked cases, each with both assessors and what waits, and the cases and
    assessors the lead may choose from."""
    sampled = inspection.cases.filter(sample_state="sampled").select_related("assessor")
    seconds = {s.case_id: s for s in SecondAssessment.objects.filter(case__inspection=inspection).select_related("assessor")}
    rows = []
    for case in sampled:
        second = seconds.get(case.pk)
        if second is None:
            continue
        waiting = [c.question_id for c in comparison(case) if c.unresolved] if second.submitted_at else []
        rows.append({"case": case, "second": second, "waiting": waiting})
    team = (
        inspection.memberships.select_related("user").filter(role__in=("inspector", "local_assessor")).order_by("user__username")
    )
    return {
        "rows": rows,
        "unmarked": [c for c in sampled if c.pk not in seconds and c.state != "accepted"],
        "second_assessors": [(m.user_id, _named(m.user), m.get_role_display()) for m in team],
        "total": len(sampled),
    }


def quality_page(inspection: Inspection) -> dict[str, Any]:
    """Return each assessor's dip-sampled cases with their answers and the quality lead's verdicts so far."""
    sample = quality_sample(inspection)
    cases = [c for chosen in sample.values() for c in chosen]
    order = {q.id: place for place, q in enumerate(programme_of(inspection).case_questions())}
    answers: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(case__in=cases, question_id__in=order).exclude(value=""):
        answers.setdefault(answer.case_id, []).append(answer)
    reviews = {(r.case_id, r.question_id): r for r in QualityReview.objects.filter(case__in=cases)}
    return {
        "assessors": [
            {
                "name": _named(assessor),
                "cases": [
                    {
                        "case": c,
                        "answers": [
                            {"answer": a, "review": reviews.get((c.pk, a.question_id))}
                            for a in sorted(answers.get(c.pk, []), key=lambda a: order[a.question_id])
                        ],
                    }
                    for c in chosen
                ],
            }
            for assessor, chosen in sample.items()
        ],
    }
