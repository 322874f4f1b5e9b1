"""The standards frameworks (2018 and 2021): domains, standards rated by the lowest key question, panel decisions.

The bundle body is the case list (disposal, disposal type, the inspector's harm and safety judgements,
answers to key questions), the team's ratings of the judged standards (`organisational_ratings`) and
the ratings panel's decisions (docs/bundle.md). Rating follows docs/scoring.md (KQ-1 to KQ-4, ST-*,
OV-*, PD-*); the report is seed 003's shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, ClassVar

from yjinspect.bundle import Problem, check_cases, rating_problem
from yjinspect.engine.answers import Answer, Case, answer_counts
from yjinspect.engine.discretion import PanelDecision
from yjinspect.engine.framework import AppliesWhen, Framework, KeyQuestion, Population, RatedBy, Rating
from yjinspect.engine.loading import validate_framework
from yjinspect.engine.rating import NOT_RATED, InspectionResult, PanelDecisionError, rate_inspection
from yjinspect.engine.sampling import eligibility_window, eligible_counts
from yjinspect.engine.scoring import bands_within_reach
from yjinspect.importing.published_reports import check_report, read_standards_figures
from yjinspect.programmes.base import (
    Body,
    CaseQuestion,
    CaseRecord,
    FigureInterval,
    Inspection,
    NarrativeField,
    Programme,
    PublishedFigures,
    SurveySection,
    TeamRatingChoice,
    case_items,
    programme_kind,
)
from yjinspect.reporting.compose.standards import compose_standards_report
from yjinspect.summary import rating_record, ratings_table

_KNOWN_CASE = {"id", "disposal", "disposal_type", "harm_factors", "safety_wellbeing_factors", "answers"}
_ANSWERS = {a.value: a for a in Answer}
_RATINGS = {r.value: r for r in Rating}
_POPULATIONS = {p.value: p for p in Population}
_WHY_APPLIES = {
    AppliesWhen.ALWAYS: "it applies to every case of this kind",
    AppliesWhen.HARM_FACTORS: "the inspector judged there are factors related to harm",
    AppliesWhen.SAFETY_WELLBEING_FACTORS: "the inspector judged there are safety and wellbeing factors",
}
_WHY_NOT = {
    AppliesWhen.HARM_FACTORS: "harm_factors is false",
    AppliesWhen.SAFETY_WELLBEING_FACTORS: "safety_wellbeing_factors is false",
}


@programme_kind
class Standards(Programme[Framework, Case, InspectionResult]):
    """A standards framework: the 2018 and 2021 youth offending inspections."""

    kind: ClassVar[str] = "standards"
    label: ClassVar[str] = "standards framework"
    has_data_return: ClassVar[bool] = True
    has_ratings_panel: ClassVar[bool] = True
    results_title: ClassVar[str] = "Ratings"
    case_kind: ClassVar[str] = "standards"
    practice_examples_from_cases: ClassVar[bool] = True
    narrative_form: ClassVar[str] = "standards"
    compared_figure: ClassVar[str | None] = "key_questions"
    report_intervals_table: ClassVar[bool] = True
    # Seed 003 uses the staff survey, the court survey and the survey of children as evidence for domain 1
    # (organisational delivery): their results close that domain's chapter.
    survey_section: ClassVar[SurveySection] = SurveySection(
        "surveys", "What people told us", within="domain-1", narrative_box="domain-1"
    )
    body_keys: ClassVar[frozenset[str]] = frozenset({"cases", "organisational_ratings", "panel_decisions"})
    composer = compose_standards_report
    figures_reader = read_standards_figures
    checker = check_report

    @classmethod
    def parse(cls, data: dict[str, Any], *, source: str) -> Framework:
        return validate_framework(Framework, data, source=source)

    def unverified_items(self) -> list[tuple[str, str]]:
        return self.framework.unverified_items()

    def case_questions(self) -> tuple[CaseQuestion, ...]:
        return tuple(
            CaseQuestion(q.id, q.text, standard.id)
            for standard in self.framework.standards
            if self.framework.rated_by(standard) is RatedBy.CASE_ANSWERS
            for q in standard.key_questions
        )

    def team_rating_choices(self) -> tuple[TeamRatingChoice, ...]:
        return tuple(
            TeamRatingChoice(s.id, s.name, tuple(r.value for r in Rating) + ((NOT_RATED,) if s.may_be_not_rated else ()))
            for s in self.framework.judged_standards()
        )

    def case_from_record(self, record: CaseRecord) -> Case | None:
        # An answer given before the inspector switched harm (or safety and wellbeing) factors off is
        # kept in the record but not rated: only yes or no to questions that apply now, and n/a to the
        # case's own.
        if record.harm_factors is None or record.safety_wellbeing_factors is None:
            return None
        population = Population(record.population)
        applicable = self.framework.applicable_questions(
            population, record.disposal_type, record.harm_factors, record.safety_wellbeing_factors
        )
        own = self.framework.case_question_ids(population)
        answers = {
            q: _ANSWERS[v]
            for q, v in record.answers.items()
            if v in _ANSWERS and answer_counts(q, _ANSWERS[v], applicable=applicable, own=own)
        }
        return Case(record.ref, population, record.disposal_type, record.harm_factors, record.safety_wellbeing_factors, answers)

    def case_record(self, case: Case) -> CaseRecord:
        return CaseRecord(
            ref=case.id,
            answers={q: a.value for q, a in case.answers.items()},
            population=case.population.value,
            disposal_type=case.disposal_type,
            harm_factors=case.harm_factors,
            safety_wellbeing_factors=case.safety_wellbeing_factors,
        )

    def team_rating_words(self, team_ratings: Mapping[str, Any]) -> dict[str, str]:
        return {item: NOT_RATED if value is None else Rating(value).value for item, value in team_ratings.items()}

    def applicable_questions(self, record: CaseRecord) -> list[KeyQuestion]:
        """Return the key questions that apply to a case by the inspector's current judgement."""
        population = Population(record.population)
        ids = self.framework.applicable_questions(
            population, record.disposal_type, bool(record.harm_factors), bool(record.safety_wellbeing_factors)
        )
        return [q for q in self.framework.case_questions(population) if q.id in ids]

    def case_gaps(self, record: CaseRecord) -> list[str]:
        gaps = []
        if record.harm_factors is None:
            gaps.append("Say whether there are factors related to harm.")
        if record.safety_wellbeing_factors is None:
            gaps.append("Say whether there are safety and wellbeing factors.")
        if record.practice_example and not record.pseudonym.strip():
            gaps.append("A practice example needs a pseudonym.")
        gaps += [f"Answer {q.id}: {q.text}" for q in self.unanswered(record)]
        return gaps

    def rated_questions(self, record: CaseRecord) -> tuple[CaseQuestion, ...]:
        # The key questions the inspector's judgement of harm and safety factors switches on.
        return tuple(CaseQuestion(q.id, q.text, self.framework.standard_of(q.id).id) for q in self.applicable_questions(record))

    def second_assessment_questions(self, record: CaseRecord) -> tuple[CaseQuestion, ...]:
        # Every key question of the case's population: which apply follows the first assessor's judgement
        # of harm and safety factors, which the second assessor makes afresh by answering not applicable.
        population = Population(record.population)
        return tuple(
            CaseQuestion(q.id, q.text, self.framework.standard_of(q.id).id) for q in self.framework.case_questions(population)
        )

    def question_problem(self, record: CaseRecord, question_id: str) -> str | None:
        population = Population(record.population)
        own = self.framework.case_question_ids(population)
        parent = self.framework.prompt_parent(question_id)
        # A prompt is answered like a key question, under one of the case's own key questions; prompts
        # inform the narrative and never enter the rating (case_from_record leaves them out).
        if question_id not in own and (parent is None or parent.id not in own):
            return f"{question_id} is not a key question or prompt for {population.label}."
        return None

    def team_ratings_from_records(self, recorded: Mapping[str, str]) -> Mapping[str, Any]:
        judged = {s.id for s in self.framework.judged_standards()}
        return {
            item: None if value == NOT_RATED else _RATINGS[value]
            for item, value in recorded.items()
            if item in judged and (value == NOT_RATED or value in _RATINGS)
        }

    # --- the bundle body ---------------------------------------------------------------------------

    def read_body(
        self, data: Mapping[str, Any], header: Mapping[str, Any], *, provisional: bool, problems: list[Problem]
    ) -> Body[Case] | None:
        framework = self.framework
        recorded = _recorded_ratings(framework, data.get("organisational_ratings"), provisional, problems)
        cases, case_extra = check_cases(
            data.get("cases"), lambda index, item: _case(framework, index, item, provisional, problems), _KNOWN_CASE, problems
        )
        decisions = _panel_decisions(data.get("panel_decisions", []), problems)
        rated = None
        sample = data.get("sample")
        method = sample.get("method") if isinstance(sample, dict) else None
        try:  # reading checks the panel decisions against the guard (PD-1 to PD-5), beside any other problem
            rated = rate_inspection(
                framework,
                cases,
                recorded_ratings=recorded,
                panel_decisions=decisions,
                provisional=provisional,
                # The same level and population as rate() takes from the report's fields, which the
                # envelope reads from the same data: the result kept here is the inspection's.
                confidence=_confidence(method if isinstance(method, dict) else {}),
                eligible=_eligible(framework, data.get("caseload"), _date_or_none(header.get("fieldwork_start"))),
            )
        except PanelDecisionError as refused:
            problems.extend(Problem("panel_decisions", r) for r in refused.refusals)
        if problems:
            return None
        return Body(tuple(cases), recorded, tuple(decisions), case_extra, rated)

    def write_body(self, inspection: Inspection[Case]) -> dict[str, Any]:
        return {
            "organisational_ratings": {s: (r.value if r is not None else NOT_RATED) for s, r in inspection.team_ratings.items()},
            "cases": case_items(inspection, _case_item),
            "panel_decisions": [
                {"standard": d.standard, "rating": d.rating.value, "reason": d.reason} for d in inspection.panel_decisions
            ],
        }

    # --- rating and records ----------------------------------------------------------------------

    def rate(self, inspection: Inspection[Case]) -> InspectionResult:
        eligible = (
            {_POPULATIONS[k]: v for k, v in inspection.eligible.items() if k in _POPULATIONS}
            if inspection.eligible is not None
            else _eligible(self.framework, inspection.report.caseload, inspection.fieldwork_start)
        )
        return rate_inspection(
            self.framework,
            inspection.cases,
            recorded_ratings=inspection.team_ratings,
            panel_decisions=inspection.panel_decisions,
            provisional=inspection.provisional,
            keep_lapsed=True,  # a bundle's decisions were refused on reading; a stored one may have lapsed since
            confidence=_confidence(inspection.report.sample_method),
            eligible=eligible,
        )

    def figure_intervals(self, result: InspectionResult) -> tuple[FigureInterval, ...]:
        framework = self.framework
        found = []
        for population in Population:
            for question in framework.case_questions(population):
                standard = next(s for s in result.standards if s.id == framework.standard_of(question.id).id)
                q = next(k for k in standard.key_questions if k.id == question.id)
                if q.interval is None or q.percent is None:
                    continue
                found.append(
                    FigureInterval(
                        id=q.id,
                        label=f"{q.id} {question.text}",
                        successes=q.yes,
                        cases=q.denominator,
                        percent=q.percent,
                        interval=q.interval,
                        confidence=result.confidence,
                        eligible=result.eligible.get(population),
                        other_bands=tuple(r.value for r in bands_within_reach(q, framework.bands)),
                        decides=q.id == standard.deciding_question,
                    )
                )
        order = {q.id: i for s in framework.standards for i, q in enumerate(s.key_questions)}
        standard_order = {s.id: i for i, s in enumerate(framework.standards)}
        return tuple(sorted(found, key=lambda f: (standard_order[framework.standard_of(f.id).id], order[f.id])))

    def eligibility_windows(self, fieldwork_start: date) -> dict[str, tuple[date, date]]:
        return {
            population.value: eligibility_window(fieldwork_start, rule.months_before_from, rule.months_before_to)
            for population, rule in self.framework.sampling.populations.items()
        }

    def interval_confidence(self, result: InspectionResult) -> float:
        return result.confidence

    def lapsed_decisions(self, result: InspectionResult) -> tuple[str, ...]:
        return result.lapsed_decisions

    def rating_record(self, result: InspectionResult) -> dict[str, Any]:
        return rating_record(result)

    def ratings_table(self, result: InspectionResult, service: str) -> str:
        return ratings_table(result, self.framework, service)

    def published_figures(self, result: InspectionResult) -> PublishedFigures:
        overall = result.overall
        return PublishedFigures(
            overall_rating=overall.rating.value if overall.rating else "",
            score=overall.score,
            max_score=overall.max_score,
            figures={
                "standards": {s.id: s.rating.value if s.rating else None for s in result.standards},
                "key_questions": {
                    q.id: {"percent": q.percent, "discretion": s.changed_by_panel and q.id == s.deciding_question}
                    for s in result.standards
                    for q in s.key_questions
                    if q.percent is not None
                },
            },
        )

    # --- the report ------------------------------------------------------------------------------

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        framework = self.framework
        fields = [NarrativeField("foreword", ("foreword",), "Foreword")]
        for domain in framework.domains:
            fields.append(
                NarrativeField(f"summary-{domain.id}", ("executive_summary", domain.id, "summary"), f"Domain {domain.id} summary")
            )
            fields.append(
                NarrativeField(
                    f"strengths-{domain.id}",
                    ("executive_summary", domain.id, "strengths"),
                    f"Domain {domain.id} strengths",
                    "lines",
                )
            )
            fields.append(
                NarrativeField(
                    f"improvements-{domain.id}",
                    ("executive_summary", domain.id, "improvements"),
                    f"Domain {domain.id} areas for improvement",
                    "lines",
                )
            )
        fields.append(
            NarrativeField(
                "recommendations",
                ("recommendations",),
                "Recommendations",
                "tagged",
                tags=("to", "text"),
                form="'Body: recommendation', for example 'The YJS board: improve ...'",
            )
        )
        fields.append(NarrativeField("background", ("background",), "Background"))
        fields.append(
            NarrativeField("offence_types", ("offence_types",), "Offence types", "counts", form="'Offence type: number of cases'")
        )
        for domain in framework.domains:
            fields.append(NarrativeField(f"domain-{domain.id}", ("domains", domain.id), f"Domain {domain.id} introduction"))
            for standard in domain.standards:
                fields.append(
                    NarrativeField(
                        f"standard-{standard.id}", ("standards", standard.id, "summary"), f"{standard.id} {standard.name}"
                    )
                )
                fields.extend(
                    NarrativeField(
                        f"kq-{q.id}", ("standards", standard.id, "key_questions", q.id), f"{q.id} {q.text}", "optional"
                    )
                    for q in standard.key_questions
                )
        return tuple(fields)  # fmt: skip

    # --- published reports -----------------------------------------------------------------------


