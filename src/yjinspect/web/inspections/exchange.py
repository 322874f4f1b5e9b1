"""Export an inspection as a `yjinspect.bundle/1` file and import one; a round trip keeps everything.

The bundle's standard part (cases whose judgement is recorded, their answers, team ratings, panel
decisions) is what `yjinspect rate` reads. What only the web application has (team, caseload,
contextual facts, the whole draw with reserves and substitutions, evidence notes, states,
classifications, the report's narrative) travels in extra fields, which the format keeps by design.
Real names recorded on cases (kept only to stop them being published) are never exported.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yjinspect.bundle import FORMAT
from yjinspect.engine.legacy.framework import load_legacy_framework
from yjinspect.engine.loading import load_framework
from yjinspect.legacy_bundle import LegacyInspection, check_any_bundle
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections import services
from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    CaseloadRow,
    ContextualFacts,
    HistoryEntry,
    Inspection,
    Membership,
    PanelDecision,
    Report,
    SampledCase,
    SampleState,
    TeamRating,
)
from yjinspect.web.inspections.selectors import engine_case, is_legacy, legacy_case

_CASE_FIELDS = (
    "population",
    "disposal_type",
    "gender",
    "service_rosh",
    "service_safety_wellbeing",
    "draw_position",
    "sample_state",
    "replaced_reason",
    "state",
    "review_comment",
    # The inspector's case facts, except the real names kept only to stop them being published.
    *(fact for fact in services.CASE_FACTS if fact != "real_names"),
)
_CASELOAD_FIELDS = ("row", "case_ref", "population", "disposal_type", "gender", "rosh", "safety_wellbeing")


class BundleImportError(Exception):
    """A bundle that cannot be imported; nothing was created."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def rated_answers(case: SampledCase) -> dict[str, str]:
    """Return the answers that count for a case, as the engine rates them (selectors.engine_case)."""
    counted = engine_case(load_framework(case.inspection.framework_id), case)
    return {q: a.value for q, a in sorted(counted.answers.items())}


def _header(inspection: Inspection) -> dict[str, Any]:
    return {
        "service": inspection.service.name,
        "framework": inspection.framework_id,
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        "announced_on": inspection.announced_on.isoformat(),
    }


def _web_part(inspection: Inspection, cases: list[SampledCase]) -> dict[str, Any]:
    """What only the web application has, for any programme: team, evidence, narrative, every case's state."""
    return {
        "team": [
            {"username": m.user.username, "role": m.role}
            for m in inspection.memberships.select_related("user").order_by("user__username")
        ],
        "team_rating_evidence": {
            t.standard_id: t.evidence for t in inspection.team_ratings.order_by("standard_id") if t.evidence
        },
        # The report's narrative; the composers read it under this key.
        "narrative": Report.objects.filter(inspection=inspection).values_list("narrative", flat=True).first() or {},
        "sample": {
            "seed": inspection.sample_seed,
            "locked": inspection.sample_locked_at is not None,
            "cases": [
                {
                    "id": c.case_ref,
                    **{f: getattr(c, f) for f in _CASE_FIELDS},
                    "replacement": c.replacement.case_ref if c.replacement else None,
                    "assessor": c.assessor.username if c.assessor else None,
                    "answers": {a.question_id: a.value for a in sorted(c.answers.all(), key=lambda a: a.question_id) if a.value},
                    "evidence": {
                        a.question_id: a.evidence for a in sorted(c.answers.all(), key=lambda a: a.question_id) if a.evidence
                    },
                }
                for c in cases
            ],
        },
    }


def _legacy_export(inspection: Inspection, cases: list[SampledCase]) -> dict[str, Any]:
    """An earlier programme's bundle: answers to its scoring questions, the FJI team's judgements."""
    framework = load_legacy_framework(inspection.framework_id)
    sampled = [c for c in cases if c.sample_state == SampleState.SAMPLED]
    data: dict[str, Any] = {
        "format": FORMAT,
        "inspection": _header(inspection),
        "cases": [
            {
                "id": c.case_ref,
                **({"setting": c.setting} if c.setting else {}),
                "answers": {q: a.value for q, a in sorted(legacy_case(framework, c).answers.items())},
            }
            for c in sampled
        ],
    }
    if framework.scoring == "fji":
        data["judgements"] = {
            t.standard_id: t.rating for t in inspection.team_ratings.order_by("standard_id") if t.rating in framework.judgements
        }
    return data | _web_part(inspection, cases)


def bundle_export(inspection: Inspection) -> dict[str, Any]:
    """Return the whole inspection as bundle data."""
    cases = list(inspection.cases.select_related("assessor", "replacement").prefetch_related("answers"))
    if is_legacy(inspection):
        return _legacy_export(inspection, cases)
    judged = [
        c
        for c in cases
        if c.sample_state == SampleState.SAMPLED and c.harm_factors is not None and c.safety_wellbeing_factors is not None
    ]
    return {
        "format": FORMAT,
        "inspection": _header(inspection),
        "organisational_ratings": {t.standard_id: t.rating for t in inspection.team_ratings.order_by("standard_id") if t.rating},
        "cases": [
            {
                "id": c.case_ref,
                "disposal": c.population,
                "disposal_type": c.disposal_type,
                "harm_factors": c.harm_factors,
                "safety_wellbeing_factors": c.safety_wellbeing_factors,
                "answers": rated_answers(c),
                **({"offence_type": c.offence_type} if c.offence_type else {}),
            }
            for c in judged
        ],
        "panel_decisions": [
            {"standard": d.standard_id, "rating": d.rating, "reason": d.reason, "decided_by": d.decided_by.username}
            for d in inspection.panel_decisions.select_related("decided_by").order_by("standard_id")
        ],
        "contextual_facts": inspection.facts.data,
        "caseload": [
            {**{f: getattr(r, f) for f in _CASELOAD_FIELDS}, "disposal_date": r.disposal_date.isoformat()}
            for r in inspection.caseload.all()
        ],
        **_web_part(inspection, cases),
    }


