"""Every write to an inspection: checks the rules, records history, refuses stale writes.

Views call exactly one service per request. Services take keyword arguments, run in a transaction,
and raise ServiceError (with a message for the person) instead of saving anything partly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.engine.answers import Answer as EngineAnswer
from yjinspect.engine.discretion import PanelDecision as EnginePanelDecision
from yjinspect.engine.framework import Population, Rating
from yjinspect.engine.legacy.framework import load_legacy_framework, shipped_legacy_ids
from yjinspect.engine.loading import load_framework, shipped_framework_ids
from yjinspect.engine.rating import NOT_RATED, PanelDecisionError, rate_inspection
from yjinspect.engine.sampling import CaseloadRow as EngineRow
from yjinspect.engine.sampling import SamplingError, draw_sample
from yjinspect.importing.caseload import CaseloadError, parse_caseload
from yjinspect.importing.contextual_facts import check_facts
from yjinspect.importing.spreadsheet import SpreadsheetError, xlsx_to_csv
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    CaseloadRow,
    Classification,
    ContextualFacts,
    HistoryEntry,
    Inspection,
    Membership,
    PanelDecision,
    Role,
    SampledCase,
    SampleState,
    TeamRating,
)
from yjinspect.web.inspections.selectors import applicable_questions, engine_inputs, is_legacy

ANSWER_VALUES = {a.value for a in EngineAnswer}


class ServiceError(Exception):
    """A request the rules refuse; the message is for the person who made it."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class StaleWriteError(ServiceError):
    """Someone saved this since the writer loaded it; carries the newer value so nothing is lost."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("Someone else saved a newer version of this. It is shown now; your change was not saved.")
        self.current = current


def _record(inspection: Inspection, by: Any, what: str, old: Any, new: Any, *, case: SampledCase | None = None) -> None:
    HistoryEntry.objects.create(inspection=inspection, case=case, user=by, what=what, old=_text(old), new=_text(new))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --- set-up ---------------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(*, by: Any, service: Service, framework_id: str, announced_on: date, fieldwork_start: date) -> Inspection:
    """Create an inspection of a service under a shipped framework or earlier programme."""
    if framework_id not in shipped_legacy_ids():
        load_framework(framework_id)  # raises FrameworkError for an unknown id
    if fieldwork_start < announced_on:
        raise ServiceError("Fieldwork cannot start before the inspection is announced.")
    inspection = Inspection.objects.create(
        service=service, framework_id=framework_id, announced_on=announced_on, fieldwork_start=fieldwork_start
    )
    ContextualFacts.objects.create(inspection=inspection)
    _record(inspection, by, "inspection created", None, f"{service.name}, {framework_id}, fieldwork {fieldwork_start}")
    return inspection


@transaction.atomic
def inspection_create_from_form(*, by: Any, service: str, framework: str, announced_on: str, fieldwork_start: str) -> Inspection:
    """Check the set-up form's text and create the inspection; every problem is listed at once."""
    problems = []
    if not service:
        problems.append("Service: enter the name of the service being inspected.")
    if framework not in (known := [*shipped_framework_ids(), *shipped_legacy_ids()]):
        problems.append(f"Framework: choose one of {', '.join(known)}.")
    dates: dict[str, date] = {}
    for name, label, value in (
        ("announced_on", "Announcement date", announced_on),
        ("fieldwork_start", "Fieldwork start", fieldwork_start),
    ):
        try:
            dates[name] = date.fromisoformat(value)
        except ValueError:
            problems.append(f"{label}: {value!r} is not a date (expected YYYY-MM-DD).")
    if problems:
        raise ServiceError("The inspection was not set up.", problems)
    record, _ = Service.objects.get_or_create(name=service)
    return inspection_create(by=by, service=record, framework_id=framework, **dates)


@transaction.atomic
def membership_set(*, by: Any, inspection: Inspection, user: Any, role: str) -> Membership:
    """Give a person a role in the inspection team (replacing any role they had)."""
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}.")
    if role == Role.PANEL and not (getattr(user, "profile", None) and user.profile.panel_member):
        raise ServiceError(f"{user.get_full_name() or user.username} is not a ratings panel member.")
    membership, created = Membership.objects.get_or_create(inspection=inspection, user=user, defaults={"role": role})
    old = None if created else membership.role
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    _record(inspection, by, f"team: {user.username}", old, role)
    return membership


# --- data return ----------------------------------------------------------------------------------


