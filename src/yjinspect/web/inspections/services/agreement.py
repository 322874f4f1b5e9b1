"""Can the ratings be trusted: double marking (a blind second assessment, disagreements resolved by the lead
inspector) and the quality lead's dip-sampling of assessors' answers.

The rated answer is always the case's own (models.Answer): a resolution writes the lead's choice into it,
with both originals in the history and in the resolution; a quality review never changes it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.web.accounts.models import display_name
from yjinspect.web.inspections.models import (
    Answer,
    AnswerResolution,
    AssessmentState,
    Inspection,
    QualityReview,
    Role,
    SampledCase,
    SampleState,
    SecondAnswer,
    SecondAssessment,
)
from yjinspect.web.inspections.selectors import case_record, programme_of
from yjinspect.web.inspections.services.common import (
    ANSWER_VALUES,
    ServiceError,
    StaleWriteError,
    conflict_problem,
    history_record,
    person,
    versioned_update,
)
from yjinspect.web.limits import COMMENT_MAX_CHARS, EVIDENCE_MAX_CHARS, text_problem

# Every history entry of a second assessment's answers says this, so that the case page can keep them from
# anyone but the lead inspector: the first assessor must not read them before the case is resolved.
SECOND_ASSESSMENT = "second assessment"
ANSWER_WORDS = {"yes": "yes", "no": "no", "n/a": "not applicable", "": "not answered"}


def ranked(inspection: Inspection, purpose: str, cases: Sequence[SampledCase]) -> list[SampledCase]:
    """Return the cases in a reproducible random order for a purpose (double marking, a quality dip-sample).

    Each case's place is a hash of the inspection's sample seed (its id without one), the purpose and the
    case reference: the same cases are drawn every time, and a case completed later never displaces one
    already drawn unless it ranks before it."""
    # The seed as stored: a caller's inspection object may predate the draw that set it.
    stored = Inspection.objects.values_list("sample_seed", flat=True).get(pk=inspection.pk)
    seed = stored if stored is not None else inspection.pk
    return sorted(cases, key=lambda case: hashlib.sha256(f"{seed}:{purpose}:{case.case_ref}".encode()).hexdigest())


def share_of(percent: int, count: int) -> int:
    """Return how many of `count` cases a whole percentage asks for: rounded up, at least one of any."""
    return min(count, max(1, math.ceil(percent * count / 100))) if count else 0


def _percent(value: Any, what: str) -> int:
    text = str(value).strip().removesuffix("%").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 100:
        raise ServiceError(f"{what}: expected a whole percentage from 1 to 100, got {str(value)!r}. Nothing has changed.")
    return int(text)


# --- double marking -----------------------------------------------------------------------------------


def second_assessor_of(case: SampledCase) -> int | None:
    """Return the user id of the case's blind second assessor, if it has one."""
    return SecondAssessment.objects.filter(case=case).values_list("assessor_id", flat=True).first()


def second_assessor_problem(inspection: Inspection, case: SampledCase, assessor: Any) -> str | None:
    """Return why someone may not make a case's second assessment, or None.

    An inspector or local assessor of the team, never the case's own assessor, never the lead inspector (who
    resolves the disagreements), and never someone the conflict-of-interest rules keep from the service."""
    # The person as stored now (their profile included), not as the caller read them: a conflict found since counts.
    membership = inspection.memberships.select_related("user__profile").filter(user=assessor).first()
    name = display_name(assessor)
    if membership is None or membership.role not in (Role.INSPECTOR, Role.LOCAL_ASSESSOR):
        return f"{name} is not an inspector or local assessor in this inspection: only they make second assessments."
    if case.assessor_id == assessor.pk:
        return f"{name} assesses case {case.case_ref} already: its second assessment needs someone else."
    if membership.user.is_superuser:
        return f"{name} is an administrator, who sees every case: a second assessment must be blind."
    return conflict_problem(membership.user, inspection)


