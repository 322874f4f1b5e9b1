"""The data return and the sample: the caseload, contextual facts, the draw, confirming it, substitutions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from yjinspect.engine.framework import Framework, Population
from yjinspect.engine.sampling import CaseloadRow as EngineRow
from yjinspect.engine.sampling import SamplingError, draw_sample
from yjinspect.importing.caseload import CaseloadError, parse_caseload
from yjinspect.importing.contextual_facts import FACT_LABELS, check_facts
from yjinspect.importing.limits import UploadLimits
from yjinspect.importing.spreadsheet import SpreadsheetError, xlsx_to_csv
from yjinspect.web.inspections.draw_explanation import explanation_record
from yjinspect.web.inspections.models import (
    Answer,
    AssessmentState,
    CaseloadRow,
    ContextualFacts,
    HistoryEntry,
    Inspection,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.selectors import CASELOAD_FIELDS, caseload_rows, programme_of
from yjinspect.web.inspections.services.common import (
    ServiceError,
    history_record,
    require_offered,
    versioned_update,
)
from yjinspect.web.limits import COMMENT_MAX_CHARS, text_problem, upload_limits

SEED_MAX = 2**31 - 1  # the largest seed the database's integer column holds everywhere
INSERT_BATCH = 2_000  # rows given to SQLite's driver at a time


def _insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert plain rows (values for `columns`, the other fields taking their defaults).

    A caseload has up to 100,000 rows, and a draw stores every eligible case (the reserves are the
    cases not sampled, in draw order): building a model instance per row and letting `bulk_create`
    prepare each value took seconds (6.7 s for 100,000 caseload rows on SQLite). These rows are read
    and checked already, so they go in as plain values: on SQLite through one prepared statement that
    its driver runs for each row, in C; on PostgreSQL through COPY (statements of many rows took 6 s
    for 100,000 rows there, the driver putting every value into the statement's text)."""
    fields = [f for f in model._meta.concrete_fields if f.name in columns]
    fields.sort(key=lambda f: columns.index(f.name))  # in the order the rows give their values
    if len(fields) != len(columns):
        raise ValueError(f"{model.__name__} has no column for each of {columns}")
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in columns]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    dates = [i for i, f in enumerate(fields) if type(f) is models.DateField]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in (*fields, *others))
    adapt = connection.ops.adapt_datefield_value

    def prepared() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            values = list(row)
            for i in dates:
                values[i] = adapt(values[i])
            yield (*values, *defaults)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # through psycopg 3, the driver pyproject.toml installs
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
            return
        statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(fields) + len(others)))})"
        batch: list[tuple[Any, ...]] = []
        for values in prepared():
            batch.append(values)
            if len(batch) == INSERT_BATCH:
                cursor.executemany(statement, batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)


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
    inspection.caseload.all().delete()  # one statement: nothing refers to a caseload row
    _insert_rows(
        CaseloadRow,
        ("inspection", *CASELOAD_FIELDS),
        (
            (inspection.pk, r.row, r.case_id, r.population.value, r.disposal_type, r.disposal_date, r.gender, r.rosh,
             r.safety_wellbeing)
            for r in rows
        ),
    )  # fmt: skip
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
        parts=_facts_changed,
        inspection=inspection,
    )


def _facts_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """One history entry per contextual fact that changed, named in words ("Staff (full-time equivalent)")."""
    return [(FACT_LABELS.get(key, key), old.get(key), new.get(key)) for key in {**old, **new} if old.get(key) != new.get(key)]


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
    rows = caseload_rows(inspection)
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
    _cases_remove(inspection)
    _insert_rows(
        SampledCase,
        ("inspection", "case_ref", "population", "disposal_type", "gender", "service_rosh", "service_safety_wellbeing",
         "draw_position", "sample_state"),
        (
            (inspection.pk, ref, part.population.value, by_ref[ref].disposal_type, by_ref[ref].gender, by_ref[ref].rosh,
             by_ref[ref].safety_wellbeing, position,
             SampleState.SAMPLED.value if position < part.sample_size else SampleState.RESERVE.value)
            for part in draw.populations.values()
            for position, ref in enumerate((*part.sample, *part.reserves))
        ),
    )  # fmt: skip
    old_seed, inspection.sample_seed = inspection.sample_seed, seed
    inspection.sample_explanation = explanation_record(draw, Counter(r.population for r in rows))
    inspection.save(update_fields=["sample_seed", "sample_explanation"])
    sizes = ", ".join(f"{p.population.label}: {p.sample_size} of {p.eligible}" for p in draw.populations.values())
    history_record(inspection, by, "sample drawn", f"seed {old_seed}" if old_seed is not None else None, f"seed {seed}; {sizes}")


def _cases_remove(inspection: Inspection) -> None:
    """Delete the inspection's drawn cases before a redraw, in a few statements whatever their number.

    Django's `delete()` would read every case (a large caseload's reserves run to tens of thousands) to
    follow the relations one by one; here each relation is dealt with in one statement, as the models
    say: a case's history stays, without the link (SET_NULL, keeping its reference); its answers go
    (CASCADE); and a link from a replaced case to its replacement goes with both (cases are replaced only
    once the sample is locked, which refuses a redraw, but an imported bundle may hold one). The
    database's foreign keys still refuse the delete if a relation is missed."""
    HistoryEntry.objects.filter(case__inspection=inspection).update(case=None)
    Answer.objects.filter(case__inspection=inspection).delete()
    inspection.cases.filter(replacement__isnull=False).update(replacement=None)
    with connection.cursor() as cursor:
        table, column = SampledCase._meta.db_table, SampledCase._meta.get_field("inspection").column
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(table)} WHERE {connection.ops.quote_name(column)} = %s", [inspection.pk]
        )


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
