"""Typed schema of a scored programme's framework file (core case, full joint, screening), and its loader."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from yjinspect.engine.framework import FrameworkHeader, Frozen
from yjinspect.engine.loading import (
    FrameworkError,
    framework_kind,
    read_yaml,
    shipped_framework_ids,
    shipped_framework_text,
    validate_framework,
)

SCORED_KINDS = ("cci", "fji", "sqs")

COMMENTS = ("MINIMUM", "MODERATE", "SUBSTANTIAL", "DRASTIC")
JUDGEMENTS = ("good", "satisfactory", "unsatisfactory", "poor")


class Question(Frozen):
    """One scoring question, answered per case: was this aspect of the work done well enough?"""

    id: str
    text: str
    headline_themes: tuple[str, ...] = ()  # CCI key questions also count for these headline themes
    criterion: str | None = None  # SQS: the aspect of work the count is about (assessment, planning...)


class Item(Frozen):
    """A criterion, section or theme: an id and a name as reports print them, and its questions."""

    id: str
    name: str
    statement: str | None = None
    case_based: bool = True  # FJI governance and partnerships has no case score
    unverified: str | None = None
    questions: tuple[Question, ...] = ()
    # How a published report introduces this item's score and judgement, for reading reports back.
    score_phrase: str | None = None
    judgement_phrase: str | None = None


class Section(Frozen):
    id: str
    name: str
    criteria: tuple[Item, ...] = Field(min_length=1)


class CommentBand(Frozen):
    comment: Literal["MINIMUM", "MODERATE", "SUBSTANTIAL", "DRASTIC"]
    min_percent: int = Field(ge=0, le=100)


class ScoredFramework(FrameworkHeader):
    """A scored programme: what is scored (CCI, FJI) or counted (SQS), as data."""

    scoring: Literal["cci", "fji", "sqs"]
    sections: tuple[Section, ...] = ()
    headline_themes: tuple[Item, ...] = ()
    comment_bands: tuple[CommentBand, ...] = ()
    comment_bands_unverified: str | None = None
    themes: tuple[Item, ...] = ()
    judgements: tuple[str, ...] = ()
    criteria: tuple[Item, ...] = ()  # SQS: what each theme's cases are counted on
    settings: tuple[Item, ...] = ()  # SQS: custody and community, which counts may be split by
    questions_unverified: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ScoredFramework:
        if self.scoring == "cci":
            if not self.sections or not self.headline_themes:
                raise ValueError("a core case inspection framework needs sections (with criteria) and headline_themes")
            minima = [b.min_percent for b in self.comment_bands]
            if (
                [b.comment for b in self.comment_bands] != list(COMMENTS)
                or minima != sorted(minima, reverse=True)
                or minima[-1] != 0
            ):
                raise ValueError(
                    "comment_bands must be MINIMUM, MODERATE, SUBSTANTIAL, DRASTIC with falling min_percent ending at 0"
                )
        if self.scoring in ("fji", "sqs") and not self.themes:
            raise ValueError("this programme needs themes")
        if self.scoring == "fji" and tuple(self.judgements) != JUDGEMENTS:
            raise ValueError(f"judgements must be {', '.join(JUDGEMENTS)}")
        self._check_questions()
        return self

    def _check_questions(self) -> None:
        seen: set[str] = set()
        headline = {t.id for t in self.headline_themes}
        aspects = {c.id for c in self.criteria}
        for item, question in self.scoring_questions():
            if question.id in seen:
                raise ValueError(f"question {question.id} appears twice")
            seen.add(question.id)
            if not item.case_based:
                raise ValueError(f"{item.id} has no case score, so it cannot have scoring questions")
            if unknown := set(question.headline_themes) - headline:
                raise ValueError(f"question {question.id}: unknown headline theme(s) {', '.join(sorted(unknown))}")
            if self.scoring == "sqs" and question.criterion not in aspects:
                raise ValueError(f"question {question.id}: criterion must be one of {', '.join(sorted(aspects))}")

    def scored_items(self) -> tuple[Item, ...]:
        """Return what answers count for: the criteria (CCI) or the themes (FJI, SQS)."""
        if self.sections:
            return tuple(c for s in self.sections for c in s.criteria)
        return self.themes

    # Built once per framework, like the standards framework's index: scoring looks a question up
    # for every answer, so the look-ups must not walk the file each time.
    @cached_property
    def _questions(self) -> tuple[tuple[Item, Question], ...]:
        return tuple((item, q) for item in self.scored_items() for q in item.questions)

    @cached_property
    def _question_index(self) -> dict[str, tuple[Item, Question]]:
        return {q.id: (item, q) for item, q in self._questions}

    @cached_property
    def _section_of(self) -> dict[str, str]:
        return {c.id: s.id for s in self.sections for c in s.criteria}

    def scoring_questions(self) -> tuple[tuple[Item, Question], ...]:
        """Return every scoring question with the criterion or theme it counts for, in the file's order."""
        return self._questions

    def scoring_question(self, question_id: str) -> tuple[Item, Question] | None:
        """Return a scoring question by id with its criterion or theme."""
        return self._question_index.get(question_id)

    def item(self, item_id: str) -> Item | None:
        """Return a criterion, theme or headline theme by id."""
        every = (*self.scored_items(), *self.headline_themes, *self.criteria, *self.settings)
        return next((i for i in every if i.id == item_id), None)

    def criterion_section(self, criterion_id: str) -> str | None:
        """Return the section a criterion belongs to."""
        return self._section_of.get(criterion_id)


def load_scored_framework(framework_id: str) -> ScoredFramework:
    """Return a shipped scored programme's framework (core case, full joint, screening) by id."""
    known = [i for i in shipped_framework_ids() if framework_kind(i) in SCORED_KINDS]
    if framework_id not in known:
        raise FrameworkError(f"unknown scored programme {framework_id!r}; known: {', '.join(known)}")
    return parse_scored_framework(shipped_framework_text(framework_id), source=f"{framework_id}.yaml")


def parse_scored_framework(text: str, *, source: str) -> ScoredFramework:
    """Parse and check a scored programme's framework file; every problem is reported with its place."""
    return validate_framework(ScoredFramework, read_yaml(text, source=source), source=source)
