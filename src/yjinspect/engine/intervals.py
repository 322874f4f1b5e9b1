"""How far a figure from a sample may be trusted: Wilson intervals and Cohen's kappa (docs/scoring.md, MI-1 to MI-4).

Pure Python on purpose (decision 0010): the formulas are a few lines each, and statsmodels would bring
numpy, scipy, pandas and patsy into a project that needs none of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from math import ceil, floor, inf, isinf, sqrt

from yjinspect.engine.sampling import z_score


@dataclass(frozen=True, slots=True)
class Interval:
    """A two-sided confidence interval for a share, as fractions between 0 and 1."""

    low: float
    high: float

    def contains(self, share: float) -> bool:
        """Return whether a share (0 to 1) lies within the interval, ends included."""
        return self.low <= share <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low


def effective_size(n: int, population: float | None) -> float:
    """Return the sample size the finite population correction makes of n cases out of a population (MI-2).

    Sampling n of N without replacement gives a share the variance P(1-P)/n · (N-n)/(N-1) (Cochran 1977,
    Sampling Techniques, 3rd ed., Theorem 3.2): a binomial share with n·(N-1)/(N-n) cases (Kish 1965's
    effective sample size). A census (n = N) is exact: infinitely many.
    """
    if population is None:
        return float(n)
    if population < n:
        raise ValueError(f"a sample of {n} cannot come from a population of {population:g}")
    if population - n < 1e-12:
        return inf
    return n * (population - 1) / (population - n)


def wilson_interval(successes: int, n: int, confidence: float, population: float | None = None) -> Interval:
    """Return the Wilson score interval for successes out of n at a two-sided confidence level (MI-1),
    narrowed by the finite population correction when the population the n were drawn from is known (MI-2).

    Wilson, E.B. (1927) "Probable inference, the law of succession, and statistical inference", JASA
    22:209-212; the closed form of Newcombe (1998), Statistics in Medicine 17:857-872, method 3. With the
    correction, n is replaced by effective_size(n, population) and the share stays successes / n.
    """
    if n <= 0:
        raise ValueError(f"an interval needs at least one case, not {n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), not {successes}")
    if not 0 < confidence < 1:
        raise ValueError(f"the confidence level must be between 0 and 1, not {confidence}")
    share = successes / n
    size = effective_size(n, population)
    if isinf(size):
        return Interval(share, share)
    z2 = z_score(confidence) ** 2
    centre = (share + z2 / (2 * size)) / (1 + z2 / size)
    half = sqrt(z2) * sqrt(share * (1 - share) / size + z2 / (4 * size * size)) / (1 + z2 / size)
    # The ends are exact at 0 and 1 (floating point leaves 1e-17 either way), and never pass the share.
    low = 0.0 if successes == 0 else min(share, max(0.0, centre - half))
    high = 1.0 if successes == n else max(share, min(1.0, centre + half))
    return Interval(low, high)


def subgroup_population(eligible: int, sampled: int, counted: int) -> float:
    """Return the estimated number of eligible cases a figure counted over `counted` of the `sampled` cases
    stands for: eligible × counted / sampled (MI-2), so that its sampling fraction is the sample's.

    A key question answered yes or no in 18 of 25 sampled cases out of 30 eligible stands for about
    21.6 eligible cases, not 30: the question does not apply to the rest.
    """
    if sampled <= 0 or not 0 <= counted <= sampled:
        raise ValueError(f"counted ({counted}) must be between 0 and sampled ({sampled}), and sampled above 0")
    if eligible < sampled:
        raise ValueError(f"the sample ({sampled}) cannot be larger than the eligible population ({eligible})")
    return eligible * counted / sampled


def printed_range(interval: Interval) -> tuple[int, int]:
    """Return the interval as reports print it, in whole percentages rounded outwards (MI-3), so that the
    printed ends never claim more precision than the interval has: 40.1% to 77.0% prints 40% to 78%."""
    # Rounding to nine places first keeps 0.65 (stored as 0.6500000000000001) at 65, not 66.
    return floor(round(interval.low * 100, 9)), ceil(round(interval.high * 100, 9))


def boundaries_inside(interval: Interval, boundaries: Iterable[float]) -> tuple[float, ...]:
    """Return the band boundaries (in percent, each the lowest figure of its band) that a figure's printed
    interval reaches across (MI-3): its lower end below the boundary and its upper end at or above it, so
    that on another sample of the same size the figure could have fallen in the band on the other side.

    Judged on the printed ends, as bands are on the printed figure (KQ-3): what a reader sees is what is marked.
    """
    low, high = printed_range(interval)
    return tuple(b for b in boundaries if b > 0 and low < b <= high)


# --- agreement between two assessors ----------------------------------------------------------------

# Landis, J.R. and Koch, G.G. (1977) "The measurement of observer agreement for categorical data",
# Biometrics 33(1):159-174, p. 165: the strength of agreement each range of kappa stands for.
LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.81, "almost perfect agreement"),
    (0.61, "substantial agreement"),
    (0.41, "moderate agreement"),
    (0.21, "fair agreement"),
    (0.0, "slight agreement"),
)
POOR = "poor agreement"
LANDIS_KOCH_SOURCE = 'Landis and Koch (1977), "The measurement of observer agreement for categorical data", Biometrics 33:159-174'


@dataclass(frozen=True, slots=True)
class Kappa:
    """Cohen's kappa for two assessors' answers to the same cases, with its parts and its plain reading."""

    value: float | None  # None: chance agreement is certain (both gave one answer throughout), kappa undefined
    po: float  # the share of cases both answered alike
    pe: float  # the share expected alike by chance, from each assessor's own shares
    n: int
    reading: str


def agreement_reading(kappa: float) -> str:
    """Return the Landis and Koch (1977) words for a kappa (MI-4): 0.21 to 0.40 is "fair agreement".

    Their ranges are written to two decimal places, so a kappa is read at two places: 0.405 is fair.
    """
    value = round(kappa, 2)
    if value < 0:
        return POOR
    return next(words for lowest, words in LANDIS_KOCH if value >= lowest)


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> Kappa:
    """Return Cohen's kappa over (first assessor's answer, second assessor's answer) pairs (MI-4).

    Cohen, J. (1960) "A coefficient of agreement for nominal scales", Educational and Psychological
    Measurement 20:37-46: kappa = (po - pe) / (1 - pe).
    """
    given = list(pairs)
    n = len(given)
    if n == 0:
        raise ValueError("kappa needs at least one case answered by both assessors")
    po = sum(1 for first, second in given if first == second) / n
    firsts = Counter(first for first, _ in given)
    seconds = Counter(second for _, second in given)
    pe = sum(firsts[answer] * seconds[answer] for answer in firsts) / (n * n)
    if pe >= 1 - 1e-12:
        # Both gave the same single answer throughout: agreement is complete, but kappa is 0/0.
        return Kappa(None, po, pe, n, "not defined: both assessors gave the same answer in every case")
    value = (po - pe) / (1 - pe)
    return Kappa(value, po, pe, n, agreement_reading(value))