def never_blind(inspection: Inspection) -> set[int]:
    """Return the user ids who can be neither of a double-marked case's two assessors: the lead inspectors (who
    resolve the disagreements) and administrators (who see every case)."""
    members = inspection.memberships.select_related("user")
    return {m.user_id for m in members if m.role == Role.LEAD or m.user.is_superuser}


def double_marking_problem(inspection: Inspection, case: SampledCase) -> str | None:
    """Return why a case may not be double-marked because of who assesses it (see never_blind), or None."""
    if case.assessor_id is not None and case.assessor_id in never_blind(inspection):
        return f"Case {case.case_ref} is assessed by the lead inspector or an administrator, who cannot assess blind: it cannot be double-marked."
    return None


def first_assessor_problem(case: SampledCase, assessor: Any) -> str | None:
    """Return why someone may not be a double-marked case's (first) assessor, or None: never its own second
    assessor, never someone who cannot assess blind."""
    second = second_assessor_of(case)
    if second is None:
        return None
    if second == assessor.pk:
        return f"{assessor.username} makes the blind second assessment of case {case.case_ref}: its first assessor must be someone else."
    if assessor.pk in never_blind(case.inspection):
        return (f"Case {case.case_ref} is double-marked: the lead inspector, who resolves its disagreements, or an "
                "administrator cannot be one of its two blind assessors.")  # fmt: skip
    return None


def _lock_case(case: SampledCase) -> SampledCase:
    inspection = case.inspection
    locked = SampledCase.objects.select_for_update().get(pk=case.pk)
    locked.inspection = inspection
    return locked


def _check_markable(case: SampledCase) -> None:
    if case.sample_state != SampleState.SAMPLED:
        raise ServiceError(f"Case {case.case_ref} is not in the sample: only sampled cases are double-marked.")
    if case.state == AssessmentState.ACCEPTED:
        raise ServiceError(f"Case {case.case_ref} has been accepted already: it can no longer be double-marked.")
    if SecondAssessment.objects.filter(case=case).exists():
        raise ServiceError(f"Case {case.case_ref} has a second assessment already.")


@transaction.atomic
def second_assessment_mark(*, by: Any, case: SampledCase, assessor: Any) -> SecondAssessment:
    """Mark a case for a blind second assessment by a chosen member of the team (the lead inspector's choice)."""
    case = _lock_case(case)
    _check_markable(case)
    if problem := double_marking_problem(case.inspection, case) or second_assessor_problem(case.inspection, case, assessor):
        raise ServiceError(problem)
    second = SecondAssessment.objects.create(case=case, assessor=assessor, chosen_by=SecondAssessment.ChosenBy.LEAD)
    history_record(case.inspection, by, f"case {case.case_ref}: {SECOND_ASSESSMENT} by", None, person(assessor), case=case)
    return second


