"""Reads: what pages show. Includes the mapper from stored records to the engine's types."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from yjinspect.bundle import ReportFields
from yjinspect.engine.discretion import PanelDecision as EnginePanelDecision
from yjinspect.engine.framework import Framework, KeyQuestion, Population, Rating
from yjinspect.engine.sampling import CaseloadRow as EngineRow
from yjinspect.engine.sampling import SamplingError, draw_sample
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.programmes import Inspection as ProgrammeInspection
from yjinspect.programmes import Programme, programme_for
from yjinspect.programmes.base import CaseRecord, NarrativeField
from yjinspect.reporting.inputs import ReportInputs
from yjinspect.web.accounts.models import display_name
from yjinspect.web.inspections import previous_inspections
from yjinspect.web.inspections.draw_explanation import DrawExplanation, explanation_record
from yjinspect.web.inspections.models import (
    AssessmentState,
    Inspection,
    PanelDecision,
    PublishedResult,
    Report,
    SampledCase,
    SampleState,
    TeamRating,
)

CASELOAD_FIELDS = ("row", "case_ref", "population", "disposal_type", "disposal_date", "gender", "rosh", "safety_wellbeing")


def programme_of(inspection: Inspection) -> Programme[Any, Any, Any]:
    """Return the inspection's programme plug-in: the only way web code reaches a framework."""
    return programme_for(inspection.framework_id)


class _StoredAnswers(Mapping[str, str]):
    """A case's answers (question id -> value), read from the database only if a plug-in asks for them:
    deciding whether a case may answer a question (every autosave) reads the case's facts, not its answers."""

    def __init__(self, case: SampledCase) -> None:
        self._case = case
        self._read: dict[str, str] | None = None

    def _answers(self) -> dict[str, str]:
        if self._read is None:
            self._read = {a.question_id: a.value for a in self._case.answers.all()}
        return self._read

    def __getitem__(self, question_id: str) -> str:
        return self._answers()[question_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._answers())

    def __len__(self) -> int:
        return len(self._answers())

    def __repr__(self) -> str:
        return repr(self._answers())


def case_record(case: SampledCase) -> CaseRecord:
    """Return a stored case in the plain values every programme's plug-in reads (its answers read when first asked for)."""
    return CaseRecord(
        ref=case.case_ref,
        answers=_StoredAnswers(case),
        population=case.population,
        disposal_type=case.disposal_type,
        harm_factors=case.harm_factors,
        safety_wellbeing_factors=case.safety_wellbeing_factors,
        setting=case.setting,
        practice_example=case.practice_example,
        pseudonym=case.pseudonym,
    )


def programme_inspection(inspection: Inspection, *, with_report: bool = False) -> ProgrammeInspection[Any]:
    """Return the stored inspection as its programme rates it (cases, the team's ratings, panel decisions);
    provisional until every sampled case is accepted. `with_report` adds what the report prints."""
    programme = programme_of(inspection)
    sampled = list(inspection.cases.filter(sample_state=SampleState.SAMPLED).prefetch_related("answers"))
    cases = tuple(c for c in (programme.case_from_record(case_record(s)) for s in sampled) if c is not None)
    recorded = {t.standard_id: t.rating for t in TeamRating.objects.filter(inspection=inspection) if t.rating}
    decisions = tuple(
        EnginePanelDecision(d.standard_id, Rating(d.rating), d.reason)
        for d in PanelDecision.objects.filter(inspection=inspection)
    )
    return ProgrammeInspection(
        programme=programme,
        service=inspection.service.name,
        fieldwork_start=inspection.fieldwork_start,
        cases=cases,
        team_ratings=programme.team_ratings_from_records(recorded),
        panel_decisions=decisions,
        provisional=not all_cases_accepted(inspection),
        report=report_fields(inspection, programme, sampled) if with_report else ReportFields(),
        eligible=eligible_population(inspection, programme),
    )


def eligible_population(inspection: Inspection, programme: Programme[Any, Any, Any]) -> dict[str, int]:
    """Return the eligible population of each disposal kind: the caseload's rows inside its eligibility window,
    counted in the database (a 100,000-row caseload is not read to count it), for the figures' finite
    population correction (docs/scoring.md, MI-2). None is eligible without a caseload return."""
    return {
        kind: inspection.caseload.filter(population=kind, disposal_date__range=window).count()
        for kind, window in programme.eligibility_windows(inspection.fieldwork_start).items()
    }


