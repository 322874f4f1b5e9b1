"""Comparisons across inspections, as tables."""

from __future__ import annotations

from yjinspect.comparison import over_time, rating_distribution, spreads

RECORDS = [
    {"service": "A", "date": "2020-06", "standards": {"2.1": "Good", "2.2": "Good"}, "key_questions": {"2.1.1": 88, "2.1.2": 60}},
    {
        "service": "B",
        "date": "2019-11",
        "standards": {"2.1": "Inadequate", "2.2": "Good"},
        "key_questions": {"2.1.1": 45, "2.1.2": 70},
    },
    {"service": "A", "date": "2018-03", "standards": {"2.1": "Requires improvement"}, "key_questions": {"2.1.1": 62}},
    {"service": "C", "date": "2021-01", "themes": {"reducing_reoffending": {"score": 66, "judgement": "satisfactory"}}},
]


def test_rating_distribution_per_standard() -> None:
    assert rating_distribution(RECORDS) == {
        "2.1": {"Good": 1, "Inadequate": 1, "Requires improvement": 1},
        "2.2": {"Good": 2},
    }


def test_lowest_highest_average_and_a_services_own_position() -> None:
    found = {s.item: s for s in spreads(RECORDS, "key_questions", service="B")}
    assert (found["2.1.1"].lowest, found["2.1.1"].highest, found["2.1.1"].average, found["2.1.1"].count) == (45, 88, 65.0, 3)
    assert found["2.1.1"].own == 45
    assert (found["2.1.2"].lowest, found["2.1.2"].highest, found["2.1.2"].own) == (60, 70, 70)


def test_theme_scores_are_read_from_their_score_field() -> None:
    (theme,) = spreads(RECORDS, "themes")
    assert (theme.item, theme.lowest, theme.highest, theme.own) == ("reducing_reoffending", 66, 66, None)


def test_a_services_results_over_time_are_in_date_order() -> None:
    assert [r["date"] for r in over_time(RECORDS, "A")] == ["2018-03", "2020-06"]


def test_key_questions_as_import_report_gives_them() -> None:
    records = [{"service": "A", "key_questions": {"2.1.1": {"percent": 88, "discretion": False}}},
               {"service": "B", "key_questions": {"2.1.1": {"percent": 60, "discretion": True}}}]  # fmt: skip
    (spread,) = spreads(records, "key_questions", service="A")
    assert (spread.lowest, spread.highest, spread.average, spread.own) == (60, 88, 74.0, 88)
