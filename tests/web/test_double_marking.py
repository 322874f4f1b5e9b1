"""Double marking and quality dip-sampling: the blind second assessment, resolution before acceptance, the
resolved answer rated with both originals kept, the agreement figures, and the quality lead's review."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World, answer_everything
from yjinspect.web.accounts.models import Profile
from yjinspect.web.inspections import agreement_selectors
from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    HistoryEntry,
    Inspection,
    QualityReview,
    Role,
    SampledCase,
    SecondAssessment,
)
from yjinspect.web.inspections.selectors import applicable_questions, case_record, programme_of
from yjinspect.web.inspections.services import agreement, assessment, setup
from yjinspect.web.inspections.services.common import ServiceError

pytestmark = pytest.mark.django_db


def _second_answers(world: World, case: SampledCase, values: dict[str, str], *, default: str = "yes") -> SecondAssessment:
    """Mark the case for the local assessor's second assessment, answer every question (`values` where given), submit."""
    second = agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    questions = programme_of(case.inspection).second_assessment_questions(case_record(case))
    changes = [agreement.SecondAnswerChange(q.id, values.get(q.id, default), f"second view of {q.id}", 0) for q in questions]
    assert agreement.second_answers_save(by=world.users["assessor"], second=second, changes=changes) == []
    agreement.second_assessment_submit(by=world.users["assessor"], second=second)
    return second


def _completed(world: World, owner: str = "inspector") -> SampledCase:
    """The first case of `owner`, every applicable question answered yes with evidence, marked complete."""
    case = answer_everything(world.cases(owner)[0])
    assessment.case_mark_complete(by=case.assessor, case=case)
    case.refresh_from_db()
    return case


def test_the_second_assessor_sees_neither_the_first_assessors_answers_nor_their_history(world: World, client: Client) -> None:
    case = answer_everything(world.cases("inspector")[0])
    Answer.objects.filter(case=case).update(evidence="FIRST ASSESSOR'S NOTE")
    agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    client.force_login(world.users["assessor"])
    assert client.get(reverse("case", args=[case.pk])).status_code == 404, "the first assessment is not theirs to open"
    page = client.get(reverse("second_assessment", args=[case.pk])).content.decode()
    assert f"Second assessment of case {case.case_ref}" in page
    assert "FIRST ASSESSOR" not in page, "no evidence of the first assessor is shown"
    assert "checked" not in page, "no answer of the first assessor is ticked"
    listing = client.get(reverse("cases", args=[case.inspection_id])).content.decode()
    assert reverse("second_assessment", args=[case.pk]) in listing

    question = applicable_questions(case)[0].id
    second = SecondAssessment.objects.get(case=case)
    agreement.second_answers_save(
        by=world.users["assessor"], second=second, changes=[agreement.SecondAnswerChange(question, "no", "SECOND VIEW", 0)]
    )
    client.force_login(world.users["inspector"])
    first_page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert "SECOND VIEW" not in first_page, "the case's history must not show the first assessor the second assessment"
    assert client.get(reverse("second_assessment", args=[case.pk])).status_code == 404
    client.force_login(world.users["lead"])
    assert "SECOND VIEW" in client.get(reverse("case", args=[case.pk])).content.decode(), "the lead reads the whole history"


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("lead", "not an inspector or local assessor"),
        ("inspector", "assesses case"),
        ("panel", "not an inspector or local assessor"),
    ],
)
def test_the_second_assessor_is_another_inspector_or_local_assessor(who: str, why: str, world: World) -> None:
    case = world.cases("inspector")[0]
    with pytest.raises(ServiceError, match=why):
        agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users[who])
    assert not SecondAssessment.objects.exists()


def test_the_conflict_of_interest_rules_apply_to_the_second_assessor(world: World) -> None:
    Profile.objects.filter(user=world.users["assessor"]).update(home_service=world.northmoor)
    with pytest.raises(ServiceError, match="conflict of interest"):
        agreement.second_assessment_mark(
            by=world.users["lead"], case=world.cases("inspector")[0], assessor=world.users["assessor"]
        )


def test_a_case_is_never_allocated_to_its_own_second_assessor(world: World) -> None:
    case = world.cases("inspector")[0]
    agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    with pytest.raises(ServiceError, match="blind second assessment"):
        assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=None)
    assessment.allocation_spread_evenly(by=world.users["lead"], inspection=world.inspection)
    case.refresh_from_db()
    assert case.assessor_id not in (None, world.users["assessor"].pk)


