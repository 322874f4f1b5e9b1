"""Agreement between two assessors who answered the same questions of the same cases (double marking).

Pure on purpose: the web app gathers the pairs of answers (first assessor's original, second
assessor's) from its records, and this module counts them, per question and overall, with the share
answered alike and Cohen's kappa (intervals.cohen_kappa, read on the Landis and Koch scale).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from yjinspect.engine.intervals import Kappa, cohen_kappa


@dataclass(frozen=True, slots=True)
class AnswerPair:
    """One question of one double-marked case, as each assessor first answered it."""

    question: Hashable  # what the figures are grouped by: a question id, or (programme, question id)
    case: Hashable
    first: str
    second: str


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far two assessors agreed over some pairs of answers."""

    cases: int  # the double-marked cases the pairs come from
    answers: int  # the pairs of answers compared
    alike: int  # the pairs answered alike
    kappa: Kappa

    @property
    def reading(self) -> str:
        """Return the kappa's plain reading, or why it is not read: on a handful of cases one answer more or
        less swings kappa across the whole scale (one case answered differently reads as 0.00)."""
        if self.cases < MIN_CASES_READ:
            return f"not read: too few cases (fewer than {MIN_CASES_READ})"
        return self.kappa.reading

    @property
    def percent(self) -> int:
        """Return the share of answers given alike, as a whole percentage (rounded half up, as reports print)."""
        return int(100 * self.alike / self.answers + 0.5)


# The fewest double-marked cases a kappa is read on in words (our choice, docs/scoring.md MI-4): the scale
# itself sets no minimum, and below about ten cases its reading says more about chance than about agreement.
MIN_CASES_READ = 10


def agreement(pairs: Iterable[AnswerPair]) -> Agreement | None:
    """Return the agreement over the pairs (None if there is none to compare)."""
    given = [p for p in pairs if p.first and p.second]  # an unanswered question is no judgement to compare
    if not given:
        return None
    return Agreement(
        cases=len({p.case for p in given}),
        answers=len(given),
        alike=sum(1 for p in given if p.first == p.second),
        kappa=cohen_kappa((p.first, p.second) for p in given),
    )


def agreement_by_question(pairs: Iterable[AnswerPair]) -> dict[Hashable, Agreement]:
    """Return the agreement on each question, in the order questions first appear in the pairs."""
    grouped: dict[Hashable, list[AnswerPair]] = {}
    for pair in pairs:
        grouped.setdefault(pair.question, []).append(pair)
    found = {question: agreement(group) for question, group in grouped.items()}
    return {question: figure for question, figure in found.items() if figure is not None}