def report_boxes(inspection: Inspection) -> tuple[NarrativeField, ...]:
    """Return every box of the inspection's narrative form: the programme's, and where the programme takes its
    practice examples from the cases, the standard and the text of each flagged case's example."""
    programme = programme_of(inspection)
    boxes = list(programme.narrative_fields())
    if programme.practice_examples_from_cases:
        flagged = inspection.cases.filter(sample_state=SampleState.SAMPLED, practice_example=True).order_by("case_ref")
        for case in flagged.only("case_ref", "pseudonym"):
            who = case.pseudonym or "(no pseudonym yet)"
            boxes.append(
                NarrativeField(f"example-standard-{case.case_ref}", (EXAMPLE_TEXTS, case.case_ref, "standard"),
                               f"Standard for {who}'s practice example", short_label=f"{who}'s practice example: standard")
            )  # fmt: skip
            boxes.append(
                NarrativeField(f"example-text-{case.case_ref}", (EXAMPLE_TEXTS, case.case_ref, "text"),
                               f"{who}'s practice example (use the pseudonym, never a real name or the case reference)",
                               short_label=f"{who}'s practice example")
            )  # fmt: skip
    return tuple(boxes)


EXAMPLE_TEXTS = "practice_example_texts"  # where the narrative keeps the texts of the examples flagged in cases
# Where the stored narrative keeps the lead inspector's choices for the published report (no box of the form
# writes it, so the form's saves keep it): {"intervals_table": true} prints the table of margins of error.
REPORT_OPTIONS = "report_options"


def report_fields(inspection: Inspection, programme: Programme[Any, Any, Any], sampled: list[SampledCase]) -> ReportFields:
    """Return what the report prints besides the ratings: the narrative, the data return, offence types."""
    narrative = dict((Report.objects.filter(inspection=inspection).values_list("narrative", flat=True).first()) or {})
    if programme.practice_examples_from_cases:  # examples come from the cases the inspectors flagged
        texts: dict[str, Any] = narrative.get(EXAMPLE_TEXTS) or {}
        narrative["practice_examples"] = [
            {"standard": (texts.get(c.case_ref) or {}).get("standard", ""), "pseudonym": c.pseudonym,
             "text": (texts.get(c.case_ref) or {}).get("text", "")}
            for c in sorted(sampled, key=lambda c: c.case_ref) if c.practice_example
        ]  # fmt: skip
    options = narrative.pop(REPORT_OPTIONS, None)
    facts = getattr(inspection, "facts", None)
    return ReportFields(
        narrative=narrative,
        contextual_facts={k: v for k, v in (facts.data if facts else {}).items() if type(v) in (int, float)},
        caseload=tuple(
            {f: (v.isoformat() if hasattr(v, "isoformat") else v) for f, v in zip(CASELOAD_FIELDS, r, strict=True)}
            for r in inspection.caseload.values_list(*CASELOAD_FIELDS)
        ),
        offence_types={c.case_ref: c.offence_type.strip() for c in sampled if c.offence_type.strip()},
        previous=previous_inspections.last_published(inspection),
        intervals_table=bool(isinstance(options, dict) and options.get("intervals_table") is True),
    )


def report_inputs(inspection: Inspection, *, draft: bool = True) -> ReportInputs[Any, Any, Any]:
    """Return what the report is composed from: the one selector the web app builds a report with."""
    built = programme_inspection(inspection, with_report=True)
    others = []
    if built.programme.compares_with_others():
        published = PublishedResult.objects.filter(programme=inspection.framework_id).exclude(inspection=inspection)
        others = [r.as_record() for r in published]
    # The surveys' counts, for the section the programme names for them (decision 0013). Imported here: the
    # surveys app's services read this module (through services.common), so a module-level import is a cycle.
    from yjinspect.web.surveys import selectors as survey_selectors  # noqa: PLC0415

    return replace(built.report_inputs(others=others, draft=draft), surveys=survey_selectors.report_surveys(inspection))


