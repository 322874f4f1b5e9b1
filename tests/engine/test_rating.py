"""Rating whole inspections: standards, judged standards, panel decisions, the overall rating."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjinspect.engine.answers import Answer, Case, answer_counts
from yjinspect.engine.discretion import PanelDecision, rank
from yjinspect.engine.framework import Framework, Population, RatedBy, Rating
from yjinspect.engine.rating import PanelDecisionError, rate_inspection

GOOD_D1 = dict.fromkeys(("1.1", "1.2", "1.3", "1.4"), Rating.GOOD)


def _cases(fw: Framework, population: Population, answers: list[dict[str, Answer]]) -> list[Case]:
    kind = "referral order" if population is Population.COURT else "youth conditional caution"
    return [Case(f"{population.value}-{i}", population, kind, True, True, a) for i, a in enumerate(answers)]


def _all(fw: Framework, population: Population, answer: Answer) -> dict[str, Answer]:
    return {q.id: answer for q in fw.case_questions(population)}


def _full_inspection(fw: Framework, yes_court: int, no_court: int) -> list[Case]:
    court = [_all(fw, Population.COURT, Answer.YES)] * yes_court + [_all(fw, Population.COURT, Answer.NO)] * no_court
    ooc = [_all(fw, Population.OUT_OF_COURT, Answer.YES)] * 3
    return _cases(fw, Population.COURT, court) + _cases(fw, Population.OUT_OF_COURT, ooc)


def test_standards_and_overall_from_cases(fw2018: Framework) -> None:
    result = rate_inspection(fw2018, _full_inspection(fw2018, 7, 3), recorded_ratings=GOOD_D1)
    assert result.standard("2.1").rating == Rating.GOOD  # 70%
    assert result.standard("2.1").deciding_question == "2.1.1"
    assert result.standard("3.1").rating == Rating.OUTSTANDING
    assert "lowest key question, 2.1.1, is 70% (7 out of 10)" in result.standard("2.1").explanation
    # 4 x Good + 4 x Good + 4 x Outstanding = 8 + 8 + 12
    assert (result.overall.score, result.overall.rating) == (28, Rating.GOOD)


def test_panel_decision_replaces_the_rules_rating_and_keeps_both(fw2018: Framework) -> None:
    cases = _full_inspection(fw2018, 6, 4)  # 60%: Requires improvement by the rules
    decision = PanelDecision("2.2", Rating.GOOD, "planning quality was better than the figure suggests")
    result = rate_inspection(fw2018, cases, recorded_ratings=GOOD_D1, panel_decisions=[decision])
    planning = result.standard("2.2")
    assert (planning.rating_by_rules, planning.rating, planning.points) == (Rating.REQUIRES_IMPROVEMENT, Rating.GOOD, 2)
    assert planning.changed_by_panel
    assert "ratings panel set Good: planning quality" in planning.explanation
    assert result.standard("2.1").rating == Rating.REQUIRES_IMPROVEMENT


def test_every_refused_panel_decision_is_reported(fw2018: Framework) -> None:
    cases = _full_inspection(fw2018, 5, 5)  # 50%: Requires improvement, 15 points from Good
    decisions = [
        PanelDecision("2.1", Rating.GOOD, "near enough"),
        PanelDecision("1.1", Rating.OUTSTANDING, "excellent board"),
        PanelDecision("9.9", Rating.GOOD, "typo"),
    ]
    with pytest.raises(PanelDecisionError) as refused:
        rate_inspection(fw2018, cases, recorded_ratings=GOOD_D1, panel_decisions=decisions)
    text = "\n".join(refused.value.refusals)
    assert len(refused.value.refusals) == 3
    assert "15 points from the 65% boundary" in text
    assert "rated by the inspection team's judgement" in text
    assert "has no such standard" in text


def test_two_decisions_on_one_standard_are_refused(fw2018: Framework) -> None:
    decisions = [PanelDecision("2.1", Rating.GOOD, "one"), PanelDecision("2.1", Rating.GOOD, "two")]
    with pytest.raises(PanelDecisionError, match=r"more than one decision for standard\(s\) 2.1"):
        rate_inspection(fw2018, _full_inspection(fw2018, 6, 4), recorded_ratings=GOOD_D1, panel_decisions=decisions)


def test_unrated_counted_standard_leaves_overall_undecided(fw2018: Framework) -> None:
    court = _cases(fw2018, Population.COURT, [_all(fw2018, Population.COURT, Answer.YES)])
    ooc = _cases(fw2018, Population.OUT_OF_COURT, [_all(fw2018, Population.OUT_OF_COURT, Answer.NOT_APPLICABLE)])
    result = rate_inspection(fw2018, court + ooc, recorded_ratings=GOOD_D1)
    assert result.standard("3.1").rating is None
    assert result.overall.rating is None
    assert result.overall.score is None
    assert "3.1, 3.2, 3.3, 3.4" in (result.overall.undecided_reason or "")


def test_missing_team_rating_is_not_guessed(fw2018: Framework) -> None:
    result = rate_inspection(fw2018, _full_inspection(fw2018, 1, 0), recorded_ratings={"1.1": Rating.GOOD}, provisional=True)
    assert result.provisional
    assert result.standard("1.2").rating is None
    assert "not recorded a rating yet" in result.standard("1.2").explanation
    assert result.overall.rating is None


def test_2021_resettlement_is_rated_but_not_counted(fw2021: Framework) -> None:
    judged = {s.id: Rating.GOOD for s in fw2021.judged_standards()}
    assert set(judged) == {"1.1", "1.2", "1.3", "1.4", "3.4", "4.1"}
    cases = _full_inspection(fw2021, 10, 0)
    counted = rate_inspection(fw2021, cases, recorded_ratings={**judged, "4.1": Rating.INADEQUATE})
    assert counted.standard("4.1").rating == Rating.INADEQUATE
    assert not counted.standard("4.1").counts_towards_overall
    # 1.x and 3.4 Good (5 x 2), 2.x and 3.1-3.3 Outstanding (7 x 3)
    assert (counted.overall.score, counted.overall.max_score, counted.overall.rating) == (31, 36, Rating.OUTSTANDING)
    not_rated = rate_inspection(fw2021, cases, recorded_ratings={**judged, "4.1": None})
    assert not_rated.standard("4.1").rating is None
    assert not_rated.overall.score == 31, "an unrated resettlement standard does not affect the overall rating"


def test_2021_has_twelve_scored_standards_and_no_joint_working(fw2021: Framework) -> None:
    names = {s.id: s.name for s in fw2021.standards}
    assert sum(1 for s in fw2021.standards if s.counts_towards_overall) == 12
    assert "Joint working" not in names.values()
    assert names["3.4"] == "Out-of-court disposal policy and provision"
    assert fw2021.rated_by(fw2021.standard("3.4")) is RatedBy.JUDGEMENT  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------------

answers = st.sampled_from([Answer.YES, Answer.NO, Answer.NOT_APPLICABLE])


@st.composite
def court_inspections(draw: st.DrawFn, fw: Framework) -> list[Case]:
    questions = [q.id for q in fw.case_questions(Population.COURT)]
    size = draw(st.integers(min_value=1, max_value=12))
    return [
        Case(f"C{i}", Population.COURT, "referral order", True, True, {q: draw(answers) for q in questions}) for i in range(size)
    ]


def _points(fw: Framework, cases: list[Case]) -> dict[str, int | None]:
    result = rate_inspection(fw, cases, recorded_ratings=GOOD_D1, provisional=True)
    return {s.id: (rank(s.rating) if s.rating else None) for s in result.standards}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_turning_a_yes_into_a_no_never_improves_a_rating(data: st.DataObject, fw2018: Framework) -> None:
    cases = data.draw(court_inspections(fw2018))
    yeses = [(i, q) for i, c in enumerate(cases) for q, a in c.answers.items() if a is Answer.YES]
    if not yeses:
        return
    index, question = data.draw(st.sampled_from(yeses))
    worse = list(cases)
    worse[index] = Case(cases[index].id, Population.COURT, "referral order", True, True,
                        {**cases[index].answers, question: Answer.NO})  # fmt: skip
    before, after = _points(fw2018, cases), _points(fw2018, worse)
    for standard, rating in before.items():
        if rating is not None and after[standard] is not None:
            assert after[standard] <= rating  # type: ignore[operator]
    if (a := rate_inspection(fw2018, cases, recorded_ratings=GOOD_D1)).overall.score is not None:
        b = rate_inspection(fw2018, worse, recorded_ratings=GOOD_D1).overall.score
        assert b is None or b <= a.overall.score


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_percentages_stay_between_0_and_100_and_counts_add_up(data: st.DataObject, fw2018: Framework) -> None:
    cases = data.draw(court_inspections(fw2018))
    result = rate_inspection(fw2018, cases, recorded_ratings=GOOD_D1, provisional=True)
    for standard in result.standards:
        for question in standard.key_questions:
            own = len(cases) if question.id.startswith("2.") else 0  # the cases are all court cases
            assert question.yes + question.no + question.not_applicable + question.missing == own
            if question.percent is not None:
                assert 0 <= question.percent <= 100


@pytest.mark.parametrize(
    ("question", "answer", "counts"),
    [("2.1.3", Answer.YES, True), ("2.1.2", Answer.NO, False), ("2.1.2", Answer.NOT_APPLICABLE, True),
     ("3.1.1", Answer.NOT_APPLICABLE, False), ("3.1.1", Answer.YES, False)],
)  # fmt: skip
def test_which_answers_a_case_may_give(question: str, answer: Answer, counts: bool) -> None:
    """Yes or no only where the question applies; n/a to any question of the case's own domain."""
    applicable = frozenset({"2.1.1", "2.1.3"})  # a court case with harm factors but no safety and wellbeing factors
    own = frozenset({"2.1.1", "2.1.2", "2.1.3"})
    assert answer_counts(question, answer, applicable=applicable, own=own) is counts