def test_a_disagreement_must_be_resolved_before_the_case_is_accepted_and_the_resolution_is_rated(world: World) -> None:
    case = _completed(world)
    question = applicable_questions(case)[0].id
    with_second = agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    with pytest.raises(ServiceError, match="cannot be accepted") as refused:
        assessment.case_review(by=world.users["lead"], case=case, accept=True, comment="")
    assert "has not submitted" in refused.value.problems[0]
    with_second.delete()

    _second_answers(world, case, {question: "no"})
    for accept in (
        lambda: assessment.case_review(by=world.users["lead"], case=case, accept=True, comment=""),
        lambda: assessment.cases_accept(by=world.users["lead"], inspection=world.inspection, case_ids=[str(case.pk)]),
    ):
        with pytest.raises(ServiceError) as refused:
            accept()
        assert any(f"resolve the disagreement on {question}" in p for p in [str(refused.value), *refused.value.problems])
    case.refresh_from_db()
    assert case.state == AssessmentState.COMPLETE

    with pytest.raises(ServiceError, match="Say why"):
        agreement.disagreement_resolve(by=world.users["lead"], case=case, question_id=question, value="no", reason=" ")
    other = applicable_questions(case)[1].id
    with pytest.raises(ServiceError, match="nothing to resolve"):
        agreement.disagreement_resolve(by=world.users["lead"], case=case, question_id=other, value="no", reason="x")
    agreement.disagreement_resolve(
        by=world.users["lead"], case=case, question_id=question, value="no", reason="the plan was never reviewed"
    )
    rated = programme_of(case.inspection).case_from_record(case_record(case))
    assert Answer.objects.get(case=case, question_id=question).value == "no"
    assert rated is not None
    assert rated.answers[question].value == "no", "the resolved answer is the one the programme rates"
    entries = {(e.what, e.old, e.new, e.user.username) for e in HistoryEntry.objects.filter(case=case)}
    assert (f"case {case.case_ref}: answer {question}", "", "yes", "inspector") in entries, "the first original stays"
    assert (f"case {case.case_ref}: second assessment answer {question}", "", "no", "assessor") in entries, "so does the second"
    assert (
        f"case {case.case_ref}: answer {question} resolved",
        "first assessor: yes; second assessor: no",
        "no, because the plan was never reviewed",
        "lead",
    ) in entries
    assessment.case_review(by=world.users["lead"], case=case, accept=True, comment="")
    case.refresh_from_db()
    assert case.state == AssessmentState.ACCEPTED


def test_a_resolution_made_before_the_case_was_returned_and_changed_must_be_made_again(world: World) -> None:
    case = _completed(world)
    question = applicable_questions(case)[0].id
    _second_answers(world, case, {question: "no"})
    agreement.disagreement_resolve(
        by=world.users["lead"], case=case, question_id=question, value="yes", reason="the first is right"
    )
    assert agreement.double_marking_gaps(case) == []
    assessment.case_review(by=world.users["lead"], case=case, accept=False, comment="Look again at the plan.")
    answer = Answer.objects.get(case=case, question_id=question)
    assessment.answer_save(
        by=case.assessor, case=case, question_id=question, value="n/a", evidence="", expected_version=answer.version
    )
    assessment.case_mark_complete(by=case.assessor, case=case)
    assert agreement.double_marking_gaps(case), "the rated answer is no longer the one resolved"


def test_the_second_assessment_is_submitted_once_whole_and_then_kept(world: World) -> None:
    case = world.cases("inspector")[0]
    second = agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    with pytest.raises(ServiceError, match="not complete yet"):
        agreement.second_assessment_submit(by=world.users["assessor"], second=second)
    with pytest.raises(ServiceError, match="Nothing was saved") as refused:
        agreement.second_answers_save(
            by=world.users["assessor"], second=second, changes=[agreement.SecondAnswerChange("9.9.9", "yes", "", 0)]
        )
    assert "9.9.9 is not a question" in refused.value.problems[0]
    second = _second_answers_after_mark(world, second)
    with pytest.raises(ServiceError, match="has been submitted"):
        agreement.second_answers_save(by=world.users["assessor"], second=second, changes=[])
    with pytest.raises(ServiceError, match="has been submitted"):
        agreement.second_assessment_remove(by=world.users["lead"], case=case)


