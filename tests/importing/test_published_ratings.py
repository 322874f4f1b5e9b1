"""The CSV of published ratings: rows checked against the framework's rules, all-or-nothing."""

from __future__ import annotations

import pytest

from yjinspect.importing.published_ratings import PublishedRatingsError, parse_published_ratings

HEADER = "service,date,programme,overall_rating,score,1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2,3.3,3.4,notes\n"
BURY = "Bury and Rochdale,2020-06,,Good,23,Good,Good,Good,Good,Requires improvement,Good,Good,Requires improvement,Outstanding,Good,Good,Good,seed 003\n"


def test_a_good_row_becomes_a_record() -> None:
    (record,) = parse_published_ratings(HEADER + BURY)
    assert record["service"] == "Bury and Rochdale"
    assert (record["date"], record["programme"], record["overall_rating"], record["score"], record["max"]) == (
        "2020-06",
        "hmip-youth-2018",
        "Good",
        23,
        36,
    )
    assert record["standards"]["3.1"] == "Outstanding"


def test_every_problem_is_listed_and_nothing_is_imported() -> None:
    rows = (
        BURY
        + "Elsewhere,2019-13,,Good,12,,,,,,,,,,,,,\n"  # bad date; Good contradicts 12
        + "Anywhere,2019-05,hmip-youth-2018,Excellent,40,,,,,,,,,,,,,\n"  # bad rating, score over 36
        + "Somewhere,2018-10,,Good,22,Good,Good,Good,Good,Good,Good,Good,Good,Good,Good,Good,Good,\n"  # 24 points, not 22
        + ",2018-10,hmip-youth-cci,Good,20,,,,,,,,,,,,,\n"
    )
    with pytest.raises(PublishedRatingsError) as error:
        parse_published_ratings(HEADER + rows, source="ratings.csv")
    assert error.value.problems == [
        "row 3, column date: '2019-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        "row 3: overall rating Good contradicts the score 12/36, which hmip-youth-2018's bands make Requires improvement",
        "row 4, column overall_rating: 'Excellent' is not a rating",
        "row 4, column score: '40' is not a whole number from 0 to 36",
        "row 5: the standards' ratings add up to 24 points, not the score 22",
        "row 6, column programme: 'hmip-youth-cci' is not one of hmip-youth-2018, hmip-youth-2021, hmip-youth-2025",
    ]
    assert str(error.value).startswith("ratings.csv: 6 problem(s); nothing was imported")


def test_missing_columns_are_named() -> None:
    with pytest.raises(PublishedRatingsError, match=r"missing column\(s\) overall_rating, score"):
        parse_published_ratings("service,date\nA,2020-01\n")
