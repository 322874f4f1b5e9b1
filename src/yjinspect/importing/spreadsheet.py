"""Read the first sheet of an XLSX workbook as CSV text, so one reader checks both forms."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from yjinspect.importing.limits import DEFAULT_LIMITS, UploadLimits, megabytes


class SpreadsheetError(ValueError):
    """A workbook that cannot be read."""


def xlsx_to_csv(content: bytes, *, source: str, limits: UploadLimits = DEFAULT_LIMITS) -> str:
    """Return the first sheet as CSV text; dates become YYYY-MM-DD.

    Refused before openpyxl reads anything: a workbook whose zip members declare more than
    `limits.max_unpacked_bytes` (Python's zip reader stops at the declared size, so a member cannot
    unpack to more), or whose sheet declares more than `limits.max_rows` rows; while reading, the
    rows are counted and reading stops past the limit."""
    try:
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SpreadsheetError(f"{source}: not a readable XLSX workbook ({error})") from error
    if unpacked > limits.max_unpacked_bytes:
        raise SpreadsheetError(
            f"{source}: the workbook unpacks to {megabytes(unpacked)}, more than the limit of "
            f"{megabytes(limits.max_unpacked_bytes)}; save the caseload alone as CSV or XLSX"
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > limits.max_rows + 1:  # the sheet's declared size, when it has one
            raise SpreadsheetError(f"{source}: the first sheet has {sheet.max_row:,} rows: {limits.rows_problem()}")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if number > limits.max_rows:  # the header is row 0
                raise SpreadsheetError(f"{source}: {limits.rows_problem()}")
            writer.writerow(_cell(value) for value in row)
        workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged or non-XLSX file
        raise SpreadsheetError(f"{source}: not a readable XLSX workbook ({type(error).__name__})") from error
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
