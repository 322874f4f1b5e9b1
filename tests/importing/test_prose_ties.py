"""Figures in prose (a review's inputs that gave wrong values; issue 14, item 5): a figure is taken only where its sentence
ties it to its name and to this inspection, never an earlier inspection's or another service's."""

from __future__ import annotations

import pytest

from tests.importing.test_openings import YJ_2025
from tests.importing.test_own_title import LEEDS_WEB_PAGE
from yjinspect.programmes import read_published_report


def _standards(overall_sentence: str) -> dict:  # type: ignore[type-arg]
    return read_published_report(LEEDS_WEB_PAGE.replace("Overall, Leeds YJS was rated as 'Good'.", overall_sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Overall, Leeds YJS has improved since 2022, when it was rated as 'Inadequate'.",
        "The overall rating for Leeds was 'Good'; by contrast Bradford YJS was rated as 'Inadequate'.",
        "Overall, Bradford YJS was rated as 'Inadequate'.",
        "At the previous inspection, Leeds YJS received an overall rating of 'Inadequate'.",
        "Overall, Leeds YJS was rated as 'Requires improvement' in 2019.",
    ],
)
def test_an_earlier_inspections_or_another_services_rating_is_not_this_reports(sentence: str) -> None:
    record = _standards(sentence)
    assert (record["overall"] or {}).get("rating") is None
    if "rated as" in sentence or "rating of" in sentence:  # a sentence stating a rating, refused: said in notes
        assert any(n.startswith("Overall rating: the sentence") and "is not read, since it" in n for n in record["notes"])


def test_an_overall_rating_stated_alongside_a_comparison_with_the_past_is_not_read() -> None:
    record = _standards("Overall, Leeds YJS was rated as 'Good', up from 'Inadequate' in 2021.")
    assert (record["overall"] or {}).get("rating") is None


def test_this_years_rating_stated_with_its_year_is_read() -> None:
    assert _standards("In 2023, Leeds YJS received an overall rating of 'Good'.")["overall"]["rating"] == "Good"


def test_a_2025_overall_rating_with_a_parts_name_later_in_the_sentence_rates_the_whole_not_the_part() -> None:
    text = YJ_2025.replace("Overall, Northmoor YJS was rated as \u2018Good.\u2019",
                           "Overall, Northmoor YJS was rated as 'Good', with particularly strong planning.")  # fmt: skip
    record = read_published_report(text)
    assert record["overall"]["rating"] == "Good"
    assert "planning" not in record["standards"]


def test_a_2025_parts_rating_tied_to_its_name_is_read() -> None:
    text = YJ_2025 + "\nPlanning was rated as 'Requires improvement'.\n"
    assert read_published_report(text)["standards"]["planning"] == {"rating": "Requires improvement"}


FJI_PRESS = """A full joint inspection of youth offending work in Leicester City found the service performing well.

Published: 24 May 2016

At the last inspection in 2012, work to reduce reoffending was poor.
"""


def test_a_full_joint_themes_judgement_at_an_earlier_inspection_is_not_this_ones() -> None:
    record = read_published_report(FJI_PRESS)
    assert record["programme"] == "hmip-youth-fji"
    assert "reducing_reoffending" not in (record["themes"] or {})
    assert (
        "Themes: the sentence 'At the last inspection in 2012, work to reduce reoffending was poor.' is not read, since "
        "it speaks of another time ('last inspection')." in record["notes"]
    )


CCI = """Core Case Inspection of youth offending work in Essex

HM Inspectorate of Probation, JUNE 2012

In 2009 Safeguarding work was done well enough 52% of the time.
"""


def test_a_core_case_headline_from_an_earlier_year_is_not_this_ones() -> None:
    record = read_published_report(CCI)
    assert record["programme"] == "hmip-youth-cci"
    assert record["headline_scores"] is None
    assert (
        "Headline scores: the sentence 'In 2009 Safeguarding work was done well enough 52% of the time.' is not read, "
        "since it names the year 2009, not the report's (2012)." in record["notes"]
    )


def test_a_subgroups_count_is_not_the_sample_size() -> None:
    text = FJI_PRESS + "\nOf the 12 cases involving girls, most had a plan.\n"
    assert read_published_report(text)["cases"] is None


def test_the_whole_sample_stated_is_the_sample_size() -> None:
    text = FJI_PRESS + "\nOf the 57 cases we looked at, most had a plan. Of the 12 cases involving girls, most had a plan.\n"
    assert read_published_report(text)["cases"]["total"] == 57


def test_a_subgroup_looked_at_is_not_the_sample_size() -> None:
    text = FJI_PRESS + "\nWe examined 57 cases. We also looked at 12 cases involving girls.\n"
    assert read_published_report(text)["cases"]["total"] == 57