def caseload_text(filename: str, content: bytes) -> str:
    """Return CSV text from an uploaded CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        try:
            return xlsx_to_csv(content, source=filename)
        except SpreadsheetError as error:
            raise ServiceError(str(error)) from error
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError(f"{filename}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'.") from error


@transaction.atomic
def caseload_upload(*, by: Any, inspection: Inspection, filename: str, content: bytes) -> int:
    """Replace the eligible caseload with an uploaded file; any problem rejects the whole file."""
    _standards_only(inspection, "caseload data return")
    # Re-read under a lock: the caller's copy may predate the sample being confirmed.
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.sample_locked_at is not None:
        raise ServiceError("The sample is confirmed, so the caseload can no longer be replaced.")
    framework = load_framework(inspection.framework_id)
    try:
        rows = parse_caseload(caseload_text(filename, content), framework, source=filename)
    except CaseloadError as error:
        raise ServiceError(f"{filename} was not imported: nothing has changed.", error.problems) from error
    before = inspection.caseload.count()
    inspection.caseload.all().delete()
    CaseloadRow.objects.bulk_create(
        CaseloadRow(
            inspection=inspection,
            row=r.row,
            case_ref=r.case_id,
            population=r.population.value,
            disposal_type=r.disposal_type,
            disposal_date=r.disposal_date,
            gender=r.gender,
            rosh=r.rosh,
            safety_wellbeing=r.safety_wellbeing,
        )
        for r in rows
    )
    _record(inspection, by, f"caseload uploaded ({filename})", f"{before} rows", f"{len(rows)} rows")
    return len(rows)


@transaction.atomic
def facts_save(*, by: Any, inspection: Inspection, data: dict[str, str], expected_version: int) -> ContextualFacts:
    """Save the contextual facts; every figure must be a whole number (percentages 0-100)."""
    facts = ContextualFacts.objects.select_for_update().get(inspection=inspection)
    if facts.version != expected_version:
        raise StaleWriteError({"data": facts.data, "version": facts.version})
    clean, problems = check_facts(data)
    if problems:
        raise ServiceError("The contextual facts were not saved: nothing has changed.", problems)
    _record(inspection, by, "contextual facts", facts.data, clean)
    facts.data, facts.version = clean, facts.version + 1
    facts.save()
    return facts


# --- sample ---------------------------------------------------------------------------------------


@transaction.atomic
def sample_draw(*, by: Any, inspection: Inspection, seed: int) -> None:
    """Draw (or redraw, until it is confirmed) the stratified sample from the caseload."""
    _standards_only(inspection, "sample draw")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.sample_locked_at is not None:
        raise ServiceError("The sample is confirmed and locked; replace individual cases instead.")
    framework = load_framework(inspection.framework_id)
    rows = [
        EngineRow(
            r.row, r.case_ref, Population(r.population), r.disposal_type, r.disposal_date, r.gender, r.rosh, r.safety_wellbeing
        )
        for r in inspection.caseload.all()
    ]
    if not rows:
        raise ServiceError("There is no caseload to sample from yet: the service uploads it in the data return.")
    try:
        draw = draw_sample(framework, rows, fieldwork_start=inspection.fieldwork_start, seed=seed)
    except SamplingError as error:
        raise ServiceError("The sample could not be drawn.", error.problems) from error
    by_ref = {r.case_id: r for r in rows}
    inspection.cases.all().delete()
    cases = []
    for part in draw.populations.values():
        for position, ref in enumerate((*part.sample, *part.reserves)):
            row = by_ref[ref]
            cases.append(
                SampledCase(
                    inspection=inspection,
                    case_ref=ref,
                    population=part.population.value,
                    disposal_type=row.disposal_type,
                    gender=row.gender,
                    service_rosh=row.rosh,
                    service_safety_wellbeing=row.safety_wellbeing,
                    draw_position=position,
                    sample_state=SampleState.SAMPLED if position < part.sample_size else SampleState.RESERVE,
                )
            )
    SampledCase.objects.bulk_create(cases)
    old_seed, inspection.sample_seed = inspection.sample_seed, seed
    inspection.save(update_fields=["sample_seed"])
    sizes = ", ".join(f"{p.population.label}: {p.sample_size} of {p.eligible}" for p in draw.populations.values())
    _record(inspection, by, "sample drawn", f"seed {old_seed}" if old_seed is not None else None, f"seed {seed}; {sizes}")


@transaction.atomic
def sample_confirm(*, by: Any, inspection: Inspection) -> None:
    """Confirm and lock the sample: from now on only recorded substitutions change it."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.sample_seed is None:
        raise ServiceError("Draw the sample before confirming it.")
    if inspection.sample_locked_at is not None:
        raise ServiceError("The sample is already confirmed.")
    inspection.sample_locked_at, inspection.sample_locked_by = timezone.now(), by
    inspection.save(update_fields=["sample_locked_at", "sample_locked_by"])
    _record(inspection, by, "sample confirmed and locked", None, f"seed {inspection.sample_seed}")


