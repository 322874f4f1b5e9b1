"""Assessing cases: allocation, the inspector's case facts and answers, completion and review."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    Classification,
    Inspection,
    Role,
    SampledCase,
    SampleState,
    SecondAssessment,
)
from yjinspect.web.inspections.selectors import case_record, eligible_assessors, programme_of
from yjinspect.web.inspections.services.agreement import (
    double_marking_gaps,
    first_answers_keep,
    first_assessor_problem,
    never_blind,
)
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

CASE_FACTS = (
    "harm_factors",
    "safety_wellbeing_factors",
    "inspector_rosh",
    "inspector_safety_wellbeing",
    "practice_example",
    "pseudonym",
    "real_names",
    "offence_type",
    "setting",
)
# What the history calls each judgement (never the field's code).
CASE_FACT_WORDS = {
    "harm_factors": "factors related to harm",
    "safety_wellbeing_factors": "safety and wellbeing factors",
    "inspector_rosh": "inspector's risk of serious harm classification",
    "inspector_safety_wellbeing": "inspector's safety and wellbeing classification",
    "practice_example": "practice example",
    "pseudonym": "pseudonym",
    "real_names": "real names",
    "offence_type": "offence type",
    "setting": "setting",
}


_EDITABLE_STATES = (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS, AssessmentState.RETURNED)


@transaction.atomic
def case_allocate(*, by: Any, case: SampledCase, assessor: Any | None) -> None:
    """Allocate a sampled case to an inspector or local assessor of the team (or none)."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if assessor is not None:
        membership = case.inspection.memberships.filter(user=assessor).first()
        if membership is None or membership.role not in (Role.LEAD, Role.INSPECTOR, Role.LOCAL_ASSESSOR):
            raise ServiceError(f"{assessor.username} is not an inspector or local assessor in this inspection.")
        if problem := conflict_problem(assessor, case.inspection):
            raise ServiceError(problem)
        if problem := first_assessor_problem(case, assessor):
            raise ServiceError(problem)
    old = person(case.assessor)
    case.assessor = assessor
    case.save(update_fields=["assessor"])
    history_record(case.inspection, by, f"case {case.case_ref} allocated", old, person(assessor), case=case)


@transaction.atomic
def allocation_save(*, by: Any, inspection: Inspection, choices: Mapping[str, str]) -> int:
    """Allocate every sampled case whose assessor the form changed, all or none; return how many changed.

    `choices` maps "case-<case id>" to a team member's user id ("" for nobody); ids of cases not
    sampled in this inspection are ignored, and anyone outside the team is refused, not taken as
    nobody. One refused allocation refuses them all, each problem named."""
    members = {str(u.pk): u for u in get_user_model().objects.filter(memberships__inspection=inspection)}
    changed, problems = 0, []
    for case in inspection.cases.filter(sample_state=SampleState.SAMPLED).select_related("assessor"):
        chosen = choices.get(f"case-{case.pk}")
        if chosen is None or chosen == str(case.assessor_id or ""):
            continue
        if chosen and chosen not in members:
            problems.append(f"{case.case_ref}: {chosen!r} is not a member of this inspection's team.")
            continue
        try:
            case_allocate(by=by, case=case, assessor=members.get(chosen))
        except ServiceError as error:
            problems.append(f"{case.case_ref}: {error}")
        else:
            changed += 1
    if problems:  # leaving the transaction by this error undoes the allocations already made
        raise ServiceError("No allocation was saved: nothing has changed.", problems)
    return changed


