"""A survey's anonymous responses as a CSV file: written by the web application's export, read by
`yjinspect survey-summary`.

One row per response: `instrument` (its questionnaire's id), `response` (a random id), `submitted_on`,
`source` (online or paper), `language`, then one column per question in the instrument's order. A
multiple-choice answer lists its choice ids separated by "|"; a question not answered (or not asked) is
empty. Text a respondent typed is written so that a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from yjinspect.engine.loading import FrameworkError
from yjinspect.engine.surveys import Answers, AnswerValue, Instrument, QuestionType, load_instrument, read_answer

FIXED = ("instrument", "response", "submitted_on", "source", "language")
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


def _cell(value: AnswerValue | None) -> str:
    if value is None:
        return ""
    text = "|".join(value) if isinstance(value, tuple) else str(value)
    # A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe shows it as text.
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def export_text(instrument: Instrument, rows: Iterable[ExportRow]) -> str:
    """Return the CSV text of a survey's responses."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED, *(q.id for q in instrument.questions)])
    for row in rows:
        writer.writerow(
            [instrument.id, row.response, row.submitted_on, row.source, row.language]
            + [_cell(row.answers.get(q.id)) for q in instrument.questions]
        )
    return out.getvalue()


def read_export(text: str, *, source: str, max_problems: int = 20) -> tuple[Instrument, list[dict[str, AnswerValue]]]:
    """Read an export's text; return its instrument and each response's answers, or raise SurveyExportError
    naming the file and every problem (row, column, what was expected)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(header[: len(FIXED)]) != FIXED:
        raise SurveyExportError(f"{source}: the first row must start with the columns {', '.join(FIXED)}")
    rows = list(reader)
    if not rows:
        raise SurveyExportError(f"{source}: there are no responses after the header row")
    ids = {row[0] for row in rows if row}
    if len(ids) != 1:
        raise SurveyExportError(f"{source}: every row must be of one instrument; found {', '.join(sorted(ids))}")
    try:
        instrument = load_instrument(ids.pop())
    except FrameworkError as error:
        raise SurveyExportError(f"{source}, row 2, column instrument: {error}") from error
    columns = header[len(FIXED) :]
    known = {q.id for q in instrument.questions}
    problems = [f"column {c}: not a question of {instrument.id}" for c in columns if c not in known]
    responses: list[dict[str, AnswerValue]] = []
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.append(f"row {number}: expected {len(header)} cells, found {len(row)}")
            continue
        answers: dict[str, AnswerValue] = {}
        for column, cell in zip(columns, row[len(FIXED) :], strict=True):
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
    return instrument, responses
