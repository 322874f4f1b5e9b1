"""Survey instruments as data and the counting of their answers (docs/surveys.md, SU-1 to SU-4)."""

from __future__ import annotations

import re
from fractions import Fraction
from math import floor
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.doc_tables import doc_table
from yjinspect.engine.loading import FrameworkError
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.engine.survey_counts import (
    count_phrase,
    count_survey,
    identifying_reasons,
    or_more,
    point_words,
    share,
    share_parts,
    suggested_sentences,
    word_phrase,
)
from yjinspect.engine.surveys import (
    YES_NO_CHOICES,
    AnswerValue,
    Instrument,
    QuestionType,
    first_unanswered,
    is_shown,
    load_instrument,
    load_instrument_file,
    next_question,
    parse_instrument,
    read_answer,
    shipped_instrument_ids,
    shown_answers,
)
from yjinspect.programmes import programmes

CHILDREN = load_instrument("children-and-young-people")


def test_every_audience_the_issue_names_has_a_questionnaire() -> None:
    assert shipped_instrument_ids() == [
        "children-and-young-people",
        "parents-and-carers",
        "sentencers-and-court-staff",
        "staff-and-volunteers",
        "victims",
    ]


@pytest.mark.parametrize("instrument_id", shipped_instrument_ids())
def test_every_question_the_public_record_does_not_confirm_is_marked(instrument_id: str) -> None:
    instrument = load_instrument(instrument_id)
    assert instrument.unverified, "the questionnaire itself is not in the public record"
    for question in instrument.questions:
        # A question with a finding is reported from; its wording must say whether the seeds confirm it.
        if question.type is not QuestionType.TEXT:
            assert question.unverified, question.id


@pytest.mark.parametrize("instrument_id", shipped_instrument_ids())
def test_every_question_type_people_expect_is_used_somewhere(instrument_id: str) -> None:
    used = {q.type for i in shipped_instrument_ids() for q in load_instrument(i).questions}
    assert used == set(QuestionType)


def test_childrens_questions_are_in_plain_words() -> None:
    # Short sentences of short words: no question longer than 20 words, no word longer than 12 letters
    # except the service's own name for the plan, which the question explains.
    allowed = {"contract", "referral"}
    for question in CHILDREN.questions:
        words = re.findall(r"[A-Za-z']+", question.text)
        assert len(words) <= 20, question.id
        assert all(len(w) <= 12 or w.lower() in allowed for w in words), question.id


def test_the_childrens_questionnaire_can_be_answered_in_welsh_and_the_others_in_english() -> None:
    assert CHILDREN.welsh
    assert all(q.text_cy for q in CHILDREN.questions)
    assert not load_instrument("victims").welsh


def test_every_programme_names_shipped_instruments_and_a_report_section() -> None:
    for programme in programmes():
        assert programme.survey_instruments, programme.id
        assert set(programme.survey_instruments) <= set(shipped_instrument_ids()), programme.id
        assert programme.survey_section.title, programme.id
    cci = next(p for p in programmes() if p.id == "hmip-youth-cci")
    assert cci.survey_section.title == "Service users' perspective"


def _file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


