"""Reads: what pages show. Includes the mapper from stored records to the engine's types."""

from __future__ import annotations

from dataclasses import dataclass

from yjinspect.engine.answers import Answer as EngineAnswer
from yjinspect.engine.answers import Case, answer_counts
from yjinspect.engine.discretion import PanelDecision as EnginePanelDecision
from yjinspect.engine.framework import Framework, KeyQuestion, Population, Rating
from yjinspect.engine.legacy.framework import LegacyFramework, load_legacy_framework, shipped_legacy_ids
from yjinspect.engine.legacy.scoring import LegacyCase, LegacyResult, rate_legacy
from yjinspect.engine.loading import load_framework
from yjinspect.engine.rating import NOT_RATED, InspectionResult, rate_inspection
from yjinspect.engine.sampling import CaseloadRow as EngineRow
from yjinspect.engine.sampling import SampleDraw, draw_sample
from yjinspect.web.inspections.models import (
    AssessmentState,
    Inspection,
    PanelDecision,
    SampledCase,
    SampleState,
    TeamRating,
)

_ANSWERS = {a.value: a for a in EngineAnswer}


def applicable_questions(case: SampledCase) -> list[KeyQuestion]:
    """Return the key questions that apply to a case by the inspector's current judgement."""
    framework = load_framework(case.inspection.framework_id)
    population = Population(case.population)
    ids = framework.applicable_questions(
        population, case.disposal_type, bool(case.harm_factors), bool(case.safety_wellbeing_factors)
    )
    return [q for q in framework.case_questions(population) if q.id in ids]


def engine_case(framework: Framework, case: SampledCase) -> Case:
    """Map one judged case to the engine's Case, with only the answers that count.

    An answer given before the inspector switched harm (or safety and wellbeing) factors off is kept in
    the record but not rated: only yes or no to questions that apply now, and n/a to the case's own.
    """
    population = Population(case.population)
    applicable = framework.applicable_questions(
        population, case.disposal_type, bool(case.harm_factors), bool(case.safety_wellbeing_factors)
    )
    own = framework.case_question_ids(population)
    answers = {
        a.question_id: _ANSWERS[a.value]
        for a in case.answers.all()
        if a.value in _ANSWERS and answer_counts(a.question_id, _ANSWERS[a.value], applicable=applicable, own=own)
    }
    return Case(
        case.case_ref, population, case.disposal_type, bool(case.harm_factors), bool(case.safety_wellbeing_factors), answers
    )


def engine_inputs(
    inspection: Inspection,
) -> tuple[Framework, list[Case], dict[str, Rating | None], list[EnginePanelDecision]]:
    """Map the stored inspection to the engine's inputs (cases whose judgement is recorded)."""
    framework = load_framework(inspection.framework_id)
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED).prefetch_related("answers")
    cases = [engine_case(framework, c) for c in sampled if c.harm_factors is not None and c.safety_wellbeing_factors is not None]
    recorded: dict[str, Rating | None] = {}
    for team in TeamRating.objects.filter(inspection=inspection):
        if team.rating == NOT_RATED:
            recorded[team.standard_id] = None
        elif team.rating:
            recorded[team.standard_id] = Rating(team.rating)
    decisions = [
        EnginePanelDecision(d.standard_id, Rating(d.rating), d.reason)
        for d in PanelDecision.objects.filter(inspection=inspection)
    ]
    return framework, cases, recorded, decisions


def all_cases_accepted(inspection: Inspection) -> bool:
    """Return whether every sampled case has been accepted by the lead inspector."""
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED)
    return sampled.exists() and not sampled.exclude(state=AssessmentState.ACCEPTED).exists()


def inspection_result(inspection: Inspection) -> InspectionResult:
    """Rate the inspection as it stands: provisional until every sampled case is accepted."""
    framework, cases, recorded, decisions = engine_inputs(inspection)
    return rate_inspection(
        framework, cases, recorded_ratings=recorded, panel_decisions=decisions, provisional=not all_cases_accepted(inspection)
    )


def near_boundary(framework: Framework, percent: int | None) -> bool:
    """Return whether a figure is within the discretion margin of a band boundary (flagged for the panel)."""
    if percent is None:
        return False
    margin = framework.discretion.margin_points
    return any(band.min_percent > 0 and abs(percent - band.min_percent) <= margin for band in framework.bands)


@dataclass(frozen=True)
class Task:
    name: str
    state: str  # "Completed", "In progress", "Not yet started", "Cannot start yet"
    url_name: str | None


