"""Scores of the earlier programmes: shares of answers judged sufficient (seed 002, Appendix 5).

"How often was each aspect of work done well enough", not "what proportion of cases were managed
well enough": a criterion's score is the share of all answers to its questions, across every case,
judged sufficient; a section's and a headline theme's repeat that over their answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from yjinspect.engine.legacy.framework import CommentBand, LegacyFramework
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.engine.scoring import round_percent


@dataclass(frozen=True, slots=True)
class ScoredAnswer:
    """One answer to a scoring question: which criterion (CCI) or theme (FJI, SQS) it counts for."""

    case_id: str
    item: str  # the criterion (CCI) or theme (FJI, SQS)
    sufficient: bool | None  # None: not applicable, not counted
    headline_themes: tuple[str, ...] = ()  # CCI key questions also count for these
    criterion: str = ""  # SQS: what was counted (assessment, planning, ...)


@dataclass(frozen=True, slots=True)
class Score:
    sufficient: int
    answered: int
    percent: int | None
    comment: str | None = None


def share(answers: Iterable[ScoredAnswer]) -> tuple[int, int]:
    """Return (judged sufficient, answered), leaving out the not applicable."""
    counted = [a.sufficient for a in answers if a.sufficient is not None]
    return sum(1 for s in counted if s), len(counted)


def _score(answers: list[ScoredAnswer], bands: tuple[CommentBand, ...] = ()) -> Score:
    sufficient, answered = share(answers)
    if answered == 0:
        return Score(0, 0, None)
    percent = round_percent(Fraction(100 * sufficient, answered), "half_up")
    comment = next((b.comment for b in bands if percent >= b.min_percent), None) if bands else None
    return Score(sufficient, answered, percent, comment)


@dataclass(frozen=True)
class CciResult:
    criteria: dict[str, Score]
    sections: dict[str, Score]
    headlines: dict[str, Score]


def cci_scores(framework: LegacyFramework, answers: Iterable[ScoredAnswer]) -> CciResult:
    """Score every criterion, section and headline theme, each with its improvement comment."""
    given = list(answers)
    bands = framework.comment_bands
    criteria = {c.id: _score([a for a in given if a.item == c.id], bands) for s in framework.sections for c in s.criteria}
    sections = {
        s.id: _score([a for a in given if framework.criterion_section(a.item) == s.id], bands) for s in framework.sections
    }
    headlines = {t.id: _score([a for a in given if t.id in a.headline_themes], bands) for t in framework.headline_themes}
    return CciResult(criteria, sections, headlines)


def comment_for(framework: LegacyFramework, percent: int) -> str:
    """Return the improvement comment the framework's cut-points give a score."""
    return next(b.comment for b in framework.comment_bands if percent >= b.min_percent)


def fji_scores(framework: LegacyFramework, answers: Iterable[ScoredAnswer]) -> dict[str, Score]:
    """Return each case-based theme's case assessment score (the judgement is the team's, recorded beside it)."""
    given = list(answers)
    return {t.id: _score([a for a in given if a.item == t.id]) for t in framework.themes if t.case_based}


def sqs_counts(framework: LegacyFramework, answers: Iterable[ScoredAnswer]) -> dict[str, dict[str, str]]:
    """Return, per theme and criterion, the count in HMIP's phrasing ("all but two of the cases (18 out of 20)")."""
    given = list(answers)
    found: dict[str, dict[str, str]] = {}
    for theme in framework.themes:
        for criterion in framework.criteria:
            sufficient, answered = share(a for a in given if a.item == theme.id and a.criterion == criterion.id)
            if answered:
                found.setdefault(theme.id, {})[criterion.id] = proportion_phrase(sufficient, answered)
    return found
