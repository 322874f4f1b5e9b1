"""Standard and overall ratings, with their explanations (rules ST-1 to OV-3 in docs/scoring.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from yjinspect.engine.answers import Case
from yjinspect.engine.discretion import PanelDecision, format_figure, refusal
from yjinspect.engine.framework import Framework, Population, RatedBy, Rating, Standard
from yjinspect.engine.scoring import KeyQuestionResult, lowest, tally

NOT_RATED = "Not rated"


class PanelDecisionError(ValueError):
    """Panel decisions the framework's guard refuses; every refusal is listed."""

    def __init__(self, refusals: Sequence[str]) -> None:
        super().__init__("; ".join(refusals))
        self.refusals = tuple(refusals)


@dataclass(frozen=True, slots=True)
class StandardResult:
    """A standard's rating by the rules, its final rating after any panel decision, and why."""

    id: str
    name: str
    rated_by: RatedBy
    counts_towards_overall: bool
    key_questions: tuple[KeyQuestionResult, ...]
    rating_by_rules: Rating | None  # None for judged standards and for unscored case-rated ones
    rating: Rating | None  # None: not rated
    deciding_question: str | None
    panel_decision: PanelDecision | None
    points: int | None
    explanation: str

    @property
    def changed_by_panel(self) -> bool:
        """Return whether a panel decision moved the rating away from the rules' rating."""
        return self.panel_decision is not None and self.rating != self.rating_by_rules


@dataclass(frozen=True, slots=True)
class OverallResult:
    """The summed score and overall rating, or why it is undecided."""

    score: int | None
    max_score: int
    rating: Rating | None
    undecided_reason: str | None


@dataclass(frozen=True, slots=True)
class InspectionResult:
    """Everything the rules say about one inspection."""

    framework_id: str
    provisional: bool
    standards: tuple[StandardResult, ...]
    overall: OverallResult
    # Recorded panel decisions the guard no longer allows (the answers changed after the decision):
    # left out of the rating, each with why, until the panel withdraws or records it again.
    lapsed_decisions: tuple[str, ...] = ()
    # The level of every key question's interval (MI-1), and the eligible population of each disposal kind
    # its finite population correction used (MI-2): none where the caseload is not known, or is smaller
    # than the cases rated.
    confidence: float = 0.8
    eligible: Mapping[Population, int] = field(default_factory=dict)

    def standard(self, standard_id: str) -> StandardResult:
        """Return one standard's result."""
        return next(s for s in self.standards if s.id == standard_id)


def rate_inspection(
    framework: Framework,
    cases: Iterable[Case],
    *,
    recorded_ratings: Mapping[str, Rating | None],
    panel_decisions: Sequence[PanelDecision] = (),
    provisional: bool = False,
    keep_lapsed: bool = False,
    confidence: float | None = None,
    eligible: Mapping[Population, int] | None = None,
) -> InspectionResult:
    """Rate every standard and the inspection; raise PanelDecisionError if a panel decision breaks the guard.

    recorded_ratings holds the team's ratings of judged standards; None records "Not rated".
    keep_lapsed: a stored inspection's decisions were checked when recorded; one the guard no longer
    allows is left out and listed in `lapsed_decisions` instead of refusing to rate at all.
    confidence, eligible: the level of the key questions' intervals (the framework's sampling confidence by
    default) and the eligible population of each disposal kind where known (MI-1, MI-2).
    """
    level = framework.sampling.confidence if confidence is None else confidence
    cases = list(cases)
    sampled = Counter(case.population for case in cases)
    # A caseload smaller than the cases rated does not describe them (a partial return): no correction.
    corrected = {p: n for p, n in (eligible or {}).items() if n >= sampled[p] > 0}
    tallies = tally(framework, cases, confidence=level, eligible=corrected)
    decisions = {d.standard: d for d in panel_decisions}
    refusals: list[str] = []
    if len(decisions) != len(panel_decisions):
        repeated = sorted({d.standard for d in panel_decisions if sum(e.standard == d.standard for e in panel_decisions) > 1})
        refusals.append(f"panel decisions: more than one decision for standard(s) {', '.join(repeated)}")
    results: list[StandardResult] = []
    for standard in framework.standards:
        if framework.rated_by(standard) is RatedBy.JUDGEMENT:
            results.append(_judged(framework, standard, recorded_ratings))
        else:
            results.append(_by_rules(framework, standard, tallies, decisions.get(standard.id), refusals))
    # Decisions on judged or unknown standards have no figure; refusal() says why for each.
    rules_rated = {r.id for r in results if r.rated_by is RatedBy.CASE_ANSWERS}
    for decision in panel_decisions:
        if decision.standard not in rules_rated:
            refusals.append(_refusal_without_figure(framework, decision))
    if refusals and not keep_lapsed:
        raise PanelDecisionError(refusals)
    return InspectionResult(
        framework.id,
        provisional,
        tuple(results),
        overall_result(framework, results),
        tuple(refusals),
        level,
        corrected,
    )


