"""A test set of openings and press releases written here from the seeds' own openings (issue 14, item 5):
each rewritten into the forms real copies take (a PDF mirror's page, HMIP's web page, a cover glued together),
with what must be read from it, and what must not (a sentence of a press release as the service's name)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.conftest import seed_text
from tests.importing.damage import damaged
from yjinspect.programmes import read_published_report


def _opening(seed: str, until: str) -> str:
    """Return a seed's text up to the end of the paragraph where `until` is (its cover, foreword, first figures)."""
    text = seed_text(seed)
    end = text.index("\n", text.index(until))
    return text[:end]


BURY = _opening("003", "Overall, Bury and Rochdale Youth Justice Service (YJS) is rated as")
ESSEX = _opening("002", "Liz Calderbank")
LEICESTER = _opening("001", "May 2016")
CHESHIRE = _opening("000", "conducted during 3rd-5th June 2013")

PRESS_FJI = """Leicester City youth offending work 'satisfactory', say inspectors

Published: 24 May 2016

A full joint inspection of youth offending work in Leicester City found the service performing satisfactorily in all
key areas. Work to ensure that the sentence was served was good.

Inspectors examined 57 cases. Work to reduce reoffending was satisfactory, and inspectors found strengths in how
children and young people were engaged.
"""

PRESS_2018 = """Bury and Rochdale Youth Justice Service rated \u2018Good\u2019

Bury and Rochdale Youth Justice Service (YJS) has received an overall rating of \u2018Good\u2019 following an inspection by
HM Inspectorate of Probation. Chief Inspector of Probation Justin Russell said the service had a committed Board.
"""

ADULT = """an inspection of probation services in northmoor pdu
14 pages
Upload: 2023-04-02
TRANSCRIPT
An inspection of probation services in: Northmoor PDU
HM Inspectorate of Probation, MARCH 2023
Overall, Northmoor PDU was rated as 'Requires improvement'.
"""

YJ_2025 = """Skip to content

An inspection of youth justice work with children and victims in Northmoor

Published:

Foreword (Back to top)

This inspection is part of our programme of inspections across youth justice services in England and Wales.1 In this
inspection we have inspected and rated work with children and victims in Northmoor YJS across two broad areas: the
quality of work done with children and the quality of work done with victims.

Overall, Northmoor YJS was rated as \u2018Good.\u2019
"""

STANDARDS_2021_YEAR = """An inspection of youth offending services in

Northmoor

HM Inspectorate of Probation, OCTOBER 2021

Overall, Northmoor YJS was rated as 'Good'.
"""

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("2018 opening, as it is", BURY, {"programme": "hmip-youth-2018", "service": "Bury and Rochdale", "year": 2020}),
    *(
        (
            f"2018 opening, {', '.join(forms)}",
            damaged(BURY, forms, random.Random(3)),
            {"programme": "hmip-youth-2018", "service": "Bury and Rochdale", "year": 2020, "published": "June 2020"},
        )
        for forms in (
            ["mirror"],
            ["html"],
            ["glued cover", "upper-case months"],
            ["footnotes", "U+FFFD", "Œ"],
            ["hard wraps", "mirror"],
            ["html", "glued cover", "footnotes", "hard wraps"],
        )
    ),
    *(
        (
            f"core case opening, {', '.join(forms)}",
            damaged(ESSEX, forms, random.Random(5)),
            {"programme": "hmip-youth-cci", "service": "Essex", "year": 2012},
        )
        for forms in ([], ["mirror"], ["glued cover"], ["html", "hard wraps"])
    ),
    *(
        (
            f"full joint opening, {', '.join(forms)}",
            damaged(LEICESTER, forms, random.Random(5)),
            {"programme": "hmip-youth-fji", "service": "Leicester City", "year": 2016},
        )
        for forms in ([], ["mirror", "upper-case months"], ["html", "footnotes"])
    ),
    *(
        (
            f"screening opening, {', '.join(forms)}",
            damaged(CHESHIRE, forms, random.Random(5)),
            {"programme": "hmip-youth-sqs", "service": "Cheshire East", "year": 2013, "published": "26 June 2013"},
        )
        for forms in ([], ["mirror"], ["html", "upper-case months"], ["U+FFFD", "hard wraps"])
    ),
    ("full joint press release", PRESS_FJI, {"programme": "hmip-youth-fji", "service": None, "year": None}),
    ("2018 press release", PRESS_2018, {"programme": "unknown", "service": None}),
    ("adult probation, mirrored", ADULT, {"programme": "unknown", "service": None, "youth": False}),
    ("2025 framework web page", YJ_2025, {"programme": "hmip-youth-2025", "service": "Northmoor"}),
    ("a 2021 standards title without a 2021 standard", STANDARDS_2021_YEAR, {"programme": "unknown", "service": None}),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_opening_and_press_release_gives_what_it_states(name: str, text: str, expected: dict[str, Any]) -> None:
    record = read_published_report(text)
    assert {k: record.get(k) for k in expected} == expected


