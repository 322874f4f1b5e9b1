"""Importing a `yjinspect.bundle/1` file (from this application or the command line) as a new inspection.

What only the web application has travels in the bundle's extra fields (`web/inspections/exchange.py`
writes them); a bundle from the command line becomes an inspection whose cases are its sample.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from yjinspect.bundle import BundleError, parse_json
from yjinspect.programmes import Inspection as ProgrammeInspection
from yjinspect.programmes import check_inspection
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.exchange import CASE_FIELDS
from yjinspect.web.inspections.models import (
    Answer,
    AnswerResolution,
    AssessmentState,
    CaseloadRow,
    ContextualFacts,
    Inspection,
    Membership,
    PanelDecision,
    QualityReview,
    Report,
    SampledCase,
    SampleState,
    SecondAnswer,
    SecondAssessment,
    TeamRating,
)
from yjinspect.web.inspections.selectors import CASELOAD_FIELDS, REPORT_OPTIONS
from yjinspect.web.inspections.services.common import ANSWER_VALUES, history_record
from yjinspect.web.inspections.services.setup import dates_problem, membership_problem
from yjinspect.web.limits import upload_limits
from yjinspect.web.surveys.services import survey as survey_services


class BundleImportError(Exception):
    """A bundle that cannot be imported; nothing was created."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def bundle_import(*, by: Any, text: str, source: str) -> Inspection:
    """Create an inspection from bundle text; every problem is reported and nothing is created.

    The bundle is read and checked first, within the upload limits and outside any transaction;
    whatever the web application keeps besides the programme's part (team, sample, caseload, panel
    decisions) is checked against what its records can hold, so that a bad bundle is refused with
    its problems, never half-written or failing in the database."""
    refused = f"{source} was not imported: nothing has changed."
    if problem := upload_limits().size_problem(len(text.encode("utf-8", "replace")), source):
        raise BundleImportError(refused, [problem])
    try:
        data = parse_json(text, source, max_depth=settings.BUNDLE_MAX_DEPTH)
    except BundleError as error:
        raise BundleImportError(refused, [str(p) for p in error.problems]) from error
    checked, problems = check_inspection(data, provisional=True)
    if checked is None:
        raise BundleImportError(refused, [str(p) for p in problems])
    web_problems, users = _web_part_problems(data, checked.service)
    web_problems += _announcement_problems(data["inspection"], checked.fieldwork_start)
    web_problems += survey_services.bundle_problems(data, checked.programme.survey_instruments)
    if web_problems:
        raise BundleImportError(refused, web_problems)
    try:
        return _bundle_create(by=by, data=data, checked=checked, users=users, source=source)
    except (KeyError, TypeError, ValueError, AttributeError) as error:  # a shape the checks above did not foresee
        raise BundleImportError(refused, [f"the bundle's web application part is malformed ({error!r})"]) from error


def _announcement_problems(header: dict[str, Any], fieldwork_start: date) -> list[str]:
    """Check the announcement date the web application keeps (the fieldwork start when the bundle has none)."""
    given = header.get("announced_on", fieldwork_start.isoformat())
    try:
        announced_on = date.fromisoformat(given) if isinstance(given, str) else None
    except ValueError:
        announced_on = None
    if announced_on is None:
        return [f"inspection.announced_on: {given!r} is not a date (expected YYYY-MM-DD)"]
    problem = dates_problem(announced_on, fieldwork_start)
    return [f"inspection.announced_on: {problem}"] if problem else []


def _field_problems(model: type[models.Model], values: dict[str, Any], where: str) -> list[str]:
    """Return what in `values` the model's fields cannot hold: text too long or not text, a choice not offered."""
    problems = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # not one of the model's fields: left to the code that uses it
            continue
        if value is None and getattr(field, "null", False):
            continue
        if isinstance(field, models.CharField | models.TextField):
            if not isinstance(value, str):
                problems.append(f"{where}, {name}: expected text, found {value!r}")
            elif field.max_length is not None and len(value) > field.max_length:
                problems.append(f"{where}, {name}: {len(value)} characters long; at most {field.max_length}")
            elif field.choices and value and value not in {str(c[0]) for c in field.choices}:
                problems.append(f"{where}, {name}: {value!r} is not one of {', '.join(str(c[0]) for c in field.choices)}")
        elif isinstance(field, models.BooleanField) and not isinstance(value, bool):
            problems.append(f"{where}, {name}: expected true or false, found {value!r}")
        elif isinstance(field, models.IntegerField) and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(f"{where}, {name}: expected a whole number, found {value!r}")
    return problems


