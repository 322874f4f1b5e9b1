"""Comparisons across published inspections: pure arithmetic over plain records.

A record is a mapping with at least: service, date ("YYYY-MM"), programme, overall_rating, score,
standards ({id: rating}) and key_questions ({id: percent}).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from yjinspect.engine.scoring import round_percent


@dataclass(frozen=True)
class Spread:
    """Lowest, highest and average of one figure across inspections, and one service's own value."""

    item: str
    lowest: int
    highest: int
    total: int  # the sum of the values: the average is derived from it exactly
    count: int
    own: int | None

    @property
    def average(self) -> float:
        """Return the average to one decimal place, as the comparisons page shows it."""
        return round(self.total / self.count, 1)

    def whole_average(self) -> int:
        """Return the average as a whole percentage, rounded half up as reports print it."""
        return round_percent(Fraction(self.total, self.count), "half_up")


def rating_distribution(records: Iterable[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    """Count, per standard, how many inspections gave each rating."""
    found: dict[str, Counter[str]] = {}
    for record in records:
        for standard, rating in (record.get("standards") or {}).items():
            if rating:
                found.setdefault(standard, Counter())[rating] += 1
    return dict(sorted(found.items()))


def spreads(records: Sequence[Mapping[str, Any]], field: str, *, service: str | None = None) -> list[Spread]:
    """Return lowest, highest and average per item of a figure field (key_questions, themes, headline_scores)."""
    values: dict[str, list[int]] = {}
    own: dict[str, int] = {}
    for record in records:
        for item, value in (record.get(field) or {}).items():
            # Key questions carry {"percent": ...}; themes and headline scores {"score": ...}.
            figure = value.get("score", value.get("percent")) if isinstance(value, Mapping) else value
            if isinstance(figure, int):
                values.setdefault(item, []).append(figure)
                if service is not None and record.get("service") == service:
                    own[item] = figure  # the latest record given last wins
    return [
        Spread(item, min(v), max(v), sum(v), len(v), own.get(item))
        for item, v in sorted(values.items(), key=lambda kv: [int(p) if p.isdigit() else p for p in kv[0].split(".")])
    ]


def over_time(records: Iterable[Mapping[str, Any]], service: str) -> list[Mapping[str, Any]]:
    """Return one service's records in date order."""
    return sorted((r for r in records if r.get("service") == service), key=lambda r: str(r.get("date") or ""))


def score_spread(records: Sequence[Mapping[str, Any]], *, service: str | None = None) -> Spread | None:
    """Return the overall score's spread across inspections, as a whole percentage of each one's maximum
    (for results that state ratings and a score but no figure per key question, as the open data does)."""
    values: list[int] = []
    own: int | None = None
    for record in records:
        score, most = record.get("score"), record.get("max")
        if isinstance(score, int) and isinstance(most, int) and most > 0:
            percent = round_percent(Fraction(100 * score, most), "half_up")
            values.append(percent)
            if service is not None and record.get("service") == service:
                own = percent
    if not values:
        return None
    return Spread("overall score", min(values), max(values), sum(values), len(values), own)


def framework_changes(history: Sequence[Mapping[str, Any]]) -> list[str | None]:
    """Return, for each record of a service's history in date order, the programme it changed from
    (None where the programme is the one before's, and for the first record)."""
    return [
        str(history[i - 1].get("programme")) if i and history[i - 1].get("programme") != record.get("programme") else None
        for i, record in enumerate(history)
    ]
