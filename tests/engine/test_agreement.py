"""Agreement over double-marked cases (engine/agreement.py): which pairs count, how they group, the share
alike, and when a kappa is read in words."""

from __future__ import annotations

import pytest

from yjinspect.engine.agreement import MIN_CASES_READ, AnswerPair, agreement, agreement_by_question


def _pairs(question: str, answers: list[tuple[str, str]]) -> list[AnswerPair]:
    return [AnswerPair(question, f"case-{n}", first, second) for n, (first, second) in enumerate(answers)]


def test_an_unanswered_question_is_no_judgement_to_compare() -> None:
    found = agreement(_pairs("2.1.1", [("yes", "yes"), ("", "no"), ("no", ""), ("no", "yes")]))
    assert found is not None
    assert (found.cases, found.answers, found.alike) == (2, 2, 1)
    assert agreement(_pairs("2.1.1", [("", "yes")])) is None


def test_cases_are_counted_once_however_many_questions_they_answer() -> None:
    pairs = [AnswerPair(q, case, "yes", "yes") for case in ("A", "B") for q in ("2.1.1", "2.1.2", "2.1.3")]
    found = agreement(pairs)
    assert found is not None
    assert (found.cases, found.answers) == (2, 6)


def test_figures_group_by_question_in_the_order_questions_first_come() -> None:
    pairs = [*_pairs("2.2.1", [("yes", "no")]), *_pairs("2.1.1", [("yes", "yes"), ("no", "no")])]
    grouped = agreement_by_question(pairs)
    assert list(grouped) == ["2.2.1", "2.1.1"]
    assert (grouped["2.2.1"].alike, grouped["2.1.1"].alike) == (0, 2)


@pytest.mark.parametrize(("alike", "answers", "percent"), [(2, 3, 67), (1, 8, 13), (7, 8, 88), (0, 5, 0), (5, 5, 100)])
def test_the_share_alike_is_a_whole_percentage_rounded_half_up(alike: int, answers: int, percent: int) -> None:
    pairs = _pairs("q", [("yes", "yes")] * alike + [("yes", "no")] * (answers - alike))
    found = agreement(pairs)
    assert found is not None
    assert found.percent == percent


def test_a_kappa_on_too_few_cases_is_shown_but_not_read_in_words() -> None:
    # One case of three answered differently: kappa 0.00, which the scale would call "slight agreement".
    few = agreement(_pairs("q", [("yes", "yes"), ("yes", "yes"), ("yes", "no")]))
    assert few is not None
    assert few.kappa.value == pytest.approx(0.0)
    assert few.reading == f"not read: too few cases (fewer than {MIN_CASES_READ})"
    # Cohen's kappa on ten cases: po = 0.8, pe = 0.5 (each said yes to half), kappa = 0.6, moderate agreement.
    ten = agreement(_pairs("q", [("yes", "yes")] * 4 + [("no", "no")] * 4 + [("yes", "no"), ("no", "yes")]))
    assert ten is not None
    assert ten.kappa.value == pytest.approx(0.6)
    assert ten.reading == "moderate agreement"
