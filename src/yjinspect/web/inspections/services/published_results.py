"""Published results: recorded when a report is published here, or imported from reports and CSV files.

`web/public.py` reads them (`PublishedResult`) for its comparisons.

Importing again does not double a result (decision 0014): an imported result with the same programme,
service, date, kind of source and file name as one being imported is replaced by it, and the import says
how many it replaced. The public record's results are marked as its own (`figures["public_record"]`), so
that importing it again replaces its earlier import whole and never an administrator's upload.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction

from yjinspect.importing.public_record import DataSetRead, read_public_record
from yjinspect.importing.published_ratings import PublishedRatingsError, parse_published_ratings, read_open_data
from yjinspect.importing.published_reports import MONTHS
from yjinspect.importing.report_folder import FileRead, import_problems
from yjinspect.importing.report_text import ReportTextError, read_report_text
from yjinspect.programmes import read_published_report
from yjinspect.web.inspections.models import Inspection, PublishedResult
from yjinspect.web.inspections.selectors import programme_inspection, programme_of
from yjinspect.web.inspections.services.audit import event_record
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.limits import upload_limits

_FIGURES = ("standards", "key_questions", "headline_scores", "criteria", "themes", "sections", "counts")


@transaction.atomic
def result_from_inspection(*, inspection: Inspection, published_on: str, result: Any = None) -> PublishedResult:
    """Record the results of an inspection published here, as its programme names its figures (`result`:
    the rating the published report was composed from, so that publishing rates once)."""
    programme = programme_of(inspection)
    published = programme.published_figures(result if result is not None else programme_inspection(inspection).result)
    return _save_result(
        inspection,
        published_on,
        dict(published.figures),
        overall_rating=published.overall_rating,
        score=published.score,
        max_score=published.max_score,
    )


def _save_result(
    inspection: Inspection,
    published_on: str,
    figures: dict[str, Any],
    *,
    overall_rating: str = "",
    score: int | None = None,
    max_score: int | None = None,
) -> PublishedResult:
    record, _ = PublishedResult.objects.update_or_create(
        inspection=inspection,
        defaults={
            "programme": inspection.framework_id,
            "service": inspection.service.name,
            "date": published_on,
            "overall_rating": overall_rating,
            "score": score,
            "max_score": max_score,
            "figures": figures,
            "source": PublishedResult.Source.APP,
        },
    )
    return record


def result_import_report(*, by: Any, filename: str, content: bytes) -> tuple[PublishedResult, int]:
    """Import a published report's figures; refuse a report whose programme, service or year is not stated.
    Return the result and how many earlier results it replaced (the same report imported from the same file).

    The report is read outside any transaction (reading a PDF takes time); one short one records it."""
    if problem := upload_limits().size_problem(len(content), filename):
        raise ServiceError(f"{filename} was not imported: nothing has changed.", [problem])
    with tempfile.TemporaryDirectory() as folder:
        # The upload's own suffix is kept: a saved web page is told by it (or by its first bytes).
        path = Path(folder) / ("report" + "".join(ch for ch in Path(filename).suffix.lower()[:5] if ch.isalnum() or ch == "."))
        path.write_bytes(content)
        try:
            text = read_report_text(str(path))
        except ReportTextError as error:
            raise ServiceError(f"{filename}: {str(error).split(': ', 1)[-1]}") from error
    record = read_published_report(text)
    if problems := import_problems(record):
        raise ServiceError(f"{filename} was not imported: nothing has changed.", problems)
    return _result_record(by=by, filename=filename, record=record)


@transaction.atomic
def _result_record(*, by: Any, filename: str, record: dict[str, Any]) -> tuple[PublishedResult, int]:
    result = _report_result(by=by, filename=filename, record=record)
    replaced = _replace_earlier([result])
    result.save()
    event_record(
        by=by,
        what="published report imported",
        detail=f"{filename}: {record['service']}, {_date(record)}"
        + (f", replacing {replaced} earlier import(s)" if replaced else ""),
    )
    return result, replaced


def _same(result: PublishedResult) -> tuple[str, str, str, str, str]:
    """What makes two imported results the same inspection's, from the same file."""
    return (result.programme, result.service, result.date, result.source, result.source_name)