@transaction.atomic
def case_replace(*, by: Any, case: SampledCase, reason: str) -> SampledCase:
    """Replace an ineligible sampled case by the next reserve of its population, recording why."""
    if not reason.strip():
        raise ServiceError("Say why the case is being replaced: the reason is kept in the record.")
    case = SampledCase.objects.select_for_update().get(pk=case.pk)
    if case.sample_state != SampleState.SAMPLED:
        raise ServiceError(f"Case {case.case_ref} is not in the sample.")
    if case.state == AssessmentState.ACCEPTED:
        raise ServiceError(f"Case {case.case_ref} has been accepted and cannot be replaced.")
    reserve = (
        SampledCase.objects.select_for_update()
        .filter(inspection=case.inspection, population=case.population, sample_state=SampleState.RESERVE)
        .order_by("draw_position")
        .first()
    )
    if reserve is None:
        raise ServiceError(f"There is no reserve left among the {Population(case.population).label}.")
    reserve.sample_state = SampleState.SAMPLED
    reserve.assessor = case.assessor
    reserve.save(update_fields=["sample_state", "assessor"])
    case.sample_state, case.replaced_reason, case.replacement = SampleState.REPLACED, reason.strip(), reserve
    case.save(update_fields=["sample_state", "replaced_reason", "replacement"])
    _record(
        case.inspection,
        by,
        f"case {case.case_ref} replaced by {reserve.case_ref}",
        "sampled",
        f"replaced: {reason.strip()}",
        case=case,
    )
    return reserve


@transaction.atomic
def case_allocate(*, by: Any, case: SampledCase, assessor: Any | None) -> None:
    """Allocate a sampled case to an inspector or local assessor of the team (or none)."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if assessor is not None:
        membership = case.inspection.memberships.filter(user=assessor).first()
        if membership is None or membership.role not in (Role.LEAD, Role.INSPECTOR, Role.LOCAL_ASSESSOR):
            raise ServiceError(f"{assessor.username} is not an inspector or local assessor in this inspection.")
        profile = getattr(assessor, "profile", None)
        if membership.role == Role.LOCAL_ASSESSOR and profile and profile.home_service_id == case.inspection.service_id:
            raise ServiceError(
                f"{assessor.get_full_name() or assessor.username} is a local assessor from {case.inspection.service.name} "
                "and may not assess its cases."
            )
    old = case.assessor.username if case.assessor else None
    case.assessor = assessor
    case.save(update_fields=["assessor"])
    _record(case.inspection, by, f"case {case.case_ref} allocated", old, assessor.username if assessor else None, case=case)


# --- assessment -----------------------------------------------------------------------------------

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
_EDITABLE_STATES = (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS, AssessmentState.RETURNED)


def _check_editable(case: SampledCase) -> None:
    if case.state not in _EDITABLE_STATES:
        raise ServiceError(f"Case {case.case_ref} is {case.get_state_display().lower()}; it can no longer be changed.")


@transaction.atomic
def case_facts_save(*, by: Any, case: SampledCase, changes: dict[str, Any], expected_version: int) -> SampledCase:
    """Save the inspector's case-level judgements; refuse if someone saved them since."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    _check_editable(case)
    if case.version != expected_version:
        raise StaleWriteError({name: getattr(case, name) for name in CASE_FACTS} | {"version": case.version})
    for name, value in changes.items():
        if name not in CASE_FACTS:
            raise ServiceError(f"{name} is not a case fact.")
        if name in ("inspector_rosh", "inspector_safety_wellbeing") and value not in ("", *Classification.values):
            raise ServiceError(f"{value!r} is not a classification: choose low, medium, high or very high.")
        if name == "setting" and value not in ("", *_settings(case.inspection)):
            raise ServiceError(f"{value!r} is not a setting of this programme: choose {' or '.join(_settings(case.inspection))}.")
        old = getattr(case, name)
        if old != value:
            setattr(case, name, value)
            _record(case.inspection, by, f"case {case.case_ref}: {name.replace('_', ' ')}", old, value, case=case)
    if case.state == AssessmentState.NOT_STARTED:
        case.state = AssessmentState.IN_PROGRESS
    case.version += 1
    case.save()
    return case


