"""The bundle form of an earlier programme's inspection (core case, full joint, short quality screening).

Same file format and header as the standards frameworks' bundle (docs/bundle.md), with answers keyed
by the programme's scoring questions, an optional custody or community setting per SQS case, and the
FJI team's judgement per theme. Reading is as strict as the standards bundle: every problem at once,
each with its place, and unknown fields kept for a lossless round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yjinspect.bundle import (
    FORMAT,
    BundleError,
    Inspection,
    Problem,
    check_bundle,
    check_cases,
    check_date,
    check_header,
    parse_json,
    read_text_file,
)
from yjinspect.engine.answers import Answer
from yjinspect.engine.legacy.framework import LegacyFramework, load_legacy_framework, shipped_legacy_ids
from yjinspect.engine.legacy.scoring import LegacyCase, LegacyResult, rate_legacy

_ANSWERS = {a.value: a for a in Answer}
_KNOWN_TOP = {"format", "inspection", "cases", "judgements"}
_KNOWN_CASE = {"id", "setting", "answers"}


@dataclass(frozen=True)
class LegacyInspection:
    """An earlier programme's inspection as read from a bundle."""

    service: str
    framework: LegacyFramework
    fieldwork_start: date
    cases: tuple[LegacyCase, ...]
    judgements: Mapping[str, str] = field(default_factory=dict)  # FJI: theme id -> good ... poor
    provisional: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    inspection_extra: Mapping[str, Any] = field(default_factory=dict)
    case_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def rate(self) -> LegacyResult:
        """Score or count the inspection by its programme's arithmetic."""
        return rate_legacy(self.framework, self.cases, dict(self.judgements), provisional=self.provisional)


def read_inspection_file(path: str, *, provisional: bool = False) -> Inspection | LegacyInspection:
    """Read any programme's bundle file; raise BundleError naming the file and every problem."""
    return read_inspection(read_text_file(path), source=path, provisional=provisional)


def read_inspection(text: str, *, source: str = "bundle", provisional: bool = False) -> Inspection | LegacyInspection:
    """Read any programme's bundle text: an earlier programme's here, a standards framework's by bundle.py."""
    data = parse_json(text, source)
    inspection, problems = check_any_bundle(data, provisional=provisional)
    if problems or inspection is None:
        raise BundleError(source, problems)
    return inspection


def is_legacy(data: Any) -> bool:
    """Return whether parsed bundle data names one of the earlier programmes."""
    header = data.get("inspection") if isinstance(data, dict) else None
    return isinstance(header, dict) and header.get("framework") in shipped_legacy_ids()


def check_any_bundle(data: Any, *, provisional: bool = False) -> tuple[Inspection | LegacyInspection | None, list[Problem]]:
    """Check parsed bundle data of any programme; return the inspection (None if unusable) and every problem."""
    if is_legacy(data):
        return check_legacy_bundle(data, provisional=provisional)
    return check_bundle(data, provisional=provisional)


def check_legacy_bundle(data: Any, *, provisional: bool = False) -> tuple[LegacyInspection | None, list[Problem]]:
    """Check an earlier programme's bundle data; return the inspection (None if unusable) and every problem."""
    problems: list[Problem] = []
    header = check_header(data, problems)
    if header is None or not is_legacy(data):
        if header is not None:
            problems.append(Problem("inspection.framework", f"expected one of {', '.join(shipped_legacy_ids())}"))
        return None, problems
    framework = load_legacy_framework(header["framework"])
    fieldwork = check_date(header.get("fieldwork_start"), "inspection.fieldwork_start", problems)
    for name in ("organisational_ratings", "panel_decisions"):
        if name in data:  # a standards-framework field: say so rather than keep it silently
            problems.append(Problem(name, f"{framework.id} is scored, not rated: it has no {name.replace('_', ' ')}"))
    cases, case_extra = check_cases(
        data.get("cases"), lambda index, item: _case(framework, index, item, provisional, problems), _KNOWN_CASE, problems
    )
    judgements = _judgements(framework, data.get("judgements"), provisional, problems)
    if problems or fieldwork is None:
        return None, problems
    return (
        LegacyInspection(
            service=str(header["service"]),
            framework=framework,
            fieldwork_start=fieldwork,
            cases=tuple(cases),
            judgements=judgements,
            provisional=provisional,
            extra={k: v for k, v in data.items() if k not in _KNOWN_TOP},
            inspection_extra={k: v for k, v in header.items() if k not in {"service", "framework", "fieldwork_start"}},
            case_extra=case_extra,
        ),
        problems,
    )


