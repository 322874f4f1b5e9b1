"""What every seed states, read (issue 14, item 2): case totals, recommendations, the full joint
inspection's fourth theme, the core case inspection's criterion 2.2 under its lost heading, and the
forms prose gives an overall rating, a headline score and a key judgement in."""

from __future__ import annotations

import pytest

from tests.conftest import seed_text
from yjinspect.importing.published_reports import check_cci_report, normalise, prose_overall_rating
from yjinspect.programmes import programme_for, read_published_report


@pytest.mark.parametrize(
    ("seed", "total", "recommendations"),
    [("000", 20, 0), ("001", 57, 5), ("002", 85, 5), ("003", 42, 6), ("004", 34, 0)],
)
def test_every_seeds_case_total_and_recommendations(seed: str, total: int, recommendations: int) -> None:
    record = read_published_report(seed_text(seed))
    assert record["cases"]["total"] == total
    assert len(record["recommendations"]) == recommendations  # the screenings' letters make none


def test_the_full_joint_inspections_ensuring_that_the_sentence_is_served_and_its_57_cases() -> None:
    record = read_published_report(seed_text("001"))
    assert record["themes"]["ensuring_the_sentence_is_served"] == {"score": 82, "judgement": "good"}
    assert record["cases"] == {"court": None, "out_of_court": None, "total": 57}
    assert record["recommendations"][1] == "the YOS is represented at the Leicester City child sexual exploitation meetings"


def test_the_screenings_case_counts() -> None:
    assert read_published_report(seed_text("000"))["cases"]["total"] == 20  # "a sample of 20 recent cases"
    assert read_published_report(seed_text("004"))["cases"]["total"] == 34  # "We examined 34 cases"


def test_a_count_of_some_cases_is_not_taken_for_the_sample() -> None:
    # "In the 11 cases where a new pre-sentence report had been requested" counts some of the 20, not the sample.
    text = "The purpose is to assess a sample of 20 recent cases.\n- 1.2. In the 11 cases where a report was requested.\n"
    assert read_published_report("Short Quality Screening\n" + text)["cases"]["total"] == 20
    two = "We examined 20 cases. We examined 21 cases.\n"
    assert read_published_report("Short Quality Screening\n" + two)["cases"] is None, "two sample sizes: neither"


def test_the_core_case_inspections_five_recommendations_and_criterion_2_2_by_its_statement() -> None:
    record = read_published_report(seed_text("002"))
    assert len(record["recommendations"]) == 5
    assert (
        record["recommendations"][3]
        == "the response to changes in *Risk of Harm to others* is timely and appropriate (YOS Head of Service)"
    )
    # 2.2's heading was lost in conversion; its general criterion statement names it.
    assert record["criteria"]["2.2"] == {"score": 81, "comment": "MINIMUM"}
    assert "2.3" not in record["criteria"], "neither heading nor statement is legible: not read"
    assert record["notes"] == ["Criteria 2.3: no score under a heading naming them, so not read."]


def test_a_statement_only_names_its_criterion_whole() -> None:
    text = seed_text("002").replace(
        "The case manager coordinates and facilitates the structured delivery of all elements of the intervention plan.",
        "The case manager coordinates and facilitates the structured",
    )
    assert "2.2" not in read_published_report(text)["criteria"]


@pytest.mark.parametrize(
    ("sentence", "rating"),
    [
        ("Overall, Northmoor YJS was rated as \u2018Good\u2019.", "Good"),
        ("Overall, Northmoor YJS was rated as 'Good.'", "Good"),
        ("Overall, Bury and Rochdale Youth Justice Service (YJS) is rated as: 'Good'.", "Good"),
        (
            "The inspection found much to improve, which resulted in a rating of \u2018Requires improvement\u2019.",
            "Requires improvement",
        ),
        ("Northmoor YJS has received an overall rating of \u201cOutstanding\u201d.", "Outstanding"),
        ("Northmoor YJS has received an overall rating of 'Outstanding' following an inspection.", "Outstanding"),
        ("They also inspected resettlement, which was separately rated as 'Good'.", None),
        ("Our rating of 'Requires improvement' for the quality of assessment is based on this.", None),
        ("Overall, Northmoor YJS was rated as 'Good'. Overall, Northmoor YJS was rated as 'Inadequate'.", None),
    ],
)
def test_the_forms_an_overall_rating_is_stated_in(sentence: str, rating: str | None) -> None:
    assert prose_overall_rating(normalise(sentence), ("Resettlement policy and provision",)) == rating


def test_a_standards_report_without_its_ratings_table_gives_the_forewords_overall_rating() -> None:
    text = seed_text("003")
    without_table = text.replace("Overall rating", "Overall judgement")
    record = read_published_report(without_table)
    assert record["overall"]["rating"] == "Good"
    contradicted = text.replace("is rated as: 'Good'", "is rated as: 'Inadequate'")
    assert read_published_report(contradicted)["overall"]["rating"] is None


CCI_FOREWORD = (
    "Core Case Inspection of youth offending work in England and Wales\nReport on youth offending work in:\nNorthmoor\n"
    "Foreword\nWe found that Safeguarding work was done well enough 73% of the time. Work to keep to a minimum each "
    "individual's Risk of Harm to others was done well enough 68% of the time, and work to make each individual less "
    "likely to reoffend was done well enough 77% of the time.\n"
)


def test_core_case_headline_scores_stated_in_prose_are_read_only_where_one_theme_is_named() -> None:
    record = read_published_report(CCI_FOREWORD)
    # The second sentence names Risk of Harm and (in other words) reoffending with two figures: not read.
    assert record["headline_scores"] == {"safeguarding": {"score": 73, "comment": None}}
    assert check_cci_report(record, programme_for("hmip-youth-cci").framework) == [], "no comment stated, none checked"


def test_a_prose_headline_score_that_differs_from_the_table_leaves_it_unread() -> None:
    text = seed_text("002").replace("Foreword\n", "Foreword\n\nSafeguarding work was done well enough 70% of the time.\n", 1)
    record = read_published_report(text)
    assert "safeguarding" not in record["headline_scores"]
    assert "Headline safeguarding: the table gives 73%, the foreword 70%, so neither is read." in record["notes"]


FJI_PRESS = (
    "Full joint inspection of youth offending work in Northmoor\n"
    "Inspectors found that work to reduce reoffending was satisfactory. Work to protect the public was poor, and work "
    "to protect children and young people was good. Work to ensure that the sentence was served was good enough in "
    "most cases.\n"
)


def test_a_press_releases_key_judgements_are_read_where_a_sentence_names_one_theme() -> None:
    themes = read_published_report(FJI_PRESS)["themes"]
    assert themes["reducing_reoffending"] == {"score": None, "judgement": "satisfactory"}
    # One sentence judges two themes: it ties neither judgement to one theme alone, so neither is read.
    assert "protecting_the_public" not in themes
    assert "protecting_the_child" not in themes
    assert "ensuring_the_sentence_is_served" not in themes, "'good enough' is not a judgement"