def _web_part_problems(data: dict[str, Any], service_name: str) -> tuple[list[str], dict[str, Any]]:
    """Check what only the web application keeps; return every problem, and the team's accounts by username."""
    problems: list[str] = []
    team = data.get("team", [])
    if not isinstance(team, list) or not all(isinstance(m, dict) and isinstance(m.get("username"), str) for m in team):
        return ["team: expected a list of members, each with a username and a role"], {}
    users = get_user_model().objects.select_related("profile").in_bulk([m["username"] for m in team], field_name="username")
    problems += _field_problems(Service, {"name": service_name}, "inspection.service")
    service_id = Service.objects.filter(name=service_name).values_list("pk", flat=True).first()
    for member in team:
        user = users.get(member["username"])
        if user is None:
            problems.append(f"team: no account with the username {member['username']!r}")
        elif problem := membership_problem(user, member.get("role"), service_id):
            problems.append(f"team, {member['username']}: {problem}")
    sample = data.get("sample", {})
    cases = sample.get("cases", []) if isinstance(sample, dict) else None
    if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases or []):
        return [*problems, "sample.cases: expected a list of cases"], users
    ids = [c.get("id") for c in cases]
    for position, record in enumerate(cases):
        where = f"sample.cases[{position}] (id {record.get('id')!r})"
        if not isinstance(record.get("id"), str) or not record["id"].strip():
            problems.append(f"{where}: every case needs an id")
        elif ids.index(record["id"]) != position:
            problems.append(f"{where}: the id is used again (first at sample.cases[{ids.index(record['id'])}])")
        fields = {f: record[f] for f in CASE_FIELDS if f in record}
        problems += _field_problems(SampledCase, {"case_ref": record.get("id"), **fields}, where)
        if record.get("replacement") is not None and record["replacement"] not in ids:
            problems.append(f"{where}, replacement: {record['replacement']!r} names no case of the sample")
        for part in ("answers", "evidence"):
            given = record.get(part, {})
            if not isinstance(given, dict):
                problems.append(f"{where}, {part}: expected question ids with their {part}")
                continue
            for question_id, value in given.items():
                field = "value" if part == "answers" else "evidence"
                problems += _field_problems(Answer, {"question_id": question_id, field: value}, f"{where}, {part}")
    for position, row in enumerate(data.get("caseload", []) if isinstance(data.get("caseload", []), list) else [None]):
        where = f"caseload[{position}]"
        if not isinstance(row, dict) or any(f not in row for f in CASELOAD_FIELDS):
            problems.append(f"{where}: expected {', '.join(CASELOAD_FIELDS)}")
            continue
        problems += _field_problems(CaseloadRow, {f: row[f] for f in CASELOAD_FIELDS if f != "disposal_date"}, where)
        try:
            date.fromisoformat(str(row["disposal_date"]))
        except ValueError:
            problems.append(f"{where}, disposal_date: {row['disposal_date']!r} is not a date (expected YYYY-MM-DD)")
    for position, decision in enumerate(data.get("panel_decisions", [])):
        fields = {"standard_id": decision.get("standard"), "rating": decision.get("rating"), "reason": decision.get("reason")}
        problems += _field_problems(PanelDecision, fields, f"panel_decisions[{position}]")
    for standard_id, text in (data.get("team_rating_evidence") or {}).items():
        problems += _field_problems(TeamRating, {"standard_id": standard_id, "evidence": text}, "team_rating_evidence")
    assessors = {c.get("id"): c.get("assessor") for c in cases}
    accepted = {c.get("id") for c in cases if c.get("state") == "accepted"}
    roles = {m["username"]: m.get("role") for m in team}
    marking_problems, marking_users = _double_marking_problems(data.get("double_marking"), assessors, service_id, accepted, roles)
    return problems + marking_problems, users | marking_users


