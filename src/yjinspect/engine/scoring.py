"""Key-question arithmetic: counts, percentages and bands (rules KQ-1 to KQ-4 in docs/scoring.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from yjinspect.engine.answers import Answer, Case
from yjinspect.engine.framework import Band, Framework, KeyQuestion, Percentages, Population, Rating


@dataclass(frozen=True, slots=True)
class KeyQuestionResult:
    """Counts and figure for one key question across the cases of its population."""

    id: str
    yes: int
    no: int
    not_applicable: int  # answered n/a, or the question does not apply to the case
    missing: int  # applies to the case but not answered yet (only in a provisional rating)
    exact_percent: Fraction | None  # None: no applicable case, so the question is not scored
    percent: int | None  # the printed whole number
    band: Rating | None
    banded_figure: Fraction | None  # the figure the bands were applied to

    @property
    def scored(self) -> bool:
        """Return whether any case answered yes or no."""
        return self.exact_percent is not None

    @property
    def denominator(self) -> int:
        """Return the number of cases that count: yes + no."""
        return self.yes + self.no


def round_percent(value: Fraction, rounding: str) -> int:
    """Round a percentage to the whole number reports print (KQ-2)."""
    if rounding == "half_up":
        return floor(value + Fraction(1, 2))
    return round(value)  # Fraction rounds half to even


def band_for(figure: Fraction, bands: tuple[Band, ...]) -> Band:
    """Return the band a figure falls in: the first whose minimum it reaches (KQ-3)."""
    for band in bands:
        if figure >= band.min_percent:
            return band
    return bands[-1]


def key_question_result(
    question_id: str,
    *,
    yes: int,
    no: int,
    not_applicable: int = 0,
    missing: int = 0,
    percentages: Percentages,
    bands: tuple[Band, ...],
) -> KeyQuestionResult:
    """Compute a key question's percentage and band from its counts (KQ-1 to KQ-4)."""
    if yes + no == 0:
        return KeyQuestionResult(question_id, yes, no, not_applicable, missing, None, None, None, None)
    exact = Fraction(100 * yes, yes + no)
    printed = round_percent(exact, percentages.rounding)
    figure = Fraction(printed) if percentages.band_on == "rounded" else exact
    return KeyQuestionResult(
        question_id, yes, no, not_applicable, missing, exact, printed, band_for(figure, bands).rating, figure
    )


def tally(framework: Framework, cases: Iterable[Case]) -> dict[str, KeyQuestionResult]:
    """Count every case-rated key question over the cases, in one pass per case."""
    counts: dict[str, list[int]] = {}
    for population in Population:
        for question in framework.case_questions(population):
            counts[question.id] = [0, 0, 0, 0]  # yes, no, not applicable, missing
    for case in cases:
        applicable = framework.applicable_questions(
            case.population, case.disposal_type, case.harm_factors, case.safety_wellbeing_factors
        )
        answers = case.answers
        for question in framework.case_questions(case.population):
            row = counts[question.id]
            answer = answers.get(question.id)
            if answer is Answer.YES:
                row[0] += 1
            elif answer is Answer.NO:
                row[1] += 1
            elif answer is None and question.id in applicable:
                row[3] += 1
            else:
                row[2] += 1
    return {
        qid: key_question_result(
            qid,
            yes=yes,
            no=no,
            not_applicable=na,
            missing=missing,
            percentages=framework.percentages,
            bands=framework.bands,
        )
        for qid, (yes, no, na, missing) in counts.items()
    }


def lowest(results: Iterable[KeyQuestionResult]) -> KeyQuestionResult | None:
    """Return the scored key question with the lowest banded figure (the first, on a tie), or None."""
    best: KeyQuestionResult | None = None
    best_figure: Fraction | None = None
    for result in results:
        figure = result.banded_figure
        if figure is not None and (best_figure is None or figure < best_figure):
            best, best_figure = result, figure
    return best


def question_label(question: KeyQuestion) -> str:
    """Return 'id text' for messages."""
    return f"{question.id} {question.text}"
