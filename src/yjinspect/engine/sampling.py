"""Eligibility, sample size and the stratified draw (rules in docs/sampling.md)."""

from __future__ import annotations

import calendar
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil, floor
from statistics import NormalDist

from yjinspect.engine.framework import Framework, Population

FORMULA = "n0 = z² × p × (1 − p) / e²;  n = n0 / (1 + (n0 − 1) / N), rounded up and at most N"
_EXACT_SEARCH_NODES = 200_000


class SamplingError(ValueError):
    """A caseload that cannot be sampled; every problem is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One row of the eligible caseload return (no names: a case id and the facts sampling needs)."""

    row: int  # line number in the file, for messages
    case_id: str
    population: Population
    disposal_type: str  # canonical vocabulary name
    disposal_date: date
    gender: str
    rosh: str
    safety_wellbeing: str

    def category(self, variable: str) -> str:
        """Return this row's category for a stratification variable."""
        value: str = getattr(self, variable)
        return value


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A caseload row left out of the sampling population, and why."""

    case_id: str
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class StratumShare:
    """How one category of one variable is represented: population count, expected and sampled."""

    variable: str
    category: str
    population_count: int
    expected: float  # share of population × sample size
    sample_count: int

    @property
    def within_one(self) -> bool:
        """Return whether the sampled count is within one case of the proportional share."""
        return abs(self.sample_count - self.expected) <= 1 + 1e-9


@dataclass(frozen=True, slots=True)
class PopulationDraw:
    """The draw for one population: who is sampled, the reserves in order, and the strata check."""

    population: Population
    window: tuple[date, date]
    eligible: int
    sample_size: int
    sample: tuple[str, ...]
    reserves: tuple[str, ...]
    shares: tuple[StratumShare, ...]

    @property
    def strata_within_one(self) -> bool:
        """Return whether every category of every variable is within one case of its share."""
        return all(s.within_one for s in self.shares)


@dataclass(frozen=True, slots=True)
class SampleDraw:
    """A complete draw with everything needed to explain and reproduce it."""

    fieldwork_start: date
    seed: int
    confidence: float
    margin: float
    proportion: float
    z: float
    formula: str
    populations: dict[Population, PopulationDraw]
    excluded: tuple[Exclusion, ...]


def months_before(day: date, months: int) -> date:
    """Return the same day of the month `months` calendar months earlier, clamped to the month's end."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def eligibility_window(fieldwork_start: date, months_from: int, months_to: int) -> tuple[date, date]:
    """Return (earliest, latest) disposal dates, both inclusive, for disposals made months_from-months_to before."""
    return months_before(fieldwork_start, months_to), months_before(fieldwork_start, months_from)


def eligible_counts(
    framework: Framework, disposals: Iterable[tuple[Population, date]], *, fieldwork_start: date
) -> dict[Population, int]:
    """Count a caseload's disposals inside each population's eligibility window: the eligible
    population the sample is drawn from (SA-2), and the N of the figures' finite population correction (MI-2)."""
    windows = {
        population: eligibility_window(fieldwork_start, rule.months_before_from, rule.months_before_to)
        for population, rule in framework.sampling.populations.items()
    }
    counts: Counter[Population] = Counter()
    for population, disposed in disposals:
        window = windows.get(population)
        if window is not None and window[0] <= disposed <= window[1]:
            counts[population] += 1
    return dict(counts)


def z_score(confidence: float) -> float:
    """Return the two-sided standard normal value for a confidence level (1.2816 for 80%)."""
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(population_size: int, *, confidence: float, margin: float, proportion: float = 0.5) -> int:
    """Return the sample size with the finite population correction, rounded up (SA-3)."""
    if population_size <= 0:
        return 0
    z = z_score(confidence)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population_size)
    # Guard against 25.000000001 rounding up to 26 through floating-point noise.
    whole = round(n)
    size = whole if abs(n - whole) < 1e-9 else ceil(n)
    return max(1, min(population_size, size))