_MARKING_PEOPLE = {"second_assessments": ("assessor",), "resolutions": ("by",), "quality_reviews": ("assessor", "reviewer")}


def _double_marking_problems(
    part: Any, assessors: dict[Any, Any], service_id: int | None, accepted: set[Any], roles: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """Check the bundle's double marking (second assessments, resolutions, quality reviews) against the sample's
    cases and the accounts here; return every problem and the accounts it names, by username."""
    if part is None:
        return [], {}
    if not isinstance(part, dict) or not all(isinstance(part.get(k, []), list) for k in _MARKING_PEOPLE):
        return ["double_marking: expected an object with lists of second_assessments, resolutions and quality_reviews"], {}
    problems = []
    for key in ("percent", "quality_percent"):
        value = part.get(key, 10)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
            problems.append(f"double_marking.{key}: expected a whole percentage from 1 to 100, found {value!r}")
    named = {
        str(item.get(role))
        for key, roles in _MARKING_PEOPLE.items()
        for item in part.get(key, [])
        if isinstance(item, dict)
        for role in roles
    }
    people = get_user_model().objects.select_related("profile").in_bulk(list(named), field_name="username")
    marked: set[Any] = set()
    seen: set[tuple[str, Any, Any]] = set()  # (part, case, question): one resolution or review of an answer
    for key, model, fields, answers in (
        ("second_assessments", SecondAssessment, {"chosen_by": "chosen_by"}, ()),
        ("resolutions", AnswerResolution, {"question_id": "question", "reason": "reason"}, ("first", "second", "resolved")),
        ("quality_reviews", QualityReview, {"question_id": "question", "agrees": "agrees", "reason": "reason"}, ("answer",)),
    ):
        for position, item in enumerate(part.get(key, [])):
            where = f"double_marking.{key}[{position}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: expected an object")
                continue
            if item.get("case") not in assessors:
                problems.append(f"{where}, case: {item.get('case')!r} names no case of the sample")
            for role in _MARKING_PEOPLE[key]:
                if str(item.get(role)) not in people:
                    problems.append(f"{where}, {role}: no account with the username {item.get(role)!r}")
            problems += _field_problems(model, {name: item.get(given) for name, given in fields.items()}, where)
            problems += [
                f"{where}, {given}: {item.get(given)!r} is not an answer (yes, no or n/a)"
                for given in answers
                if item.get(given) not in ANSWER_VALUES
            ]
            if key == "resolutions" and not str(item.get("reason", "")).strip():
                problems.append(f"{where}, reason: a resolution needs its reason")
            if key != "second_assessments":
                if (key, item.get("case"), item.get("question")) in seen:
                    problems.append(f"{where}: {item.get('case')!r} {item.get('question')!r} is given twice")
                seen.add((key, item.get("case"), item.get("question")))
            if key != "second_assessments":
                continue
            if item.get("case") in marked:
                problems.append(f"{where}, case: {item.get('case')!r} has a second assessment already")
            marked.add(item.get("case"))
            second = people.get(str(item.get("assessor")))
            if second is not None and item.get("case") in assessors and assessors[item.get("case")] == second.username:
                problems.append(f"{where}, assessor: {second.username} is the case's own assessor")
            if second is not None and roles.get(second.username) not in ("inspector", "local_assessor"):
                problems.append(f"{where}, assessor: {second.username} is not an inspector or local assessor of the team")
            elif second is not None and second.is_superuser:
                problems.append(f"{where}, assessor: {second.username} is an administrator, who cannot assess blind")
            submitted = item.get("submitted") is True
            kept = item.get("first_answers")
            if kept is not None and not (isinstance(kept, dict) and all(v in ANSWER_VALUES for v in kept.values())):
                problems.append(f"{where}, first_answers: expected question ids with yes, no or n/a")
            if item.get("case") in accepted and not (submitted and isinstance(kept, dict)):
                problems.append(
                    f"{where}: case {item.get('case')!r} is accepted, so its second assessment must be submitted and compared"
                )
            if second is not None and hasattr(second, "profile") and second.profile.conflicts_with(service_id):
                problems.append(f"{where}, assessor: {second.username} is from the inspected service (a conflict of interest)")
            if not isinstance(item.get("submitted", False), bool):
                problems.append(f"{where}, submitted: expected true or false, found {item.get('submitted')!r}")
            for given in ("answers", "evidence"):
                if not isinstance(item.get(given, {}), dict):
                    problems.append(f"{where}, {given}: expected question ids with their {given}")
                    continue
                for question_id, value in item.get(given, {}).items():
                    field = "value" if given == "answers" else "evidence"
                    problems += _field_problems(SecondAnswer, {"question_id": question_id, field: value}, f"{where}, {given}")
    return problems, people