def _confidence(method: Mapping[str, Any]) -> float | None:
    """Return the confidence level the sample was set for (the bundle's `sample.method`), or None for the
    framework's; the envelope refuses one that is not a number between 0 and 1."""
    value = method.get("confidence")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
        return float(value)
    return None


def _date_or_none(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # the envelope says what is wrong with the date


def _eligible(framework: Framework, caseload: Any, fieldwork_start: date | None) -> dict[Population, int]:
    """Return the eligible population of each disposal kind in the report's caseload rows (none without
    a caseload): the rows inside the eligibility windows, as the draw counts them (SA-2)."""
    if fieldwork_start is None or not isinstance(caseload, Iterable):
        return {}
    disposals = []
    for row in caseload:
        if not isinstance(row, Mapping):
            continue
        population = _POPULATIONS.get(str(row.get("population")))
        disposed = row.get("disposal_date")
        disposed = _date_or_none(disposed) if isinstance(disposed, str) else disposed
        if population is not None and isinstance(disposed, date):
            disposals.append((population, disposed))
    return eligible_counts(framework, disposals, fieldwork_start=fieldwork_start)


def _case_item(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "disposal": case.population.value,
        "disposal_type": case.disposal_type,
        "harm_factors": case.harm_factors,
        "safety_wellbeing_factors": case.safety_wellbeing_factors,
        "answers": {q: a.value for q, a in case.answers.items()},
    }


def _recorded_ratings(framework: Framework, raw: Any, provisional: bool, problems: list[Problem]) -> dict[str, Rating | None]:
    judged = {s.id: s for s in framework.judged_standards()}
    recorded: dict[str, Rating | None] = {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(Problem("organisational_ratings", "expected an object of standard id to rating"))
        return recorded
    for standard_id, value in raw.items():
        where = f"organisational_ratings.{standard_id}"
        standard = judged.get(standard_id)
        if standard is None:
            known = framework.standard(standard_id)
            reason = (
                "is rated from case answers by the rules, not recorded by the team"
                if known
                else f"is not a standard of {framework.id}"
            )
            problems.append(Problem(where, f"standard {standard_id} {reason}"))
            continue
        allowed = [r.value for r in Rating] + ([NOT_RATED] if standard.may_be_not_rated else [])
        if value == NOT_RATED and standard.may_be_not_rated:
            recorded[standard_id] = None
        elif isinstance(value, str) and value in _RATINGS:
            recorded[standard_id] = _RATINGS[value]
        else:
            problems.append(Problem(where, rating_problem(value, allowed)))
    missing = [s for s in judged if s not in raw]
    if missing and not provisional:
        problems.append(
            Problem(
                "organisational_ratings",
                f"no rating recorded for standard(s) {', '.join(missing)} (rate provisionally to leave them open)",
            )
        )
    return recorded


def _case(framework: Framework, index: int, item: Any, provisional: bool, problems: list[Problem]) -> Case | None:
    where = f"cases[{index}]"
    if not isinstance(item, dict):
        problems.append(Problem(where, "expected a case object"))
        return None
    case_id = item.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        problems.append(Problem(where, "expected a case id (text)"))
        return None
    where = f"case {case_id}"
    before = len(problems)
    disposal = item.get("disposal")
    population = _POPULATIONS.get(disposal) if isinstance(disposal, str) else None
    if population is None:
        problems.append(Problem(where, f"disposal: expected 'court' or 'out_of_court', found {item.get('disposal')!r}"))
    disposal_type = item.get("disposal_type")
    entry = framework.disposal_type(disposal_type) if isinstance(disposal_type, str) else None
    if entry is None:
        known = ", ".join(d.name for d in framework.disposal_types)
        problems.append(Problem(where, f"disposal_type: {disposal_type!r} is not in the vocabulary ({known})"))
    elif population is not None and entry.population is not population:
        problems.append(
            Problem(where, f"disposal_type: {entry.name} belongs to {entry.population.label}, but disposal is {population}")
        )
    flags: dict[str, bool] = {}
    for name in ("harm_factors", "safety_wellbeing_factors"):
        value = item.get(name)
        if isinstance(value, bool):
            flags[name] = value
        else:
            problems.append(Problem(where, f"{name}: expected true or false (the inspector's judgement), found {value!r}"))
    answers_raw = item.get("answers", {})
    if not isinstance(answers_raw, dict):
        problems.append(Problem(where, "answers: expected an object of key question id to yes, no or n/a"))
        return None
    if len(problems) > before or population is None or entry is None:
        return None
    harm, wellbeing = flags["harm_factors"], flags["safety_wellbeing_factors"]
    applicable = framework.applicable_questions(population, entry.name, harm, wellbeing)
    own = framework.case_question_ids(population)
    answers = _valid_answers(answers_raw, own, applicable)
    if answers is None:  # something is wrong: go answer by answer to explain each problem
        answers = {}
        for question_id, value in answers_raw.items():
            answer = _ANSWERS.get(value) if type(value) is str else None
            if answer is not None and answer_counts(question_id, answer, applicable=applicable, own=own):
                answers[question_id] = answer
                continue
            message = _answer_problem(framework, population, entry.name, flags, question_id=question_id, value=value)
            problems.append(Problem(f"case {case_id}, question {question_id}", message))
    gaps = applicable - answers_raw.keys()
    if gaps and not provisional:
        missing = [q for q in framework.case_questions(population) if q.id in gaps]
        listed = "; ".join(f"{q.id} ({_WHY_APPLIES[q.applies_when]})" for q in missing)
        problems.append(Problem(where, f"no answer to {listed} (rate provisionally to leave answers open)"))
    return Case(case_id, population, entry.name, harm, wellbeing, answers)


def _valid_answers(raw: Mapping[str, Any], own: frozenset[str], applicable: frozenset[str]) -> dict[str, Answer] | None:
    """Return the answers when all are valid, checked a whole case at a time; None if any is not."""
    try:
        answers = {q: _ANSWERS[v] for q, v in raw.items()}
    except (KeyError, TypeError):  # an unknown value, or one that is not even hashable
        return None
    if all(answer_counts(q, a, applicable=applicable, own=own) for q, a in answers.items()):
        return answers
    return None


def _answer_problem(
    framework: Framework,
    population: Population,
    disposal_type: str,
    flags: Mapping[str, bool],
    *,
    question_id: str,
    value: Any,
) -> str:
    """Explain why an answer cannot be taken: unknown question, wrong domain, bad value, or not applicable."""
    question = framework.key_question(question_id)
    if question is None:
        return f"no such key question in {framework.id}"
    if question_id not in framework.case_question_ids(population):
        standard = framework.standard_of(question_id)
        domain = framework.domain_of(standard.id)
        if framework.rated_by(standard) is RatedBy.JUDGEMENT:
            why = f"standard {standard.id} is rated by the team's judgement, not answered per case"
        else:
            why = f"it belongs to domain {domain.id} ({domain.name}), but this is a {population.label[:-1]} case"
        return f"cannot be answered for this case: {why}"
    answer = _ANSWERS.get(value) if type(value) is str else None
    if answer is None:
        return f"answer {value!r} is not one of 'yes', 'no', 'n/a'"
    if question.applies_when in _WHY_NOT and not flags[question.applies_when.value]:
        why = _WHY_NOT[question.applies_when]
    else:
        why = f"it applies only to {', '.join(question.disposal_types)}, and this is a {disposal_type}"
    return f"answered {answer.value!r} but the question cannot apply ({why}); answer 'n/a'"


def _panel_decisions(raw: Any, problems: list[Problem]) -> list[PanelDecision]:
    decisions: list[PanelDecision] = []
    if not isinstance(raw, list):
        problems.append(Problem("panel_decisions", "expected a list of decisions"))
        return decisions
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"panel_decisions[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, "expected an object with standard, rating and reason"))
            continue
        standard, rating, reason = item.get("standard"), item.get("rating"), item.get("reason", "")
        if not isinstance(standard, str):
            problems.append(Problem(where, "standard: expected a standard id such as '3.2'"))
            continue
        where = f"panel decision on standard {standard}"
        if standard in seen:
            problems.append(Problem(where, "more than one decision for the same standard"))
            continue
        seen.add(standard)
        if not isinstance(rating, str) or rating not in _RATINGS:
            problems.append(Problem(where, "rating: " + rating_problem(rating, [r.value for r in Rating])))
            continue
        if not isinstance(reason, str):
            problems.append(Problem(where, "reason: expected text"))
            continue
        decisions.append(PanelDecision(standard, _RATINGS[rating], reason))
    return decisions