def draw_sample(
    framework: Framework,
    rows: Sequence[CaseloadRow],
    *,
    fieldwork_start: date,
    seed: int = 0,
    confidence: float | None = None,
    margin: float | None = None,
) -> SampleDraw:
    """Apply the eligibility windows and draw a stratified sample per population, reproducibly."""
    settings = framework.sampling
    confidence = settings.confidence if confidence is None else confidence
    margin = settings.margin if margin is None else margin
    eligible: dict[Population, list[CaseloadRow]] = {p: [] for p in Population}
    windows: dict[Population, tuple[date, date]] = {}
    excluded: list[Exclusion] = []
    for population, window_rule in settings.populations.items():
        windows[population] = eligibility_window(fieldwork_start, window_rule.months_before_from, window_rule.months_before_to)
    for row in rows:
        earliest, latest = windows[row.population]
        if earliest <= row.disposal_date <= latest:
            eligible[row.population].append(row)
        else:
            rule = settings.populations[row.population]
            excluded.append(
                Exclusion(
                    row.case_id,
                    row.row,
                    f"{row.population.label[:-1]} made {row.disposal_date.isoformat()}, outside the window "
                    f"{earliest.isoformat()} to {latest.isoformat()} ({rule.months_before_from} to "
                    f"{rule.months_before_to} months before fieldwork start)",
                )
            )
    empty = [p for p in Population if not eligible[p]]
    if empty:
        raise SamplingError(
            [f"no eligible {p.label} between {windows[p][0].isoformat()} and {windows[p][1].isoformat()}" for p in empty]
        )
    draws = {}
    for population in Population:
        size = sample_size(len(eligible[population]), confidence=confidence, margin=margin, proportion=settings.proportion)
        draws[population] = _draw_population(
            population,
            window=windows[population],
            rows=eligible[population],
            size=size,
            variables=settings.stratify_by,
            seed=seed,
        )
    return SampleDraw(
        fieldwork_start,
        seed,
        confidence,
        margin,
        settings.proportion,
        z_score(confidence),
        FORMULA,
        draws,
        tuple(excluded),
    )


def _draw_population(
    population: Population,
    *,
    window: tuple[date, date],
    rows: Sequence[CaseloadRow],
    size: int,
    variables: Sequence[str],
    seed: int,
) -> PopulationDraw:
    # Sorting first makes the draw independent of the file's row order; the string seed is stable
    # across Python processes (random seeds str through SHA-512, not hash()).
    order = sorted(rows, key=lambda r: r.case_id)
    random.Random(f"yjinspect-sample:{seed}:{population.value}").shuffle(order)
    profiles: dict[tuple[str, ...], list[CaseloadRow]] = {}
    for row in order:
        profiles.setdefault(tuple(row.category(v) for v in variables), []).append(row)
    keys = list(profiles)
    counts = select_profile_counts(keys, [len(profiles[k]) for k in keys], size, len(variables))
    chosen = {row.case_id for key, n in zip(keys, counts, strict=True) for row in profiles[key][:n]}
    sample = tuple(r.case_id for r in order if r.case_id in chosen)
    reserves = tuple(r.case_id for r in order if r.case_id not in chosen)
    shares = []
    sampled = [r for r in order if r.case_id in chosen]
    for variable in variables:
        population_counts = Counter(r.category(variable) for r in order)
        sample_counts = Counter(r.category(variable) for r in sampled)
        for category in sorted(population_counts):
            expected = population_counts[category] * size / len(order)
            shares.append(StratumShare(variable, category, population_counts[category], expected, sample_counts[category]))
    return PopulationDraw(population, window, len(order), size, sample, reserves, tuple(shares))


