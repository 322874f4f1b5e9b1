"""The worked examples in docs/scoring.md, checked row by row against the engine."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.doc_tables import doc_table
from yjinspect.engine.answers import Answer, Case
from yjinspect.engine.discretion import PanelDecision, refusal
from yjinspect.engine.framework import Framework, Population, Rating
from yjinspect.engine.rating import NOT_RATED, StandardResult, overall_result
from yjinspect.engine.scoring import KeyQuestionResult, key_question_result, lowest, round_percent, tally


def _row_id(row: dict[str, str]) -> str:
    return " ".join(row.values())


@pytest.mark.parametrize("row", doc_table("scoring.md", "key-questions"), ids=_row_id)
def test_key_question_rows(row: dict[str, str], fw2018: Framework) -> None:
    percentages = fw2018.percentages.model_copy(update={"band_on": row["band on"]})
    result = key_question_result("x", yes=int(row["yes"]), no=int(row["no"]), percentages=percentages, bands=fw2018.bands)
    if row["band"] == "-":
        assert not result.scored
        assert result.percent is None
        assert result.band is None
        return
    assert result.exact_percent is not None
    assert round(float(result.exact_percent), 2) == float(row["exact %"])
    assert result.percent == int(row["printed %"])
    assert result.band == Rating(row["band"])


def _figures(text: str, fw: Framework) -> list[KeyQuestionResult]:
    results = []
    for position, raw in enumerate(text.split(",")):
        cell = raw.strip()
        if cell == "-":
            results.append(key_question_result(f"q{position + 1}", yes=0, no=0, percentages=fw.percentages, bands=fw.bands))
        else:
            results.append(
                key_question_result(
                    f"q{position + 1}", yes=int(cell), no=100 - int(cell), percentages=fw.percentages, bands=fw.bands
                )
            )
    return results


@pytest.mark.parametrize("row", doc_table("scoring.md", "standards"), ids=_row_id)
def test_standard_rows(row: dict[str, str], fw2018: Framework) -> None:
    results = _figures(row["key question figures"], fw2018)
    decider = lowest(results)
    if row["rating by rules"] == NOT_RATED:
        assert decider is None
        return
    assert decider is not None
    assert decider.band == Rating(row["rating by rules"])
    assert decider.id == f"q{row['deciding']}"


@pytest.mark.parametrize("row", doc_table("scoring.md", "discretion"), ids=_row_id)
def test_discretion_rows(row: dict[str, str], fw2018: Framework) -> None:
    decision = PanelDecision("2.1", Rating(row["panel rating"]), row["reason"])
    refused = refusal(
        fw2018, decision, rating_by_rules=Rating(row["rating by rules"]), deciding_figure=Fraction(row["deciding figure"])
    )
    if row["allowed"] == "yes":
        assert refused is None
    else:
        assert refused is not None
        assert row["message contains"] in refused


@pytest.mark.parametrize("row", doc_table("scoring.md", "overall"), ids=_row_id)
def test_overall_rows(row: dict[str, str], fw2018: Framework) -> None:
    by_points = {points: rating for rating, points in fw2018.points.items()}
    standards = []
    for standard, raw in zip(fw2018.standards, row["points per standard"].split(","), strict=True):
        cell = raw.strip()
        rating = None if cell == "-" else by_points[int(cell)]
        standards.append(
            StandardResult(standard.id, standard.name, fw2018.rated_by(standard), True, (), rating, rating, None, None,
                           None if rating is None else int(cell), "")
        )  # fmt: skip
    overall = overall_result(fw2018, standards)
    if row["score"] == "-":
        assert overall.rating is None
        assert overall.score is None
        assert overall.undecided_reason is not None
        assert "2.1" in overall.undecided_reason
    else:
        assert overall.score == int(row["score"])
        assert overall.rating == Rating(row["rating"])
        assert overall.max_score == 36


def test_unscored_question_is_not_rated_and_case_without_answers_counts_as_missing(fw2018: Framework) -> None:
    """KQ-1, KQ-4: an applicable unanswered question is 'missing', an inapplicable one 'not applicable'."""
    case = Case("C1", Population.COURT, "referral order", harm_factors=False, safety_wellbeing_factors=True,
                answers={"2.1.1": Answer.YES})  # fmt: skip
    counts = tally(fw2018, [case])
    assert (counts["2.1.1"].yes, counts["2.1.1"].percent) == (1, 100)
    assert counts["2.1.2"].missing == 1
    assert not counts["2.1.2"].scored
    assert counts["2.1.3"].not_applicable == 1
    assert counts["2.1.3"].missing == 0
    assert counts["3.1.1"].yes + counts["3.1.1"].no + counts["3.1.1"].not_applicable == 0


@given(yes=st.integers(min_value=0, max_value=2000), no=st.integers(min_value=0, max_value=2000))
def test_whole_number_rounding_matches_the_exact_rule(yes: int, no: int, fw2018: Framework) -> None:
    """KQ-2: the integer shortcut for half-up rounding agrees with rounding the exact fraction."""
    result = key_question_result("x", yes=yes, no=no, percentages=fw2018.percentages, bands=fw2018.bands)
    if yes + no == 0:
        assert result.percent is None
    else:
        assert result.percent == round_percent(Fraction(100 * yes, yes + no), "half_up")
        assert 0 <= result.percent <= 100
