"""The inspection bundle, `yjinspect.bundle/1`: the file form of one inspection.

Reading is strict and reports every problem at once, each with its place (case id, question id), so
that a user can fix a file in one pass. Unknown fields are kept, not rejected, so that later versions
can add evidence notes, prompts and narrative without breaking older readers.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from yjinspect.engine.answers import Answer, Case, answer_counts
from yjinspect.engine.discretion import PanelDecision
from yjinspect.engine.framework import AppliesWhen, Framework, Population, RatedBy, Rating
from yjinspect.engine.legacy.framework import shipped_legacy_ids
from yjinspect.engine.loading import FrameworkError, load_framework
from yjinspect.engine.rating import NOT_RATED, InspectionResult, PanelDecisionError, rate_inspection

FORMAT = "yjinspect.bundle/1"
_KNOWN_TOP = {"format", "inspection", "organisational_ratings", "cases", "panel_decisions"}
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


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bundle, and where."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class BundleError(Exception):
    """A bundle that cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Inspection:
    """One inspection as read from a bundle, ready for the engine."""

    service: str
    framework: Framework
    fieldwork_start: date
    cases: tuple[Case, ...]
    recorded_ratings: Mapping[str, Rating | None]
    panel_decisions: tuple[PanelDecision, ...]
    provisional: bool = False
    # Fields this version does not interpret, kept for a lossless round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)
    inspection_extra: Mapping[str, Any] = field(default_factory=dict)
    case_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Rating the inspection is how reading checks the panel decisions; keeping it saves doing it twice.
    rated: InspectionResult | None = field(default=None, compare=False, repr=False)

    def rate(self) -> InspectionResult:
        """Rate the inspection by the framework's rules (panel decisions were checked on reading)."""
        if self.rated is not None:
            return self.rated
        return rate_inspection(
            self.framework,
            self.cases,
            recorded_ratings=self.recorded_ratings,
            panel_decisions=self.panel_decisions,
            provisional=self.provisional,
        )


def read_bundle_file(path: str, *, provisional: bool = False) -> Inspection:
    """Read and check a bundle file; raise BundleError naming the file and every problem."""
    return read_bundle(read_text_file(path), source=path, provisional=provisional)


def read_text_file(path: str) -> str:
    """Return a bundle file's text; raise BundleError if it cannot be read as UTF-8."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise BundleError(path, [Problem("file", f"cannot be read ({error.strerror})")]) from error
    except UnicodeDecodeError as error:
        raise BundleError(path, [Problem("file", f"is not UTF-8 text (byte {error.start})")]) from error


def parse_json(text: str, source: str) -> Any:
    """Parse bundle JSON text; raise BundleError with the line and column of a syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(
            source, [Problem(f"line {error.lineno}, column {error.colno}", f"not valid JSON: {error.msg}")]
        ) from error


def read_bundle(text: str, *, source: str = "bundle", provisional: bool = False) -> Inspection:
    """Parse bundle JSON text and check it; raise BundleError with every problem found."""
    inspection, problems = check_bundle(parse_json(text, source), provisional=provisional)
    if problems or inspection is None:
        raise BundleError(source, problems)
    return inspection


def check_bundle(data: Any, *, provisional: bool = False) -> tuple[Inspection | None, list[Problem]]:
    """Check parsed bundle data; return the inspection (None if unusable) and every problem found."""
    problems: list[Problem] = []
    header = check_header(data, problems)
    if header is None:
        return None, problems
    framework = _framework(header, problems)
    service = header.get("service")
    fieldwork = check_date(header.get("fieldwork_start"), "inspection.fieldwork_start", problems)
    if framework is None:
        return None, problems
    recorded = _recorded_ratings(framework, data.get("organisational_ratings"), provisional, problems)
    cases, case_extra = check_cases(
        data.get("cases"), lambda index, item: _case(framework, index, item, provisional, problems), _KNOWN_CASE, problems
    )
    decisions = _panel_decisions(data.get("panel_decisions", []), problems)
    rated = None
    try:
        rated = rate_inspection(framework, cases, recorded_ratings=recorded, panel_decisions=decisions, provisional=provisional)
    except PanelDecisionError as refused:
        problems.extend(Problem("panel_decisions", r) for r in refused.refusals)
    if problems or fieldwork is None:
        return None, problems
    return (
        Inspection(
            service=str(service),
            framework=framework,
            fieldwork_start=fieldwork,
            cases=tuple(cases),
            recorded_ratings=recorded,
            panel_decisions=tuple(decisions),
            provisional=provisional,
            extra={k: v for k, v in data.items() if k not in _KNOWN_TOP},
            inspection_extra={k: v for k, v in header.items() if k not in {"service", "framework", "fieldwork_start"}},
            case_extra=case_extra,
            rated=rated,
        ),
        problems,
    )