def select_profile_counts(profiles: Sequence[tuple[str, ...]], available: Sequence[int], size: int, variables: int) -> list[int]:
    """Choose how many cases to take from each profile (a combination of categories).

    Goal (SA-5): every category of every variable within one case of its proportional share, and as
    close to it as possible. A greedy pass in draw order, then single-unit moves between profiles
    that reduce the shortfall; if that stalls short of the goal, a bounded exact search.
    """
    total = sum(available)
    quotas: list[dict[str, float]] = [{} for _ in range(variables)]
    for profile, count in zip(profiles, available, strict=True):
        for v, category in enumerate(profile):
            quotas[v][category] = quotas[v].get(category, 0.0) + count * size / total
    hard = [{c: (ceil(q - 1 - 1e-9), floor(q + 1 + 1e-9)) for c, q in vq.items()} for vq in quotas]
    soft = [{c: (floor(q + 1e-9), ceil(q - 1e-9)) for c, q in vq.items()} for vq in quotas]
    taken = [0] * len(profiles)
    tally: list[dict[str, int]] = [dict.fromkeys(vq, 0) for vq in quotas]

    def fits(index: int, bounds: list[dict[str, tuple[int, int]]]) -> bool:
        return all(tally[v][c] + 1 <= bounds[v][c][1] for v, c in enumerate(profiles[index]))

    def take(index: int, step: int) -> None:
        taken[index] += step
        for v, c in enumerate(profiles[index]):
            tally[v][c] += step

    # Greedy in draw order: profile i's j-th case comes in the order profiles were first met.
    chosen = 0
    for bounds in (soft, hard, None):
        for index in range(len(profiles)):
            while chosen < size and taken[index] < available[index] and (bounds is None or fits(index, bounds)):
                take(index, 1)
                chosen += 1

    def shortfall(bounds: list[dict[str, tuple[int, int]]]) -> int:
        return sum(
            max(0, lo - tally[v][c]) + max(0, tally[v][c] - hi) for v in range(variables) for c, (lo, hi) in bounds[v].items()
        )

    def score() -> tuple[int, int]:
        return shortfall(hard), shortfall(soft)

    current = score()
    improved = True
    while improved and current != (0, 0):
        improved = False
        for out in range(len(profiles)):
            if taken[out] == 0:
                continue
            for into in range(len(profiles)):
                if into == out or taken[into] >= available[into]:
                    continue
                take(out, -1)
                take(into, 1)
                candidate = score()
                if candidate < current:
                    current, improved = candidate, True
                    break
                take(into, -1)
                take(out, 1)
            if improved:
                break
    if current[0] > 0:
        exact = _exact_counts(profiles, available, size, hard)
        if exact is not None:
            return exact
    return taken


def _exact_counts(
    profiles: Sequence[tuple[str, ...]],
    available: Sequence[int],
    size: int,
    hard: list[dict[str, tuple[int, int]]],
) -> list[int] | None:
    """Depth-first search for counts meeting every hard bound; None if none found within the node budget."""
    variables = len(hard)
    # capacity_after[i][v][c]: how many cases of category c the profiles after i could still supply.
    capacity_after: list[list[dict[str, int]]] = [[dict.fromkeys(h, 0) for h in hard] for _ in range(len(profiles) + 1)]
    for i in range(len(profiles) - 1, -1, -1):
        for v in range(variables):
            capacity_after[i][v] = dict(capacity_after[i + 1][v])
            capacity_after[i][v][profiles[i][v]] += available[i]
    tally = [dict.fromkeys(h, 0) for h in hard]
    counts = [0] * len(profiles)
    nodes = 0

    def feasible(i: int, remaining: int) -> bool:
        for v in range(variables):
            for c, (lo, hi) in hard[v].items():
                if tally[v][c] > hi or tally[v][c] + min(capacity_after[i][v][c], remaining) < lo:
                    return False
        return True

    def search(i: int, remaining: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > _EXACT_SEARCH_NODES or not feasible(i, remaining):
            return False
        if i == len(profiles):
            return remaining == 0
        for n in range(min(available[i], remaining), -1, -1):
            counts[i] = n
            for v, c in enumerate(profiles[i]):
                tally[v][c] += n
            found = search(i + 1, remaining - n)
            for v, c in enumerate(profiles[i]):
                tally[v][c] -= n
            if found:
                return True
        counts[i] = 0
        return False

    return list(counts) if search(0, size) else None
