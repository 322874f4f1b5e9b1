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
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from yjinspect.engine.framework import Rating

FORMAT = "yjinspect.bundle/1"
# Top-level keys holding the report's typed fields (ReportFields); "sample" stays the web app's own.
REPORT_KEYS = frozenset({"narrative", "contextual_facts", "caseload", "report_options", "previous_inspection"})
RATINGS = tuple(r.value for r in Rating)  # as reports print them
_PUBLISHED_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")


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
class PreviousInspection:
    """The service's last published inspection before this one, as its report compares with it.

    - `programme`: the framework id it was inspected under (its standards may not correspond to this one's).
    - `date`: when it was published, YYYY-MM (or YYYY where only the year is known).
    - `overall_rating`: its overall rating as published, or None if none was.
    - `standards`: each standard's published rating by the earlier framework's standard id (None: not rated).
    """

    programme: str
    date: str
    overall_rating: str | None = None
    standards: Mapping[str, str | None] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """Return the bundle's `previous_inspection` object."""
        return {"programme": self.programme, "date": self.date, "overall_rating": self.overall_rating,
                "standards": dict(self.standards)}  # fmt: skip


def check_previous_inspection(value: Any, problems: list[Problem]) -> PreviousInspection | None:
    """Read the bundle's `previous_inspection`, every problem with its place; None where it is absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(Problem("previous_inspection", "expected an object (programme, date, overall_rating, standards)"))
        return None
    count = len(problems)
    programme, published, overall = value.get("programme"), value.get("date"), value.get("overall_rating")
    if not isinstance(programme, str) or not programme.strip():
        problems.append(
            Problem("previous_inspection.programme", f"expected a framework id such as hmip-youth-2018, found {programme!r}")
        )
    if not isinstance(published, str) or not _PUBLISHED_MONTH.fullmatch(published):
        problems.append(
            Problem("previous_inspection.date", f"expected the publication month as YYYY-MM (or YYYY), found {published!r}")
        )
    if overall is not None and overall not in RATINGS:
        problems.append(
            Problem("previous_inspection.overall_rating", f"expected one of {', '.join(RATINGS)} or null, found {overall!r}")
        )
    standards = value.get("standards") or {}
    if not isinstance(standards, dict):
        problems.append(Problem("previous_inspection.standards", "expected an object of standard id to rating"))
        standards = {}
    for standard, rating in standards.items():
        if rating is not None and rating not in RATINGS:
            problems.append(
                Problem(
                    f"previous_inspection.standards.{standard}", f"expected one of {', '.join(RATINGS)} or null, found {rating!r}"
                )
            )
    if len(problems) > count:
        return None
    return PreviousInspection(programme=str(programme), date=str(published), overall_rating=overall, standards=dict(standards))


@dataclass(frozen=True)
class ReportFields:
    """What a report is written from besides the answers, as typed fields of the bundle (docs/bundle.md).

    - `narrative`: the team's words, keyed as the programme's narrative fields say (foreword, ...).
    - `contextual_facts`: the service's figures from its data return, each a whole number, except a
      full-time equivalent (a name ending `_fte`), which may be a decimal such as 41.5.
    - `caseload`: the eligible caseload return's rows (the report prints its mix by disposal type).
    - `offence_types`: a case's offence type as the inspector recorded it, by case id (as written;
      the report leaves out blanks and surrounding spaces).
    - `published`: the publication date (YYYY-MM-DD) or month ("March 2020"), if published.
    - `sample_method`: how the sample was drawn (confidence, margin), from the web app's `sample.method`.
    - `intervals_table`: whether the published report prints the methodology annexe's table of margins of
      error (`report_options.intervals_table`, the lead inspector's choice; a draft always prints it).
    - `previous`: the service's last published inspection before this one (`previous_inspection`), for the
      sentence on how the rating changed; None where there is none (a first inspection).
    """

    narrative: Mapping[str, Any] = field(default_factory=dict)
    contextual_facts: Mapping[str, int | float] = field(default_factory=dict)
    caseload: tuple[Mapping[str, Any], ...] = ()
    offence_types: Mapping[str, str] = field(default_factory=dict)
    published: str = ""
    sample_method: Mapping[str, Any] = field(default_factory=dict)
    intervals_table: bool = False
    previous: PreviousInspection | None = None
    # Which of these the file had, so that writing it back gives the same data even where one is empty.
    present: frozenset[str] = frozenset()

    @property
    def practice_examples(self) -> tuple[Mapping[str, Any], ...]:
        """Return the practice examples the narrative names (each a mapping with the case and the text)."""
        found = self.narrative.get("practice_examples") or ()
        return tuple(e for e in found if isinstance(e, Mapping))


def check_report_fields(data: Mapping[str, Any], header: Mapping[str, Any], problems: list[Problem]) -> ReportFields:
    """Read the report's typed fields of a bundle, every problem with its place.

    A field given as null is taken as absent (as the format always allowed); one of the wrong type is a
    problem, since the report would otherwise print nothing for it without saying why.
    """
    narrative = _or_empty(data, "narrative", {})
    if not isinstance(narrative, dict):
        problems.append(Problem("narrative", "expected an object of the report's narrative fields"))
        narrative = {}
    facts_raw = _or_empty(data, "contextual_facts", {})
    facts: dict[str, int | float] = {}
    if not isinstance(facts_raw, dict):
        problems.append(Problem("contextual_facts", "expected an object of fact name to a whole number"))
    else:
        for name, value in facts_raw.items():
            # A full-time equivalent (`…_fte`, such as staff_fte) may be a decimal (41.5 staff); the rest are counts.
            decimal = str(name).endswith("_fte")
            if (type(value) is int or (decimal and type(value) is float and math.isfinite(value))) and value >= 0:
                facts[name] = value
            elif value is not None:
                expected = "a number (0 or more; a full-time equivalent such as 41.5)" if decimal else "a whole number"
                problems.append(Problem(f"contextual_facts.{name}", f"expected {expected}, found {value!r}"))
    caseload = _or_empty(data, "caseload", [])
    if not isinstance(caseload, list) or not all(isinstance(r, dict) for r in caseload):
        problems.append(Problem("caseload", "expected a list of caseload rows (objects)"))
        caseload = []
    published = _or_empty(header, "published", "")
    if not isinstance(published, str):
        problems.append(Problem("inspection.published", f"expected the publication date as text, found {published!r}"))
        published = ""
    offences: dict[str, str] = {}
    cases = data.get("cases")
    for index, case in enumerate(cases if isinstance(cases, list) else []):
        value = case.get("offence_type") if isinstance(case, dict) else None
        if isinstance(value, str):
            offences[str(case.get("id"))] = value
        elif value is not None:
            problems.append(Problem(f"cases[{index}].offence_type", f"expected text, found {value!r}"))
    sample = data.get("sample")
    method = sample.get("method") if isinstance(sample, dict) else None
    method = method if isinstance(method, dict) else {}
    for name in ("confidence", "margin"):
        if name in method and (type(method[name]) not in (int, float) or not 0 < method[name] < 1):
            problems.append(Problem(f"sample.method.{name}", f"expected a number between 0 and 1, found {method[name]!r}"))
    options = _or_empty(data, "report_options", {})
    intervals_table = False
    if not isinstance(options, dict):
        problems.append(Problem("report_options", "expected an object of the report's options, such as intervals_table"))
    elif options.get("intervals_table") is not None:
        if isinstance(options["intervals_table"], bool):
            intervals_table = options["intervals_table"]
        else:
            problems.append(
                Problem("report_options.intervals_table", f"expected true or false, found {options['intervals_table']!r}")
            )
    previous = check_previous_inspection(data.get("previous_inspection"), problems)
    present = frozenset(k for k in REPORT_KEYS if data.get(k) is not None) | (
        {"published"} if header.get("published") is not None else set()
    )
    return ReportFields(
        narrative=narrative,
        contextual_facts=facts,
        caseload=tuple(caseload),
        offence_types=offences,
        published=published,
        sample_method=method,
        intervals_table=intervals_table,
        previous=previous,
        present=present,
    )


def _or_empty(data: Mapping[str, Any], key: str, empty: Any) -> Any:
    value = data.get(key)
    return empty if value is None else value


def report_fields_data(report: ReportFields) -> dict[str, Any]:
    """Return the top-level bundle keys of the report's typed fields (the header and cases carry the rest);
    a field the file had is written back even when empty, so that a round trip gives the same data."""
    data: dict[str, Any] = {}
    if report.narrative or "narrative" in report.present:
        data["narrative"] = dict(report.narrative)
    if report.contextual_facts or "contextual_facts" in report.present:
        data["contextual_facts"] = dict(report.contextual_facts)
    if report.caseload or "caseload" in report.present:
        data["caseload"] = [dict(r) for r in report.caseload]
    if report.intervals_table or "report_options" in report.present:
        data["report_options"] = {"intervals_table": report.intervals_table}
    if report.previous is not None:
        data["previous_inspection"] = report.previous.data()
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


# A bundle nests a few levels deep; the JSON parser recurses once per level, so far deeper nesting is
# refused before parsing (it would fail with a RecursionError, or take the process's stack).
MAX_JSON_DEPTH = 64
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_depth_problem(text: str, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Return why JSON text is nested too deeply to read, or None (brackets inside strings do not count)."""
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > max_depth:
            return f"the JSON is nested more than {max_depth} levels deep; a bundle needs only a few"
    return None


def parse_json(text: str, source: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse bundle JSON text; raise BundleError with the line and column of a syntax error."""
    if problem := json_depth_problem(text, max_depth):
        raise BundleError(source, [Problem("file", problem)])
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