@transaction.atomic
def double_marking_draw(*, by: Any, inspection: Inspection, percent: Any) -> list[str]:
    """Draw the inspection's share of sampled cases for a second assessment, reproducibly, and give each to
    the eligible assessor with the fewest second assessments; return the references newly marked.

    The share is of every sampled case, so drawing again after more cases are sampled tops it up; a case
    already double-marked counts towards it, one already accepted is passed over."""
    share = _percent(percent, "Share of cases double-marked")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.double_mark_percent != share:
        history_record(inspection, by, "share of cases double-marked", f"{inspection.double_mark_percent}%", f"{share}%")
        inspection.double_mark_percent = share
        inspection.save(update_fields=["double_mark_percent"])
    sampled = list(SampledCase.objects.select_for_update().filter(inspection=inspection, sample_state=SampleState.SAMPLED))
    if not sampled:
        raise ServiceError("There are no sampled cases to double-mark yet: draw or add the cases first.")
    marked = {s.case_id: s.assessor_id for s in SecondAssessment.objects.filter(case__inspection=inspection)}
    open_cases = [
        c
        for c in ranked(inspection, "double marking", sampled)
        if c.pk in marked or (c.state != AssessmentState.ACCEPTED and double_marking_problem(inspection, c) is None)
    ]
    wanted = open_cases[: max(0, share_of(share, len(sampled)))]
    members = [m.user for m in inspection.memberships.select_related("user", "user__profile").order_by("role", "user_id")]
    held: dict[int, int] = {m.pk: 0 for m in members}
    for assessor_id in marked.values():
        held[assessor_id] = held.get(assessor_id, 0) + 1
    added, problems = [], []
    for case in wanted:
        if case.pk in marked:
            continue
        case.inspection = inspection
        eligible = [m for m in members if second_assessor_problem(inspection, case, m) is None]
        if not eligible:
            problems.append(f"Case {case.case_ref}: nobody in the team may make its second assessment.")
            continue
        chosen = min(eligible, key=lambda m: held[m.pk])  # ties go to the first in the team's order
        held[chosen.pk] += 1
        SecondAssessment.objects.create(case=case, assessor=chosen, chosen_by=SecondAssessment.ChosenBy.DRAW)
        history_record(inspection, by, f"case {case.case_ref}: {SECOND_ASSESSMENT} by", None, person(chosen), case=case)
        added.append(case.case_ref)
    if problems:  # leaving by this error undoes the marks already made: all or none
        raise ServiceError(
            "No case was marked for a second assessment: add an inspector or local assessor who may assess them.", problems
        )
    if not added:
        raise ServiceError(f"{share}% of the sample is double-marked already: nothing has changed.")
    return added


@transaction.atomic
def second_assessment_remove(*, by: Any, case: SampledCase) -> None:
    """Take back a second assessment not yet submitted (its answers go with it; their history stays)."""
    case = _lock_case(case)
    second = SecondAssessment.objects.select_related("assessor").filter(case=case).first()
    if second is None:
        raise ServiceError(f"Case {case.case_ref} has no second assessment.")
    if second.submitted_at is not None:
        raise ServiceError(f"The second assessment of case {case.case_ref} has been submitted: it is kept.")
    history_record(case.inspection, by, f"case {case.case_ref}: {SECOND_ASSESSMENT} by", person(second.assessor), None, case=case)
    second.delete()


@dataclass(frozen=True)
class SecondAnswerChange:
    """One answer as the second assessment's form sends it, with the version the writer started from."""

    question_id: str
    value: str
    evidence: str
    expected_version: int


def _lock_second(second: SecondAssessment) -> SecondAssessment:
    locked = SecondAssessment.objects.select_for_update(of=("self",)).select_related("case", "case__inspection").get(pk=second.pk)
    if locked.case.sample_state != SampleState.SAMPLED:
        raise ServiceError(f"Case {locked.case.case_ref} is no longer in the sample: its second assessment is closed.")
    if locked.submitted_at is not None:
        raise ServiceError(
            f"The second assessment of case {locked.case.case_ref} has been submitted; it can no longer be changed."
        )
    return locked


@transaction.atomic
def second_answers_save(*, by: Any, second: SecondAssessment, changes: Sequence[SecondAnswerChange]) -> list[str]:
    """Save the second assessor's answers, all or none if any is bad; return the questions someone saved since
    (not saved, the newer answer shown). Recorded in the history, which only the lead inspector reads."""
    second = _lock_second(second)
    case = second.case
    asked = {q.id for q in programme_of(case.inspection).second_assessment_questions(case_record(case))}
    problems = []
    for change in changes:
        if change.question_id not in asked:
            problems.append(f"{change.question_id} is not a question of this case's second assessment.")
        elif change.value not in ANSWER_VALUES and change.value != "":
            problems.append(f"{change.question_id}: {change.value!r} is not an answer: choose yes, no or not applicable.")
        elif problem := text_problem(f"Evidence for {change.question_id}", change.evidence, EVIDENCE_MAX_CHARS):
            problems.append(problem)
    if problems:
        raise ServiceError("Nothing was saved.", problems)
    stale = []
    for change in changes:
        try:  # in its own savepoint: a stale answer is refused alone, the others are saved
            versioned_update(
                SecondAnswer,
                where={"second": second, "question_id": change.question_id},
                create=True,
                by=by,
                expected_version=change.expected_version,
                changes={"value": change.value, "evidence": change.evidence},
                history={
                    "value": f"case {case.case_ref}: {SECOND_ASSESSMENT} answer {change.question_id}",
                    "evidence": f"case {case.case_ref}: {SECOND_ASSESSMENT} evidence {change.question_id}",
                },
                inspection=case.inspection,
                case=case,
                save_unchanged=False,
            )
        except StaleWriteError:
            stale.append(change.question_id)
    return stale


