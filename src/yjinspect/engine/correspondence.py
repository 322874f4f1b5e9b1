"""A service's previous inspection beside its new one: which earlier standard a standard continues, and
whether a rating improved (issue 13, item 3).

Which standards correspond is data in the framework files (`continues`), never a branch on a
programme: within one framework a standard continues itself; across frameworks only what the newer
file lists corresponds, and everything else is said not to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from yjinspect.engine.framework import Framework, Rating

Change = Literal["an improvement", "a decline", "unchanged"]


@dataclass(frozen=True)
class Counterpart:
    """The earlier standard a standard continues (`standard_id`), or None and why none does (`why`)."""

    standard_id: str | None
    why: str = ""


def earlier_standard(framework: Framework, earlier_framework_id: str, standard_id: str) -> Counterpart:
    """Return the standard of the earlier framework that `standard_id` of `framework` continues."""
    if earlier_framework_id == framework.id:
        return Counterpart(standard_id)
    for earlier in framework.continues:
        if earlier.framework == earlier_framework_id:
            if standard_id in earlier.standards:
                return Counterpart(earlier.standards[standard_id])
            return Counterpart(None, earlier.new.get(standard_id) or "No standard of the earlier framework corresponds to it.")
    return Counterpart(None, "The earlier inspection's framework has no standards that correspond to this framework's.")


def dropped_standards(framework: Framework, earlier_framework_id: str) -> dict[str, str]:
    """Return the earlier framework's standards no standard of `framework` continues, and why."""
    for earlier in framework.continues:
        if earlier.framework == earlier_framework_id:
            return dict(earlier.dropped)
    return {}


def rating_change(framework: Framework, previous: str | None, current: str | None) -> Change | None:
    """Return how a rating changed from `previous` to `current` by the framework's points (more points is
    better), or None where either is not a rating (not rated, undecided, not published)."""
    ratings = {r.value: r for r in Rating}
    if previous not in ratings or current not in ratings:
        return None
    before, after = framework.points[ratings[previous or ""]], framework.points[ratings[current or ""]]
    return "an improvement" if after > before else "a decline" if after < before else "unchanged"