@transaction.atomic
def bundle_import(*, by: Any, text: str, source: str) -> Inspection:
    """Create an inspection from bundle text; every problem is reported and nothing is created."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleImportError(f"{source} was not imported.", [f"line {error.lineno}: not valid JSON ({error.msg})"]) from error
    checked, problems = check_any_bundle(data, provisional=True)
    if checked is None:
        raise BundleImportError(f"{source} was not imported: nothing has changed.", [str(p) for p in problems])
    users = get_user_model().objects.in_bulk([m["username"] for m in data.get("team", [])], field_name="username")
    unknown = sorted({m["username"] for m in data.get("team", [])} - set(users))
    if unknown:
        raise BundleImportError(
            f"{source} was not imported: nothing has changed.", [f"team: no account with the username {u!r}" for u in unknown]
        )
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
    if data.get("narrative"):
        Report.objects.create(inspection=inspection, narrative=data["narrative"])
    for member in data.get("team", []):
        Membership.objects.create(inspection=inspection, user=users[member["username"]], role=member["role"])
    CaseloadRow.objects.bulk_create(
        CaseloadRow(
            inspection=inspection, disposal_date=date.fromisoformat(r["disposal_date"]), **{f: r[f] for f in _CASELOAD_FIELDS}
        )
        for r in data.get("caseload", [])
    )
    sample_cases = data.get("sample", {}).get("cases")
    if sample_cases is None:  # a bundle from the command line: its cases are the sample, as assessed
        if isinstance(checked, LegacyInspection):
            sample_cases = [_from_legacy_case(c, i, checked) for i, c in enumerate(data["cases"])]
        else:
            sample_cases = [_from_bundle_case(c, i, checked) for i, c in enumerate(data["cases"])]
    created: dict[str, SampledCase] = {}
    for record in sample_cases:
        assessor = get_user_model().objects.filter(username=record.get("assessor")).first() if record.get("assessor") else None
        case = SampledCase.objects.create(
            inspection=inspection, case_ref=record["id"], assessor=assessor, **{f: record[f] for f in _CASE_FIELDS if f in record}
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
        if record.get("replacement"):
            SampledCase.objects.filter(pk=created[record["id"]].pk).update(replacement=created[record["replacement"]])
    evidence = data.get("team_rating_evidence", {})
    # The team's ratings of judged standards, or a full joint inspection's judgements of its themes.
    recorded = data.get("judgements" if isinstance(checked, LegacyInspection) else "organisational_ratings") or {}
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
    if data.get("sample", {}).get("locked") or "sample" not in data:
        inspection.sample_locked_by = by
        inspection.sample_locked_at = timezone.now()
        inspection.save(update_fields=["sample_locked_at", "sample_locked_by"])
    HistoryEntry.objects.create(inspection=inspection, user=by, what=f"imported from {source}", new=f"{len(sample_cases)} cases")
    return inspection


def _from_bundle_case(case: dict[str, Any], position: int, checked: Any) -> dict[str, Any]:
    framework = checked.framework
    complete = not services.ANSWER_VALUES.isdisjoint(case["answers"].values()) and all(
        q in case["answers"]
        for q in framework.applicable_questions(
            checked.cases[position].population,
            checked.cases[position].disposal_type,
            case["harm_factors"],
            case["safety_wellbeing_factors"],
        )
    )
    return {
        "id": case["id"],
        "population": case["disposal"],
        "disposal_type": checked.cases[position].disposal_type,
        "gender": case.get("gender", ""),
        "service_rosh": case.get("service_rosh", ""),
        "service_safety_wellbeing": case.get("service_safety_wellbeing", ""),
        "draw_position": position,
        "sample_state": SampleState.SAMPLED,
        "replaced_reason": "",
        "state": AssessmentState.ACCEPTED if complete else AssessmentState.IN_PROGRESS,
        "review_comment": "",
        "harm_factors": case["harm_factors"],
        "safety_wellbeing_factors": case["safety_wellbeing_factors"],
        "inspector_rosh": "",
        "inspector_safety_wellbeing": "",
        "practice_example": False,
        "pseudonym": "",
        "answers": case["answers"],
        "evidence": case.get("evidence", {}) if isinstance(case.get("evidence"), dict) else {},
        "offence_type": str(case.get("offence_type", "")),
    }


def _from_legacy_case(case: dict[str, Any], position: int, checked: LegacyInspection) -> dict[str, Any]:
    """An earlier programme's case from a command-line bundle: accepted when every question is answered."""
    complete = all(q.id in case["answers"] for _, q in checked.framework.scoring_questions())
    return {
        "id": case["id"],
        "population": "",
        "disposal_type": "",
        "gender": "",
        "service_rosh": "",
        "service_safety_wellbeing": "",
        "draw_position": position,
        "sample_state": SampleState.SAMPLED,
        "state": AssessmentState.ACCEPTED if complete else AssessmentState.IN_PROGRESS,
        "setting": case.get("setting") or "",
        "answers": case["answers"],
        "evidence": case.get("evidence", {}) if isinstance(case.get("evidence"), dict) else {},
    }
