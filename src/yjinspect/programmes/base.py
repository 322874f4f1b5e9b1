"""The programme contract: what every programme kind answers, and the registry from framework id to plug-in.

A programme kind (the standards frameworks, core case inspections, full joint inspections, short
quality screenings) is one subclass of `Programme`, registered under the `scoring` kind its framework
files name. An instance is bound to one framework file. Callers (the command line, the web app,
exchange, reporting, the public comparisons) ask `programme_for(framework_id)` and use the contract;
they never branch on which programme it is. The capabilities a kind lacks (a data return and sample,
a ratings panel, team ratings) are attributes of the contract, so the web shell offers or hides a task
by asking, not by naming programmes.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from yjinspect.bundle import (
    FORMAT,
    REPORT_KEYS,
    BundleError,
    Problem,
    ReportFields,
    check_date,
    check_header,
    check_report_fields,
    parse_json,
    read_text_file,
    report_fields_data,
)
from yjinspect.engine.discretion import PanelDecision
from yjinspect.engine.intervals import Interval, printed_range
from yjinspect.engine.loading import FrameworkError, kind_of, read_yaml, shipped_framework_ids, shipped_framework_text
from yjinspect.engine.survey_counts import count_survey
from yjinspect.importing.published_reports import Disagreement, report_record
from yjinspect.importing.survey_export import BundleSurvey, bundle_surveys_data, read_bundle_surveys
from yjinspect.reporting.compose.surveys import with_survey_section
from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.inputs import ReportInputs


class FrameworkFile(Protocol):
    """What every kind's framework schema has: the file's id, title and the years it was in use."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def years(self) -> tuple[int, int]: ...