@transaction.atomic
def allocation_spread_evenly(*, by: Any, inspection: Inspection) -> int:
    """Allocate every unallocated sampled case across the team's assessors, evenly; return how many were allocated.

    The assessors are the lead inspectors, inspectors and local assessors the conflict rules allow
    (`selectors.eligible_assessors`). Each case goes to whoever holds the fewest sampled cases so far,
    counting those they already hold, so the counts end up differing by at most one unless someone
    already held more than an even share: no case is taken from anyone who may assess it. A case not
    yet accepted whose assessor may no longer assess it (a conflict of interest found later, a role
    changed) is allocated again with the rest; its answers stay with the case. The lead adjusts afterwards."""
    assessors = [uid for uid, _, _ in eligible_assessors(inspection)]
    # Lock the cases alone: their assessor is the nullable side of an outer join, which PostgreSQL will not lock.
    sampled = SampledCase.objects.select_for_update(of=("self",)).filter(inspection=inspection, sample_state=SampleState.SAMPLED)
    cases = list(sampled.select_related("assessor").order_by("population", "draw_position"))
    waiting = [
        c for c in cases if c.assessor_id is None or (c.assessor_id not in assessors and c.state != AssessmentState.ACCEPTED)
    ]
    if not waiting:
        raise ServiceError("Every sampled case is already allocated: nothing has changed.")
    if not assessors:
        raise ServiceError("Nobody in the team may be allocated cases: add a lead inspector, inspector or local assessor first.")
    held = dict.fromkeys(assessors, 0)
    for case in cases:
        if case.assessor_id in held:
            held[case.assessor_id] += 1
    people = get_user_model().objects.in_bulk(assessors)
    seconds = dict(SecondAssessment.objects.filter(case__in=waiting).values_list("case_id", "assessor_id"))
    blind_barred = never_blind(inspection)  # never a double-marked case's first assessor (first_assessor_problem)
    for case in waiting:
        # Ties go to the first in the team's order; a case's blind second assessor is never its first.
        candidates = [
            uid for uid in assessors if uid != seconds.get(case.pk) and not (case.pk in seconds and uid in blind_barred)
        ]
        if not candidates:
            raise ServiceError(f"Case {case.case_ref}: nobody but its second assessor may assess it. Nothing has changed.")
        chosen = min(candidates, key=lambda uid: held[uid])
        held[chosen] += 1
        before = person(case.assessor)
        case.assessor = people[chosen]
        case.save(update_fields=["assessor"])
        history_record(inspection, by, f"case {case.case_ref} allocated", before, person(people[chosen]), case=case)
    return len(waiting)


@transaction.atomic
def cases_accept(*, by: Any, inspection: Inspection, case_ids: list[str]) -> list[str]:
    """Accept several completed cases at once, all or none; return their references.

    A case that is not waiting for review (not complete) refuses the whole request, named, and nothing changes."""
    if not case_ids:
        raise ServiceError("Choose the cases to accept: no case was chosen, nothing has changed.")
    wanted = {i for i in case_ids if i.isdigit()}
    if unknown := sorted(set(case_ids) - wanted, key=str):
        raise ServiceError(
            "No case was accepted: nothing has changed.", [f"{u!r} is not a case of this inspection." for u in unknown]
        )
    rows = SampledCase.objects.select_for_update().filter(inspection=inspection, sample_state=SampleState.SAMPLED)
    chosen = list(rows.filter(pk__in=[int(i) for i in wanted]).order_by("case_ref"))
    problems = [f"{i!r} is not a sampled case of this inspection." for i in sorted(wanted - {str(c.pk) for c in chosen})]
    problems += [
        f"Case {c.case_ref} is {c.get_state_display().lower()}, not complete: only complete cases can be accepted."
        for c in chosen
        if c.state != AssessmentState.COMPLETE
    ]
    problems += [gap for c in chosen if c.state == AssessmentState.COMPLETE for gap in double_marking_gaps(c)]
    if problems:
        raise ServiceError("No case was accepted: nothing has changed.", problems)
    for case in chosen:
        _review_record(by, inspection, case, AssessmentState.ACCEPTED, "")
    return [c.case_ref for c in chosen]


def _check_editable(case: SampledCase) -> None:
    if case.state not in _EDITABLE_STATES:
        raise ServiceError(f"Case {case.case_ref} is {case.get_state_display().lower()}; it can no longer be changed.")