def second_assessment_gaps(second: SecondAssessment) -> list[str]:
    """List the questions the second assessor has still to answer."""
    case = second.case
    given = {a.question_id: a.value for a in second.answers.all()}
    questions = programme_of(case.inspection).second_assessment_questions(case_record(case))
    return [f"Answer {q.id}: {q.text}" for q in questions if not given.get(q.id)]


@transaction.atomic
def second_assessment_submit(*, by: Any, second: SecondAssessment) -> None:
    """Submit a complete second assessment: from now on it cannot change, and the lead inspector compares it."""
    second = _lock_second(second)
    if gaps := second_assessment_gaps(second):
        raise ServiceError(f"The second assessment of case {second.case.case_ref} is not complete yet.", gaps)
    second.submitted_at = timezone.now()
    second.save(update_fields=["submitted_at"])
    history_record(
        second.case.inspection, by, f"case {second.case.case_ref}: {SECOND_ASSESSMENT}", "open", "submitted", case=second.case
    )
    first_answers_keep(second.case)


@dataclass(frozen=True)
class Comparison:
    """One rated question of a double-marked case: the first assessor's answer as both assessments were first done,
    the second's, the case's answer now (the rated one), and the lead's resolution if any."""

    question_id: str
    text: str
    first_original: str  # the first assessor's answer when both were done (SecondAssessment.first_answers)
    first: str  # the case's answer now: the first assessor's, changed after a return, or the lead's resolution
    first_evidence: str
    second: str
    second_evidence: str
    resolution: AnswerResolution | None

    @property
    def differs(self) -> bool:
        """Return whether the two assessors answered this question differently (both having answered it)."""
        return bool(self.first_original and self.second) and self.first_original != self.second

    @property
    def unresolved(self) -> bool:
        """Return whether the difference still waits for the lead: no resolution, or the case's answer changed since.
        A first assessor who changes their answer after a return does not settle it: the lead still says why."""
        if not self.differs:
            return False
        return self.resolution is None or self.resolution.resolved_value != self.first


def first_answers_keep(case: SampledCase) -> None:
    """Keep the first assessor's answers once both assessments are done (the case complete, the second submitted),
    the first time only: the comparison and the agreement figures read these, not answers changed after a return."""
    second = SecondAssessment.objects.select_for_update(of=("self",)).filter(case=case).first()
    if second is None or second.submitted_at is None or second.first_answers is not None:
        return
    if SampledCase.objects.filter(pk=case.pk, state__in=(AssessmentState.COMPLETE, AssessmentState.ACCEPTED)).exists():
        second.first_answers = dict(Answer.objects.filter(case=case).exclude(value="").values_list("question_id", "value"))
        second.save(update_fields=["first_answers"])


