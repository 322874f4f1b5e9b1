"""Survey instruments as data: the typed schema of a questionnaire file, its loading, and the rules of a
respondent's answers (which questions a respondent is shown, what an answer may be).

A questionnaire lives in `frameworks/surveys/<id>.yaml` beside the programmes. Its wording lives there
once, in English and, where the file gives it for every item, in Welsh (`*_cy`); wording the public
record does not confirm carries an `unverified` note, as the framework files do. Nothing here touches a
database: the web application stores answers as the plain values this module checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal, TypeAlias

from pydantic import Field, model_validator

from yjinspect.engine.framework import Frozen
from yjinspect.engine.loading import FrameworkError, read_yaml, validate_framework

TEXT_MAX_CHARS = 2_000  # one free-text answer: a long paragraph, never a page-breaking wall of text

# A stored answer: a choice id (single choice, yes/no/not sure), the chosen ids (multiple choice),
# a whole number (scale) or the words typed (free text).
AnswerValue: TypeAlias = str | int | tuple[str, ...]
Answers: TypeAlias = Mapping[str, AnswerValue]


class QuestionType(StrEnum):
    SINGLE = "single"  # one choice of a list
    MULTIPLE = "multiple"  # any choices of a list
    YES_NO = "yes_no_not_sure"  # yes, no or not sure
    SCALE = "scale"  # a whole number between two ends: 0 to 100, 1 to 5
    TEXT = "text"  # words the respondent types


class Nouns(Frozen):
    """What the respondents are called in a sentence about them: one child, 51 children."""

    one: str
    many: str


class Choice(Frozen):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    label_cy: str | None = None


# The answers of a yes/no/not sure question, in every instrument (the words are the same everywhere).
YES_NO_CHOICES = (
    Choice(id="yes", label="Yes", label_cy="Ie"),
    Choice(id="no", label="No", label_cy="Na"),
    Choice(id="not_sure", label="Not sure", label_cy="Ddim yn siŵr"),
)


class Scale(Frozen):
    """A scale's ends, their words, and the points a report counts "at or above" (seed 002: 70 and 100)."""

    min: int
    max: int
    min_label: str
    max_label: str
    min_label_cy: str | None = None
    max_label_cy: str | None = None
    at_least: tuple[int, ...] = ()

    @model_validator(mode="after")
    def _ends(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"the scale's min ({self.min}) must be below its max ({self.max})")
        outside = [p for p in self.at_least if not self.min <= p <= self.max]
        if outside:
            raise ValueError(f"at_least points {outside} are outside the scale {self.min} to {self.max}")
        return self


class ShowIf(Frozen):
    """Show a question only to those who gave one of `answers` to an earlier question."""

    question: str
    answers: tuple[str, ...] = Field(min_length=1)


class Question(Frozen):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    type: QuestionType
    text: str
    text_cy: str | None = None
    hint: str | None = None
    hint_cy: str | None = None
    choices: tuple[Choice, ...] = ()
    scale: Scale | None = None
    show_if: ShowIf | None = None
    # What the report says of those who gave the answer that counts (a yes; a scale's at_least point),
    # after "the large majority of children who answered (42 out of 51) ...": "knew why they had to come to the
    # service".
    finding: str | None = None
    source: str | None = None
    unverified: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Question:
        if self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(self.choices) < 2:
                raise ValueError(f"a {self.type.value} choice question needs at least two choices")
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError(f"choice ids must be unique, got {ids}")
        elif self.choices:
            raise ValueError(f"a {self.type.value} question has no choices of its own")
        if (self.type is QuestionType.SCALE) != (self.scale is not None):
            raise ValueError("a scale question needs its scale, and only a scale question has one")
        return self

    @property
    def options(self) -> tuple[Choice, ...]:
        """Return the choices an answer picks from: the listed ones, or yes, no and not sure."""
        return YES_NO_CHOICES if self.type is QuestionType.YES_NO else self.choices

    def words(self, language: str) -> tuple[str, str | None]:
        """Return the question's text and hint in a language ("en" or "cy")."""
        if language == "cy" and self.text_cy:
            return self.text_cy, self.hint_cy
        return self.text, self.hint

    def label(self, choice_id: str, language: str = "en") -> str:
        """Return a choice's words in a language (the id itself if the question has no such choice)."""
        for choice in self.options:
            if choice.id == choice_id:
                return choice.label_cy if language == "cy" and choice.label_cy else choice.label
        return choice_id

    def welsh_items(self) -> list[str | None]:
        """Return every Welsh wording this question needs for a Welsh journey (None where missing)."""
        items: list[str | None] = [self.text_cy]
        if self.hint:
            items.append(self.hint_cy)
        items += [c.label_cy for c in self.choices]
        if self.scale is not None:
            items += [self.scale.min_label_cy, self.scale.max_label_cy]
        return items


