"""Read the first sheet of an XLSX workbook as CSV text, so one reader checks both forms."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook


class SpreadsheetError(ValueError):
    """A workbook that cannot be read."""


def xlsx_to_csv(content: bytes, *, source: str) -> str:
    """Return the first sheet as CSV text; dates become YYYY-MM-DD."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or non-XLSX file
        raise SpreadsheetError(f"{source}: not a readable XLSX workbook ({type(error).__name__})") from error
    sheet = workbook.worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(_cell(value) for value in row)
    workbook.close()
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