@transaction.atomic
def case_facts_save(
    *, by: Any, case: SampledCase, changes: dict[str, Any], expected_version: int, base: Mapping[str, Any] | None = None
) -> SampledCase:
    """Save the inspector's case-level judgements; refuse if someone saved them since.

    Given `base` (the judgements as the writer's page had them), a save is refused only if a colleague
    changed one of the judgements this writer changes: a change to the offence type goes through a
    colleague's change to the harm factors, and saves the writer's changes alone."""
    if base is not None:
        locked = SampledCase.objects.select_for_update().get(pk=case.pk)
        if locked.version != expected_version:
            mine = {name: value for name, value in changes.items() if name in base and base[name] != value}
            theirs = {name for name in base if name in CASE_FACTS and getattr(locked, name) != base[name]}
            if not set(mine) & theirs:
                changes, expected_version = mine, locked.version

    def checked(_: SampledCase) -> dict[str, Any]:
        for name, value in changes.items():
            if name not in CASE_FACTS:
                raise ServiceError(f"{name} is not a case fact.")
            if name in ("inspector_rosh", "inspector_safety_wellbeing") and value not in ("", *Classification.values):
                raise ServiceError(f"{value!r} is not a classification: choose low, medium, high or very high.")
            limit = getattr(SampledCase._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit is not None and len(value) > limit:
                raise ServiceError(f"{name.replace('_', ' ')}: {len(value)} characters long; at most {limit}.")
            if name == "setting" and value not in ("", *_settings(case.inspection)):
                raise ServiceError(
                    f"{value!r} is not a setting of this programme: choose {' or '.join(_settings(case.inspection))}."
                )
        return changes

    case = versioned_update(
        SampledCase,
        where={"pk": case.pk},
        by=by,
        expected_version=expected_version,
        check=_check_editable,
        changes=checked,
        history={name: f"case {case.case_ref}: {CASE_FACT_WORDS.get(name, name.replace('_', ' '))}" for name in CASE_FACTS},
        inspection=case.inspection,
        case=case,
        savepoint=False,  # this service is the atomic block (case_form_save catches a stale save here)
    )
    if case.state == AssessmentState.NOT_STARTED:
        case.state = AssessmentState.IN_PROGRESS
        case.save(update_fields=["state"])
    return case


@transaction.atomic
def answer_save(*, by: Any, case: SampledCase, question_id: str, value: str, evidence: str, expected_version: int) -> Answer:
    """Save one answer and its evidence note; refuse a stale save and return the newer answer with it."""
    # Lock the case row alone (its state and facts may have changed since the caller read it); its
    # inspection is the one the caller's access check read: every autosave comes through here.
    inspection = case.inspection
    case = SampledCase.objects.select_for_update().get(pk=case.pk)
    case.inspection = inspection
    _check_editable(case)
    problem = programme_of(case.inspection).question_problem(case_record(case), question_id)
    if problem:
        raise ServiceError(problem)
    if value not in ANSWER_VALUES and value != "":
        raise ServiceError(f"{value!r} is not an answer: choose yes, no or not applicable.")
    if problem := text_problem(f"Evidence for {question_id}", evidence, EVIDENCE_MAX_CHARS):
        raise ServiceError(problem)
    answer = versioned_update(
        Answer,
        where={"case": case, "question_id": question_id},
        create=True,
        by=by,
        expected_version=expected_version,
        changes={"value": value, "evidence": evidence},
        history={
            "value": f"case {case.case_ref}: answer {question_id}",
            "evidence": f"case {case.case_ref}: evidence {question_id}",
        },
        inspection=case.inspection,
        case=case,
        saved_by="updated_by",
        save_unchanged=False,  # a form sends every answer back: one it did not change keeps its version
        savepoint=False,  # this service is the atomic block (case_form_save catches a stale answer here)
    )
    if case.state == AssessmentState.NOT_STARTED:
        case.state = AssessmentState.IN_PROGRESS
        case.save(update_fields=["state"])
    return answer


@dataclass(frozen=True)
class AnswerChange:
    """One answer as a form sends it, with the version the writer started from."""

    question_id: str
    value: str
    evidence: str
    expected_version: int


@transaction.atomic
def case_form_save(
    *,
    by: Any,
    case: SampledCase,
    facts: dict[str, Any] | None,
    facts_version: int,
    facts_label: str,
    answers: Callable[[SampledCase], list[AnswerChange]],
) -> list[str]:
    """Save everything a case's plain form changed, in one transaction; return the parts that were stale.

    The facts first (if given), then the answers `answers` lists for the case as the facts left it.
    A part someone saved since the writer loaded it is not saved and is named in the result (the
    rest is saved); a bad value anywhere refuses the whole form, with nothing saved."""
    stale: list[str] = []
    if facts is not None:
        try:
            case = case_facts_save(by=by, case=case, changes=facts, expected_version=facts_version)
        except StaleWriteError:
            stale.append(facts_label)
    case = SampledCase.objects.select_related("inspection").get(pk=case.pk)
    for change in answers(case):
        try:
            answer_save(
                by=by,
                case=case,
                question_id=change.question_id,
                value=change.value,
                evidence=change.evidence,
                expected_version=change.expected_version,
            )
        except StaleWriteError:
            stale.append(change.question_id)
    return stale


def case_gaps(case: SampledCase) -> list[str]:
    """List what is missing before a case can be marked complete (the programme says what a case needs)."""
    return programme_of(case.inspection).case_gaps(case_record(case))


def _settings(inspection: Inspection) -> list[str]:
    return [setting for setting, _ in programme_of(inspection).case_settings()]


@transaction.atomic
def case_add(*, by: Any, inspection: Inspection, case_ref: str, setting: str = "") -> SampledCase:
    """Add an inspected case to an inspection whose programme has no data return or draw."""
    programme = programme_of(inspection)
    if programme.has_data_return:
        raise ServiceError("Cases of this inspection come from the sample; draw it on the sample page.")
    settings = _settings(inspection)
    case_ref = case_ref.strip()
    if not case_ref:
        raise ServiceError("Case reference: enter the case's reference.")
    if len(case_ref) > (limit := SampledCase._meta.get_field("case_ref").max_length or 0):
        raise ServiceError(f"Case reference: {len(case_ref)} characters long; at most {limit}.")
    if inspection.cases.filter(case_ref=case_ref).exists():
        raise ServiceError(f"Case {case_ref} is already in this inspection.")
    if setting not in ("", *settings):
        raise ServiceError(f"{setting!r} is not a setting of this programme: choose {' or '.join(settings)}.")
    case = SampledCase.objects.create(
        inspection=inspection,
        case_ref=case_ref,
        population="",
        disposal_type="",
        gender="",
        service_rosh="",
        service_safety_wellbeing="",
        draw_position=inspection.cases.count(),
        sample_state=SampleState.SAMPLED,
        setting=setting,
    )
    history_record(inspection, by, f"case {case_ref} added", None, setting or "added", case=case)
    return case


@transaction.atomic
def case_mark_complete(*, by: Any, case: SampledCase) -> None:
    """Mark a case ready for the lead inspector's review; refuse with everything that is missing."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    _check_editable(case)
    gaps = case_gaps(case)
    if gaps:
        raise ServiceError(f"Case {case.case_ref} is not complete yet.", gaps)
    history_record(case.inspection, by, f"case {case.case_ref}: state", case.state, AssessmentState.COMPLETE, case=case)
    case.state = AssessmentState.COMPLETE
    case.save(update_fields=["state"])
    first_answers_keep(case)  # a double-marked case whose second assessment is in: the two are compared from now


@transaction.atomic
def case_review(*, by: Any, case: SampledCase, accept: bool, comment: str) -> None:
    """Accept a completed case, or return it to its assessor with comments."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if case.state != AssessmentState.COMPLETE:
        raise ServiceError(f"Case {case.case_ref} is not waiting for review.")
    if not accept and not comment.strip():
        raise ServiceError("Say what needs to change when returning a case.")
    if problem := text_problem(f"The review comment on case {case.case_ref}", comment.strip(), COMMENT_MAX_CHARS):
        raise ServiceError(problem)
    if accept and (gaps := double_marking_gaps(case)):
        raise ServiceError(f"Case {case.case_ref} cannot be accepted yet.", gaps)
    _review_record(by, case.inspection, case, AssessmentState.ACCEPTED if accept else AssessmentState.RETURNED, comment.strip())


def _review_record(by: Any, inspection: Inspection, case: SampledCase, new: str, comment: str) -> None:
    """Record the lead inspector's review of a locked, complete case (one case, or one of several accepted at once)."""
    history_record(inspection, by, f"case {case.case_ref}: review", case.state, f"{new}: {comment}".rstrip(": "), case=case)
    case.state, case.review_comment = new, comment
    case.save(update_fields=["state", "review_comment"])
