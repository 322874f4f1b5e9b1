"""The inspection bundle, `yjinspect.bundle/1`: the file form of one inspection, any programme.

This module holds what every programme's bundle shares: the header, problems with their places, the
case list's checks, and the report's typed fields (narrative, contextual facts, the caseload return,
offence types, the publication date). Each programme's plug-in (`yjinspect.programmes`) reads and
writes its own body (cases, recorded ratings) with these pieces.

Reading is strict and reports every problem at once, each with its place (case id, question id), so
that a user can fix a file in one pass. Unknown fields are kept, not rejected, so that later versions
can add fields without breaking older readers.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

FORMAT = "yjinspect.bundle/1"
# Top-level keys holding the report's typed fields (ReportFields); "sample" stays the web app's own.
REPORT_KEYS = frozenset({"narrative", "contextual_facts", "caseload"})


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
class ReportFields:
    """What a report is written from besides the answers, as typed fields of the bundle (docs/bundle.md).

    - `narrative`: the team's words, keyed as the programme's narrative fields say (foreword, ...).
    - `contextual_facts`: the service's figures from its data return, each a whole number.
    - `caseload`: the eligible caseload return's rows (the report prints its mix by disposal type).
    - `offence_types`: a case's offence type as the inspector recorded it, by case id.
    - `published`: the publication date (YYYY-MM-DD) or month ("March 2020"), if published.
    - `sample_method`: how the sample was drawn (confidence, margin), from the web app's `sample.method`.
    """

    narrative: Mapping[str, Any] = field(default_factory=dict)
    contextual_facts: Mapping[str, int] = field(default_factory=dict)
    caseload: tuple[Mapping[str, Any], ...] = ()
    offence_types: Mapping[str, str] = field(default_factory=dict)
    published: str = ""
    sample_method: Mapping[str, Any] = field(default_factory=dict)

    @property
    def practice_examples(self) -> tuple[Mapping[str, Any], ...]:
        """Return the practice examples the narrative names (each a mapping with the case and the text)."""
        found = self.narrative.get("practice_examples") or ()
        return tuple(e for e in found if isinstance(e, Mapping))


def check_report_fields(data: Mapping[str, Any], header: Mapping[str, Any], problems: list[Problem]) -> ReportFields:
    """Read the report's typed fields of a bundle, every problem with its place."""
    narrative = data.get("narrative", {})
    if not isinstance(narrative, dict):
        problems.append(Problem("narrative", "expected an object of the report's narrative fields"))
        narrative = {}
    facts_raw = data.get("contextual_facts", {})
    facts: dict[str, int] = {}
    if not isinstance(facts_raw, dict):
        problems.append(Problem("contextual_facts", "expected an object of fact name to a whole number"))
    else:
        for name, value in facts_raw.items():
            if type(value) is int and value >= 0:
                facts[name] = value
            else:
                problems.append(Problem(f"contextual_facts.{name}", f"expected a whole number, found {value!r}"))
    caseload = data.get("caseload", [])
    if not isinstance(caseload, list) or not all(isinstance(r, dict) for r in caseload):
        problems.append(Problem("caseload", "expected a list of caseload rows (objects)"))
        caseload = []
    published = header.get("published", "")
    if not isinstance(published, str):
        problems.append(Problem("inspection.published", f"expected the publication date as text, found {published!r}"))
        published = ""
    offences: dict[str, str] = {}
    for index, case in enumerate(data.get("cases") or [] if isinstance(data.get("cases"), list) else []):
        if isinstance(case, dict) and "offence_type" in case:
            value = case["offence_type"]
            if isinstance(value, str):
                if value.strip():
                    offences[str(case.get("id"))] = value.strip()
            else:
                problems.append(Problem(f"cases[{index}].offence_type", f"expected text, found {value!r}"))
    sample = data.get("sample")
    method = sample.get("method") if isinstance(sample, dict) else None
    return ReportFields(
        narrative=narrative,
        contextual_facts=facts,
        caseload=tuple(caseload),
        offence_types=offences,
        published=published.strip(),
        sample_method=method if isinstance(method, dict) else {},
    )


def report_fields_data(report: ReportFields) -> dict[str, Any]:
    """Return the top-level bundle keys of the report's typed fields (the header and cases carry the rest)."""
    data: dict[str, Any] = {}
    if report.narrative:
        data["narrative"] = dict(report.narrative)
    if report.contextual_facts:
        data["contextual_facts"] = dict(report.contextual_facts)
    if report.caseload:
        data["caseload"] = [dict(r) for r in report.caseload]
    return data


def dump_json(data: Mapping[str, Any]) -> str:
    """Return bundle data as stable, readable JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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


def check_date(value: Any, where: str, problems: list[Problem]) -> date | None:
    """Return an ISO date, or None with a problem recorded at `where`."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(where, f"expected a date as YYYY-MM-DD, found {value!r}"))
    return None


def rating_problem(value: Any, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6) if isinstance(value, str) else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}{hint}"


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
        # offence_type is one of the report's typed fields (ReportFields), read with them
        others = {k: v for k, v in item.items() if k not in known and k != "offence_type"}
        if others:
            extra[case.id] = others
    return cases, extra
