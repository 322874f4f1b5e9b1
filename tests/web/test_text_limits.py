"""Free text people type has a limit, said in the refusal, and a refused text changes nothing (issue 11, item 7)."""

from __future__ import annotations

import pytest

from tests.web.world import World, answer_everything
from yjinspect.web.inspections.models import Answer, AssessmentState, HistoryEntry, PanelDecision, SampleState, TeamRating
from yjinspect.web.inspections.services import assessment, ratings, sample
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.limits import COMMENT_MAX_CHARS, EVIDENCE_MAX_CHARS

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_048_576


def test_a_1_mb_evidence_note_is_refused_saying_the_limit_and_a_note_at_the_limit_is_saved(world: World) -> None:
    case = world.cases("inspector")[0]
    history = HistoryEntry.objects.count()
    with pytest.raises(ServiceError) as refused:
        assessment.answer_save(
            by=world.users["inspector"], case=case, question_id="2.1.1", value="yes", evidence=MEGABYTE, expected_version=0
        )
    assert str(refused.value) == "Evidence for 2.1.1: at most 10,000 characters (this has 1,048,576)."
    assert not Answer.objects.filter(case=case).exists()
    assert HistoryEntry.objects.count() == history
    case.refresh_from_db()
    assert case.state == AssessmentState.NOT_STARTED
    saved = assessment.answer_save(
        by=world.users["inspector"], case=case, question_id="2.1.1", value="yes", evidence="x" * EVIDENCE_MAX_CHARS,
        expected_version=0,
    )  # fmt: skip
    assert len(saved.evidence) == EVIDENCE_MAX_CHARS


def test_a_team_ratings_evidence_has_the_same_limit(world: World) -> None:
    with pytest.raises(ServiceError, match=r"^Evidence for 1\.1: at most 10,000 characters \(this has 10,001\)\.$"):
        ratings.team_rating_save(
            by=world.users["lead"], inspection=world.inspection, standard_id="1.1", rating="Good",
            evidence="x" * (EVIDENCE_MAX_CHARS + 1), expected_version=0,
        )  # fmt: skip
    assert not TeamRating.objects.filter(inspection=world.inspection).exists()


def test_a_panel_decisions_reason_is_limited(world: World) -> None:
    with pytest.raises(ServiceError, match=r"^The reason for the decision on 2\.1: at most 5,000 characters"):
        ratings.panel_decision_record(
            by=world.users["panel"], inspection=world.inspection, standard_id="2.1", rating="Good",
            reason="x" * (COMMENT_MAX_CHARS + 1), expected_version=0,
        )  # fmt: skip
    assert not PanelDecision.objects.exists()


def test_a_review_comment_and_a_replacement_reason_are_limited(world: World) -> None:
    case = answer_everything(world.cases("inspector")[0])
    assessment.case_mark_complete(by=world.users["inspector"], case=case)
    with pytest.raises(ServiceError, match=rf"^The review comment on case {case.case_ref}: at most 5,000 characters"):
        assessment.case_review(by=world.users["lead"], case=case, accept=False, comment="x" * (COMMENT_MAX_CHARS + 1))
    case.refresh_from_db()
    assert case.state == AssessmentState.COMPLETE
    other = world.cases("assessor")[0]
    with pytest.raises(ServiceError, match=rf"^Why case {other.case_ref} is replaced: at most 5,000 characters"):
        sample.case_replace(by=world.users["lead"], case=other, reason="x" * (COMMENT_MAX_CHARS + 1))
    other.refresh_from_db()
    assert other.sample_state == SampleState.SAMPLED
