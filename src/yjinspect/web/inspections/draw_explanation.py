"""The sample's explanation as recorded when it is drawn: the method, each population's window, size and
strata, and the rows left out (counted, the first few listed).

Recomputing the draw to explain it reads the whole caseload and samples it again (seconds for a
large caseload, at every view of the sample page), and it explains the wrong draw once the caseload
has been replaced; so `services.sample.sample_draw` records this summary beside the seed, and the
sample page reads it. It holds counts, never the eligible population itself: the sample and its
reserves are the inspection's cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from yjinspect.engine.framework import Population
from yjinspect.engine.sampling import Exclusion, SampleDraw, StratumShare

EXCLUSIONS_LISTED = 50  # rows outside the windows listed by name; the rest are counted by population


@dataclass(frozen=True)
class PopulationExplained:
    """One population's part of a draw: its window, how many were eligible and sampled, its strata."""

    population: Population
    window: tuple[date, date]
    eligible: int
    sample_size: int
    excluded: int  # caseload rows of this population outside its window
    shares: tuple[StratumShare, ...]

    @property
    def reserves(self) -> int:
        """Return how many eligible cases were not sampled: the reserves, in draw order."""
        return self.eligible - self.sample_size


@dataclass(frozen=True)
class DrawExplanation:
    """How a sample was drawn, as the sample page explains it."""

    seed: int
    confidence: float
    margin: float
    proportion: float
    z: float
    formula: str
    populations: dict[Population, PopulationExplained]
    excluded_count: int
    excluded_listed: tuple[Exclusion, ...]  # the first EXCLUSIONS_LISTED rows outside the windows, in file order

    @property
    def excluded_unlisted(self) -> int:
        """Return how many rows outside the windows are counted but not listed by name."""
        return self.excluded_count - len(self.excluded_listed)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> DrawExplanation:
        """Return the explanation stored by `explanation_record`."""
        return cls(
            seed=record["seed"],
            confidence=record["confidence"],
            margin=record["margin"],
            proportion=record["proportion"],
            z=record["z"],
            formula=record["formula"],
            populations={
                Population(p["population"]): PopulationExplained(
                    population=Population(p["population"]),
                    window=(date.fromisoformat(p["window"][0]), date.fromisoformat(p["window"][1])),
                    eligible=p["eligible"],
                    sample_size=p["sample_size"],
                    excluded=p["excluded"],
                    shares=tuple(StratumShare(*s) for s in p["shares"]),
                )
                for p in record["populations"]
            },
            excluded_count=record["excluded_count"],
            excluded_listed=tuple(Exclusion(*e) for e in record["excluded_listed"]),
        )


def explanation_record(draw: SampleDraw, rows_by_population: dict[Population, int]) -> dict[str, Any]:
    """Return what explains a draw, as JSON data to record beside its seed (`rows_by_population`: caseload rows per population)."""
    return {
        "seed": draw.seed,
        "confidence": draw.confidence,
        "margin": draw.margin,
        "proportion": draw.proportion,
        "z": draw.z,
        "formula": draw.formula,
        "populations": [
            {
                "population": population.value,
                "window": [part.window[0].isoformat(), part.window[1].isoformat()],
                "eligible": part.eligible,
                "sample_size": part.sample_size,
                "excluded": rows_by_population.get(population, 0) - part.eligible,
                "shares": [[s.variable, s.category, s.population_count, s.expected, s.sample_count] for s in part.shares],
            }
            for population, part in draw.populations.items()
        ],
        "excluded_count": len(draw.excluded),
        "excluded_listed": [[e.case_id, e.row, e.reason] for e in draw.excluded[:EXCLUSIONS_LISTED]],
    }
