"""Scores of the scored programmes: shares of answers judged sufficient (seed 002, Appendix 5).

"How often was each aspect of work done well enough", not "what proportion of cases were managed
well enough": a criterion's score is the share of all answers to its questions, across every case,
judged sufficient; a section's and a headline theme's repeat that over their answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from yjinspect.engine.answers import Answer
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.engine.scored.framework import CommentBand, ScoredFramework
from yjinspect.engine.scoring import round_percent


@dataclass(frozen=True, slots=True)
class ScoredAnswer:
    """One answer to a scoring question: which criterion (CCI) or theme (FJI, SQS) it counts for."""

    case_id: str
    item: str  # the criterion (CCI) or theme (FJI, SQS)
    sufficient: bool | None  # None: not applicable, not counted
    headline_themes: tuple[str, ...] = ()  # CCI key questions also count for these
    criterion: str = ""  # SQS: what was counted (assessment, planning, ...)
    setting: str | None = None  # SQS: custody or community


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


def cci_scores(framework: ScoredFramework, answers: Iterable[ScoredAnswer]) -> CciResult:
    """Score every criterion, section and headline theme, each with its improvement comment."""
    given = list(answers)
    bands = framework.comment_bands
    criteria = {c.id: _score([a for a in given if a.item == c.id], bands) for s in framework.sections for c in s.criteria}
    sections = {
        s.id: _score([a for a in given if framework.criterion_section(a.item) == s.id], bands) for s in framework.sections
    }
    headlines = {t.id: _score([a for a in given if t.id in a.headline_themes], bands) for t in framework.headline_themes}
    return CciResult(criteria, sections, headlines)


def comment_for(framework: ScoredFramework, percent: int) -> str:
    """Return the improvement comment the framework's cut-points give a score."""
    return next(b.comment for b in framework.comment_bands if percent >= b.min_percent)


def fji_scores(framework: ScoredFramework, answers: Iterable[ScoredAnswer]) -> dict[str, Score]:
    """Return each case-based theme's case assessment score (the judgement is the team's, recorded beside it)."""
    given = list(answers)
    return {t.id: _score([a for a in given if a.item == t.id]) for t in framework.themes if t.case_based}


@dataclass(frozen=True)
class Count:
    """An SQS count: how many of the cases were sufficient, in HMIP's phrasing, split by setting."""

    sufficient: int
    answered: int
    phrase: str
    by_setting: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def sqs_counts(framework: ScoredFramework, answers: Iterable[ScoredAnswer]) -> dict[str, dict[str, Count]]:
    """Return, per theme and criterion, the count in HMIP's phrasing ("all but two of the cases (18 out of 20)")."""
    given = list(answers)
    found: dict[str, dict[str, Count]] = {}
    for theme in framework.themes:
        for criterion in framework.criteria:
            these = [a for a in given if a.item == theme.id and a.criterion == criterion.id]
            sufficient, answered = share(these)
            if answered:
                settings = {s.id: share(a for a in these if a.setting == s.id) for s in framework.settings}
                found.setdefault(theme.id, {})[criterion.id] = Count(
                    sufficient, answered, proportion_phrase(sufficient, answered), {k: v for k, v in settings.items() if v[1]}
                )
    return found


# --- whole inspections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoredCase:
    """One inspected case of an scored programme: its answers and, for SQS, custody or community."""

    id: str
    answers: Mapping[str, Answer]
    setting: str | None = None


@dataclass(frozen=True)
class ThemeJudgement:
    """An FJI theme: the team's judgement with the case assessment score beside it (None: no case score)."""

    score: Score | None
    judgement: str | None


@dataclass(frozen=True)
class ScoredResult:
    """What an scored programme's inspection yields; only the part for its programme is filled."""

    framework: ScoredFramework
    cases: int
    provisional: bool
    cci: CciResult | None = None
    themes: Mapping[str, ThemeJudgement] = field(default_factory=dict)
    counts: Mapping[str, Mapping[str, Count]] = field(default_factory=dict)


def scored_answers(framework: ScoredFramework, cases: Iterable[ScoredCase]) -> list[ScoredAnswer]:
    """Tag every answer with what it counts for: criterion and headline themes, or theme and aspect."""
    tagged: list[ScoredAnswer] = []
    for case in cases:
        for question_id, answer in case.answers.items():
            found = framework.scoring_question(question_id)
            if found is None:
                continue  # the bundle reader and the web app refuse these; nothing unknown is scored
            item, question = found
            sufficient = None if answer is Answer.NOT_APPLICABLE else answer is Answer.YES
            tagged.append(
                ScoredAnswer(case.id, item.id, sufficient, question.headline_themes, question.criterion or "", case.setting)
            )
    return tagged


def rate_scored(
    framework: ScoredFramework,
    cases: Iterable[ScoredCase],
    judgements: Mapping[str, str | None] | None = None,
    *,
    provisional: bool = False,
) -> ScoredResult:
    """Score (CCI, FJI) or count (SQS) an scored programme's inspection; FJI judgements sit beside the scores."""
    given = list(cases)
    answers = scored_answers(framework, given)
    # What is computed follows from what the framework file has, not from the programme's name:
    # sections make criterion shares (CCI), judgements sit beside theme scores (FJI), aspects of work
    # make counts (SQS).
    cci = cci_scores(framework, answers) if framework.sections else None
    themes: dict[str, ThemeJudgement] = {}
    if framework.judgements:
        scores = fji_scores(framework, answers)
        recorded = judgements or {}
        themes = {t.id: ThemeJudgement(scores.get(t.id), recorded.get(t.id)) for t in framework.themes}
    counts = sqs_counts(framework, answers) if framework.criteria else {}
    return ScoredResult(framework, len(given), provisional, cci=cci, themes=themes, counts=counts)