def tasks(inspection: Inspection) -> list[Task]:
    """Return the inspection's steps with their states, in order, for the task list."""
    cases = inspection.cases.filter(sample_state=SampleState.SAMPLED)
    total = cases.count()
    accepted = cases.filter(state=AssessmentState.ACCEPTED).count()
    allocated = cases.exclude(assessor=None).count()
    started = cases.exclude(state=AssessmentState.NOT_STARTED).count()
    has_caseload = inspection.caseload.exists()
    rated = set(TeamRating.objects.filter(inspection=inspection).exclude(rating="").values_list("standard_id", flat=True))
    if is_legacy(inspection):
        legacy = load_legacy_framework(inspection.framework_id)
        judged = {t.id for t in legacy.themes} if legacy.scoring == "fji" else set()
    else:
        judged = {s.id for s in load_framework(inspection.framework_id).judged_standards()}

    def state(done: bool, begun: bool, possible: bool = True) -> str:
        if done:
            return "Completed"
        if not possible:
            return "Cannot start yet"
        return "In progress" if begun else "Not yet started"

    # An earlier programme's cases are added by the lead inspector or imported: no data return or draw.
    start = (
        [Task("Add the inspected cases", state(total > 0, total > 0), "cases")]
        if is_legacy(inspection)
        else [
            Task("Data return: caseload and contextual facts", state(has_caseload, bool(inspection.facts.data)), "data_return"),
            Task(
                "Draw and confirm the sample", state(inspection.sample_locked_at is not None, total > 0, has_caseload), "sample"
            ),
        ]
    )
    return [
        Task("Set up the inspection and team", state(inspection.memberships.exists(), True), "team"),
        *start,
        Task("Allocate cases", state(total > 0 and allocated == total, allocated > 0, total > 0), "allocation"),
        Task("Assess cases", state(total > 0 and started == total and accepted == total, started > 0, total > 0), "cases"),
        Task("Quality assurance", state(total > 0 and accepted == total, accepted > 0, total > 0), "cases"),
        Task(
            "Scores and judgements" if is_legacy(inspection) else "Ratings",
            # Begun once a judgement is recorded or, where nothing is judged (CCI, SQS), once a case is accepted.
            state(accepted == total > 0 and judged <= rated, bool(rated) or (accepted > 0 and not judged), total > 0),
            "ratings",
        ),
        Task(
            "Report: write, check with the service, publish",
            state(inspection.published, inspection.report_versions.exists()),
            "report",
        ),
        Task(
            "Factual accuracy check of the draft report",
            state(
                inspection.published,
                inspection.report_versions.filter(kind="draft").exists(),
                inspection.report_versions.filter(kind="draft").exists(),
            ),
            "draft",
        ),
    ]


def sample_explanation(inspection: Inspection) -> SampleDraw | None:
    """Recompute the recorded draw (same caseload and seed give the same draw) to explain it."""
    if inspection.sample_seed is None:
        return None
    rows = [
        EngineRow(
            r.row, r.case_ref, Population(r.population), r.disposal_type, r.disposal_date, r.gender, r.rosh, r.safety_wellbeing
        )
        for r in inspection.caseload.all()
    ]
    return draw_sample(
        load_framework(inspection.framework_id), rows, fieldwork_start=inspection.fieldwork_start, seed=inspection.sample_seed
    )


def classification_agreement(inspection: Inspection) -> dict[str, tuple[int, int]]:
    """Count, over judged sampled cases, how often the service's classification matched the inspector's."""
    agree = {"rosh": [0, 0], "safety_wellbeing": [0, 0]}
    for case in inspection.cases.filter(sample_state=SampleState.SAMPLED):
        for key, service, inspector in (
            ("rosh", case.service_rosh, case.inspector_rosh),
            ("safety_wellbeing", case.service_safety_wellbeing, case.inspector_safety_wellbeing),
        ):
            if inspector:
                agree[key][1] += 1
                agree[key][0] += service == inspector
    return {k: (v[0], v[1]) for k, v in agree.items()}


def eligible_assessors(inspection: Inspection) -> list[tuple[int, str, str]]:
    """Return (user id, name, role) of the team members who may be allocated cases."""
    return [
        (m.user_id, m.user.get_full_name() or m.user.username, m.get_role_display())
        for m in inspection.memberships.select_related("user").order_by("role", "user__last_name")
        if m.role in ("lead", "inspector", "local_assessor")
    ]


# --- earlier programmes ---------------------------------------------------------------------------


def is_legacy(inspection: Inspection) -> bool:
    """Return whether the inspection runs under an earlier programme (CCI, FJI, SQS)."""
    return inspection.framework_id in shipped_legacy_ids()


def any_framework(inspection: Inspection) -> Framework | LegacyFramework:
    """Return the inspection's framework, of either kind."""
    if is_legacy(inspection):
        return load_legacy_framework(inspection.framework_id)
    return load_framework(inspection.framework_id)


def legacy_case(framework: LegacyFramework, case: SampledCase) -> LegacyCase:
    """Map a stored case to the legacy engine's case, with only answers to the programme's questions."""
    answers = {
        a.question_id: _ANSWERS[a.value]
        for a in case.answers.all()
        if a.value in _ANSWERS and framework.scoring_question(a.question_id) is not None
    }
    return LegacyCase(case.case_ref, answers, case.setting or None)


def legacy_result(inspection: Inspection) -> LegacyResult:
    """Score an earlier programme's inspection as it stands: provisional until every case is accepted."""
    framework = load_legacy_framework(inspection.framework_id)
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED).prefetch_related("answers")
    judgements = {
        t.standard_id: t.rating for t in TeamRating.objects.filter(inspection=inspection) if t.rating in framework.judgements
    }
    return rate_legacy(
        framework,
        [legacy_case(framework, c) for c in sampled],
        judgements,
        provisional=not all_cases_accepted(inspection),
    )