def _second_answers_after_mark(world: World, second: SecondAssessment) -> SecondAssessment:
    case = second.case
    questions = programme_of(case.inspection).second_assessment_questions(case_record(case))
    first = [agreement.SecondAnswerChange(q.id, "yes", "", 0) for q in questions]
    agreement.second_answers_save(by=world.users["assessor"], second=second, changes=first)
    stale = agreement.second_answers_save(
        by=world.users["assessor"], second=second, changes=[agreement.SecondAnswerChange(questions[0].id, "no", "", 0)]
    )
    assert stale == [questions[0].id], "a save from an older page is refused for that answer"
    agreement.second_assessment_submit(by=world.users["assessor"], second=second)
    second.refresh_from_db()
    return second


def test_double_marking_draws_the_same_share_of_cases_every_time(world: World) -> None:
    sampled = world.inspection.cases.filter(sample_state="sampled").count()
    with pytest.raises(ServiceError, match="whole percentage"):
        agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="ten")
    drawn = agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="25")
    assert len(drawn) == agreement.share_of(25, sampled) == -(-25 * sampled // 100)
    seconds = SecondAssessment.objects.select_related("case")
    assert {s.assessor.username for s in seconds} <= {"inspector", "assessor"}, "never the lead, never the panel"
    assert all(s.assessor_id != s.case.assessor_id for s in seconds)
    with pytest.raises(ServiceError, match="double-marked already"):
        agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="25")
    for second in seconds:
        agreement.second_assessment_remove(by=world.users["lead"], case=second.case)
    assert sorted(agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="25")) == sorted(
        drawn
    )
    stale = Inspection.objects.get(pk=world.inspection.pk)  # read before the seed changes, as a caller might hold it
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_seed=99)
    world.inspection.refresh_from_db()
    cases = list(world.inspection.cases.filter(sample_state="sampled"))
    assert agreement.ranked(stale, "double marking", cases) == agreement.ranked(world.inspection, "double marking", cases)
    assert agreement.ranked(world.inspection, "double marking", cases) != agreement.ranked(
        Inspection.objects.get(pk=world.other.pk), "double marking", cases
    )


def _figures(world: World) -> dict[str, Any]:
    return agreement_selectors.agreement_figures(Inspection.objects.filter(pk=world.inspection.pk))


def test_the_agreement_figures_use_each_assessors_original_answers(world: World) -> None:
    case = _completed(world)
    questions = [q.id for q in applicable_questions(case)]
    _second_answers(world, case, {questions[0]: "no", questions[1]: "no"})
    agreement.disagreement_resolve(
        by=world.users["lead"], case=case, question_id=questions[0], value="no", reason="agreed on review"
    )
    agreement.disagreement_resolve(
        by=world.users["lead"], case=case, question_id=questions[1], value="yes", reason="the first is right"
    )
    figures = _figures(world)
    overall = figures["overall"]
    assert (overall.cases, overall.answers, overall.alike) == (1, len(questions), len(questions) - 2)
    by_question = {row.question_id: row.figures for row in figures["questions"]}
    assert by_question[questions[0]].alike == 0
    assert by_question[questions[2]].alike == 1
    people = {a.name.split(" (")[1].rstrip(")"): a for a in figures["assessors"]}
    assert (people["inspector"].compared, people["inspector"].changed) == (len(questions), 1)
    assert (people["assessor"].compared, people["assessor"].changed) == (len(questions), 1)


def test_the_quality_lead_reviews_a_reproducible_share_separately_from_the_leads_review(world: World) -> None:
    quality = world.users["quality"]
    case = _completed(world)
    outside = world.cases("inspector")[1]
    with pytest.raises(ServiceError, match="not in this inspection's quality dip-sample"):
        agreement.quality_review_save(by=quality, case=outside, verdicts={"2.1.1": ("agree", "")})
    assert [c.pk for c in agreement.quality_sample(world.inspection)[world.users["inspector"]]] == [case.pk]
    question = applicable_questions(case)[0].id
    with pytest.raises(ServiceError, match="No quality review") as refused:
        agreement.quality_review_save(by=quality, case=case, verdicts={question: ("disagree", "")})
    assert refused.value.problems == [f"{question}: say why you disagree."]
    assert agreement.quality_review_save(by=quality, case=case, verdicts={question: ("disagree", "no evidence of a review")}) == 1
    review = QualityReview.objects.get()
    assert (review.assessor, review.agrees, review.answer_value) == (world.users["inspector"], False, "yes")
    case.refresh_from_db()
    assert case.state == AssessmentState.COMPLETE
    assert Answer.objects.get(case=case, question_id=question).value == "yes"
    assert HistoryEntry.objects.filter(what=f"case {case.case_ref}: quality review of {question}").exists()
    inspector = next(a for a in _figures(world)["assessors"] if "(inspector)" in a.name)
    assert (inspector.reviewed, inspector.questioned) == (1, 1)


