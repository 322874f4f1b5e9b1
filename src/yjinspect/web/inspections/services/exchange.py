"""Importing a `yjinspect.bundle/1` file (from this application or the command line) as a new inspection.

What only the web application has travels in the bundle's extra fields (`web/inspections/exchange.py`
writes them); a bundle from the command line becomes an inspection whose cases are its sample.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yjinspect.programmes import Inspection as ProgrammeInspection
from yjinspect.programmes import check_inspection
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.exchange import CASE_FIELDS
from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    CaseloadRow,
    ContextualFacts,
    Inspection,
    Membership,
    PanelDecision,
    Report,
    SampledCase,
    SampleState,
    TeamRating,
)
from yjinspect.web.inspections.selectors import CASELOAD_FIELDS
from yjinspect.web.inspections.services.common import history_record


class BundleImportError(Exception):
    """A bundle that cannot be imported; nothing was created."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@transaction.atomic
def bundle_import(*, by: Any, text: str, source: str) -> Inspection:
    """Create an inspection from bundle text; every problem is reported and nothing is created."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleImportError(f"{source} was not imported.", [f"line {error.lineno}: not valid JSON ({error.msg})"]) from error
    checked, problems = check_inspection(data, provisional=True)
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
        if record.get("replacement"):
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
    if data.get("sample", {}).get("locked") or "sample" not in data:
        inspection.sample_locked_by = by
        inspection.sample_locked_at = timezone.now()
        inspection.save(update_fields=["sample_locked_at", "sample_locked_by"])
    history_record(inspection, by, f"imported from {source}", None, f"{len(sample_cases)} cases")
    return inspection


def _from_bundle_case(inspection: ProgrammeInspection[Any], raw: dict[str, Any], position: int) -> dict[str, Any]:
    """A case of a command-line bundle as the web app stores it: accepted when it needs nothing more."""
    programme = inspection.programme
    record = programme.case_record(inspection.cases[position])
    complete = bool(record.answers) and not programme.case_gaps(record)
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