class Instrument(Frozen):
    """One questionnaire: who answers it, what they are called, and its questions in order."""

    id: str
    title: str
    title_cy: str | None = None
    audience: Literal["children", "adults"]  # children's wording is checked for plain words
    respondents: Nouns
    intro: str
    intro_cy: str | None = None
    source: str
    unverified: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _questions(self) -> Instrument:
        seen: dict[str, Question] = {}
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice")
            rule = question.show_if
            if rule is not None:
                earlier = seen.get(rule.question)
                if earlier is None:
                    raise ValueError(f"{question.id}: show_if names {rule.question!r}, which is not an earlier question")
                if earlier.type in (QuestionType.SCALE, QuestionType.TEXT):
                    raise ValueError(f"{question.id}: show_if may name a choice question only, not {earlier.type.value}")
                known = {c.id for c in earlier.options}
                if unknown := [a for a in rule.answers if a not in known]:
                    raise ValueError(f"{question.id}: show_if answers {unknown} are not choices of {earlier.id}")
            seen[question.id] = question
        if self.title_cy is not None:
            missing = [q.id for q in self.questions if None in q.welsh_items()]
            if missing or self.intro_cy is None:
                raise ValueError(
                    "an instrument with a Welsh title needs Welsh wording for every item; missing in "
                    + ", ".join(missing or ["intro_cy"])
                )
        return self

    @property
    def welsh(self) -> bool:
        """Return whether respondents may answer in Welsh (every item has its Welsh wording)."""
        return self.title_cy is not None

    def question(self, question_id: str) -> Question:
        """Return a question by id; raise KeyError naming the instrument if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"{self.id} has no question {question_id!r}")

    def noun(self, count: int) -> str:
        return self.respondents.one if count == 1 else self.respondents.many

    def unverified_items(self) -> list[tuple[str, str]]:
        """List (item, note) for everything in the file marked unverified."""
        found = [(self.id, self.unverified)] if self.unverified else []
        return found + [(f"{self.id}.{q.id}", q.unverified) for q in self.questions if q.unverified]


# --- loading ---------------------------------------------------------------------------------------


def shipped_instrument_ids() -> list[str]:
    """List the ids of the survey instruments shipped with yjinspect."""
    folder = resources.files("yjinspect") / "frameworks" / "surveys"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load_instrument(instrument_id: str) -> Instrument:
    """Return a shipped instrument by id; raise FrameworkError naming the known ids if there is none."""
    known = shipped_instrument_ids()
    if instrument_id not in known:
        raise FrameworkError(f"unknown survey instrument {instrument_id!r}; known instruments: {', '.join(known)}")
    text = (resources.files("yjinspect") / "frameworks" / "surveys" / f"{instrument_id}.yaml").read_text(encoding="utf-8")
    return parse_instrument(text, source=f"surveys/{instrument_id}.yaml")


def load_instrument_file(path: Path) -> Instrument:
    """Return the instrument in a file outside the package (a draft questionnaire)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(f"{path}: cannot read the file ({error.strerror})") from error
    return parse_instrument(text, source=str(path))


def parse_instrument(text: str, *, source: str) -> Instrument:
    """Parse and check an instrument file's text; every problem is reported with its place."""
    return validate_framework(Instrument, read_yaml(text, source=source), source=source)


# --- a respondent's answers ------------------------------------------------------------------------


def is_shown(instrument: Instrument, question: Question, answers: Answers) -> bool:
    """Return whether a respondent with these answers is asked the question (its show-if rule holds,
    and the question the rule names was itself shown)."""
    rule = question.show_if
    if rule is None:
        return True
    earlier = instrument.question(rule.question)
    if not is_shown(instrument, earlier, answers):
        return False
    given = answers.get(rule.question)
    chosen = set(given) if isinstance(given, tuple) else {given}
    return bool(chosen & set(rule.answers))