def test_the_agreement_pages_show_the_figures(world: World, client: Client) -> None:
    case = _completed(world)
    question = applicable_questions(case)[0].id
    _second_answers(world, case, {question: "no"})
    client.force_login(world.users["lead"])
    page = client.get(reverse("agreement", args=[world.inspection.pk])).content.decode()
    assert "Landis and Koch" in page
    assert f"{question}" in page
    compare = client.get(reverse("comparison", args=[case.pk])).content.decode()
    assert f"Resolve {question}" in compare
    assert f"second view of {question}" in compare
    client.force_login(world.users["quality"])
    overall = client.get(reverse("inspectorate_agreement"), {"from": "2026-01", "to": "2026-12"}).content.decode()
    assert "2 inspections in the period" in overall
    assert "Landis and Koch" in overall
    bad = client.get(reverse("inspectorate_agreement"), {"from": "January"}, follow=True).content.decode()
    assert "expected a month as YYYY-MM" in bad


def test_double_marking_works_for_a_scored_programme_through_the_contract(world: World) -> None:
    """A core case inspection's case answers scoring questions: the second assessor answers the same ones
    (the contract's default), and the comparison and figures read them as they read the standards'."""
    from yjinspect.synthetic import synthetic_scored_bundle  # noqa: PLC0415
    from yjinspect.web.inspections.services import setup  # noqa: PLC0415
    from yjinspect.web.inspections.services.exchange import bundle_import  # noqa: PLC0415

    bundle = synthetic_scored_bundle("hmip-youth-cci", cases=4, seed=2, service="Northmoor Youth Justice Service")
    cci = bundle_import(by=world.users["admin"], text=json.dumps(bundle), source="synthetic core case inspection")
    setup.membership_add(by=world.users["admin"], inspection=cci, user=world.users["lead"], role=Role.LEAD)
    setup.membership_add(by=world.users["admin"], inspection=cci, user=world.users["assessor"], role=Role.LOCAL_ASSESSOR)
    case = cci.cases.order_by("case_ref").first()
    assert case is not None
    SampledCase.objects.filter(pk=case.pk).update(state=AssessmentState.COMPLETE)  # imported accepted; as if in fieldwork
    case.refresh_from_db()
    second = agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    questions = programme_of(cci).second_assessment_questions(case_record(case))
    assert [q.id for q in questions] == [q.id for q in programme_of(cci).case_questions()]
    firsts = dict(Answer.objects.filter(case=case).values_list("question_id", "value"))
    flipped = next(q for q in firsts if firsts[q] in ("yes", "no"))
    changes = [
        agreement.SecondAnswerChange(
            q.id, ({"yes": "no", "no": "yes"}[firsts[q.id]] if q.id == flipped else firsts.get(q.id) or "n/a"), "", 0
        )
        for q in questions
    ]
    agreement.second_answers_save(by=world.users["assessor"], second=second, changes=changes)
    agreement.second_assessment_submit(by=world.users["assessor"], second=second)
    assert [c.question_id for c in agreement.comparison(case) if c.unresolved] == [flipped]
    figures = agreement_selectors.agreement_figures(Inspection.objects.filter(pk=cci.pk))
    assert figures["overall"].answers - figures["overall"].alike == 1
    assert all(row.programme == "hmip-youth-cci" and row.text for row in figures["questions"])