@transaction.atomic
def _bundle_create(
    *, by: Any, data: dict[str, Any], checked: ProgrammeInspection[Any], users: dict[str, Any], source: str
) -> Inspection:
    """Create the inspection from a bundle already read and checked: one transaction."""
    header = data["inspection"]
    service, _ = Service.objects.get_or_create(name=checked.service)
    inspection = Inspection.objects.create(
        service=service,
        framework_id=checked.framework.id,
        fieldwork_start=checked.fieldwork_start,
        announced_on=date.fromisoformat(header.get("announced_on", checked.fieldwork_start.isoformat())),
        sample_seed=data.get("sample", {}).get("seed"),
    )
    ContextualFacts.objects.create(inspection=inspection, data=data.get("contextual_facts", {}))
    narrative = dict(data.get("narrative") or {})
    if checked.report.intervals_table:  # the lead inspector's choice travels as report_options
        narrative[REPORT_OPTIONS] = {"intervals_table": True}
    if narrative:
        Report.objects.create(inspection=inspection, narrative=narrative)
    for member in data.get("team", []):
        Membership.objects.create(inspection=inspection, user=users[member["username"]], role=member["role"])
    CaseloadRow.objects.bulk_create(
        CaseloadRow(
            inspection=inspection,
            disposal_date=date.fromisoformat(r["disposal_date"]),
            **{f: r[f] for f in CASELOAD_FIELDS if f != "disposal_date"},
        )
        for r in data.get("caseload", [])
    )
    sample_cases = data.get("sample", {}).get("cases")
    if sample_cases is None:  # a bundle from the command line: its cases are the sample, as assessed
        sample_cases = [_from_bundle_case(checked, c, i) for i, c in enumerate(data["cases"])]
    created: dict[str, SampledCase] = {}
    for record in sample_cases:
        assessor = get_user_model().objects.filter(username=record.get("assessor")).first() if record.get("assessor") else None
        case = SampledCase.objects.create(
            inspection=inspection, case_ref=record["id"], assessor=assessor, **{f: record[f] for f in CASE_FIELDS if f in record}
        )
        created[case.case_ref] = case
        evidence = record.get("evidence", {})
        Answer.objects.bulk_create(
            Answer(
                case=case, question_id=q, value=record.get("answers", {}).get(q, ""), evidence=evidence.get(q, ""), updated_by=by
            )
            for q in sorted(set(record.get("answers", {})) | set(evidence))
        )
    for record in sample_cases:
        if record.get("replacement"):  # checked above: it names a case of the sample
            SampledCase.objects.filter(pk=created[record["id"]].pk).update(replacement=created[record["replacement"]])
    evidence = data.get("team_rating_evidence", {})
    # The team's ratings of judged standards, or a full joint inspection's judgements of its themes.
    recorded = checked.programme.team_rating_words(checked.team_ratings)
    for standard_id in sorted(set(recorded) | set(evidence)):
        TeamRating.objects.create(
            inspection=inspection,
            standard_id=standard_id,
            rating=recorded.get(standard_id, ""),
            evidence=evidence.get(standard_id, ""),
        )
    for decision in data.get("panel_decisions", []):
        decided_by = get_user_model().objects.filter(username=decision.get("decided_by")).first() or by
        PanelDecision.objects.create(
            inspection=inspection,
            standard_id=decision["standard"],
            rating=decision["rating"],
            reason=decision["reason"],
            decided_by=decided_by,
        )
    if data.get("double_marking") is not None:
        _double_marking_create(inspection, data["double_marking"], created, users)
    survey_services.bundle_surveys_create(inspection, data)  # the surveys' anonymous responses (decision 0013)
    if data.get("sample", {}).get("locked") or "sample" not in data:
        inspection.sample_locked_by = by
        inspection.sample_locked_at = timezone.now()
        inspection.save(update_fields=["sample_locked_at", "sample_locked_by"])
    history_record(inspection, by, f"imported from {source[:80]}", None, f"{len(sample_cases)} cases")
    return inspection