def _refusal_without_figure(framework: Framework, decision: PanelDecision) -> str:
    reason = refusal(framework, decision, rating_by_rules=None, deciding_figure=None)
    # refusal() always refuses when there is no deciding figure; the fallback keeps the type honest.
    return reason or f"panel decision on standard {decision.standard}: no deciding figure"


def _judged(framework: Framework, standard: Standard, recorded: Mapping[str, Rating | None]) -> StandardResult:
    rating = recorded.get(standard.id)
    if standard.id not in recorded:
        explanation = "not rated: the inspection team has not recorded a rating yet"
    elif rating is None:
        explanation = "not rated: the inspection team recorded it as not rated"
    else:
        explanation = f"{rating}: rated by the inspection team's judgement against the ratings characteristics"
    return StandardResult(
        standard.id,
        standard.name,
        RatedBy.JUDGEMENT,
        standard.counts_towards_overall,
        (),
        None,
        rating,
        None,
        None,
        framework.points[rating] if rating else None,
        explanation,
    )


def _by_rules(
    framework: Framework,
    standard: Standard,
    tallies: Mapping[str, KeyQuestionResult],
    decision: PanelDecision | None,
    refusals: list[str],
) -> StandardResult:
    questions = tuple(tallies[q.id] for q in standard.key_questions)
    decider = lowest(questions)
    if decider is None or decider.band is None or decider.banded_figure is None:
        if decision is not None:
            refusals.append(_refusal_without_figure(framework, decision))
        return StandardResult(
            standard.id,
            standard.name,
            RatedBy.CASE_ANSWERS,
            standard.counts_towards_overall,
            questions,
            None,
            None,
            None,
            None,
            None,
            "not rated: no key question of this standard has an applicable case",
        )
    by_rules = decider.band
    band = next(b for b in framework.bands if b.rating == by_rules)
    explanation = (
        f"{by_rules}: the lowest key question, {decider.id}, is {format_figure(decider.banded_figure)} "
        f"({decider.yes} out of {decider.denominator}), in the '{band.label}' band"
    )
    final = by_rules
    if decision is not None:
        refused = refusal(framework, decision, rating_by_rules=by_rules, deciding_figure=decider.banded_figure)
        if refused:
            refusals.append(refused)
            decision = None  # the rating stands by the rules, with no panel reason beside it
        else:
            final = decision.rating
            if final != by_rules:
                explanation += f"; the ratings panel set {final}: {decision.reason}"
            else:
                explanation += f"; the ratings panel confirmed it: {decision.reason}"
    return StandardResult(
        standard.id,
        standard.name,
        RatedBy.CASE_ANSWERS,
        standard.counts_towards_overall,
        questions,
        by_rules,
        final,
        decider.id,
        decision,
        framework.points[final],
        explanation,
    )


def overall_result(framework: Framework, results: Sequence[StandardResult]) -> OverallResult:
    """Sum the counted standards' points and band the total; undecided while a counted standard is unrated."""
    counted = [r for r in results if r.counts_towards_overall]
    unrated = [r.id for r in counted if r.points is None]
    if unrated:
        return OverallResult(
            None,
            framework.overall.max_score,
            None,
            f"standard(s) {', '.join(unrated)} count towards the overall rating but are not rated; "
            "the framework gives no rule for that, so the overall rating needs a decision",
        )
    score = overall_points(framework, (r.rating for r in counted if r.rating is not None))
    return OverallResult(score, framework.overall.max_score, overall_band(framework, score), None)


def overall_points(framework: Framework, ratings: Iterable[Rating]) -> int:
    """Return the overall score: the points of the counted standards' ratings added up (OV-1)."""
    return sum(framework.points[r] for r in ratings)


def overall_band(framework: Framework, score: int) -> Rating:
    """Return the overall rating a score is banded in (OV-2)."""
    return next(b.rating for b in framework.overall.bands if score >= b.min_score)