def _replace_earlier(results: list[PublishedResult]) -> int:
    """Delete the earlier imported results that these replace (the same programme, service, date, kind of source
    and file name; never one published here, nor the public record's own); return how many."""
    keys = {_same(r) for r in results}
    earlier = PublishedResult.objects.filter(
        inspection__isnull=True,
        source__in={r.source for r in results},
        source_name__in={r.source_name for r in results},
    ).exclude(figures__has_key="public_record")
    ids = [e.pk for e in earlier.only("programme", "service", "date", "source", "source_name") if _same(e) in keys]
    PublishedResult.objects.filter(pk__in=ids).delete()
    return len(ids)


def _report_result(*, by: Any, filename: str, record: dict[str, Any]) -> PublishedResult:
    overall = record.get("overall") or {}
    return PublishedResult(
        programme=record["programme"],
        service=record["service"],
        date=_date(record),
        overall_rating=overall.get("rating") or "",
        score=overall.get("score"),
        max_score=overall.get("max"),
        partial=record["partial"],
        figures={k: _standard_ratings(record[k]) if k == "standards" else record.get(k) for k in _FIGURES if record.get(k)},
        source=PublishedResult.Source.REPORT,
        source_name=filename[:200],
        imported_by=by,
    )


def _standard_ratings(standards: dict[str, Any]) -> dict[str, Any]:
    return {k: v.get("rating") for k, v in standards.items()}


def _date(record: dict[str, Any]) -> str:
    """Return YYYY-MM from the report's publication date, or the year alone when no month is stated."""
    published = str(record.get("published") or "")
    for number, month in enumerate(MONTHS, start=1):
        if month in published:
            return f"{record['year']}-{number:02d}"
    return str(record["year"])


def results_import_csv(*, by: Any, filename: str, content: bytes) -> tuple[int, list[str]]:
    """Import a CSV of published ratings; return how many results were recorded, and what to tell about
    the rows (none for our own shape, where any problem rejects the whole file).

    The open data's shape (la_name, score_%, a column per standard name) is read row by row (decision
    0014): what each row states unambiguously is recorded, with what it left out kept beside the result;
    the rows not imported at all are told by name and reason. The file is read and checked within the
    upload limits before one short transaction records it."""
    limits = upload_limits()
    if problem := limits.size_problem(len(content), filename):
        raise ServiceError(f"{filename} was not imported: nothing has changed.", [problem])
    try:
        text = content.decode("utf-8-sig")
        if text.split("\n", 1)[0].startswith("la_name"):
            read = read_open_data(text, source=filename)
            if len(read.rows) > limits.max_rows:
                raise ServiceError(f"{filename} was not imported: nothing has changed.", [limits.rows_problem()])
            count, replaced = _open_data_record(by=by, filename=filename, records=list(read.records))
            in_part = sum(1 for r in read.rows if r.imported and r.problems)
            told = [f"{count} row(s) imported, {in_part} of them in part: what each left out is shown with its result."]
            told += [_replaced_words(replaced, filename)] if replaced else []
            told += [f"Row {r.line} ({r.service}) not imported: {'; '.join(r.problems)}" for r in read.rows if not r.imported]
            return count, told
        records = parse_published_ratings(text, source=filename, limits=limits)
    except UnicodeDecodeError as error:
        raise ServiceError(f"{filename}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'.") from error
    except PublishedRatingsError as error:
        raise ServiceError(f"{filename} was not imported: nothing has changed.", error.problems) from error
    count, replaced = _results_record(by=by, filename=filename, records=records)
    return count, [_replaced_words(replaced, filename)] if replaced else []


def _replaced_words(replaced: int, filename: str) -> str:
    return f"{replaced} result(s) replace those an earlier import of {filename} recorded for the same inspections."


