"""A survey's anonymous responses as a CSV file: written by the web application's export, read by
`yjinspect survey-summary`.

One row per response: `instrument` (its questionnaire's id), `response` (a random id), `submitted_on`,
`source` (online or paper), `language`, then `small_number` (the survey's small-number threshold, the same
in every row; an export made before it was carried has no such column), then one column per question in
the instrument's order. A multiple-choice answer lists its choice ids separated by "|"; a question not
answered (or not asked) is empty. Text a respondent typed is written so that a spreadsheet never runs it as
a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from yjinspect.engine.loading import FrameworkError
from yjinspect.engine.surveys import Answers, AnswerValue, Instrument, Question, QuestionType, load_instrument, read_answer

FIXED = ("instrument", "response", "submitted_on", "source", "language")
# The survey's threshold, after the fixed columns. No shipped questionnaire has a question of this id (a test
# holds them to it), so an export without the column reads as before: its first question's column.
SMALL_NUMBER = "small_number"
SMALL_NUMBER_RANGE = (1, 50)  # as the web form and the bundle allow
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SurveyExportError(Exception):
    """A survey export that cannot be read; the message names the file and every problem with its row and column."""


@dataclass(frozen=True)
class ExportRow:
    response: str
    submitted_on: str
    source: str
    language: str
    answers: Answers


@dataclass(frozen=True)
class SurveyExport:
    """An export read back: its questionnaire, each response's answers, and the survey's small-number threshold
    (None for an export made before the export carried it)."""

    instrument: Instrument
    responses: list[dict[str, AnswerValue]]
    small_number: int | None


def _cell(value: AnswerValue | None) -> str:
    if value is None:
        return ""
    text = "|".join(value) if isinstance(value, tuple) else str(value)
    # A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe shows it as text.
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def export_text(instrument: Instrument, rows: Iterable[ExportRow], small_number: int | None = None) -> str:
    """Return the CSV text of a survey's responses, with the survey's small-number threshold in every row when
    given (the web export gives it, so that `survey-summary` withholds what the results page withholds)."""
    if small_number is not None and not SMALL_NUMBER_RANGE[0] <= small_number <= SMALL_NUMBER_RANGE[1]:
        raise ValueError(f"a small-number threshold is a whole number from 1 to 50, got {small_number}")
    threshold = [] if small_number is None else [str(small_number)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED, *([SMALL_NUMBER] if threshold else []), *(q.id for q in instrument.questions)])
    for row in rows:
        writer.writerow(
            [instrument.id, row.response, row.submitted_on, row.source, row.language, *threshold]
            + [_cell(row.answers.get(q.id)) for q in instrument.questions]
        )
    return out.getvalue()


def read_export(text: str, *, source: str, max_problems: int = 20) -> tuple[Instrument, list[dict[str, AnswerValue]]]:
    """Read an export's text; return its instrument and each response's answers (read_survey_export says more)."""
    found = read_survey_export(text, source=source, max_problems=max_problems)
    return found.instrument, found.responses


def _csv_rows(text: str, source: str) -> list[list[str]]:
    """Return the file's rows, or raise SurveyExportError naming the row (and the line it starts on) that is
    not CSV, and what was expected there."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    rows: list[list[str]] = []
    while True:
        starts_on = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise SurveyExportError(
                f"{source}, row {len(rows) + 1} (from line {starts_on}): not readable as CSV ({error}); {_expected(error)}"
            ) from None
        rows.append(row)


def _expected(error: csv.Error) -> str:
    said = str(error)
    if "end of data" in said or "field limit" in said:
        return 'expected a cell that opens with a double quote (") to close with one; this one is never closed'
    if "expected after" in said:
        return 'expected a comma or the end of the line after a closing double quote (write "" for a quote inside a cell)'
    return "expected the CSV the web application's Responses (CSV) exports"


