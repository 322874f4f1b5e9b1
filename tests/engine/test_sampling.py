"""Sampling: windows, sample sizes, the stratified draw, reproducibility, and bad caseload files."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from math import ceil, floor

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.doc_tables import doc_table
from yjinspect.engine.framework import Framework, Population
from yjinspect.engine.sampling import (
    CaseloadRow,
    SamplingError,
    draw_sample,
    eligibility_window,
    months_before,
    sample_size,
    select_profile_counts,
)
from yjinspect.importing.caseload import CaseloadError, parse_caseload
from yjinspect.synthetic import synthetic_caseload

START = date(2020, 2, 3)


@pytest.mark.parametrize("row", doc_table("sampling.md", "windows"), ids=lambda r: " ".join(r.values()))
def test_window_rows(row: dict[str, str], fw2018: Framework) -> None:
    rule = fw2018.sampling.populations[Population(row["population"])]
    window = eligibility_window(date.fromisoformat(row["fieldwork start"]), rule.months_before_from, rule.months_before_to)
    assert window == (date.fromisoformat(row["earliest"]), date.fromisoformat(row["latest"]))


@pytest.mark.parametrize("row", doc_table("sampling.md", "sample-size"), ids=lambda r: " ".join(r.values()))
def test_sample_size_rows(row: dict[str, str]) -> None:
    size = sample_size(int(row["eligible"]), confidence=float(row["confidence"]), margin=float(row["margin"]))
    assert size == int(row["sample"])


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_before(date(2021, 3, 31), 1) == date(2021, 2, 28)
    assert months_before(date(2020, 1, 15), 3) == date(2019, 10, 15)


def _row(n: int, population: Population, made: date) -> CaseloadRow:
    kind = "referral order" if population is Population.COURT else "youth caution"
    return CaseloadRow(n + 1, f"C{n:03d}", population, kind, made, "male", "low", "low")


def test_window_ends_are_inclusive_and_every_exclusion_has_a_reason(fw2018: Framework) -> None:
    rows = [
        _row(1, Population.COURT, date(2019, 5, 3)),
        _row(2, Population.COURT, date(2019, 8, 3)),
        _row(3, Population.COURT, date(2019, 5, 2)),
        _row(4, Population.COURT, date(2019, 8, 4)),
        _row(5, Population.OUT_OF_COURT, date(2019, 9, 3)),
        _row(6, Population.OUT_OF_COURT, date(2019, 11, 4)),
    ]
    draw = draw_sample(fw2018, rows, fieldwork_start=START)
    assert draw.populations[Population.COURT].eligible == 2
    assert draw.populations[Population.OUT_OF_COURT].eligible == 1
    reasons = {e.case_id: e.reason for e in draw.excluded}
    assert set(reasons) == {"C003", "C004", "C006"}
    assert reasons["C003"] == (
        "court disposal made 2019-05-02, outside the window 2019-05-03 to 2019-08-03 (6 to 9 months before fieldwork start)"
    )


def test_an_empty_population_is_an_error(fw2018: Framework) -> None:
    with pytest.raises(SamplingError, match="no eligible out-of-court disposals between 2019-09-03 and 2019-11-03"):
        draw_sample(fw2018, [_row(1, Population.COURT, date(2019, 6, 1))], fieldwork_start=START)


def _caseload(fw: Framework, rows: int, seed: int) -> list[CaseloadRow]:
    return parse_caseload(synthetic_caseload(rows, fieldwork_start=START, seed=seed), fw)


def test_the_same_file_and_seed_give_the_same_sample_whatever_the_row_order(fw2018: Framework) -> None:
    rows = _caseload(fw2018, 400, 1)
    first = draw_sample(fw2018, rows, fieldwork_start=START, seed=7)
    again = draw_sample(fw2018, list(reversed(rows)), fieldwork_start=START, seed=7)
    other = draw_sample(fw2018, rows, fieldwork_start=START, seed=8)
    assert first.populations == again.populations
    assert first.populations[Population.COURT].sample != other.populations[Population.COURT].sample


def test_sample_and_reserves_partition_the_eligible_cases(fw2018: Framework) -> None:
    draw = draw_sample(fw2018, _caseload(fw2018, 300, 2), fieldwork_start=START)
    for part in draw.populations.values():
        assert len(part.sample) == part.sample_size
        assert not set(part.sample) & set(part.reserves)
        assert len(part.sample) + len(part.reserves) == part.eligible
        assert part.strata_within_one


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(min_value=60, max_value=600), seed=st.integers(min_value=0, max_value=10_000))
def test_stratified_shares_hold_on_random_caseloads(rows: int, seed: int, fw2018: Framework) -> None:
    caseload = _caseload(fw2018, rows, seed)
    try:
        draw = draw_sample(fw2018, caseload, fieldwork_start=START, seed=seed)
    except SamplingError:
        assume(False)  # a tiny random caseload may have no eligible out-of-court case
        return
    for part in draw.populations.values():
        for share in part.shares:
            assert abs(share.sample_count - share.expected) <= 1 + 1e-9, share


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_same_seed_gives_the_same_sample(seed: int, fw2018: Framework) -> None:
    caseload = _caseload(fw2018, 200, seed)
    try:
        first = draw_sample(fw2018, caseload, fieldwork_start=START, seed=seed)
    except SamplingError:
        return
    assert draw_sample(fw2018, caseload, fieldwork_start=START, seed=seed) == first


def _within_one(profiles: list[tuple[str, ...]], counts: list[int], available: list[int], size: int) -> bool:
    total = sum(available)
    for v in range(len(profiles[0])):
        population: Counter[str] = Counter()
        sampled: Counter[str] = Counter()
        for profile, n, avail in zip(profiles, counts, available, strict=True):
            population[profile[v]] += avail
            sampled[profile[v]] += n
        for category, count in population.items():
            expected = count * size / total
            if not ceil(expected - 1 - 1e-9) <= sampled[category] <= floor(expected + 1 + 1e-9):
                return False
    return True


profile_sets = st.lists(
    st.tuples(st.sampled_from("MF"), st.sampled_from("ABC"), st.sampled_from("lmh"), st.sampled_from("lmh")),
    min_size=2,
    max_size=9,
)


@settings(max_examples=200, deadline=None)
@given(cases=profile_sets, size_share=st.floats(min_value=0.1, max_value=0.9))
def test_a_within_one_sample_is_found_whenever_one_exists(cases: list[tuple[str, ...]], size_share: float) -> None:
    """Exhaustive check on small populations: if any subset meets every bound, the draw does too."""
    grouped = Counter(cases)
    profiles = list(grouped)
    available = [grouped[p] for p in profiles]
    size = max(1, round(len(cases) * size_share))
    exists = any(
        _within_one(profiles, list(choice), available, size)
        for choice in itertools.product(*(range(a + 1) for a in available))
        if sum(choice) == size
    )
    counts = select_profile_counts(profiles, available, size, 4)
    assert sum(counts) == size
    assert all(0 <= n <= a for n, a in zip(counts, available, strict=True))
    if exists:
        assert _within_one(profiles, counts, available, size)


# --- the caseload file -----------------------------------------------------------------------------


def test_a_bad_caseload_is_rejected_whole_with_every_problem(fw2018: Framework) -> None:
    text = (
        "case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing,notes\n"
        "A1,referral order,2019-06-01,male,low,medium,fine\n"
        "A2,fine,2019-06-01,male,low,low,\n"
        "A1,youth caution,2019-13-01,female,low,low,\n"
        ",YCC,01/10/2019,,extreme,low,\n"
    )
    with pytest.raises(CaseloadError) as error:
        parse_caseload(text, fw2018, source="return.csv")
    problems = error.value.problems
    assert "row 3, column disposal_type: 'fine' is not a known disposal type" in problems[0]
    assert "row 4, column case_id: 'A1' is used again (first on row 2)" in problems
    assert "row 4, column disposal_date: '2019-13-01' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)" in problems
    assert "row 5, column case_id: empty; every row needs a case id" in problems
    assert "row 5, column gender: empty" in problems
    assert "row 5, column rosh: 'extreme' is not one of low, medium, high, very high (or blank)" in problems
    assert str(error.value).startswith("return.csv: 6 problem(s); nothing was imported")


def test_missing_columns_are_named(fw2018: Framework) -> None:
    with pytest.raises(CaseloadError, match=r"header: missing column\(s\) disposal_date, rosh \(found: case_id, disposal_type"):
        parse_caseload("case_id,disposal_type,gender,safety_wellbeing\nA,RO,male,low\n", fw2018)


def test_an_empty_caseload_is_an_error(fw2018: Framework) -> None:
    with pytest.raises(CaseloadError, match="no data rows"):
        parse_caseload("case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing\n", fw2018)


def test_header_spelling_aliases_and_uk_dates_are_accepted(fw2018: Framework) -> None:
    text = "Case ID,Disposal-Type,Disposal Date,Gender,RoSH,Safety_Wellbeing\nA,YRO,01/06/2019,Male,Very High,\n"
    (row,) = parse_caseload(text, fw2018)
    assert (row.disposal_type, row.disposal_date, row.gender, row.rosh, row.safety_wellbeing) == (
        "youth rehabilitation order",
        date(2019, 6, 1),
        "male",
        "very high",
        "not recorded",
    )
    assert row.population is Population.COURT