def test_a_second_assessor_found_in_conflict_later_can_no_longer_open_it(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    client.force_login(world.users["assessor"])
    assert client.get(reverse("second_assessment", args=[case.pk])).status_code == 200
    Profile.objects.filter(user=world.users["assessor"]).update(home_service=world.northmoor)
    assert client.get(reverse("second_assessment", args=[case.pk])).status_code == 404
    assert client.post(reverse("second_assessment_submit", args=[case.pk])).status_code == 404


def test_double_marking_travels_in_the_bundle_and_a_bad_part_is_refused_whole(world: World) -> None:
    from yjinspect.web.inspections.exchange import bundle_export  # noqa: PLC0415
    from yjinspect.web.inspections.services.exchange import BundleImportError, bundle_import  # noqa: PLC0415

    case = _completed(world)
    question = applicable_questions(case)[0].id
    _second_answers(world, case, {question: "no"})
    agreement.disagreement_resolve(by=world.users["lead"], case=case, question_id=question, value="no", reason="no review")
    agreement.quality_review_save(by=world.users["quality"], case=case, verdicts={question: ("disagree", "thin note")})
    unsubmitted = world.cases("assessor")[0]
    agreement.second_assessment_mark(by=world.users["lead"], case=unsubmitted, assessor=world.users["inspector"])
    exported = bundle_export(world.inspection)
    imported = bundle_import(by=world.users["admin"], text=json.dumps(exported), source="round-trip.json")
    assert bundle_export(imported)["double_marking"] == exported["double_marking"]
    assert len(exported["double_marking"]["second_assessments"]) == 2
    assert (
        _figures(world)["overall"] == agreement_selectors.agreement_figures(Inspection.objects.filter(pk=imported.pk))["overall"]
    )

    bad = json.loads(json.dumps(exported))
    bad["double_marking"]["second_assessments"][0]["assessor"] = "nobody"
    bad["double_marking"]["resolutions"][0]["resolved"] = "maybe"
    bad["double_marking"]["quality_reviews"][0]["case"] = "NOT-A-CASE"
    before = Inspection.objects.count()
    with pytest.raises(BundleImportError) as refused:
        bundle_import(by=world.users["admin"], text=json.dumps(bad), source="bad.json")
    assert refused.value.problems == [
        "double_marking.second_assessments[0], assessor: no account with the username 'nobody'",
        "double_marking.resolutions[0], resolved: 'maybe' is not an answer (yes, no or n/a)",
        "double_marking.quality_reviews[0], case: 'NOT-A-CASE' names no case of the sample",
    ]
    assert Inspection.objects.count() == before


def test_changing_the_answer_after_a_return_does_not_settle_a_disagreement_or_the_figures(world: World) -> None:
    case = _completed(world)
    question = applicable_questions(case)[0].id
    _second_answers(world, case, {question: "no"})
    assessment.case_review(by=world.users["lead"], case=case, accept=False, comment=f"Look again at {question}.")
    answer = Answer.objects.get(case=case, question_id=question)
    assessment.answer_save(
        by=case.assessor, case=case, question_id=question, value="no", evidence="", expected_version=answer.version
    )
    assessment.case_mark_complete(by=case.assessor, case=case)
    assert any(question in gap for gap in agreement.double_marking_gaps(case)), "the lead still resolves it, with a reason"
    by_question = {row.question_id: row.figures for row in _figures(world)["questions"]}
    assert by_question[question].alike == 0, "the figures count the first assessor's blind answer, not the changed one"


def test_the_lead_inspector_and_an_administrator_are_never_one_of_two_blind_assessors(world: World) -> None:
    leads_case = world.cases("lead")[0]
    with pytest.raises(ServiceError, match="assessed by the lead inspector"):
        agreement.second_assessment_mark(by=world.users["lead"], case=leads_case, assessor=world.users["inspector"])
    marked = world.cases("inspector")[0]
    agreement.second_assessment_mark(by=world.users["lead"], case=marked, assessor=world.users["assessor"])
    with pytest.raises(ServiceError, match="cannot be one of its two blind assessors"):
        assessment.case_allocate(by=world.users["lead"], case=marked, assessor=world.users["lead"])
    drawn = agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="100")
    assert not {c.case_ref for c in world.cases("lead")} & set(drawn), "a draw passes over the lead's own cases"
    admin = world.users["admin"]
    setup.membership_add(by=admin, inspection=world.inspection, user=admin, role=Role.INSPECTOR)
    SecondAssessment.objects.filter(case=marked).delete()
    with pytest.raises(ServiceError, match="is an administrator"):
        agreement.second_assessment_mark(by=world.users["lead"], case=marked, assessor=admin)


def test_a_quality_lead_in_the_team_does_not_dip_sample_it(world: World, client: Client) -> None:
    setup.membership_add(by=world.users["admin"], inspection=world.inspection, user=world.users["quality"], role=Role.INSPECTOR)
    client.force_login(world.users["quality"])
    assert client.get(reverse("quality", args=[world.inspection.pk])).status_code == 403
    assert client.get(reverse("quality", args=[world.other.pk])).status_code == 200


def test_bad_shares_and_periods_are_refused_in_words(world: World, client: Client) -> None:
    with pytest.raises(ServiceError, match="whole percentage"):
        agreement.double_marking_draw(by=world.users["lead"], inspection=world.inspection, percent="²")
    client.force_login(world.users["quality"])
    for period in ({"from": "0000-01"}, {"to": "9999-12"}):
        page = client.get(reverse("inspectorate_agreement"), period, follow=True)
        assert page.status_code == 200
        assert "not a month inspections were held in" in page.content.decode()