def _case(framework: LegacyFramework, index: int, item: Any, provisional: bool, problems: list[Problem]) -> LegacyCase | None:
    if not isinstance(item, dict):
        problems.append(Problem(f"cases[{index}]", "expected a case object"))
        return None
    case_id = item.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        problems.append(Problem(f"cases[{index}]", "expected a case id (text)"))
        return None
    where = f"case {case_id}"
    before = len(problems)
    setting = item.get("setting")
    settings = [s.id for s in framework.settings]
    if setting is not None and setting not in settings:
        allowed = f"one of {', '.join(settings)}" if settings else f"nothing: {framework.id} does not split cases by setting"
        problems.append(Problem(where, f"setting: {setting!r} is not allowed; expected {allowed}"))
    raw = item.get("answers", {})
    if not isinstance(raw, dict):
        problems.append(Problem(where, "answers: expected an object of question id to yes, no or n/a"))
        return None
    answers: dict[str, Answer] = {}
    for question_id, value in raw.items():
        place = f"case {case_id}, question {question_id}"
        if framework.scoring_question(question_id) is None:
            problems.append(Problem(place, f"no such scoring question in {framework.id}"))
        elif type(value) is not str or value not in _ANSWERS:
            problems.append(Problem(place, f"answer {value!r} is not one of 'yes', 'no', 'n/a'"))
        else:
            answers[question_id] = _ANSWERS[value]
    missing = [q.id for _, q in framework.scoring_questions() if q.id not in raw]
    if missing and not provisional:
        problems.append(
            Problem(
                where, f"no answer to {', '.join(missing)} (answer 'n/a' where a question does not apply, or rate provisionally)"
            )
        )
    if len(problems) > before:
        return None
    return LegacyCase(case_id, answers, setting)


def _judgements(framework: LegacyFramework, raw: Any, provisional: bool, problems: list[Problem]) -> dict[str, str]:
    if framework.scoring != "fji":
        if raw is not None:
            problems.append(Problem("judgements", f"{framework.id} records no judgements; only full joint inspections do"))
        return {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(Problem("judgements", "expected an object of theme id to judgement"))
        return {}
    themes = [t.id for t in framework.themes]
    found: dict[str, str] = {}
    for theme, value in raw.items():
        where = f"judgements.{theme}"
        if theme not in themes:
            problems.append(Problem(where, f"{theme!r} is not a theme of {framework.id} ({', '.join(themes)})"))
        elif value not in framework.judgements:
            problems.append(Problem(where, f"{value!r} is not one of {', '.join(framework.judgements)}"))
        else:
            found[theme] = value
    missing = [t for t in themes if t not in raw]
    if missing and not provisional:
        problems.append(
            Problem("judgements", f"no judgement recorded for {', '.join(missing)} (rate provisionally to leave them open)")
        )
    return found


def legacy_bundle_data(inspection: LegacyInspection) -> dict[str, Any]:
    """Return the bundle form of an earlier programme's inspection; reading it back gives the same."""
    cases = []
    for case in inspection.cases:
        item: dict[str, Any] = {"id": case.id}
        if case.setting is not None:
            item["setting"] = case.setting
        item["answers"] = {q: a.value for q, a in case.answers.items()}
        item.update(inspection.case_extra.get(case.id, {}))
        cases.append(item)
    data: dict[str, Any] = {
        "format": FORMAT,
        "inspection": {
            "service": inspection.service,
            "framework": inspection.framework.id,
            "fieldwork_start": inspection.fieldwork_start.isoformat(),
            **inspection.inspection_extra,
        },
        "cases": cases,
    }
    if inspection.framework.scoring == "fji":
        data["judgements"] = dict(inspection.judgements)
    return data | dict(inspection.extra)
