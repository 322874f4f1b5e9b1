"""The ratings panel's professional discretion and its guard (rules PD-1 to PD-4 in docs/scoring.md)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from yjinspect.engine.framework import Framework, RatedBy, Rating


@dataclass(frozen=True, slots=True)
class PanelDecision:
    """A rating the ratings panel set for a standard, with the reason the report footnotes."""

    standard: str
    rating: Rating
    reason: str


def rank(rating: Rating) -> int:
    """Return 0 for Inadequate up to 3 for Outstanding."""
    return list(reversed(Rating)).index(rating)


def format_figure(figure: Fraction) -> str:
    """Return a figure as reports print it: whole numbers bare, others to one decimal place."""
    return f"{figure.numerator}%" if figure.denominator == 1 else f"{float(figure):.1f}%"


def refusal(
    framework: Framework,
    decision: PanelDecision,
    *,
    rating_by_rules: Rating | None,
    deciding_figure: Fraction | None,
) -> str | None:
    """Return why the framework's guard refuses a panel decision, or None when it is allowed."""
    guard = framework.discretion
    standard = framework.standard(decision.standard)
    where = f"panel decision on standard {decision.standard}"
    if standard is None:
        return f"{where}: the framework {framework.id} has no such standard"
    if guard.reason_required and not decision.reason.strip():
        return f"{where}: a reason is required, and the report prints it as the footnote"
    if framework.rated_by(standard) is RatedBy.JUDGEMENT:
        return (
            f"{where}: {standard.name} is rated by the inspection team's judgement; "
            "record the team's rating for it instead of a panel decision"
        )
    if rating_by_rules is None or deciding_figure is None:
        return (
            f"{where}: the standard is not rated by the rules (no key question has an applicable case), "
            "so there is no figure to exercise discretion on"
        )
    steps = rank(decision.rating) - rank(rating_by_rules)
    if steps == 0:
        return None  # a confirmation changes nothing
    if abs(steps) > guard.max_bands:
        return (
            f"{where}: moving from {rating_by_rules} to {decision.rating} is {abs(steps)} bands; "
            f"the framework allows at most {guard.max_bands}"
        )
    if steps < 0 and not guard.allow_downward:
        return f"{where}: the framework allows discretion upwards only ({rating_by_rules} to {decision.rating} is downwards)"
    boundary = boundary_crossed(framework, rating_by_rules, decision.rating)
    distance = abs(deciding_figure - boundary)
    if distance > guard.margin_points:
        return (
            f"{where}: the deciding figure {format_figure(deciding_figure)} is {format_figure(distance).rstrip('%')} points "
            f"from the {boundary}% boundary between {rating_by_rules} and {decision.rating}; "
            f"discretion is allowed only within {guard.margin_points} points"
        )
    return None


def boundary_crossed(framework: Framework, rating_by_rules: Rating, decided: Rating) -> int:
    """Return the band threshold a move crosses last: the minimum of the lower side of the last boundary."""
    by_rating = {band.rating: band.min_percent for band in framework.bands}
    if rank(decided) > rank(rating_by_rules):
        return by_rating[decided]
    # Downwards: the boundary is the bottom of the band just above the decided one.
    above = next(r for r in Rating if rank(r) == rank(decided) + 1)
    return by_rating[above]