def comparison(case: SampledCase) -> list[Comparison]:
    """Return the case's rated questions side by side, once both assessments are done (nothing before): a question
    the case's current judgement leaves out of its rating is not compared (its answer is never rated)."""
    second = SecondAssessment.objects.select_related("case", "case__inspection").filter(case=case).first()
    if second is None or second.first_answers is None:
        return []
    case = second.case  # as stored: which questions are rated follows the case's judgements now, not a caller's copy
    record = case_record(case)
    rated = {q.id for q in programme_of(case.inspection).rated_questions(record)}
    firsts = {a.question_id: a for a in Answer.objects.filter(case=case)}
    seconds = {a.question_id: a for a in second.answers.all()}
    resolutions = {r.question_id: r for r in AnswerResolution.objects.filter(case=case)}
    found = []
    for question in programme_of(case.inspection).second_assessment_questions(record):
        original = str(second.first_answers.get(question.id, ""))
        if question.id not in rated or not original:
            continue
        first, other, resolution = firsts.get(question.id), seconds.get(question.id), resolutions.get(question.id)
        found.append(Comparison(
            question.id, question.text, original, first.value if first else "", first.evidence if first else "",
            other.value if other else "", other.evidence if other else "",
            resolution if resolution is not None and resolution.second_value == (other.value if other else "") else None,
        ))  # fmt: skip
    return found


def double_marking_gaps(case: SampledCase) -> list[str]:
    """List what double marking still needs before the lead inspector may accept a case (nothing if not double-marked)."""
    second = SecondAssessment.objects.select_related("assessor").filter(case=case).first()
    if second is None:
        return []
    if second.submitted_at is None:
        name = display_name(second.assessor)
        return [f"Case {case.case_ref} is double-marked: {name} has not submitted its second assessment yet."]
    if second.first_answers is None:  # a complete case's answers are kept as soon as both are done
        return [f"Case {case.case_ref} is double-marked: its first assessment is not complete yet."]
    waiting = [c.question_id for c in comparison(case) if c.unresolved]
    if waiting:
        return [
            f"Case {case.case_ref} is double-marked: resolve the disagreement on {', '.join(waiting)} first (compare the two assessments)."
        ]
    return []


@transaction.atomic
def disagreement_resolve(*, by: Any, case: SampledCase, question_id: str, value: str, reason: str) -> None:
    """Resolve a question the two assessors answered differently: the lead's answer becomes the case's rated
    answer, with the reason; both originals stay in the resolution and in the history."""
    case = _lock_case(case)
    second = SecondAssessment.objects.filter(case=case).first()
    if second is None or second.submitted_at is None:
        raise ServiceError(f"Case {case.case_ref} has no submitted second assessment to compare.")
    if case.state != AssessmentState.COMPLETE:
        raise ServiceError(
            f"Case {case.case_ref} is {case.get_state_display().lower()}: disagreements are resolved while it waits for review."
        )
    found = next((c for c in comparison(case) if c.question_id == question_id), None)
    if found is None or not found.differs:
        raise ServiceError(
            f"The two assessors of case {case.case_ref} did not answer {question_id} differently: there is nothing to resolve."
        )
    if value not in ANSWER_VALUES:
        raise ServiceError(f"{value!r} is not an answer: choose yes, no or not applicable.")
    reason = reason.strip()
    if not reason:
        raise ServiceError(f"Say why {question_id} is resolved as {ANSWER_WORDS[value]}: the reason is kept with both answers.")
    if problem := text_problem(f"The reason for {question_id}", reason, COMMENT_MAX_CHARS):
        raise ServiceError(problem)
    AnswerResolution.objects.update_or_create(
        case=case,
        question_id=question_id,
        defaults={"first_value": found.first_original, "second_value": found.second, "resolved_value": value,
                  "reason": reason, "resolved_by": by},
    )  # fmt: skip
    answer = Answer.objects.select_for_update().get(case=case, question_id=question_id)
    history_record(
        case.inspection, by, f"case {case.case_ref}: answer {question_id} resolved",
        f"first assessor: {ANSWER_WORDS[found.first_original]}; second assessor: {ANSWER_WORDS[found.second]}",
        f"{ANSWER_WORDS[value]}, because {reason}", case=case,
    )  # fmt: skip
    if answer.value != value:
        answer.value, answer.version, answer.updated_by = value, answer.version + 1, by
        answer.save(update_fields=["value", "version", "updated_by", "updated_at"])