def read_survey_export(text: str, *, source: str, max_problems: int = 20) -> SurveyExport:
    """Read an export's text; return its instrument, each response's answers and its small-number threshold, or
    raise SurveyExportError naming the file and every problem (row, column, what was expected)."""
    table = _csv_rows(text, source)
    header = table[0] if table else None
    if header is None or tuple(header[: len(FIXED)]) != FIXED:
        raise SurveyExportError(f"{source}: the first row must start with the columns {', '.join(FIXED)}")
    rows = table[1:]
    if not rows:
        raise SurveyExportError(f"{source}: there are no responses after the header row")
    ids = {row[0] for row in rows if row}
    if len(ids) != 1:
        raise SurveyExportError(f"{source}: every row must be of one instrument; found {', '.join(sorted(ids))}")
    try:
        instrument = load_instrument(ids.pop())
    except FrameworkError as error:
        raise SurveyExportError(f"{source}, row 2, column instrument: {error}") from error
    first = len(FIXED) + (1 if header[len(FIXED) : len(FIXED) + 1] == [SMALL_NUMBER] else 0)
    columns = header[first:]
    known = {q.id for q in instrument.questions}
    problems = [f"column {c}: not a question of {instrument.id}" for c in columns if c not in known]
    responses: list[dict[str, AnswerValue]] = []
    thresholds: set[int] = set()
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.append(f"row {number}: expected {len(header)} cells, found {len(row)}")
            continue
        if first > len(FIXED):
            threshold, problem = _threshold(row[len(FIXED)], thresholds)
            if problem:
                problems.append(f"row {number}, column {SMALL_NUMBER}: {problem}")
            elif threshold is not None:
                thresholds.add(threshold)
        answers: dict[str, AnswerValue] = {}
        for column, cell in zip(columns, row[first:], strict=True):
            if column not in known or not cell.strip():
                continue
            question = instrument.question(column)
            text = cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell
            values = text.split("|") if question.type is QuestionType.MULTIPLE else [text]
            answer, problem = read_answer(question, values)
            if problem:
                problems.append(f"row {number}, column {column}: {problem}")
            elif answer is not None:
                answers[column] = answer
        responses.append(answers)
    if problems:
        shown = problems[:max_problems]
        more = len(problems) - len(shown)
        raise SurveyExportError(
            "\n".join([f"{source}: {len(problems)} problem(s):", *(f"  {p}" for p in shown)])
            + (f"\n  and {more} more problem(s)" if more else "")
        )
    return SurveyExport(instrument, responses, thresholds.pop() if thresholds else None)


def _threshold(cell: str, seen: set[int]) -> tuple[int | None, str | None]:
    """Return a row's small-number threshold, or the problem: not a whole number in range, or not the same as
    the rows before (one export is one survey, with one threshold)."""
    low, high = SMALL_NUMBER_RANGE
    text = cell.strip()
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        return None, f"expected the survey's small-number threshold, a whole number from {low} to {high}, found {cell!r}"
    if seen and int(text) not in seen:
        return None, f"expected the same threshold in every row ({next(iter(seen))}), found {text}"
    return int(text), None


# --- surveys in the inspection bundle ---------------------------------------------------------------
# The bundle's `surveys` field (docs/bundle.md): each survey's questionnaire, closing date, small-number
# threshold and anonymous responses. Never its invitation codes: they are keys to answer with, and belong to
# the installation that handed them out.

SOURCES = ("online", "paper")


@dataclass(frozen=True)
class BundleSurvey:
    instrument: Instrument
    closes_on: str
    small_number: int
    responses: tuple[ExportRow, ...]


def bundle_surveys_data(surveys: Iterable[BundleSurvey]) -> list[dict[str, object]]:
    """Return the bundle's `surveys` field (read_bundle_surveys reads it back)."""
    return [
        {
            "instrument": s.instrument.id,
            "closes_on": s.closes_on,
            "small_number": s.small_number,
            "responses": [
                {
                    "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in r.answers.items()},
                    "language": r.language,
                    "source": r.source,
                    "submitted_on": r.submitted_on,
                }
                for r in s.responses
            ],
        }
        for s in surveys
    ]