def _double_marking_create(
    inspection: Inspection, part: dict[str, Any], cases: dict[str, SampledCase], users: dict[str, Any]
) -> None:
    """Create the bundle's second assessments, resolutions and quality reviews (checked by _double_marking_problems)."""
    inspection.double_mark_percent = part.get("percent", inspection.double_mark_percent)
    inspection.quality_sample_percent = part.get("quality_percent", inspection.quality_sample_percent)
    inspection.save(update_fields=["double_mark_percent", "quality_sample_percent"])
    for item in part.get("second_assessments", []):
        second = SecondAssessment.objects.create(
            case=cases[item["case"]],
            assessor=users[item["assessor"]],
            chosen_by=item.get("chosen_by") or "lead",
            submitted_at=timezone.now() if item.get("submitted") else None,
            first_answers=item.get("first_answers"),
        )
        answers, evidence = item.get("answers", {}), item.get("evidence", {})
        SecondAnswer.objects.bulk_create(
            SecondAnswer(second=second, question_id=q, value=answers.get(q, ""), evidence=evidence.get(q, ""))
            for q in sorted(set(answers) | set(evidence))
        )
    AnswerResolution.objects.bulk_create(
        AnswerResolution(
            case=cases[r["case"]],
            question_id=r["question"],
            first_value=r["first"],
            second_value=r["second"],
            resolved_value=r["resolved"],
            reason=r["reason"],
            resolved_by=users[r["by"]],
        )
        for r in part.get("resolutions", [])
    )
    QualityReview.objects.bulk_create(
        QualityReview(
            case=cases[q["case"]],
            question_id=q["question"],
            answer_value=q["answer"],
            assessor=users[q["assessor"]],
            agrees=q["agrees"],
            reason=q.get("reason", ""),
            reviewer=users[q["reviewer"]],
        )
        for q in part.get("quality_reviews", [])
    )


def _from_bundle_case(inspection: ProgrammeInspection[Any], raw: dict[str, Any], position: int) -> dict[str, Any]:
    """A case of a command-line bundle as the web app stores it: accepted when it needs nothing more."""
    programme = inspection.programme
    record = programme.case_record(inspection.cases[position])
    # Accepted when every question that applies is answered, as the bundle's reader requires of a
    # complete file (a screening's setting is optional there, so it is not asked for here).
    complete = bool(record.answers) and not programme.unanswered(record)
    return {
        "id": record.ref,
        "population": record.population,
        "disposal_type": record.disposal_type,
        "gender": str(raw.get("gender", "")),
        "service_rosh": str(raw.get("service_rosh", "")),
        "service_safety_wellbeing": str(raw.get("service_safety_wellbeing", "")),
        "draw_position": position,
        "sample_state": SampleState.SAMPLED,
        "state": AssessmentState.ACCEPTED if complete else AssessmentState.IN_PROGRESS,
        "harm_factors": record.harm_factors,
        "safety_wellbeing_factors": record.safety_wellbeing_factors,
        "setting": record.setting,
        "answers": dict(record.answers),
        "evidence": raw["evidence"] if isinstance(raw.get("evidence"), dict) else {},
        "offence_type": inspection.report.offence_types.get(record.ref, ""),
    }