def check_header(data: Any, problems: list[Problem]) -> dict[str, Any] | None:
    """Check the format and the inspection header common to every programme; None if there is no header."""
    if not isinstance(data, dict):
        problems.append(Problem("top level", "expected a JSON object"))
        return None
    if data.get("format") != FORMAT:
        problems.append(Problem("format", f"expected {FORMAT!r}, found {data.get('format')!r}"))
    header = data.get("inspection")
    if not isinstance(header, dict):
        problems.append(Problem("inspection", "expected an object with service, framework and fieldwork_start"))
        return None
    service = header.get("service")
    if not isinstance(service, str) or not service.strip():
        problems.append(Problem("inspection.service", "expected the inspected service's name"))
    return header


def _framework(header: Mapping[str, Any], problems: list[Problem]) -> Framework | None:
    framework_id = header.get("framework")
    if not isinstance(framework_id, str):
        problems.append(Problem("inspection.framework", "expected a framework id such as 'hmip-youth-2018'"))
        return None
    try:
        return load_framework(framework_id)
    except FrameworkError as error:
        # The earlier programmes are read by legacy_bundle.py; name them too, so the list is complete.
        problems.append(Problem("inspection.framework", f"{error}; earlier programmes: {', '.join(shipped_legacy_ids())}"))
        return None


def check_date(value: Any, where: str, problems: list[Problem]) -> date | None:
    """Return an ISO date, or None with a problem recorded at `where`."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(where, f"expected a date as YYYY-MM-DD, found {value!r}"))
    return None


def _rating_problem(value: Any, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6) if isinstance(value, str) else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}{hint}"


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
            problems.append(Problem(where, _rating_problem(value, allowed)))
    missing = [s for s in judged if s not in raw]
    if missing and not provisional:
        problems.append(
            Problem(
                "organisational_ratings",
                f"no rating recorded for standard(s) {', '.join(missing)} (rate provisionally to leave them open)",
            )
        )
    return recorded


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


CaseT = TypeVar("CaseT", bound=_HasId)


def check_cases(
    raw: Any, read_case: Callable[[int, Any], CaseT | None], known: set[str], problems: list[Problem]
) -> tuple[list[CaseT], dict[str, dict[str, Any]]]:
    """Read every case with `read_case`, refuse a case id used twice, and keep the fields not in `known`."""
    cases: list[CaseT] = []
    extra: dict[str, dict[str, Any]] = {}
    if not isinstance(raw, list):
        problems.append(Problem("cases", "expected a list of cases"))
        return cases, extra
    first_seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        case = read_case(index, item)
        if case is None:
            continue
        if case.id in first_seen:
            problems.append(
                Problem(f"cases[{index}]", f"case id {case.id!r} is used twice (first at cases[{first_seen[case.id]}])")
            )
            continue
        first_seen[case.id] = index
        cases.append(case)
        others = {k: v for k, v in item.items() if k not in known}
        if others:
            extra[case.id] = others
    return cases, extra


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
            problems.append(Problem(where, "rating: " + _rating_problem(rating, [r.value for r in Rating])))
            continue
        if not isinstance(reason, str):
            problems.append(Problem(where, "reason: expected text"))
            continue
        decisions.append(PanelDecision(standard, _RATINGS[rating], reason))
    return decisions


def bundle_data(inspection: Inspection) -> dict[str, Any]:
    """Return the bundle form of an inspection; reading it back gives the same inspection."""
    cases = []
    for case in inspection.cases:
        item: dict[str, Any] = {
            "id": case.id,
            "disposal": case.population.value,
            "disposal_type": case.disposal_type,
            "harm_factors": case.harm_factors,
            "safety_wellbeing_factors": case.safety_wellbeing_factors,
            "answers": {q: a.value for q, a in case.answers.items()},
        }
        item.update(inspection.case_extra.get(case.id, {}))
        cases.append(item)
    return {
        "format": FORMAT,
        "inspection": {
            "service": inspection.service,
            "framework": inspection.framework.id,
            "fieldwork_start": inspection.fieldwork_start.isoformat(),
            **inspection.inspection_extra,
        },
        "organisational_ratings": {s: (r.value if r is not None else NOT_RATED) for s, r in inspection.recorded_ratings.items()},
        "cases": cases,
        "panel_decisions": [
            {"standard": d.standard, "rating": d.rating.value, "reason": d.reason} for d in inspection.panel_decisions
        ],
        **inspection.extra,
    }


def dump_bundle(inspection: Inspection) -> str:
    """Return the bundle as stable, readable JSON text."""
    return json.dumps(bundle_data(inspection), indent=2, ensure_ascii=False) + "\n"