_BASE: dict[str, Any] = {
    "id": "draft",
    "title": "Draft",
    "audience": "adults",
    "respondents": {"one": "person", "many": "people"},
    "intro": "Hello.",
    "source": "ours",
    "questions": [
        {"id": "q1", "type": "yes_no_not_sure", "text": "One?"},
        {"id": "q2", "type": "text", "text": "Two?", "show_if": {"question": "q1", "answers": ["yes"]}},
    ],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"questions": [{"id": "q1", "type": "single", "text": "One?", "choices": [{"id": "a", "label": "A"}]}]},
         "at questions[0] (id q1): Value error, a single choice question needs at least two choices"),
        ({"questions": [{"id": "q2", "type": "text", "text": "Two?", "show_if": {"question": "q9", "answers": ["yes"]}}]},
         "show_if names 'q9', which is not an earlier question"),
        ({"questions": [{"id": "q1", "type": "yes_no_not_sure", "text": "One?"},
                        {"id": "q2", "type": "text", "text": "Two?", "show_if": {"question": "q1", "answers": ["maybe"]}}]},
         "show_if answers ['maybe'] are not choices of q1"),
        ({"questions": [{"id": "q1", "type": "scale", "text": "One?",
                         "scale": {"min": 5, "max": 1, "min_label": "a", "max_label": "b"}}]},
         "the scale's min (5) must be below its max (1)"),
        ({"title_cy": "Drafft"}, "needs Welsh wording for every item; missing in q1, q2"),
        ({"questions": [{"id": "q1", "type": "yes_no_not_sure", "text": "One?", "colour": "red"}]},
         "at questions[0] (id q1).colour: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_a_bad_instrument_file_is_refused_naming_the_file_the_place_and_the_problem(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = _file(tmp_path, {**_BASE, **change})
    with pytest.raises(FrameworkError) as error:
        load_instrument_file(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_an_unknown_instrument_names_the_known_ones() -> None:
    with pytest.raises(FrameworkError, match="known instruments: children-and-young-people"):
        load_instrument("pupils")


def test_yaml_yes_unquoted_is_refused_rather_than_read_as_true(tmp_path: Path) -> None:
    text = _file(tmp_path, _BASE).read_text().replace("- 'yes'", "- yes")
    with pytest.raises(FrameworkError, match="Input should be a valid string"):
        parse_instrument(text, source="draft.yaml")


def test_a_follow_up_is_shown_only_to_those_who_gave_the_answer_that_opens_it() -> None:
    copy = CHILDREN.question("plan_copy")
    assert is_shown(CHILDREN, copy, {"know_plan": "yes"})
    assert not is_shown(CHILDREN, copy, {"know_plan": "no"})
    assert not is_shown(CHILDREN, copy, {})
    assert next_question(CHILDREN, {"know_plan": "no"}, "know_plan").id == "afraid"  # type: ignore[union-attr]
    assert next_question(CHILDREN, {"know_plan": "yes"}, "know_plan").id == "plan_talked_about"  # type: ignore[union-attr]
    assert next_question(CHILDREN, {}, "anything_else") is None
    # An answer to a follow-up stops counting when the answer that opened it changes.
    assert shown_answers(CHILDREN, {"know_plan": "no", "plan_copy": "yes"}) == {"know_plan": "no"}
    assert first_unanswered(CHILDREN, {"know_why": "yes"}).id == "told_what_happens"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("question", "values", "answer", "problem"),
    [
        ("know_why", ["yes"], "yes", None),
        ("know_why", [], None, None),
        ("know_why", ["  "], None, None),
        ("know_why", ["perhaps"], None, "'perhaps' is not one of the answers (yes, no, not_sure)"),
        ("know_why", ["yes", "no"], None, "choose one answer"),
        ("helped_with", ["stress", "family"], ("family", "stress"), None),
        ("score", ["70"], 70, None),
        ("score", ["101"], None, "give a whole number from 0 to 100"),
        ("score", ["7.5"], None, "give a whole number from 0 to 100"),
        ("score", ["٣"], None, "give a whole number from 0 to 100"),
        ("anything_else", ["<script>alert(1)</script>"], "<script>alert(1)</script>", None),
        ("anything_else", ["x" * 2001], None, "write at most 2,000 characters (this has 2,001)"),
    ],
)
def test_what_a_form_may_give_as_an_answer(question: str, values: list[str], answer: Any, problem: str | None) -> None:
    assert read_answer(CHILDREN.question(question), values) == (answer, problem)


@pytest.mark.parametrize("row", doc_table("surveys.md", "counts"), ids=lambda r: f"{r['count']}/{r['answered']}")
def test_count_rows(row: dict[str, str]) -> None:
    found = share(int(row["count"]), int(row["answered"]), int(row["small_number"]))
    assert count_phrase(CHILDREN, found) == row["phrase"]


@pytest.mark.parametrize("row", doc_table("surveys.md", "words"), ids=lambda r: f"{r['count']}/{r['answered']}")
def test_word_rows(row: dict[str, str]) -> None:
    found = share(int(row["count"]), int(row["answered"]), int(row["small_number"]))
    assert word_phrase(CHILDREN, found) == row["phrase"]


def test_seed_002s_findings_counted_as_the_report_states_them() -> None:
    # "42 of the 51 children or young people who responded knew what a referral order contract ... was. In
    # addition, 40 out of the 42 said the YOS worker had discussed these documents with them"; the other 41 of
    # the 92 did not answer the question.
    responses = (
        [{"know_plan": "yes", "plan_talked_about": "yes"}] * 40
        + [{"know_plan": "yes", "plan_talked_about": "no"}] * 2
        + [{"know_plan": "no", "plan_talked_about": "yes"}] * 9  # not asked: it must not count
        + [{}] * 41
    )
    counted = count_survey(CHILDREN, responses)
    assert counted.respondents == 92
    know = counted.question("know_plan")
    assert (know.answered, know.options[0].share.count) == (51, 42)  # type: ignore[union-attr]
    talked = counted.question("plan_talked_about")
    assert (talked.shown, talked.answered, talked.options[0].share.count) == (42, 42, 40)  # type: ignore[union-attr]
    assert suggested_sentences(know, CHILDREN) == [
        "The large majority of children who answered (42 out of 51) knew what their plan was."
    ]


def test_a_scale_is_counted_at_its_points_as_seed_002_does() -> None:
    # "63% of the children and young people rated the service ... as 70 or more, with 16% rating it as 100"
    responses = [{"score": 100}] * 16 + [{"score": 75}] * 47 + [{"score": 40}] * 37
    score = count_survey(CHILDREN, responses).question("score")
    assert [(p.point, p.share.percent) for p in score.at_least] == [(70, 63), (100, 16)]  # type: ignore[union-attr]
    assert suggested_sentences(score, CHILDREN) == [
        "Less than two-thirds of children who answered (63 out of 100) rated the service at 70 or more.",
        "A minority of children who answered (16 out of 100) rated the service at 100.",
    ]


def test_below_the_small_number_a_question_gives_counts_only() -> None:
    counted = count_survey(CHILDREN, [{"know_why": "yes"}] * 3 + [{"know_why": "no"}])
    know = counted.question("know_why")
    assert know.small
    assert [o.share.percent for o in know.options] == [None, None, None]  # type: ignore[union-attr]
    assert suggested_sentences(know, CHILDREN) == ["3 out of 4 children who answered knew why they had to see the service."]
    assert not count_survey(CHILDREN, [{"know_why": "yes"}] * 3, small_number=3).question("know_why").small


def test_free_text_is_counted_but_never_made_into_a_sentence() -> None:
    counted = count_survey(CHILDREN, [{"anything_else": "It helped."}, {"anything_else": "Good."}])
    text = counted.question("anything_else")
    assert (text.answered, text.texts) == (2, ("It helped.", "Good."))
    assert suggested_sentences(text, CHILDREN) == []


@pytest.mark.parametrize("row", doc_table("surveys.md", "identifying"), ids=lambda r: r["text"][:30])
def test_free_text_that_could_identify_someone_is_flagged(row: dict[str, str]) -> None:
    reasons = identifying_reasons(row["text"])
    if row["flagged"] == "no":
        assert reasons == []
    elif row["flagged"] in ("numbers", "e-mail"):
        assert any(row["flagged"] in reason for reason in reasons), reasons
    else:
        assert reasons == [f"capitalised words that may be names or places: {row['flagged']}"]


def test_a_scales_counted_point_is_said_the_same_everywhere() -> None:
    score = CHILDREN.question("score")
    assert (point_words(score, 70), point_words(score, 100)) == ("70 or more", "100")
    assert (or_more(score, 70), or_more(score, 100)) == (" or more", "")


def test_the_phrases_are_the_projects_one_phrasing() -> None:
    # docs/phrasing.md: "the large majority of cases (23 out of 25)"; the survey's noun in place of "cases".
    found = share(23, 25)
    assert word_phrase(CHILDREN, found) == proportion_phrase(23, 25, "children who answered")
    assert share_parts(CHILDREN, share(3, 4)) == ("", "3 out of 4", " children who answered")
    assert "".join(share_parts(CHILDREN, found)) == word_phrase(CHILDREN, found)
    # The count nobody read: a question's "not shown" figure (it returned the number shown) is gone.
    assert not hasattr(count_survey(CHILDREN, [{}]).question("plan_copy"), "not_shown")


def _responses(instrument: Instrument) -> st.SearchStrategy[list[dict[str, AnswerValue]]]:
    def answer(question: Any) -> st.SearchStrategy[Any]:
        if question.type is QuestionType.TEXT:
            return st.text(min_size=0, max_size=5)
        if question.type is QuestionType.SCALE:
            return st.integers(question.scale.min, question.scale.max)
        ids = [c.id for c in question.options]
        if question.type is QuestionType.MULTIPLE:
            return st.lists(st.sampled_from(ids), unique=True).map(tuple)
        return st.sampled_from(ids)

    one = st.fixed_dictionaries({}, optional={q.id: answer(q) for q in instrument.questions})
    return st.lists(one, max_size=40)


def _asked_by_hand(instrument: Instrument, question_id: str, response: dict[str, Any]) -> bool:
    """Whether a respondent was asked a question, read from the file's show-if rules, not from the engine: a
    follow-up is asked of those who gave one of its answers to the question it names, itself asked."""
    rule = next(q for q in instrument.questions if q.id == question_id).show_if
    if rule is None:
        return True
    given = response.get(rule.question)
    chosen = set(given) if isinstance(given, tuple) else {given}
    return _asked_by_hand(instrument, rule.question, response) and bool(chosen & set(rule.answers))


def _gave(value: Any, choice: str) -> bool:
    """Whether an answer gave a choice: the choice itself, or among a multiple choice's."""
    return choice in value if isinstance(value, tuple) else bool(value == choice)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(shipped_instrument_ids()).flatmap(
        lambda i: st.tuples(st.just(load_instrument(i)), _responses(load_instrument(i)), st.integers(1, 8))
    )
)
def test_every_share_is_of_those_who_answered_that_question(drawn: tuple[Instrument, list[Any], int]) -> None:
    # An independent oracle: who was asked (the show-if rules as the file states them), who answered (an
    # answer is any value but nothing, "" and no choice), and each answer's count, all by hand here.
    instrument, responses, small_number = drawn
    counted = count_survey(instrument, responses, small_number)
    assert counted.respondents == len(responses)
    for result in counted.questions:
        question = result.question
        asked = [r for r in responses if _asked_by_hand(instrument, question.id, r)]
        answered = [r[question.id] for r in asked if r.get(question.id) not in (None, "", ())]
        assert (result.shown, result.answered) == (len(asked), len(answered))
        assert result.small is (len(answered) < small_number)
        expected: list[tuple[str, int]] = []  # (answer, how many gave it) in the order a table lists them
        if question.type is QuestionType.SCALE:
            assert question.scale is not None
            if question.scale.max - question.scale.min < 11:
                expected = [
                    (str(v), sum(1 for a in answered if a == v)) for v in range(question.scale.min, question.scale.max + 1)
                ]
            expected += [(f"at_least_{p}", sum(1 for a in answered if a >= p)) for p in question.scale.at_least]
        elif question.type is QuestionType.TEXT:
            assert result.texts == tuple(answered)
        else:
            ids = [c.id for c in (question.choices or YES_NO_CHOICES)]
            expected = [(i, sum(1 for a in answered if _gave(a, i))) for i in ids]
        found = [(o.id, o.share) for o in result.options] + [(f"at_least_{p.point}", p.share) for p in result.at_least]
        assert [answer for answer, _ in found] == [answer for answer, _ in expected]
        for (answer, got), (_, count) in zip(found, expected, strict=True):
            if not answered:
                assert got is None, answer
                continue
            assert got is not None
            assert (got.count, got.answered) == (count, len(answered)), answer
            percent = floor(Fraction(100 * count, len(answered)) + Fraction(1, 2))
            assert got.percent == (None if len(answered) < small_number else percent), answer
        for sentence in suggested_sentences(result, instrument):
            assert f" out of {len(answered)}" in sentence