@transaction.atomic
def _open_data_record(*, by: Any, filename: str, records: list[dict[str, Any]]) -> tuple[int, int]:
    results = [_open_result(r, filename[:200], by) for r in records]
    return _ratings_recorded(by, filename, results, "published ratings imported (open data)")


def _ratings_recorded(by: Any, filename: str, results: list[PublishedResult], what: str) -> tuple[int, int]:
    """Record a ratings file's results in place of an earlier import's of the same inspections, with the audit
    event; return how many were recorded and how many they replaced."""
    replaced = _replace_earlier(results)
    event_record(
        by=by, what=what, detail=f"{filename}: {len(results)} result(s)" + (f", replacing {replaced} earlier" if replaced else "")
    )
    PublishedResult.objects.bulk_create(results)
    return len(results), replaced


def _open_result(r: dict[str, Any], source_name: str, by: Any) -> PublishedResult:
    """Return a result from a record read from published ratings, with where it was published and what its row
    left out (for the public page)."""
    return PublishedResult(
        programme=r["programme"],
        service=r["service"],
        date=r["date"],
        overall_rating=r["overall_rating"] or "",
        score=r["score"],
        max_score=r["max"],
        partial=bool(r.get("partial")),
        figures={"standards": r["standards"], "source": r.get("source", ""), "notes": r.get("notes", [])},
        source=PublishedResult.Source.CSV,
        source_name=source_name,
        imported_by=by,
    )


@transaction.atomic
def _results_record(*, by: Any, filename: str, records: list[dict[str, Any]]) -> tuple[int, int]:
    results = [
        PublishedResult(
            programme=r["programme"],
            service=r["service"],
            date=r["date"],
            overall_rating=r["overall_rating"] or "",
            score=r["score"],
            max_score=r["max"],
            figures={"standards": r["standards"]},
            source=PublishedResult.Source.CSV,
            source_name=filename[:200],
            imported_by=by,
        )
        for r in records
    ]
    return _ratings_recorded(by, filename, results, "published ratings imported")


@transaction.atomic
def results_import_public_record(*, by: Any) -> list[DataSetRead]:
    """Import the public record shipped with yjinspect (src/yjinspect/data/): the open data set's rows,
    each imported as far as it states its figures unambiguously, and the 2025 framework's results.

    Importing it again replaces what an earlier import of the public record recorded (its results are
    marked as its own), all in one transaction, so that the demo and an administrator can refresh it
    without doubling it; an administrator's upload of a file of the same name is not touched."""
    read = read_public_record()
    files = [d.data_set.file for d in read]
    earlier = PublishedResult.objects.filter(
        source=PublishedResult.Source.CSV, source_name__in=files, figures__has_key="public_record"
    )
    earlier.delete()
    results = []
    for d in read:
        for r in d.records:
            result = _open_result(r, r["source_name"], by)
            result.figures["public_record"] = d.data_set.file
            results.append(result)
    PublishedResult.objects.bulk_create(results)
    for d in read:
        reported = sum(1 for row in d.rows if row.problems)
        event_record(
            by=by,
            what="public record imported",
            detail=f"{d.data_set.file}: {len(d.records)} of {len(d.rows)} row(s) imported, {reported} reported with problems",
        )
    return read


@transaction.atomic
def results_import_reports(*, by: Any, reads: list[FileRead]) -> list[tuple[PublishedResult, int]]:
    """Record a folder's reports, read beforehand (`importing.report_folder`): all of them in one
    transaction, or none if one cannot be imported (its programme, service or year not stated). Return each
    result with how many earlier imports of the same file it replaced."""
    refused = [f"{r.name}: {'; '.join(r.refused)}" for r in reads if not r.importable]
    if refused:
        raise ServiceError(f"{len(refused)} of {len(reads)} report(s) cannot be imported: nothing has changed.", refused)
    return [_result_record(by=by, filename=r.name, record=r.record) for r in reads if r.record is not None]