@transaction.atomic
def answer_save(*, by: Any, case: SampledCase, question_id: str, value: str, evidence: str, expected_version: int) -> Answer:
    """Save one answer and its evidence note; refuse a stale save and return the newer answer with it."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    _check_editable(case)
    if is_legacy(case.inspection):
        if load_legacy_framework(case.inspection.framework_id).scoring_question(question_id) is None:
            raise ServiceError(f"{question_id} is not a scoring question of {case.inspection.framework_id}.")
    else:
        framework = load_framework(case.inspection.framework_id)
        own = framework.case_question_ids(Population(case.population))
        parent = framework.prompt_parent(question_id)
        # A prompt is answered like a key question, under one of the case's own key questions; prompts
        # inform the narrative and never enter the rating (selectors.engine_case leaves them out).
        if question_id not in own and (parent is None or parent.id not in own):
            raise ServiceError(f"{question_id} is not a key question or prompt for {Population(case.population).label}.")
    if value not in ANSWER_VALUES and value != "":
        raise ServiceError(f"{value!r} is not an answer: choose yes, no or not applicable.")
    answer, _ = Answer.objects.select_for_update().get_or_create(case=case, question_id=question_id)
    if answer.version != expected_version:
        raise StaleWriteError(
            {
                "value": answer.value,
                "evidence": answer.evidence,
                "version": answer.version,
                "by": answer.updated_by.get_full_name() if answer.updated_by else "",
            }
        )
    if (answer.value, answer.evidence) != (value, evidence):
        if answer.value != value:
            _record(case.inspection, by, f"case {case.case_ref}: answer {question_id}", answer.value, value, case=case)
        if answer.evidence != evidence:
            _record(case.inspection, by, f"case {case.case_ref}: evidence {question_id}", answer.evidence, evidence, case=case)
        answer.value, answer.evidence, answer.updated_by = value, evidence, by
        answer.version += 1
        answer.save()
    if case.state == AssessmentState.NOT_STARTED:
        case.state = AssessmentState.IN_PROGRESS
        case.save(update_fields=["state"])
    return answer


def case_gaps(case: SampledCase) -> list[str]:
    """List what is missing before a case can be marked complete."""
    if is_legacy(case.inspection):
        return _legacy_case_gaps(case)
    gaps = []
    if case.harm_factors is None:
        gaps.append("Say whether there are factors related to harm.")
    if case.safety_wellbeing_factors is None:
        gaps.append("Say whether there are safety and wellbeing factors.")
    if case.practice_example and not case.pseudonym.strip():
        gaps.append("A practice example needs a pseudonym.")
    answered = {a.question_id: a.value for a in case.answers.all()}
    for question in applicable_questions(case):
        if not answered.get(question.id):
            gaps.append(f"Answer {question.id}: {question.text}")
    return gaps


def _legacy_case_gaps(case: SampledCase) -> list[str]:
    framework = load_legacy_framework(case.inspection.framework_id)
    gaps = ["Say whether this is a custody or a community case."] if framework.settings and not case.setting else []
    answered = {a.question_id for a in case.answers.all() if a.value}
    # n/a is an answer: every question is answered, so that a gap is never mistaken for "not relevant".
    gaps += [f"Answer {q.id}: {q.text}" for _, q in framework.scoring_questions() if q.id not in answered]
    return gaps


def _standards_only(inspection: Inspection, what: str) -> None:
    if is_legacy(inspection):
        raise ServiceError(f"{inspection.framework_id} has no {what}: it is an earlier programme, scored from its cases.")


def _settings(inspection: Inspection) -> list[str]:
    return [s.id for s in load_legacy_framework(inspection.framework_id).settings] if is_legacy(inspection) else []


@transaction.atomic
def legacy_case_add(*, by: Any, inspection: Inspection, case_ref: str, setting: str = "") -> SampledCase:
    """Add an inspected case to an earlier programme's inspection (they have no data return or draw)."""
    if not is_legacy(inspection):
        raise ServiceError("Cases of this inspection come from the sample; draw it on the sample page.")
    case_ref = case_ref.strip()
    if not case_ref:
        raise ServiceError("Case reference: enter the case's reference.")
    if inspection.cases.filter(case_ref=case_ref).exists():
        raise ServiceError(f"Case {case_ref} is already in this inspection.")
    if setting not in ("", *_settings(inspection)):
        raise ServiceError(f"{setting!r} is not a setting of this programme: choose {' or '.join(_settings(inspection))}.")
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
    _record(inspection, by, f"case {case_ref} added", None, setting or "added", case=case)
    return case


