"""A report's own title (a review's inputs that gave wrong values; issue 14, item 5): a title is recognised only where a
title stands, the report's own before any other it links to, and a service's name stops at the heading after it."""

from __future__ import annotations

import time

import pytest

from tests.importing.test_openings import BURY, YJ_2025
from yjinspect.programmes import read_published_report

LEEDS_WEB_PAGE = """Skip to content

An inspection of youth justice services in Leeds

Published:

HM Inspectorate of Probation, JULY 2023

Foreword (Back to top)

Overall, Leeds YJS was rated as 'Good'.

Resettlement policy and provision was rated separately.

Related reports
An inspection of youth justice work with children and victims in Wirral
Annual report 2023
"""


def test_a_sidebars_link_to_another_reports_title_does_not_make_the_report_that_one() -> None:
    record = read_published_report(LEEDS_WEB_PAGE)
    assert (record["programme"], record["service"], record["year"]) == ("hmip-youth-2021", "Leeds", 2023)
    assert record["overall"]["rating"] == "Good"


def test_a_link_to_another_reports_title_before_the_reports_own_heading_gives_no_programme_rather_than_the_wrong_one() -> None:
    text = LEEDS_WEB_PAGE.replace(
        "An inspection of youth justice services in Leeds\n",
        "An inspection of youth justice work with children and victims in Wirral\n"
        "An inspection of youth justice services in Leeds\n",
    )
    record = read_published_report(text)
    assert record["programme"] in ("hmip-youth-2021", "unknown")
    assert record["service"] in ("Leeds", None)


def test_the_2025_title_in_a_sentence_is_a_mention_not_a_title() -> None:
    text = BURY + "\n\nSee also: our report An inspection of youth justice work with children and victims in Wirral.\n"
    record = read_published_report(text)
    assert (record["programme"], record["service"]) == ("hmip-youth-2018", "Bury and Rochdale")


@pytest.mark.parametrize("heading", ["Contents", "Acknowledgements", "Introduction", "Ratings", "Foreword", "Executive summary"])
def test_a_services_name_stops_at_the_heading_on_the_next_line(heading: str) -> None:
    text = (
        f"An inspection of youth offending services in\nBury and Rochdale\n{heading}\nHM Inspectorate of Probation, JUNE 2020\n"
    )
    assert read_published_report(text)["service"] == "Bury and Rochdale"


def test_a_2025_mirrors_name_stops_at_contents() -> None:
    text = "An inspection of youth justice work with children and victims in\nWakefield\nContents\n\nJUNE 2025\n"
    record = read_published_report(text)
    assert (record["programme"], record["service"]) == ("hmip-youth-2025", "Wakefield")


def test_a_youth_report_mentioning_a_probation_delivery_unit_is_read_as_a_youth_report() -> None:
    text = YJ_2025 + "\nThe YJS works closely with the local probation delivery unit on transitions.\n"
    record = read_published_report(text)
    assert (record["programme"], record["service"]) == ("hmip-youth-2025", "Northmoor")
    assert record.get("youth") is not False
    assert record["overall"]["rating"] == "Good"


def test_a_body_mentioning_a_probation_delivery_unit_without_a_title_is_not_called_adult_probation() -> None:
    record = read_published_report("The YJS works with the probation delivery unit.\n")
    assert record.get("youth") is not False


def test_many_repeated_title_lines_are_read_in_linear_time() -> None:
    text = "JUNE 2020\n\n" + "An inspection of youth offending services in\n" * 16_000
    started = time.perf_counter()
    read_published_report(text)
    assert time.perf_counter() - started < 3


def test_a_link_to_a_2025_report_above_a_2023_reports_heading_is_not_its_title() -> None:
    text = LEEDS_WEB_PAGE.replace(
        "Skip to content\n",
        "Skip to content\n\nLatest report\n\nAn inspection of youth justice work with children and victims in Wirral\n\n",
    )
    record = read_published_report(text)
    assert (record["programme"], record["service"], record["year"]) == ("hmip-youth-2021", "Leeds", 2023)


def test_an_earlier_programme_named_in_the_body_of_a_later_report_is_not_its_programme() -> None:
    text = "Leeds YJS has improved\n\nJULY 2023\n\nSince the core case inspection in 2011, the service has changed.\n"
    assert read_published_report(text)["programme"] == "unknown"


def test_a_mirrors_lower_cased_title_with_the_name_above_the_reports_title_is_the_same_title() -> None:
    text = "an inspection of youth offending services in bury and rochdale\nAn inspection of youth offending services in\n"
    record = read_published_report(text + "Bury and Rochdale\nContents\n\nJUNE 2020\n")
    assert (record["programme"], record["service"]) == ("hmip-youth-2018", "Bury and Rochdale")
