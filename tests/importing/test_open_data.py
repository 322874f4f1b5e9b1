"""The open data set of 2021-2025 ratings (shipped in src/yjinspect/data/): every row imported or reported
with its problem, nothing guessed, nothing silently dropped (issue 14, item 4)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from click.testing import CliRunner

from yjinspect.cli import main
from yjinspect.importing.public_record import DATA_SETS, data_text, licence_text, read_public_record
from yjinspect.importing.published_ratings import OpenDataImport, PublishedRatingsError, read_open_data

OPEN = "hmi-youth-justice-ratings-2021-2025.csv"
AMBIGUOUS = {"assessment": ("2.1", "3.1"), "planning": ("2.2", "3.2"), "implementation_and_delivery": ("2.3", "3.3")}
HEADER = (
    "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff,partnerships_and_services,"
    "information_and_facilities,assessment,planning,reviewing,implementation_and_delivery,"
    "resettlement_policy_and_provision,governance_and_leadership,outofcourt_disposal_policy_and_provision,"
    "policy_and_provision,joint_working\n"
)


@pytest.fixture(scope="module")
def read() -> OpenDataImport:
    return read_open_data(data_text(OPEN), source=OPEN)


def _row(read: OpenDataImport, service: str) -> tuple[int, tuple[str, ...], bool]:
    (outcome,) = [o for o in read.rows if o.service == service]
    return outcome.line, outcome.problems, outcome.imported


def _record(read: OpenDataImport, service: str) -> dict[str, object]:
    (record,) = [r for r in read.records if r["service"] == service]
    return record


def test_the_shipped_copy_has_its_licence_and_source() -> None:
    data_set = next(d for d in DATA_SETS if d.file == OPEN)
    assert "MIT" in data_set.licence
    assert "data-to-insight" in data_set.source
    licence = licence_text(data_set)
    assert licence is not None
    assert "Copyright (c) 2025 data-to-insight" in licence
    assert len(list(csv.DictReader(io.StringIO(data_text(OPEN))))) == 83


def test_every_row_is_imported_or_reported_and_the_counts_add_up(read: OpenDataImport) -> None:
    assert [o.line for o in read.rows] == list(range(2, 85))  # every row of the file, in order: none dropped
    assert Counter(o.status for o in read.rows) == {"imported in part": 82, "not imported": 1}
    assert len(read.records) == 82
    assert len(read.reported()) == 83  # every row has a problem: the scrape's columns stand for two standards
    assert Counter(r["programme"] for r in read.records) == {"hmip-youth-2021": 78, "hmip-youth-2018": 4}


def test_a_column_standing_for_two_standards_is_attributed_to_neither(read: OpenDataImport) -> None:
    source = {r["la_name"]: r for r in csv.DictReader(io.StringIO(data_text(OPEN)))}
    for record in read.records:
        row = source[str(record["la_name"]) if "la_name" in record else _name_in_file(str(record["service"]), source)]
        standards = record["standards"]
        assert isinstance(standards, dict)
        for column, (court, out_of_court) in AMBIGUOUS.items():
            assert court not in standards
            assert out_of_court not in standards
            problem = (
                f"column {column} stands for 2 standards of {record['programme']} ({court}, {out_of_court}): "
                f"its rating {row[column].replace('Requires Improvement', 'Requires improvement')} is attributed to neither"
            )
            assert (problem in record["notes"]) is bool(row[column])
    _, problems, _ = _row(read, "Plymouth")
    assert (
        "column policy_and_provision stands for 2 standards of hmip-youth-2021 (3.4, 4.1): its rating Good is attributed to neither"
        in problems
    )


def _name_in_file(service: str, source: dict[str, dict[str, str]]) -> str:
    return next(name for name in source if name.endswith(service))


def test_a_footnote_instead_of_a_rating_is_left_out_and_said(read: OpenDataImport) -> None:
    _, problems, imported = _row(read, "Portsmouth")
    assert imported
    assert (
        "overall_rating holds a footnote ('1 The resettlement standard does not contribute to the overall rating for the YOT.'), "
        "not a rating: left out" in problems
    )
    portsmouth = _record(read, "Portsmouth")
    assert portsmouth["overall_rating"] is None
    assert portsmouth["score"] == 22


def test_a_rating_that_disagrees_with_the_score_leaves_both_out(read: OpenDataImport) -> None:
    _, problems, _ = _row(read, "West Sussex")
    assert (
        "overall rating Requires improvement disagrees with the score 72.22% (26 points), which hmip-youth-2021's bands "
        "make Good: both left out" in problems
    )
    west_sussex = _record(read, "West Sussex")
    assert (west_sussex["overall_rating"], west_sussex["score"]) == (None, None)


@pytest.mark.parametrize(("service", "percent", "points"), [("Bridgend", "4.56", "1.64"), ("Ceredigion", "4.17", "1.50")])
def test_a_percentage_that_is_no_whole_number_of_points_is_left_out(
    read: OpenDataImport, service: str, percent: str, points: str
) -> None:
    _, problems, _ = _row(read, service)
    assert f"score_% {percent} is not a whole number of points out of 36 ({points}): left out" in problems
    assert _record(read, service)["score"] is None
    assert _record(read, service)["overall_rating"] in ("Requires improvement", "Inadequate")  # kept: nothing contradicts it


def test_a_percentage_that_disagrees_with_the_ratings_is_left_out() -> None:
    # Nine counted standards' columns rated Outstanding (27 points at least) cannot make 50% of 36 (18 points).
    outstanding = ",".join(["Outstanding"] * 7)  # staff to implementation and delivery
    row = f"Invented,inv,50.0,Requires Improvement,01/02/23,https://example.org/,{outstanding},,Outstanding,Outstanding,,\n"
    (outcome,) = read_open_data(HEADER + row, source="made-up.csv").rows
    assert outcome.imported
    assert [p for p in outcome.problems if "disagrees" in p] == [
        "score 50.0% (18 of 36 points) disagrees with the ratings, which leave room for 27 to 36 points: left out"
    ]
    fits = row.replace(",50.0,Requires Improvement,", ",86.11,Outstanding,")  # 31 points: room for it
    (outcome,) = read_open_data(HEADER + fits, source="made-up.csv").rows
    assert [p for p in outcome.problems if "disagrees" in p] == []


def test_a_row_that_fits_two_frameworks_is_not_imported_and_said(read: OpenDataImport) -> None:
    _, problems, imported = _row(read, "Harrow")
    assert not imported
    assert problems == (
        "its rated columns (staff, assessment, planning) and its year (2021) fit more than one framework "
        "(hmip-youth-2018, hmip-youth-2021): not imported",
    )


def test_the_framework_is_the_one_every_rated_column_names(read: OpenDataImport) -> None:
    # Joint working is a 2018 standard; out-of-court policy and resettlement are 2021 ones.
    assert {r["service"] for r in read.records if r["programme"] == "hmip-youth-2018"} == {
        "Kirklees",
        "Kent",
        "Hull",
        "Kensington and Chelsea",
    }
    assert _record(read, "Hull")["standards"] == {"1.2": "Good", "1.4": "Outstanding", "2.4": "Outstanding", "3.4": "Outstanding"}
    assert _record(read, "Newcastle")["standards"] == {
        "1.2": "Good",
        "1.3": "Good",
        "1.4": "Good",
        "2.4": "Inadequate",
        "4.1": "Good",
    }


def test_a_title_in_the_name_column_gives_the_service_by_its_pattern_and_says_so(read: OpenDataImport) -> None:
    _, problems, _ = _row(read, "An inspection of Tower Hamlets and City of London")
    assert (
        "la_name 'An inspection of Tower Hamlets and City of London' is a report's title; the service is read from it as "
        "'Tower Hamlets and City of London'" in problems
    )
    assert _record(read, "Tower Hamlets and City of London")["date"] == "2022-07"


# Which standard each column names, written out here from the frameworks' standard names (not by the code
# under test): a column standing for two standards (assessment: court and out-of-court) names none.
_COMMON = {"governance_and_leadership": "1.1", "staff": "1.2", "partnerships_and_services": "1.3",
           "information_and_facilities": "1.4", "reviewing": "2.4"}  # fmt: skip
COLUMN_STANDARD = {
    "hmip-youth-2018": {**_COMMON, "joint_working": "3.4"},
    "hmip-youth-2021": {**_COMMON, "outofcourt_disposal_policy_and_provision": "3.4", "resettlement_policy_and_provision": "4.1"},
}
RATING_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement",
    "inadequate": "Inadequate",
}


def test_nothing_is_guessed_every_imported_rating_is_the_one_its_standards_column_states(read: OpenDataImport) -> None:
    source = list(csv.DictReader(io.StringIO(data_text(OPEN))))
    by_line = dict(enumerate(source, start=2))
    imported = [o for o in read.rows if o.imported]
    assert len(imported) == len(read.records) == 82
    for outcome, record in zip(imported, read.records, strict=True):
        row = by_line[outcome.line]
        names = COLUMN_STANDARD[record["programme"]]
        expected = {
            names[column]: RATING_WORDS[value.strip().lower()]
            for column, value in row.items()
            if column in names and value.strip().lower() in RATING_WORDS
        }
        assert record["standards"] == expected, outcome.line
        assert record["source"] == row["report_url"]
        stated = RATING_WORDS.get(row["overall_rating"].strip().lower())
        assert record["overall_rating"] in (stated, None)
        # Every problem is kept with the record, for the public page.
        assert record["notes"] == list(outcome.problems)


def test_a_file_without_the_open_datas_columns_is_refused_naming_them() -> None:
    with pytest.raises(PublishedRatingsError, match=r"missing column\(s\) la_ref, score_%, overall_rating"):
        read_open_data("la_name,publication_date,report_url\n", source="x.csv")


def test_the_shipped_public_record_reads_whole() -> None:
    sets = {d.data_set.file: d for d in read_public_record()}
    assert len(sets[OPEN].records) == 82
    results_2025 = sets["hmip-youth-2025-results.csv"].records
    assert [(r["service"], r["date"], r["overall_rating"]) for r in results_2025] == [
        ("Trafford", "2025", "Requires improvement"),
        ("Wakefield", "2025", "Good"),
        ("Wirral", "2025", "Good"),
    ]
    assert all(str(r["source"]).startswith("https://hmiprobation.justiceinspectorates.gov.uk/") for r in results_2025)


def test_import_ratings_lists_every_rows_outcome_from_the_command_line() -> None:
    done = CliRunner().invoke(main, ["import-ratings"])
    assert done.exit_code == 0, done.output
    assert f"{OPEN}: 83 row(s): 0 imported whole, 82 imported in part, 1 not imported" in done.output
    assert "  row 77, Harrow: not imported" in done.output
    assert "hmip-youth-2025-results.csv: 3 row(s): 3 imported whole, 0 imported in part, 0 not imported" in done.output