def test_a_press_release_is_read_for_what_its_sentences_tie_to_a_name() -> None:
    record = read_published_report(PRESS_FJI)
    assert record["themes"] == {
        "ensuring_the_sentence_is_served": {"score": None, "judgement": "good"},
        "reducing_reoffending": {"score": None, "judgement": "satisfactory"},
    }
    assert record["cases"]["total"] == 57


def test_the_2018_opening_states_its_overall_rating_in_prose_whatever_the_copy() -> None:
    for forms in ([], ["mirror"], ["html", "footnotes"], ["glued cover", "hard wraps", "U+FFFD"]):
        record = read_published_report(damaged(BURY, forms, random.Random(11)))
        assert record["overall"]["rating"] == "Good", forms
        assert record["overall"]["score"] == 23, forms


def test_the_2025_frameworks_opening_gives_its_overall_rating_in_the_good_dot_form() -> None:
    assert read_published_report(YJ_2025)["overall"] == {"rating": "Good", "score": None, "max": None}


def test_adult_probation_is_said_not_to_be_a_youth_inspection() -> None:
    record = read_published_report(ADULT)
    assert record["notes"] == ["An inspection of adult probation services, not a youth inspection: nothing is read from it."]
    assert record["overall"] is None


def test_a_standards_title_whose_framework_cannot_be_told_says_why() -> None:
    record = read_published_report(STANDARDS_2021_YEAR)
    assert record["year"] == 2021
    assert "neither a standard only the 2021 framework has nor a publication year" in record["notes"][0]


def test_a_year_not_stated_is_null_with_the_reason_and_a_mirrors_own_dates_are_not_taken() -> None:
    mirrored = "full joint inspection of youth offending work in leicester city\nUpload: 2023-04-02\nPost on 2 April 2023\n"
    record = read_published_report(mirrored + PRESS_FJI.replace("Published: 24 May 2016\n", ""))
    assert record["year"] is None
    assert record["published"] is None
    assert any(note.startswith("The year: no 'Publication date:' line") for note in record["notes"])


def test_every_figure_left_null_is_said_in_notes() -> None:
    bury = read_published_report(BURY)  # the opening: its ratings table, no annexe
    assert "Key questions: no 'Annexe 2: Inspection results' heading, so none is read." in bury["notes"]
    assert not any(note.startswith("Standards") for note in bury["notes"]), "every standard is in the opening's table"
    cut = read_published_report(BURY[: BURY.index("2.1\tAssessment")])
    assert (
        "Standards 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4: no line of the ratings table rates them, so not read." in cut["notes"]
    )
    press = read_published_report(PRESS_FJI)
    assert (
        "Themes protecting_the_public, protecting_the_child, governance_and_partnerships, interventions: no score or "
        "judgement tied to the theme's name, so not read." in press["notes"]
    )


@pytest.mark.parametrize(
    ("text", "service"),
    [
        # The two wrong values: a press release's sentence, and a cover line with the inspectorate glued on.
        ("Short Quality Screening of youth offending work in Cheshire East found good work in most cases.\n", None),
        ("An inspection of youth offending services in\n\nBury and RochdaleHM Inspectorate of Probation, JUNE 2020\n", "Bury and Rochdale"),
        ("Full Joint Inspection of youth offending work in Leicester City\u00b9\n\nAn inspection led by HMI Probation\n", "Leicester City"),
        ("Report on youth offending work in:\n\nEssex\n\n2012ISBN: 978-1-84099-530-5\n\nCore Case Inspection of youth offending work\n", "Essex"),
        ("full joint inspection of youth offending work in leicester city\nFull Joint Inspection of Youth Offending Work in Leicester City\n", "Leicester City"),
        ("Full Joint Inspection of youth offending work in Leicester City\nFull Joint Inspection of youth offending work in Leicester\n", None),
    ],
)  # fmt: skip
def test_the_service_is_a_titles_name_or_null(text: str, service: str | None) -> None:
    assert read_published_report(text)["service"] == service
