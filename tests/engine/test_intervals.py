"""Wilson intervals and Cohen's kappa against published worked examples, and their invariants (MI-1 to MI-4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.doc_tables import doc_table
from yjinspect.engine.answers import Answer, Case
from yjinspect.engine.framework import Framework, Population, Rating
from yjinspect.engine.intervals import (
    Interval,
    agreement_reading,
    boundaries_inside,
    cohen_kappa,
    effective_size,
    printed_range,
    subgroup_population,
    wilson_interval,
)
from yjinspect.engine.rating import rate_inspection
from yjinspect.engine.sampling import eligible_counts
from yjinspect.engine.scoring import bands_within_reach

# Newcombe, R.G. (1998) "Two-sided confidence intervals for the single proportion: comparison of seven
# methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score interval, no continuity
# correction), 95% intervals.
NEWCOMBE_TABLE_I = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), NEWCOMBE_TABLE_I)
def test_wilson_reproduces_newcombe_table_i(successes: int, n: int, low: float, high: float) -> None:
    interval = wilson_interval(successes, n, 0.95)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_the_inspections_level_is_eighty_per_cent_with_z_1_2816() -> None:
    # Seed 003, Annexe 1: "a confidence level of 80 per cent". z = 1.2816; 6 of 10 (3.2.3, seed 003):
    # centre (0.6 + z²/20) / (1 + z²/10), half-width z·sqrt(0.024 + z²/400) / (1 + z²/10).
    interval = wilson_interval(6, 10, 0.80)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.4014, 0.7704)


# The finite population correction (MI-2): n·(N−1)/(N−n) cases, Cochran (1977) Theorem 3.2.
@pytest.mark.parametrize(
    ("n", "population", "effective"),
    [(25, None, 25.0), (25, 30, 25 * 29 / 5), (17, 19, 17 * 18 / 2), (10, 10, float("inf")), (1, 1, float("inf"))],
)
def test_effective_size(n: int, population: int | None, effective: float) -> None:
    assert effective_size(n, population) == pytest.approx(effective)


def test_a_census_has_no_margin() -> None:
    assert wilson_interval(6, 10, 0.8, population=10) == Interval(0.6, 0.6)


def test_the_correction_narrows_the_interval_of_25_cases_of_30() -> None:
    plain, corrected = wilson_interval(15, 25, 0.8), wilson_interval(15, 25, 0.8, population=30)
    assert corrected.width < plain.width / 2  # sqrt(5/29) ≈ 0.42 of the width, roughly
    # 25 of 30 make 25 × 29 / 5 = 145 effective cases: the interval of 87 of 145, the same share.
    same = wilson_interval(87, 145, 0.8)
    assert (corrected.low, corrected.high) == pytest.approx((same.low, same.high))
    assert (round(corrected.low, 4), round(corrected.high, 4)) == (0.547, 0.6507)


def test_a_key_question_asked_of_some_cases_stands_for_its_share_of_the_eligible() -> None:
    assert subgroup_population(30, 25, 18) == pytest.approx(21.6)
    assert subgroup_population(25, 25, 18) == 18  # a census of the population is a census of each question


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson_interval(1, 0, 0.8), "at least one case"),
        (lambda: wilson_interval(5, 4, 0.8), "between 0 and n"),
        (lambda: wilson_interval(1, 4, 1.0), "between 0 and 1"),
        (lambda: wilson_interval(1, 4, 0.8, population=3), "population of 3"),
        (lambda: subgroup_population(20, 25, 10), "cannot be larger"),
    ],
)
def test_impossible_input_is_refused_with_why(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("low", "high", "inside"),
    [
        (0.4014, 0.7704, (65, 50)),  # 6 of 10: could have been Inadequate or Good
        (0.66, 0.79, ()),  # wholly within Good
        (0.64, 0.70, (65,)),
        (0.65, 0.70, ()),  # the lowest figure of Good is Good
        (0.0, 0.16, ()),
        (0.5, 0.6499, (65,)),  # printed 50% to 65%: marked as the reader sees it
    ],
)
def test_boundaries_inside(low: float, high: float, inside: tuple[int, ...]) -> None:
    assert boundaries_inside(Interval(low, high), (80, 65, 50, 0)) == inside


@pytest.mark.parametrize(
    ("low", "high", "printed"),
    [(0.40135, 0.77043, (40, 78)), (0.65, 0.7, (65, 70)), (0.0, 0.1611, (0, 17)), (0.6, 0.6, (60, 60))],
)
def test_printed_range_rounds_outwards(low: float, high: float, printed: tuple[int, int]) -> None:
    assert printed_range(Interval(low, high)) == printed


# --- properties ---------------------------------------------------------------------------------------

cases = st.integers(min_value=1, max_value=400)
levels = st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99])


@given(n=cases, data=st.data(), confidence=levels)
def test_the_interval_contains_the_share_and_lies_in_0_to_1(n: int, data: st.DataObject, confidence: float) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=n))
    interval = wilson_interval(successes, n, confidence)
    assert 0 <= interval.low <= successes / n <= interval.high <= 1


@given(
    yes=st.integers(min_value=0, max_value=20), no=st.integers(min_value=0, max_value=20), k=st.integers(2, 10), confidence=levels
)
def test_the_interval_narrows_as_cases_grow_at_the_same_share(yes: int, no: int, k: int, confidence: float) -> None:
    assume(yes + no > 0)
    smaller, larger = wilson_interval(yes, yes + no, confidence), wilson_interval(k * yes, k * (yes + no), confidence)
    assert larger.width < smaller.width


@given(n=cases, data=st.data(), confidence=levels)
def test_the_correction_never_widens_and_a_census_is_the_share(n: int, data: st.DataObject, confidence: float) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=n))
    population = data.draw(st.integers(min_value=n, max_value=n * 20))
    plain, corrected = wilson_interval(successes, n, confidence), wilson_interval(successes, n, confidence, population)
    assert corrected.width <= plain.width + 1e-12
    assert 0 <= corrected.low <= successes / n <= corrected.high <= 1
    assert wilson_interval(successes, n, confidence, population=n) == Interval(successes / n, successes / n)


@given(n=st.integers(min_value=2, max_value=200), data=st.data())
def test_a_higher_level_gives_a_wider_interval(n: int, data: st.DataObject) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=n))
    assert wilson_interval(successes, n, 0.8).width < wilson_interval(successes, n, 0.95).width


# --- Cohen's kappa ------------------------------------------------------------------------------------


def _pairs(both_yes: int, first_yes_only: int, second_yes_only: int, both_no: int) -> list[tuple[str, str]]:
    return (
        [("yes", "yes")] * both_yes
        + [("yes", "no")] * first_yes_only
        + [("no", "yes")] * second_yes_only
        + [("no", "no")] * both_no
    )


# Worked examples of Wikipedia's "Cohen's kappa" article ("Simple example", and "Same percentages but
# different numbers", which shows equal agreement, 60 of 100, giving different kappas), checked by hand
# from Cohen (1960)'s formula: the first po 35/50, pe 0.5 × 0.6 + 0.5 × 0.4.
@pytest.mark.parametrize(
    ("cells", "po", "pe", "kappa", "reading"),
    [
        ((20, 5, 10, 15), 0.70, 0.50, 0.40, "fair agreement"),
        ((45, 15, 25, 15), 0.60, 0.54, 0.1304, "slight agreement"),
        ((25, 35, 5, 35), 0.60, 0.46, 0.2593, "fair agreement"),
        ((10, 0, 0, 10), 1.0, 0.5, 1.0, "almost perfect agreement"),
        ((0, 10, 10, 0), 0.0, 0.5, -1.0, "poor agreement"),
    ],
)
def test_kappa_worked_examples(cells: tuple[int, int, int, int], po: float, pe: float, kappa: float, reading: str) -> None:
    found = cohen_kappa(_pairs(*cells))
    assert found.n == sum(cells)
    assert found.po == pytest.approx(po)
    assert found.pe == pytest.approx(pe)
    assert found.value is not None
    assert round(found.value, 4) == kappa
    assert found.reading == reading


def test_kappa_is_undefined_when_both_gave_one_answer_throughout() -> None:
    found = cohen_kappa([("yes", "yes")] * 8)
    assert (found.value, found.po, found.pe) == (None, 1.0, 1.0)
    assert "not defined" in found.reading


def test_kappa_needs_a_case() -> None:
    with pytest.raises(ValueError, match="at least one case"):
        cohen_kappa([])


# Landis and Koch (1977), p. 165: <0.00 poor, 0.00-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate,
# 0.61-0.80 substantial, 0.81-1.00 almost perfect.
@pytest.mark.parametrize(
    ("kappa", "reading"),
    [
        (-0.01, "poor agreement"),
        (0.0, "slight agreement"),
        (0.20, "slight agreement"),
        (0.21, "fair agreement"),
        (0.40, "fair agreement"),
        (0.404, "fair agreement"),
        (0.41, "moderate agreement"),
        (0.60, "moderate agreement"),
        (0.61, "substantial agreement"),
        (0.80, "substantial agreement"),
        (0.81, "almost perfect agreement"),
        (1.0, "almost perfect agreement"),
    ],
)
def test_landis_and_koch_reading(kappa: float, reading: str) -> None:
    assert agreement_reading(kappa) == reading


@given(st.lists(st.tuples(st.sampled_from("yn"), st.sampled_from("yn")), min_size=1, max_size=60))
def test_kappa_is_at_most_one_and_one_only_for_complete_agreement(pairs: list[tuple[str, str]]) -> None:
    found = cohen_kappa(pairs)
    if found.value is not None:
        assert -1 - 1e-9 <= found.value <= 1 + 1e-9
        assert (found.value > 1 - 1e-9) == (found.po == 1.0)


# --- in the rating: every scored key question carries its interval ---------------------------------------


def _court_cases(fw: Framework, yes: int, no: int) -> list[Case]:
    def answers(answer: Answer) -> dict[str, Answer]:
        return {q.id: answer for q in fw.case_questions(Population.COURT)}

    given = [answers(Answer.YES)] * yes + [answers(Answer.NO)] * no
    return [Case(f"c{i}", Population.COURT, "referral order", True, True, a) for i, a in enumerate(given)]


def test_each_scored_key_question_carries_its_interval_at_the_frameworks_level(fw2018: Framework) -> None:
    result = rate_inspection(fw2018, _court_cases(fw2018, 6, 4), recorded_ratings={})
    question = result.standard("2.1").key_questions[0]
    assert result.confidence == fw2018.sampling.confidence == 0.8
    assert question.interval == wilson_interval(6, 10, 0.8)
    assert bands_within_reach(question, fw2018.bands) == (Rating.GOOD, Rating.INADEQUATE)
    assert result.standard("3.1").key_questions[0].interval is None  # no out-of-court case: not scored
    wider = rate_inspection(fw2018, _court_cases(fw2018, 6, 4), recorded_ratings={}, confidence=0.95)
    assert wider.standard("2.1").key_questions[0].interval == wilson_interval(6, 10, 0.95)


def test_the_eligible_population_corrects_the_interval(fw2018: Framework) -> None:
    result = rate_inspection(fw2018, _court_cases(fw2018, 6, 4), recorded_ratings={}, eligible={Population.COURT: 12})
    assert result.eligible == {Population.COURT: 12}
    assert result.standard("2.1").key_questions[0].interval == wilson_interval(6, 10, 0.8, population=12)
    census = rate_inspection(fw2018, _court_cases(fw2018, 6, 4), recorded_ratings={}, eligible={Population.COURT: 10})
    question = census.standard("2.1").key_questions[0]
    assert question.interval == Interval(0.6, 0.6)
    assert bands_within_reach(question, fw2018.bands) == ()


def test_a_caseload_smaller_than_the_sample_corrects_nothing(fw2018: Framework) -> None:
    result = rate_inspection(fw2018, _court_cases(fw2018, 6, 4), recorded_ratings={}, eligible={Population.COURT: 8})
    assert result.eligible == {}
    assert result.standard("2.1").key_questions[0].interval == wilson_interval(6, 10, 0.8)


def test_eligible_counts_count_the_rows_inside_the_windows(fw2018: Framework) -> None:
    # Fieldwork 3 February 2020: court disposals 3 May to 3 August 2019, out-of-court 3 September to 3 November.
    rows = [
        (Population.COURT, date(2019, 5, 3)),
        (Population.COURT, date(2019, 8, 3)),
        (Population.COURT, date(2019, 8, 4)),
        (Population.OUT_OF_COURT, date(2019, 10, 1)),
        (Population.OUT_OF_COURT, date(2019, 6, 1)),
    ]
    assert eligible_counts(fw2018, rows, fieldwork_start=date(2020, 2, 3)) == {Population.COURT: 2, Population.OUT_OF_COURT: 1}


@given(yes=st.integers(0, 40), no=st.integers(0, 40), extra=st.integers(0, 40))
def test_the_printed_figure_is_inside_the_printed_interval(fw2018: Framework, yes: int, no: int, extra: int) -> None:
    assume(yes + no > 0)
    eligible = {Population.COURT: yes + no + extra}
    result = rate_inspection(fw2018, _court_cases(fw2018, yes, no), recorded_ratings={}, eligible=eligible)
    question = result.standard("2.1").key_questions[0]
    assert question.interval is not None
    assert question.percent is not None
    low, high = printed_range(question.interval)
    assert low <= question.percent <= high
    assert question.band not in bands_within_reach(question, fw2018.bands)


@pytest.mark.parametrize("row", doc_table("scoring.md", "intervals"), ids=lambda row: " ".join(row.values()))
def test_the_documented_intervals(row: dict[str, str], fw2018: Framework) -> None:
    yes, cases = int(row["yes"]), int(row["cases"])
    eligible = None if row["eligible"] == "-" else {Population.COURT: int(row["eligible"])}
    confidence = int(row["confidence"]) / 100
    result = rate_inspection(
        fw2018, _court_cases(fw2018, yes, cases - yes), recorded_ratings={}, eligible=eligible, confidence=confidence
    )
    question = result.standard("2.1").key_questions[0]
    assert question.interval is not None
    low, high = printed_range(question.interval)
    assert question.percent == int(row["printed %"])
    assert f"{low}% to {high}%" == row["interval"]
    reached = [band.value for band in bands_within_reach(question, fw2018.bands)]
    assert reached == ([] if row["could fall in"] == "-" else row["could fall in"].split(", "))