def applicable_questions(case: SampledCase) -> list[KeyQuestion]:
    """Return the key questions that apply to a standards case by the inspector's current judgement."""
    programme: Any = programme_of(case.inspection)
    found: list[KeyQuestion] = programme.applicable_questions(case_record(case))
    return found


def all_cases_accepted(inspection: Inspection) -> bool:
    """Return whether every sampled case has been accepted by the lead inspector."""
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED)
    return sampled.exists() and not sampled.exclude(state=AssessmentState.ACCEPTED).exists()


def inspection_result(inspection: Inspection) -> Any:
    """Rate the inspection as it stands by its programme's rules: provisional until every sampled case is accepted."""
    return programme_inspection(inspection).result


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
    programme = programme_of(inspection)
    judged = {c.id for c in programme.team_rating_choices()}

    def state(done: bool, begun: bool, possible: bool = True) -> str:
        if done:
            return "Completed"
        if not possible:
            return "Cannot start yet"
        return "In progress" if begun else "Not yet started"

    # A programme without a data return has its cases added by the lead inspector or imported.
    start = (
        [Task("Add the inspected cases", state(total > 0, total > 0), "cases")]
        if not programme.has_data_return
        else [
            Task(
                "Data return: caseload and contextual facts",
                # Complete only when every part of it is: the caseload, and every contextual fact.
                state(has_caseload and facts_complete(inspection), has_caseload or bool(inspection.facts.data)),
                "data_return",
            ),
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
            programme.results_title,
            # Begun once a judgement is recorded or, where nothing is judged (CCI, SQS), once a case is accepted.
            state(accepted == total > 0 and judged <= rated, bool(rated) or (accepted > 0 and not judged), total > 0),
            "ratings",
        ),
        # The surveys (decision 0013): done once every survey opened has closed.
        Task(
            "Surveys: hear from children, families, victims, staff and courts",
            state(
                inspection.surveys.exists() and not inspection.surveys.filter(closes_on__gte=timezone.localdate()).exists(),
                inspection.surveys.exists(),
            ),
            "surveys",
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


def facts_complete(inspection: Inspection) -> bool:
    """Return whether the service has given every contextual fact the data return asks for."""
    return set(FACT_LABELS) <= set(inspection.facts.data)


def caseload_rows(inspection: Inspection) -> list[EngineRow]:
    """Return the stored caseload as the engine samples it, in file order (read as values: a large caseload's
    100,000 model instances took longer to build than the draw itself)."""
    return [
        EngineRow(row, ref, Population(population), disposal_type, disposal_date, gender, rosh, safety_wellbeing)
        for row, ref, population, disposal_type, disposal_date, gender, rosh, safety_wellbeing in (
            inspection.caseload.order_by("row").values_list(*CASELOAD_FIELDS)
        )
    ]


def sample_explanation(inspection: Inspection) -> DrawExplanation | None:
    """Return how the sample was drawn, as recorded with the draw (`Inspection.sample_explanation`).

    A sample drawn before explanations were recorded, or imported from a bundle, is explained by drawing
    again from the caseload and seed (the same caseload and seed give the same draw); None if there is
    no draw, or nothing to draw it from."""
    if inspection.sample_seed is None:
        return None
    if inspection.sample_explanation is not None:
        return DrawExplanation.from_record(inspection.sample_explanation)
    rows = caseload_rows(inspection)
    try:
        draw = draw_sample(
            programme_of(inspection).framework, rows, fieldwork_start=inspection.fieldwork_start, seed=inspection.sample_seed
        )
    except SamplingError:
        return None
    return DrawExplanation.from_record(explanation_record(draw, Counter(r.population for r in rows)))


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
    """Return (user id, name, role) of the team members who may be allocated cases: never someone from the
    inspected service (a conflict of interest), whatever role a membership made before that rule gives them."""
    members = inspection.memberships.select_related("user", "user__profile").order_by("role", "user__last_name", "user_id")
    return [
        (m.user_id, display_name(m.user), m.get_role_display())
        for m in members
        if m.role in ("lead", "inspector", "local_assessor")
        and not (hasattr(m.user, "profile") and m.user.profile.conflicts_with(inspection.service_id))
    ]