@transaction.atomic
def case_mark_complete(*, by: Any, case: SampledCase) -> None:
    """Mark a case ready for the lead inspector's review; refuse with everything that is missing."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    _check_editable(case)
    gaps = case_gaps(case)
    if gaps:
        raise ServiceError(f"Case {case.case_ref} is not complete yet.", gaps)
    _record(case.inspection, by, f"case {case.case_ref}: state", case.state, AssessmentState.COMPLETE, case=case)
    case.state = AssessmentState.COMPLETE
    case.save(update_fields=["state"])


@transaction.atomic
def case_review(*, by: Any, case: SampledCase, accept: bool, comment: str) -> None:
    """Accept a completed case, or return it to its assessor with comments."""
    case = SampledCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if case.state != AssessmentState.COMPLETE:
        raise ServiceError(f"Case {case.case_ref} is not waiting for review.")
    if not accept and not comment.strip():
        raise ServiceError("Say what needs to change when returning a case.")
    new = AssessmentState.ACCEPTED if accept else AssessmentState.RETURNED
    _record(case.inspection, by, f"case {case.case_ref}: review", case.state, f"{new}: {comment.strip()}".rstrip(": "), case=case)
    case.state, case.review_comment = new, comment.strip()
    case.save(update_fields=["state", "review_comment"])


# --- ratings --------------------------------------------------------------------------------------


@transaction.atomic
def team_rating_save(
    *, by: Any, inspection: Inspection, standard_id: str, rating: str, evidence: str, expected_version: int
) -> TeamRating:
    """Record the team's rating of a judged standard (or an FJI theme's judgement) with its evidence notes."""
    if is_legacy(inspection):
        legacy = load_legacy_framework(inspection.framework_id)
        if legacy.scoring != "fji" or legacy.item(standard_id) not in legacy.themes:
            raise ServiceError(f"{standard_id} is not a theme judged by the team in {legacy.title}.")
        allowed = list(legacy.judgements)
    else:
        standard = {s.id: s for s in load_framework(inspection.framework_id).judged_standards()}.get(standard_id)
        if standard is None:
            raise ServiceError(f"Standard {standard_id} is not rated by the team's judgement.")
        allowed = [r.value for r in Rating] + ([NOT_RATED] if standard.may_be_not_rated else [])
    if rating and rating not in allowed:
        raise ServiceError(f"{rating!r} is not a rating for {standard_id}: choose {', '.join(allowed)}.")
    record, _ = TeamRating.objects.select_for_update().get_or_create(inspection=inspection, standard_id=standard_id)
    if record.version != expected_version:
        raise StaleWriteError({"rating": record.rating, "evidence": record.evidence, "version": record.version})
    _record(inspection, by, f"team rating {standard_id}", record.rating, rating)
    if record.evidence != evidence:
        _record(inspection, by, f"team rating evidence {standard_id}", record.evidence, evidence)
    record.rating, record.evidence, record.version = rating, evidence, record.version + 1
    record.save()
    return record


@transaction.atomic
def panel_decision_record(*, by: Any, inspection: Inspection, standard_id: str, rating: str, reason: str) -> PanelDecision:
    """Record the ratings panel's decision; refused when it breaks the framework's guard."""
    _standards_only(inspection, "ratings panel")
    if rating not in {r.value for r in Rating}:
        raise ServiceError(f"{rating!r} is not a rating.")
    framework, cases, recorded, decisions = engine_inputs(inspection)
    decisions = [d for d in decisions if d.standard != standard_id] + [EnginePanelDecision(standard_id, Rating(rating), reason)]
    try:
        rate_inspection(framework, cases, recorded_ratings=recorded, panel_decisions=decisions, provisional=True)
    except PanelDecisionError as refused:
        mine = [r for r in refused.refusals if f"standard {standard_id}" in r] or list(refused.refusals)
        raise ServiceError("The ratings panel decision was refused.", mine) from refused
    existing = PanelDecision.objects.filter(inspection=inspection, standard_id=standard_id).first()
    old = f"{existing.rating}: {existing.reason}" if existing else None
    decision, _ = PanelDecision.objects.update_or_create(
        inspection=inspection, standard_id=standard_id, defaults={"rating": rating, "reason": reason, "decided_by": by}
    )
    _record(inspection, by, f"panel decision {standard_id}", old, f"{rating}: {reason}")
    return decision


@transaction.atomic
def panel_decision_withdraw(*, by: Any, inspection: Inspection, standard_id: str) -> None:
    """Withdraw the ratings panel's decision on a standard."""
    existing = PanelDecision.objects.filter(inspection=inspection, standard_id=standard_id).first()
    if existing is None:
        raise ServiceError(f"There is no panel decision on {standard_id}.")
    _record(inspection, by, f"panel decision {standard_id}", f"{existing.rating}: {existing.reason}", "withdrawn")
    existing.delete()
