"""Rows of the open data a review found misread or crashing (issue 14, items 4 and 5): each bad file or row gets a clear
message and nothing wrong is imported."""

from __future__ import annotations

import pytest

from yjinspect.importing.published_ratings import PublishedRatingsError, read_open_data

HEADER = "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff,joint_working\n"


@pytest.mark.parametrize("score", ["nan", "inf", "-inf", "1e400", "NaN", "1_0"])
def test_a_score_that_is_no_ordinary_number_is_left_out_with_a_message(score: str) -> None:
    read = read_open_data(HEADER + f"Leeds,1,{score},Good,03/02/21,u,Good,Good\n", source="x.csv")
    (row,) = read.rows
    assert f"score_% {score!r} is not a number (expected a percentage such as 63.9): left out" in row.problems
    assert read.records[0]["score"] is None


def test_a_field_longer_than_csv_reads_is_refused_naming_the_file_and_line() -> None:
    with pytest.raises(PublishedRatingsError, match=r"(?s)x\.csv: .*line 2: not readable as CSV"):
        read_open_data(HEADER + "Leeds," + "x" * 140_000 + ",,,03/02/21,u,Good,Good\n", source="x.csv")


def test_a_service_name_longer_than_stored_is_not_imported() -> None:
    read = read_open_data(HEADER + "L" * 201 + ",1,,Good,03/02/21,u,Good,Good\n", source="x.csv")
    assert not read.records
    assert "la_name is 201 characters long; at most 200: not imported" in read.rows[0].problems


@pytest.mark.parametrize(
    ("title", "service"),
    [
        ("An inspection of youth justice services in Leeds", "Leeds"),
        ("An inspection of youth offending services in Bury", "Bury"),
        ("An inspection of youth justice work with children and victims in Wirral", "Wirral"),
    ],
)
def test_a_title_in_the_name_column_gives_the_service_whatever_the_title_form(title: str, service: str) -> None:
    read = read_open_data(HEADER + f"{title},1,,Good,03/02/21,u,Good,Good\n", source="x.csv")
    assert read.records[0]["service"] == service


@pytest.mark.parametrize("date", ["45/02/23", "30/02/23", "00/02/23"])
def test_a_day_that_does_not_exist_is_not_a_date(date: str) -> None:
    read = read_open_data(HEADER + f"Leeds,1,,Good,{date},u,Good,Good\n", source="x.csv")
    assert not read.records
    assert f"publication_date {date!r} is not a date (expected dd/mm/yy): not imported" in read.rows[0].problems


def test_a_row_repeated_is_imported_once_and_the_repeat_told() -> None:
    read = read_open_data(HEADER + "Leeds,1,,Good,03/02/21,u,Good,Good\n" * 2, source="x.csv")
    assert len(read.records) == 1
    assert read.rows[1].problems == ("repeats row 2 (Leeds, published 03/02/21): not imported",)
    assert not read.rows[1].imported
