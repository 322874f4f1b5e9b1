"""Words for proportions: the table in docs/phrasing.md, and the count always beside the word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.doc_tables import doc_table
from yjinspect.engine.phrasing import count_alone, proportion_phrase


@pytest.mark.parametrize("row", doc_table("phrasing.md", "phrases"), ids=lambda r: f"{r['count']}/{r['total']}")
def test_phrase_rows(row: dict[str, str]) -> None:
    assert proportion_phrase(int(row["count"]), int(row["total"])) == row["phrase"]


@pytest.mark.parametrize("row", doc_table("phrasing.md", "alone"), ids=lambda r: f"{r['count']}/{r['total']}")
def test_count_alone_rows(row: dict[str, str]) -> None:
    assert count_alone(int(row["count"]), int(row["total"]), row["noun"]) == row["phrase"]


@given(st.integers(min_value=1, max_value=500).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
def test_every_phrase_carries_its_count(pair: tuple[int, int]) -> None:
    count, total = pair
    assert proportion_phrase(count, total).endswith(f"({count} out of {total})")


@pytest.mark.parametrize(("count", "total"), [(3, 2), (-1, 5), (0, 0)])
def test_impossible_proportions_are_refused(count: int, total: int) -> None:
    with pytest.raises(ValueError, match="a proportion needs"):
        proportion_phrase(count, total)
    with pytest.raises(ValueError, match="a proportion needs"):
        count_alone(count, total)