def read_bundle_surveys(value: object, offered: Iterable[str]) -> tuple[list[BundleSurvey], list[str]]:
    """Read a bundle's `surveys` field strictly: return the surveys and every problem with its place (a survey
    of a questionnaire the programme does not use, an answer that is no answer to its question...)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], ["surveys: expected a list of surveys"]
    offered = tuple(offered)
    found: list[BundleSurvey] = []
    problems: list[str] = []
    for position, raw in enumerate(value):
        where = f"surveys[{position}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected an object with instrument, closes_on, small_number and responses")
            continue
        instrument_id = raw.get("instrument")
        if instrument_id not in offered:
            problems.append(f"{where}.instrument: expected one of {', '.join(offered)}, found {instrument_id!r}")
            continue
        instrument = load_instrument(str(instrument_id))
        closes_on = str(raw.get("closes_on", ""))
        if not _is_date(closes_on):
            problems.append(f"{where}.closes_on: expected a date as YYYY-MM-DD, found {raw.get('closes_on')!r}")
        small = raw.get("small_number", 5)
        if not isinstance(small, int) or isinstance(small, bool) or not 1 <= small <= 50:
            problems.append(f"{where}.small_number: expected a whole number from 1 to 50, found {small!r}")
            small = 5
        responses = raw.get("responses", [])
        if not isinstance(responses, list):
            problems.append(f"{where}.responses: expected a list of responses")
            continue
        rows = []
        for number, response in enumerate(responses):
            place = f"{where}.responses[{number}]"
            row, said = _bundle_response(instrument, response, place)
            problems += said
            if row is not None:
                rows.append(row)
        found.append(BundleSurvey(instrument, closes_on, small, tuple(rows)))
    return found, problems


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _bundle_response(instrument: Instrument, raw: object, place: str) -> tuple[ExportRow | None, list[str]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
        return None, [f"{place}: expected an object with answers, language, source and submitted_on"]
    problems = []
    answers: dict[str, AnswerValue] = {}
    known = {q.id for q in instrument.questions}
    for question_id, value in raw["answers"].items():
        if question_id not in known:
            problems.append(f"{place}.answers.{question_id}: not a question of {instrument.id}")
            continue
        question = instrument.question(question_id)
        values, problem = _json_values(question, value)
        if problem:
            problems.append(f"{place}.answers.{question_id}: {problem}")
            continue
        answer, problem = read_answer(question, values)
        if problem:
            problems.append(f"{place}.answers.{question_id}: {problem}")
        elif answer is not None:
            answers[question_id] = answer
    language, source, submitted = raw.get("language", "en"), raw.get("source"), str(raw.get("submitted_on", ""))
    if language not in ("en", "cy") or (language == "cy" and not instrument.welsh):
        problems.append(f"{place}.language: expected en{' or cy' if instrument.welsh else ''}, found {language!r}")
    if source not in SOURCES:
        problems.append(f"{place}.source: expected online or paper, found {source!r}")
    if not _is_date(submitted):
        problems.append(f"{place}.submitted_on: expected a date as YYYY-MM-DD, found {raw.get('submitted_on')!r}")
    if problems:
        return None, problems
    return ExportRow("", submitted, str(source), str(language), answers), []


def _json_values(question: Question, value: object) -> tuple[list[str], str | None]:
    """Return a bundle's answer as the values a form would give, or the problem. Only text and whole numbers
    (or, for multiple choice, a list of them) are answers: JSON null is not "None" and not a silent gap either
    (the export leaves an unanswered question out of `answers`, so a null is a file made or edited elsewhere),
    nor are true, false, a fraction or an object."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int):
            found = "an object" if isinstance(item, dict) else "a list in a list" if isinstance(item, list) else json.dumps(item)
            hint = " (leave a question that was not answered out of answers)" if item is None else ""
            return [], f"expected {_expected_answer(question)}, found {found}{hint}"
    return [str(item) for item in items], None


def _expected_answer(question: Question) -> str:
    if question.type is QuestionType.TEXT:
        return "the text typed"
    if question.type is QuestionType.SCALE:
        assert question.scale is not None
        return f"a whole number from {question.scale.min} to {question.scale.max}"
    if question.type is QuestionType.MULTIPLE:
        return "a list of choice ids"
    return f"one of {', '.join(c.id for c in question.options)}"