def is_answered(value: AnswerValue | None) -> bool:
    """Return whether a stored value is an answer (an empty text or no choice is no answer)."""
    if value is None:
        return False
    if isinstance(value, str | tuple):
        return len(value) > 0
    return True


def shown_answers(instrument: Instrument, answers: Answers) -> dict[str, AnswerValue]:
    """Return only the answers to questions the respondent is shown, in the instrument's order: an answer to
    a follow-up stops counting when the answer that opened it changes."""
    return {
        q.id: answers[q.id] for q in instrument.questions if is_answered(answers.get(q.id)) and is_shown(instrument, q, answers)
    }


def next_question(instrument: Instrument, answers: Answers, after: str | None = None) -> Question | None:
    """Return the next question shown to the respondent after `after` (the first with None); None at the end."""
    questions = instrument.questions
    start = 0 if after is None else next(i for i, q in enumerate(questions) if q.id == after) + 1
    return next((q for q in questions[start:] if is_shown(instrument, q, answers)), None)


def previous_question(instrument: Instrument, answers: Answers, before: str) -> Question | None:
    """Return the shown question before `before`, or None for the first."""
    index = next(i for i, q in enumerate(instrument.questions) if q.id == before)
    return next((q for q in reversed(instrument.questions[:index]) if is_shown(instrument, q, answers)), None)


def first_unanswered(instrument: Instrument, answers: Answers, seen: Sequence[str] = ()) -> Question | None:
    """Return the first shown question neither answered nor passed over (`seen`); None if every one is."""
    return next(
        (
            q
            for q in instrument.questions
            if is_shown(instrument, q, answers) and not is_answered(answers.get(q.id)) and q.id not in seen
        ),
        None,
    )


_WHOLE = re.compile(r"-?[0-9]+")


def read_answer(question: Question, values: Sequence[str]) -> tuple[AnswerValue | None, str | None]:
    """Return the answer a form's (or a file's) values give to a question, or None for no answer, and the
    problem in words if the values are not an answer to it. Nothing here trusts the values."""
    given = [v.strip() for v in values if v.strip()]
    if not given:
        return None, None
    if question.type is QuestionType.TEXT:
        # A browser counts a line break as one character against maxlength but sends it as two (\r\n).
        text = "\n".join(given).replace("\r\n", "\n").replace("\x00", "")
        if len(text) > TEXT_MAX_CHARS:
            return None, f"write at most {TEXT_MAX_CHARS:,} characters (this has {len(text):,})"
        return text, None
    if question.type is QuestionType.SCALE:
        assert question.scale is not None
        scale = question.scale
        if len(given) != 1 or not _WHOLE.fullmatch(given[0]) or not scale.min <= int(given[0]) <= scale.max:
            return None, f"give a whole number from {scale.min} to {scale.max}"
        return int(given[0]), None
    known = {c.id for c in question.options}
    if unknown := [v for v in given if v not in known]:
        return None, f"{unknown[0]!r} is not one of the answers ({', '.join(c.id for c in question.options)})"
    if question.type is QuestionType.MULTIPLE:
        return tuple(c.id for c in question.options if c.id in given), None
    if len(given) != 1:
        return None, "choose one answer"
    return given[0], None


def answer_text(question: Question, value: AnswerValue | None, language: str = "en") -> str:
    """Return an answer as a person reads it ("" for no answer)."""
    if not is_answered(value) or value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(question.label(v, language) for v in value)
    if isinstance(value, int):
        return str(value)
    return value if question.type is QuestionType.TEXT else question.label(value, language)


def stored_answers(instrument: Instrument, raw: Mapping[str, object]) -> dict[str, AnswerValue]:
    """Return stored (JSON) answers as typed values, leaving out anything not an answer to a question of the
    instrument: a list becomes a tuple, and a value that no longer reads as an answer is dropped."""
    found: dict[str, AnswerValue] = {}
    for question in instrument.questions:
        value = raw.get(question.id)
        values = [str(v) for v in value] if isinstance(value, list | tuple) else [] if value is None else [str(value)]
        answer, problem = read_answer(question, values)
        if answer is not None and problem is None:
            found[question.id] = answer
    return found


def json_answers(answers: Answers) -> dict[str, str | int | list[str]]:
    """Return answers as JSON keeps them (a tuple as a list)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