# --- quality dip-sampling ------------------------------------------------------------------------------

_REVIEWABLE = (AssessmentState.COMPLETE, AssessmentState.ACCEPTED)


def quality_sample(inspection: Inspection) -> dict[Any, list[SampledCase]]:
    """Return each assessor's completed cases the quality lead dip-samples: the inspection's share of them,
    at least one, drawn reproducibly (`ranked`), by assessor."""
    done = SampledCase.objects.filter(inspection=inspection, sample_state=SampleState.SAMPLED, state__in=_REVIEWABLE)
    by_assessor: dict[Any, list[SampledCase]] = {}
    for case in done.exclude(assessor=None).select_related("assessor").order_by("case_ref"):
        by_assessor.setdefault(case.assessor, []).append(case)
    share = inspection.quality_sample_percent
    return {
        assessor: sorted(
            ranked(inspection, f"quality {assessor.pk}", cases)[: share_of(share, len(cases))], key=lambda c: c.case_ref
        )
        for assessor, cases in sorted(by_assessor.items(), key=lambda item: item[0].username)
    }


@transaction.atomic
def quality_share_save(*, by: Any, inspection: Inspection, percent: Any) -> None:
    """Set the share of each assessor's completed cases the quality lead dip-samples."""
    share = _percent(percent, "Share of each assessor's cases dip-sampled")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if share == inspection.quality_sample_percent:
        return
    history_record(inspection, by, "share of cases dip-sampled for quality", f"{inspection.quality_sample_percent}%", f"{share}%")
    inspection.quality_sample_percent = share
    inspection.save(update_fields=["quality_sample_percent"])


@transaction.atomic
def quality_review_save(*, by: Any, case: SampledCase, verdicts: Mapping[str, tuple[str, str]]) -> int:
    """Record the quality lead's agree / disagree (with a reason) on answers of a dip-sampled case, all or none;
    return how many were recorded. Separate from the lead inspector's review: the case's answers and state stay."""
    case = _lock_case(case)
    if case.state not in _REVIEWABLE or not any(case.pk == c.pk for c in quality_sample(case.inspection).get(case.assessor, [])):
        raise ServiceError(f"Case {case.case_ref} is not in this inspection's quality dip-sample: nothing has changed.")
    rated = [q.id for q in programme_of(case.inspection).case_questions()]  # prompts inform the narrative, never a rating
    answers = {a.question_id: a.value for a in Answer.objects.filter(case=case, question_id__in=rated).exclude(value="")}
    problems, given = [], {}
    for question_id, (verdict, written) in verdicts.items():
        if not verdict:
            continue
        reason = written.strip()
        if question_id not in answers:
            problems.append(f"{question_id} is not answered in case {case.case_ref}: there is nothing to review.")
        elif verdict not in ("agree", "disagree"):
            problems.append(f"{question_id}: {verdict!r} is not a verdict: choose agree or disagree.")
        elif verdict == "disagree" and not reason:
            problems.append(f"{question_id}: say why you disagree.")
        elif problem := text_problem(f"The reason for {question_id}", reason, COMMENT_MAX_CHARS):
            problems.append(problem)
        else:
            given[question_id] = (verdict == "agree", reason)
    if problems:
        raise ServiceError("No quality review was saved: nothing has changed.", problems)
    if not given:
        raise ServiceError("Choose agree or disagree for at least one answer: nothing has changed.")
    for question_id, (agrees, reason) in given.items():
        QualityReview.objects.update_or_create(
            case=case, question_id=question_id,
            defaults={"answer_value": answers[question_id], "assessor": case.assessor, "agrees": agrees, "reason": reason, "reviewer": by},
        )  # fmt: skip
        history_record(
            case.inspection, by, f"case {case.case_ref}: quality review of {question_id}", ANSWER_WORDS[answers[question_id]],
            "agrees" if agrees else f"disagrees: {reason}", case=case,
        )  # fmt: skip
    return len(given)