FrameworkT = TypeVar("FrameworkT", bound=FrameworkFile)
CaseT = TypeVar("CaseT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class NarrativeField:
    """One box of the report's narrative form: its form name, where its text is kept, how it is entered.

    `key` is a path into the narrative (``("criteria", "1.1", "strengths")``). `kind` is ``text`` (one
    block), ``optional`` (one block, kept only when written), ``lines`` (one item a line), ``tagged``
    (``Tag: text`` lines, kept as objects under the two `tags` names) or ``counts`` (``Name: number``
    lines, kept as an object of name to number).
    """

    name: str
    key: tuple[str, ...]
    label: str
    kind: str = "text"
    hint: str = ""
    tags: tuple[str, str] = ("tag", "text")
    form: str = ""  # how a tagged or counted line is written, for the message about a bad line
    allowed: tuple[str, ...] | None = None  # for tagged lines: the tags allowed, if limited
    short_label: str = ""  # what a message about a bad line calls the box, if shorter than its label


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def narrative_from_form(fields: Sequence[NarrativeField], data: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Return the narrative a form's values make, and every malformed line (each named by box and line)."""
    narrative, by_box = read_narrative_form(fields, data)
    return narrative, [problem for problems in by_box.values() for problem in problems]


def read_narrative_form(fields: Sequence[NarrativeField], data: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the narrative a form's values make, and each box's malformed lines by the box's form name
    (so that a page can show each beside its box)."""
    narrative: dict[str, Any] = {}
    by_box: dict[str, list[str]] = {}
    for box in fields:
        problems = by_box.setdefault(box.name, [])
        raw = str(data.get(box.name, "") or "")
        value: Any
        if box.kind in ("text", "optional"):
            value = raw.strip()
            if box.kind == "optional" and not value:
                continue
        elif box.kind == "lines":
            value = _lines(raw)
        elif box.kind == "tagged":
            value = []
            for number, line in enumerate(_lines(raw), start=1):
                tag, _, text = (part.strip() for part in line.partition(":"))
                if not text or (box.allowed is not None and tag not in box.allowed):
                    problems.append(f"{box.short_label or box.label}, line {number}: write it as {box.form}.")
                value.append({box.tags[0]: tag, box.tags[1]: text})
        else:  # counts
            value = {}
            for number, line in enumerate(_lines(raw), start=1):
                name, _, count = line.rpartition(":")
                # Only the digits 0-9: str.isdigit() also accepts superscripts such as "²", which int() refuses.
                if not name.strip() or not re.fullmatch(r"[0-9]+", count.strip()):
                    problems.append(f"{box.short_label or box.label}, line {number}: write it as {box.form}.")
                else:
                    value[name.strip()] = int(count)
        node = narrative
        for part in box.key[:-1]:
            node = node.setdefault(part, {})
        node[box.key[-1]] = value
    return narrative, {name: problems for name, problems in by_box.items() if problems}


def narrative_with_boxes(
    narrative: Mapping[str, Any], fields: Sequence[NarrativeField], values: Mapping[str, Any]
) -> dict[str, Any]:
    """Return a copy of `narrative` with the given boxes' places set to `values` (read by read_narrative_form);
    a box missing from `values` (an optional box left empty) is taken out. Everything else is kept as it was."""
    result: dict[str, Any] = copy.deepcopy(dict(narrative))
    for box in fields:
        node: Any = result
        for part in box.key[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        found: Any = values
        for part in box.key:
            found = found.get(part, _ABSENT) if isinstance(found, Mapping) else _ABSENT
        if found is _ABSENT:
            node.pop(box.key[-1], None)
        else:
            node[box.key[-1]] = found
    return result


_ABSENT = object()


def narrative_form_values(fields: Sequence[NarrativeField], narrative: Mapping[str, Any]) -> dict[str, str]:
    """Return each box's text as the form shows it, from a saved narrative (the inverse of narrative_from_form)."""
    values: dict[str, str] = {}
    for box in fields:
        node: Any = narrative
        for part in box.key:
            node = node.get(part) if isinstance(node, Mapping) else None
        if box.kind == "lines":
            values[box.name] = "\n".join(str(v) for v in node or [])
        elif box.kind == "tagged":
            values[box.name] = "\n".join(f"{v.get(box.tags[0], '')}: {v.get(box.tags[1], '')}" for v in node or [])
        elif box.kind == "counts":
            values[box.name] = "\n".join(f"{k}: {v}" for k, v in (node or {}).items())
        else:
            values[box.name] = str(node or "")
    return values


@dataclass(frozen=True)
class Recommendation:
    """One recommendation of a report, with the body or post-holder it is addressed to ("" if none)."""

    to: str
    text: str


RECOMMENDATIONS_BOX = "recommendations"  # the narrative box a report's recommendations are written in


@dataclass(frozen=True)
class SurveySection:
    """Where a report prints what the inspection's surveys found: the section's id and title, and the section
    it follows (`after`) or closes (`within`, as that section's last part); neither: the report's end."""

    id: str = "surveys"
    title: str = "What people told us"
    after: str | None = None
    within: str | None = None
    # The narrative form's box beside which the report page offers the surveys' suggested sentences (None: the
    # survey results pages offer them only).
    narrative_box: str | None = None


# Every shipped questionnaire (frameworks/surveys/): a programme offers these unless it names its own.
SURVEY_INSTRUMENTS = (
    "children-and-young-people",
    "parents-and-carers",
    "victims",
    "staff-and-volunteers",
    "sentencers-and-court-staff",
)


@dataclass(frozen=True)
class TeamRatingChoice:
    """An item the team rates by judgement (a standard, an FJI theme) and the words it may use."""

    id: str
    name: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class CaseQuestion:
    """A question a case answers, with the group it is shown under on the case page."""

    id: str
    text: str
    group: str
    group_label: str = ""  # the group's heading on the case page ("1.1 Risk of Harm")
    note: str = ""  # said beside the question ("key question for: Risk of Harm")


@dataclass(frozen=True)
class CaseRecord:
    """A case as the web app stores it, in plain values; each plug-in maps it to its own case type."""

    ref: str
    answers: Mapping[str, str]  # question id -> "yes", "no", "n/a" (or "" while unanswered)
    population: str = ""
    disposal_type: str = ""
    harm_factors: bool | None = None
    safety_wellbeing_factors: bool | None = None
    setting: str = ""
    practice_example: bool = False
    pseudonym: str = ""


@dataclass(frozen=True)
class PublishedFigures:
    """What a published inspection's record holds: the overall rating (if the programme has one) and
    its figures, one shape per key, as the programme names them (see each plug-in's `published_figures`)."""

    overall_rating: str = ""
    score: int | None = None
    max_score: int | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureInterval:
    """A figure that is a share of cases, with its confidence interval (docs/scoring.md, MI-1 to MI-3): what the
    ratings page, the report's methodology annexe and `rate --json` show beside the figure."""

    id: str  # the key question's (or the count's) id
    label: str  # what it is called where it is shown: "2.1.1 Does assessment sufficiently analyse ..."
    successes: int
    cases: int
    percent: int  # the printed figure
    interval: Interval
    confidence: float
    eligible: int | None  # the eligible population the finite population correction used; None: not corrected
    # The bands on the other side of each band boundary inside the interval: "on another sample of this
    # size this could have fallen in the next band". Empty where the programme has no bands.
    other_bands: tuple[str, ...] = ()
    decides: bool = False  # the figure decides its standard's rating (shown in bold)

    @property
    def printed(self) -> tuple[int, int]:
        """Return the interval's ends as printed, in whole percentages rounded outwards."""
        return printed_range(self.interval)

    @property
    def other_bands_words(self) -> str:
        """Return the bands within reach as a sentence says them: "Outstanding, Good or Inadequate"."""
        *rest, last = self.other_bands or ("",)
        return f"{', '.join(rest)} or {last}" if rest else last

    def record(self) -> dict[str, Any]:
        """Return the figure's interval as `rate --json` gives it."""
        low, high = self.printed
        return {
            "yes": self.successes,
            "cases": self.cases,
            "percent": self.percent,
            "low": round(self.interval.low, 4),
            "high": round(self.interval.high, 4),
            "printed": f"{low}% to {high}%",
            "eligible_population": self.eligible,
            "could_fall_in": list(self.other_bands),
        }


def intervals_record(figures: Sequence[FigureInterval], confidence: float) -> dict[str, Any]:
    """Return the `rate --json` record of a result's intervals: the method, the level and each figure's."""
    return {
        "method": "Wilson score interval, with the finite population correction where the eligible population is known",
        "confidence": confidence,
        "figures": {f.id: f.record() for f in figures},
    }


@dataclass(frozen=True)
class Body(Generic[CaseT]):
    """A programme's part of a bundle, as its reader found it."""

    cases: tuple[CaseT, ...]
    team_ratings: Mapping[str, Any] = field(default_factory=dict)
    panel_decisions: tuple[PanelDecision, ...] = ()
    case_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # A reader that had to rate to check the body (the panel's guard) keeps the result, so it is not rated twice.
    rated: Any = None


@dataclass(frozen=True)
class Inspection(Generic[CaseT]):
    """One inspection of any programme, as read from a bundle or built from the web app's records."""

    programme: Programme[Any, CaseT, Any]
    service: str
    fieldwork_start: date
    cases: tuple[CaseT, ...]
    # What the team rated by judgement: a judged standard's rating, an FJI theme's judgement.
    team_ratings: Mapping[str, Any] = field(default_factory=dict)
    panel_decisions: tuple[PanelDecision, ...] = ()
    provisional: bool = False
    report: ReportFields = field(default_factory=ReportFields)
    # The eligible population of each disposal kind ("court", "out_of_court"), for the finite population
    # correction of the figures' intervals; None: the programme counts it from the report's caseload,
    # if any (the web app counts it from the stored caseload without reading every row).
    eligible: Mapping[str, int] | None = None
    # Fields this version does not interpret, kept for a lossless round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)
    inspection_extra: Mapping[str, Any] = field(default_factory=dict)
    case_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # The surveys' anonymous responses a bundle carries (the web app's export; decision 0013), for the report.
    surveys: tuple[BundleSurvey, ...] = ()

    @property
    def framework(self) -> Any:
        """Return the programme's framework."""
        return self.programme.framework

    @cached_property
    def result(self) -> Any:
        """Return the inspection rated by its programme's rules, rated once however often it is asked."""
        return self.programme.rate(self)

    def rate(self) -> Any:
        """Return the rating result (the same object each time)."""
        return self.result

    def report_inputs(self, *, others: Sequence[Mapping[str, Any]] = (), draft: bool = True) -> ReportInputs[Any, Any, Any]:
        """Return what the report is composed from: the one adapter from a bundle to a report."""
        return ReportInputs(
            service=self.service,
            framework=self.framework,
            result=self.result,
            cases=self.cases,
            fieldwork_start=self.fieldwork_start,
            fields=self.report,
            others=tuple(others),
            draft=draft,
            surveys=tuple(count_survey(s.instrument, [r.answers for r in s.responses], s.small_number) for s in self.surveys),
        )


class Programme(ABC, Generic[FrameworkT, CaseT, ResultT]):
    """The contract every programme kind keeps. One instance per framework file."""

    kind: ClassVar[str]  # the `scoring` value its framework files name
    label: ClassVar[str]  # what people call it: "standards framework", "core case inspection"
    era: ClassVar[str] = ""  # said beside its title when choosing a framework ("earlier programme")
    has_data_return: ClassVar[bool] = False  # caseload return, contextual facts and the sample draw
    # False for a programme held for its published results only (rules not public: hmip-youth-2025):
    # the set-up form and the bundle reader do not offer it, and nothing rates under it.
    runs_inspections: ClassVar[bool] = True
    has_ratings_panel: ClassVar[bool] = False
    results_title: ClassVar[str] = "Ratings"  # the results page's heading and its task's name
    results_nav: ClassVar[str] = "Ratings"  # its link in the inspection's navigation
    results_explanation: ClassVar[str] = ""  # what the results page says its figures are
    # Which case page shape the web app shows: "questions" (case_questions under their groups, with a
    # setting where the programme has settings) serves any kind; "standards" adds the inspector's
    # judgements that switch questions on and off.
    case_kind: ClassVar[str] = "questions"
    # The report page's narrative form: "fields" (the narrative_fields, one box after another) or a
    # form of the kind's own ("standards": suggestions from the counts, examples from flagged cases).
    narrative_form: ClassVar[str] = "fields"
    # Standards reports take their practice examples from cases the inspectors flagged; others from
    # the narrative's tagged lines.
    practice_examples_from_cases: ClassVar[bool] = False
    # Which published figure the public comparison spreads across inspections (lowest, highest,
    # average per item), or None where the programme states none to compare.
    compared_figure: ClassVar[str | None] = None
    # Weeks after publication the service's improvement plan is due (seed 002: four weeks).
    improvement_plan_weeks: ClassVar[int] = 4
    body_keys: ClassVar[frozenset[str]]  # the bundle's top-level keys this kind's body reader interprets
    # Whether its report's methodology annexe has a table of the figures' intervals, printed in a draft and,
    # where the lead inspector chooses (`ReportFields.intervals_table`), in the published report.
    report_intervals_table: ClassVar[bool] = False
    # The questionnaires an inspection of this programme may send (ids of frameworks/surveys/ files), and the
    # report section their results go to.
    survey_instruments: ClassVar[tuple[str, ...]] = SURVEY_INSTRUMENTS
    survey_section: ClassVar[SurveySection] = SurveySection()

    def __init__(self, framework: FrameworkT, source: str) -> None:
        self.framework = framework
        self.source = source

    # --- the framework ---------------------------------------------------------------------------

    @classmethod
    @abstractmethod
    def parse(cls, data: dict[str, Any], *, source: str) -> FrameworkT:
        """Check parsed framework data against this kind's schema."""

    @property
    def id(self) -> str:
        return self.framework.id

    @property
    def title(self) -> str:
        return self.framework.title

    @property
    def years(self) -> tuple[int, int]:
        return self.framework.years

    @abstractmethod
    def unverified_items(self) -> list[tuple[str, str]]:
        """Return every item of the framework the public record does not confirm, with why."""

    @abstractmethod
    def case_questions(self) -> tuple[CaseQuestion, ...]:
        """Return every question a case of this programme may answer, in the framework's order."""

    def team_rating_choices(self) -> tuple[TeamRatingChoice, ...]:
        """Return what the team rates by judgement, and the words each may take (none by default)."""
        return ()

    @abstractmethod
    def case_from_record(self, record: CaseRecord) -> CaseT | None:
        """Return a stored case as this programme rates it, with only the answers that count; None if
        the case cannot be rated yet (a standards case whose harm judgements are not recorded)."""

    @abstractmethod
    def case_record(self, case: CaseT) -> CaseRecord:
        """Return a case of this programme in the plain values the web app stores (case_from_record's inverse)."""

    def rated_questions(self, record: CaseRecord) -> tuple[CaseQuestion, ...]:
        """Return the questions whose answers enter a case's rating as the case stands (by default every one)."""
        return self.case_questions()

    def unanswered(self, record: CaseRecord) -> list[CaseQuestion]:
        """Return the questions that apply to a case and have no answer yet (n/a is an answer)."""
        return [q for q in self.rated_questions(record) if not record.answers.get(q.id)]

    def second_assessment_questions(self, record: CaseRecord) -> tuple[CaseQuestion, ...]:
        """Return the questions a second, blind assessor answers for a case: every question whose answer may
        enter its rating, whatever the first assessor judged (not applicable is an answer), so that the
        questions shown tell them nothing of the first assessment."""
        return self.case_questions()

    @abstractmethod
    def case_gaps(self, record: CaseRecord) -> list[str]:
        """List, in words, what a case still needs before it can be marked complete."""

    def question_problem(self, record: CaseRecord, question_id: str) -> str | None:
        """Return why a case may not answer a question, or None if it may."""
        if any(q.id == question_id for q in self.case_questions()):
            return None
        return f"{question_id} is not a scoring question of {self.id}."

    def team_ratings_from_records(self, recorded: Mapping[str, str]) -> Mapping[str, Any]:
        """Return the team's recorded ratings (item id -> word) as this programme rates with them."""
        allowed = {c.id: c.choices for c in self.team_rating_choices()}
        return {item: value for item, value in recorded.items() if value in allowed.get(item, ())}

    def team_rating_words(self, team_ratings: Mapping[str, Any]) -> dict[str, str]:
        """Return the team's ratings as the words the web app stores (team_ratings_from_records' inverse)."""
        return {item: str(value) for item, value in team_ratings.items()}

    def case_settings(self) -> tuple[tuple[str, str], ...]:
        """Return the settings (id, name) a case may be recorded in, if the programme splits by them."""
        return ()

    # --- the bundle body -------------------------------------------------------------------------

    @abstractmethod
    def read_body(
        self, data: Mapping[str, Any], header: Mapping[str, Any], *, provisional: bool, problems: list[Problem]
    ) -> Body[CaseT] | None:
        """Read the programme's part of a bundle (cases and what the team recorded), every problem with its place."""

    @abstractmethod
    def write_body(self, inspection: Inspection[CaseT]) -> dict[str, Any]:
        """Return the programme's part of a bundle (cases, recorded ratings); reading it back gives the same."""

    # --- rating and records ----------------------------------------------------------------------

    @abstractmethod
    def rate(self, inspection: Inspection[CaseT]) -> ResultT:
        """Rate (or score, or count) the inspection by the programme's rules."""

    @abstractmethod
    def rating_record(self, result: ResultT) -> dict[str, Any]:
        """Return the programme's figures as the `yjinspect rate --json` record holds them."""

    def rate_record(self, result: ResultT) -> dict[str, Any]:
        """Return the `yjinspect rate --json` record: the rating record, and every figure that is a share of
        cases with its interval (docs/scoring.md, MI-1 to MI-3)."""
        intervals = intervals_record(self.figure_intervals(result), self.interval_confidence(result))
        return {**self.rating_record(result), "intervals": intervals}

    @abstractmethod
    def ratings_table(self, result: ResultT, service: str) -> str:
        """Return a readable table of the result for the command line."""

    @abstractmethod
    def published_figures(self, result: ResultT) -> PublishedFigures:
        """Return what the public comparison keeps of a result, under the keys import-report uses."""

    def figure_intervals(self, result: ResultT) -> tuple[FigureInterval, ...]:
        """Return every figure of the result that is a share of cases, with its interval (none by default).

        A core case or full joint inspection's scores are shares of answers, several to a case, so a
        binomial interval would claim more certainty than they have (decision 0010): they give none.
        """
        return ()

    def eligibility_windows(self, fieldwork_start: date) -> dict[str, tuple[date, date]]:
        """Return each disposal kind's eligibility window (earliest and latest disposal date, both included)
        where the programme samples a caseload return: its rows inside are the eligible population the
        figures' finite population correction uses. None by default (no caseload return)."""
        return {}

    def interval_confidence(self, result: ResultT) -> float:
        """Return the confidence level of the result's intervals: the framework's sampling confidence
        where it has one (seed 003: 80 per cent), else 80 per cent."""
        sampling = getattr(self.framework, "sampling", None)
        return float(getattr(sampling, "confidence", 0.8))

    def lapsed_decisions(self, result: ResultT) -> tuple[str, ...]:
        """Return why each recorded ratings panel decision the rules no longer allow was left out (none by default)."""
        return ()

    def is_provisional(self, result: ResultT) -> bool:
        return bool(getattr(result, "provisional", False))

    # --- the report ------------------------------------------------------------------------------

    @abstractmethod
    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        """Return the boxes of the report's narrative form, in the report's order."""

    def recommendations(self, narrative: Mapping[str, Any]) -> tuple[Recommendation, ...] | None:
        """Return a saved narrative's recommendations, in order, read through the narrative form's
        recommendations box (its place and its two tags); None for a programme whose reports make none."""
        box = next((f for f in self.narrative_fields() if f.name == RECOMMENDATIONS_BOX), None)
        if box is None:
            return None
        node: Any = narrative
        for part in box.key:
            node = node.get(part) if isinstance(node, Mapping) else None
        to, text = box.tags
        return tuple(
            Recommendation(str(item.get(to) or "").strip(), str(item.get(text) or "").strip())
            for item in node or ()
            if isinstance(item, Mapping) and str(item.get(text) or "").strip()
        )

    # The kind's report shape, and how its published reports are read and checked: functions of the
    # reporting and importing layers, named by each plug-in and called through the contract.
    composer: ClassVar[Callable[[Any], ReportDocument]]
    figures_reader: ClassVar[Callable[[str, dict[str, Any], Any], None] | None] = None
    checker: ClassVar[Callable[[dict[str, Any], Any], list[Disagreement]] | None] = None

    def compose(self, inputs: ReportInputs[FrameworkT, CaseT, ResultT]) -> ReportDocument:
        """Compose the report document in this programme's published shape, with its surveys' section where
        the programme puts it."""
        return with_survey_section(type(self).composer(inputs), inputs.surveys, self.survey_section)

    def compares_with_others(self) -> bool:
        """Return whether the report compares figures with other published inspections of the programme."""
        return False

    # --- published reports -----------------------------------------------------------------------

    def read_published(self, text: str, record: dict[str, Any]) -> None:
        """Read the figures a published report of this programme states into its record (null where
        silent), by this framework's ids; a programme with no reader of its reports reads none."""
        reader = type(self).figures_reader
        if reader is not None:
            reader(text, record, self.framework)

    def check_published(self, record: dict[str, Any]) -> list[Disagreement] | None:
        """Recompute what a published report states by the rules; None if it states nothing to check."""
        checker = type(self).checker
        return checker(record, self.framework) if checker is not None else None


# --- the registry ---------------------------------------------------------------------------------

_KINDS: dict[str, type[Programme[Any, Any, Any]]] = {}
_FILES: dict[str, Path] = {}  # framework files registered from outside the package (a test's, a draft's)

ProgrammeClass = TypeVar("ProgrammeClass", bound=type[Programme[Any, Any, Any]])


def programme_kind(cls: ProgrammeClass) -> ProgrammeClass:
    """Register a plug-in class under its `kind` (a class decorator)."""
    _KINDS[cls.kind] = cls
    programme_for.cache_clear()
    return cls


def unregister_kind(kind: str) -> None:
    """Forget a plug-in registered with `programme_kind` (for a test's throwaway programme)."""
    _KINDS.pop(kind, None)
    programme_for.cache_clear()


def register_framework_file(path: Path) -> str:
    """Make a framework file outside the package known by its id (its file name); return the id."""
    framework_id = path.name.removesuffix(".yaml")
    _FILES[framework_id] = path
    programme_for.cache_clear()
    return framework_id


def unregister_framework_file(framework_id: str) -> None:
    """Forget a framework file registered with `register_framework_file`."""
    _FILES.pop(framework_id, None)
    programme_for.cache_clear()


def programme_ids() -> list[str]:
    """List every known framework id: the shipped ones, then any registered from outside."""
    return [*shipped_framework_ids(), *sorted(set(_FILES) - set(shipped_framework_ids()))]


@cache
def programme_for(framework_id: str) -> Programme[Any, Any, Any]:
    """Return the plug-in for a framework id; raise FrameworkError naming every known id if there is none."""
    _load_plugins()
    if framework_id in _FILES:
        path = _FILES[framework_id]
        try:
            text, source = path.read_text(encoding="utf-8"), str(path)
        except OSError as error:
            raise FrameworkError(f"{path}: cannot read the file ({error.strerror})") from error
    elif framework_id in shipped_framework_ids():
        text, source = shipped_framework_text(framework_id), f"{framework_id}.yaml"
    else:
        raise FrameworkError(f"unknown framework {framework_id!r}; known frameworks: {', '.join(programme_ids())}")
    data = read_yaml(text, source=source)
    kind = kind_of(data, source)
    if kind not in _KINDS:
        raise FrameworkError(f"{source}: at scoring: {kind!r} is not a programme kind; known: {', '.join(sorted(_KINDS))}")
    plugin = _KINDS[kind]
    return plugin(plugin.parse(data, source=source), source)


def inspection_programme_ids() -> list[str]:
    """List the known framework ids an inspection can be run under (not those held for results only)."""
    return [i for i in programme_ids() if programme_for(i).runs_inspections]


def programmes() -> list[Programme[Any, Any, Any]]:
    """Return the plug-in of every known framework, in `programme_ids` order."""
    return [programme_for(i) for i in programme_ids()]


def _load_plugins() -> None:
    # Every module of this package is imported once, so that its kinds register themselves (a new
    # plug-in module needs no line here); importing here, not at the top, keeps this module free of a
    # cycle with the plug-ins that import it.
    package = importlib.import_module("yjinspect.programmes")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"yjinspect.programmes.{module.name}")


def read_published_report(raw_text: str) -> dict[str, Any]:
    """Return the structured record of a published report's text: what every report states, then its
    programme's figures, read by the programme's plug-in (an unrecognised programme has none)."""
    text, record = report_record(raw_text)
    if record["programme"] in programme_ids():
        programme_for(record["programme"]).read_published(text, record)
    return record


# --- the bundle envelope --------------------------------------------------------------------------

_HEADER = {"service", "framework", "fieldwork_start"}


def read_inspection_file(path: str, *, provisional: bool = False) -> Inspection[Any]:
    """Read any programme's bundle file; raise BundleError naming the file and every problem."""
    return read_inspection(read_text_file(path), source=path, provisional=provisional)


def read_inspection(text: str, *, source: str = "bundle", provisional: bool = False) -> Inspection[Any]:
    """Read any programme's bundle text; raise BundleError with every problem found."""
    inspection, problems = check_inspection(parse_json(text, source), provisional=provisional)
    if problems or inspection is None:
        raise BundleError(source, problems)
    return inspection


def check_inspection(data: Any, *, provisional: bool = False) -> tuple[Inspection[Any] | None, list[Problem]]:
    """Check parsed bundle data of any programme; return the inspection (None if unusable) and every problem."""
    problems: list[Problem] = []
    header = check_header(data, problems)
    if header is None:
        return None, problems
    programme = _programme_of(header, problems)
    fieldwork = check_date(header.get("fieldwork_start"), "inspection.fieldwork_start", problems)
    report = check_report_fields(data, header, problems)
    if programme is None:
        return None, problems
    body = programme.read_body(data, header, provisional=provisional, problems=problems)
    surveys, said = read_bundle_surveys(data.get("surveys"), programme.survey_instruments)
    problems += [Problem(*problem.split(": ", 1)) for problem in said]
    if problems or body is None or fieldwork is None:
        return None, problems
    known = {"format", "inspection", "surveys", *programme.body_keys, *REPORT_KEYS}
    inspection = Inspection(
        programme=programme,
        service=str(header["service"]),
        fieldwork_start=fieldwork,
        cases=body.cases,
        team_ratings=body.team_ratings,
        panel_decisions=body.panel_decisions,
        provisional=provisional,
        report=report,
        extra={k: v for k, v in data.items() if k not in known},
        inspection_extra={k: v for k, v in header.items() if k not in _HEADER and k != "published"},
        case_extra=body.case_extra,
        surveys=tuple(surveys),
    )
    if body.rated is not None:
        # Hand the reader's result to the cached `result`: it is this inspection's, and a copy made
        # with dataclasses.replace starts without it, so a changed copy is rated afresh.
        inspection.__dict__["result"] = body.rated
    return inspection, problems


def _programme_of(header: Mapping[str, Any], problems: list[Problem]) -> Programme[Any, Any, Any] | None:
    framework_id = header.get("framework")
    if not isinstance(framework_id, str):
        problems.append(Problem("inspection.framework", "expected a framework id such as 'hmip-youth-2018'"))
        return None
    try:
        return programme_for(framework_id)
    except FrameworkError as error:
        problems.append(Problem("inspection.framework", str(error)))
        return None


def bundle_data(inspection: Inspection[Any]) -> dict[str, Any]:
    """Return the bundle form of an inspection of any programme; reading it back gives the same inspection."""
    header: dict[str, Any] = {
        "service": inspection.service,
        "framework": inspection.programme.id,
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        **inspection.inspection_extra,
    }
    if inspection.report.published or "published" in inspection.report.present:
        header["published"] = inspection.report.published
    body = inspection.programme.write_body(inspection)
    surveys = {"surveys": bundle_surveys_data(inspection.surveys)} if inspection.surveys else {}
    return {
        "format": FORMAT,
        "inspection": header,
        **body,
        **report_fields_data(inspection.report),
        **surveys,
        **inspection.extra,
    }


def case_items(inspection: Inspection[Any], write_case: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the bundle's case list: each case as the programme writes it, then its kept and typed extras."""
    items = []
    for case in inspection.cases:
        item = write_case(case)
        if case.id in inspection.report.offence_types:
            item["offence_type"] = inspection.report.offence_types[case.id]
        item.update(inspection.case_extra.get(case.id, {}))
        items.append(item)
    return items


def compose_report(
    inspection: Inspection[Any], *, others: Sequence[Mapping[str, Any]] = (), draft: bool = True
) -> ReportDocument:
    """Compose an inspection's report in its programme's shape, from its one rating result."""
    return inspection.programme.compose(inspection.report_inputs(others=others, draft=draft))
