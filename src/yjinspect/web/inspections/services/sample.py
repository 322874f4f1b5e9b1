"""The data return and the sample: the caseload, contextual facts, the draw, confirming it, substitutions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.engine.framework import Framework, Population
from yjinspect.engine.sampling import CaseloadRow as EngineRow
from yjinspect.engine.sampling import SamplingError, draw_sample
from yjinspect.importing.caseload import CaseloadError, parse_caseload
from yjinspect.importing.contextual_facts import check_facts
from yjinspect.importing.limits import UploadLimits
from yjinspect.importing.spreadsheet import SpreadsheetError, xlsx_to_csv
from yjinspect.web.inspections.models import (
    AssessmentState,
    CaseloadRow,
    ContextualFacts,
    Inspection,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.selectors import programme_of
from yjinspect.web.inspections.services.common import (
    ServiceError,
    history_record,
    require_offered,
    versioned_update,
)
from yjinspect.web.limits import COMMENT_MAX_CHARS, text_problem, upload_limits

SEED_MAX = 2**31 - 1  # the largest seed the database's integer column holds everywhere

# --- data return ----------------------------------------------------------------------------------


def caseload_text(filename: str, content: bytes, limits: UploadLimits | None = None) -> str:
    """Return CSV text from an uploaded CSV or XLSX file."""
    limits = limits or upload_limits()
    if problem := limits.size_problem(len(content), filename):
        raise ServiceError(f"{filename} was not imported: nothing has changed.", [problem])
    if filename.lower().endswith(".xlsx"):
        try:
            return xlsx_to_csv(content, source=filename, limits=limits)
        except SpreadsheetError as error:
            raise ServiceError(f"{filename} was not imported: nothing has changed.", [str(error)]) from error
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError(f"{filename}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'.") from error


def caseload_read(filename: str, content: bytes, framework: Framework) -> list[EngineRow]:
    """Read and check an uploaded caseload, within the upload limits; refuse it with its problems."""
    limits = upload_limits()
    try:
        return parse_caseload(caseload_text(filename, content, limits), framework, source=filename, limits=limits)
    except CaseloadError as error:
        raise ServiceError(f"{filename} was not imported: nothing has changed.", error.problems) from error


def caseload_upload(*, by: Any, inspection: Inspection, filename: str, content: bytes) -> int:
    """Replace the eligible caseload with an uploaded file; any problem rejects the whole file.

    The file is read and checked first, outside any transaction (a large or bad file takes time, and
    must not hold the database's write lock while it does); then one short transaction replaces the rows."""
    programme = programme_of(inspection)
    require_offered(inspection, programme.has_data_return, "caseload data return")
    if Inspection.objects.filter(pk=inspection.pk, sample_locked_at__isnull=False).exists():
        raise ServiceError("The sample is confirmed, so the caseload can no longer be replaced.")
    rows = caseload_read(filename, content, programme.framework)
    return _caseload_replace(by=by, inspection=inspection, filename=filename, rows=rows)


@transaction.atomic
def _caseload_replace(*, by: Any, inspection: Inspection, filename: str, rows: list[EngineRow]) -> int:
    """Replace the caseload with rows already read and checked: one short transaction."""
    # Re-read under a lock: the sample may have been confirmed while the file was read.
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.sample_locked_at is not None:
        raise ServiceError("The sample is confirmed, so the caseload can no longer be replaced.")
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
    history_record(inspection, by, f"caseload uploaded ({filename})", f"{before} rows", f"{len(rows)} rows")
    return len(rows)


@transaction.atomic
def facts_save(*, by: Any, inspection: Inspection, data: dict[str, str], expected_version: int) -> ContextualFacts:
    """Save the contextual facts; every figure must be a whole number (percentages 0-100)."""

    def checked(_: ContextualFacts) -> dict[str, Any]:
        clean, problems = check_facts(data)
        if problems:
            raise ServiceError("The contextual facts were not saved: nothing has changed.", problems)
        return {"data": clean}

    return versioned_update(
        ContextualFacts,
        where={"inspection": inspection},
        by=by,
        expected_version=expected_version,
        changes=checked,
        history={"data": "contextual facts"},
        inspection=inspection,
    )


# --- sample ---------------------------------------------------------------------------------------


@transaction.atomic
def sample_draw(*, by: Any, inspection: Inspection, seed: int) -> None:
    """Draw (or redraw, until it is confirmed) the stratified sample from the caseload."""
    programme = programme_of(inspection)
    require_offered(inspection, programme.has_data_return, "sample draw")
    if not 0 <= seed <= SEED_MAX:  # the seed is stored: a larger number would fail in the database
        raise ServiceError(f"Seed: {seed} is not a whole number from 0 to {SEED_MAX}.")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.sample_locked_at is not None:
        raise ServiceError("The sample is confirmed and locked; replace individual cases instead.")
    framework = programme.framework
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
    # A redraw before confirmation is allowed; the cases' history stays (HistoryEntry.case_ref), and so does
    # a record of what work the redraw removed.
    if started := sorted(inspection.cases.filter(history__isnull=False).values_list("case_ref", flat=True).distinct()):
        history_record(inspection, by, "sample redrawn: cases removed", ", ".join(started), None)
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
    history_record(inspection, by, "sample drawn", f"seed {old_seed}" if old_seed is not None else None, f"seed {seed}; {sizes}")


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
    history_record(inspection, by, "sample confirmed and locked", None, f"seed {inspection.sample_seed}")


@transaction.atomic
def case_replace(*, by: Any, case: SampledCase, reason: str) -> SampledCase:
    """Replace an ineligible sampled case by the next reserve of its population, recording why."""
    if not reason.strip():
        raise ServiceError("Say why the case is being replaced: the reason is kept in the record.")
    if problem := text_problem(f"Why case {case.case_ref} is replaced", reason.strip(), COMMENT_MAX_CHARS):
        raise ServiceError(problem)
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
    history_record(
        case.inspection,
        by,
        f"case {case.case_ref} replaced by {reserve.case_ref}",
        "sampled",
        f"replaced: {reason.strip()}",
        case=case,
    )
    return reserve
