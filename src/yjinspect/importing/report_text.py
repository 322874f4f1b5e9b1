"""Get a published report's text from a file: plain text as it is, a PDF through pypdf."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError


class ReportTextError(ValueError):
    """A report file whose text cannot be had."""


def read_report_text(path: str) -> str:
    """Return the report's text; a PDF's pages are extracted and joined."""
    file = Path(path)
    try:
        head = file.read_bytes()[:5]
    except OSError as error:
        raise ReportTextError(f"{path}: cannot be read ({error.strerror})") from error
    if head == b"%PDF-":
        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)
        except (PdfReadError, ValueError) as error:
            raise ReportTextError(f"{path}: not a readable PDF ({error})") from error
        except Exception as error:  # pypdf raises many other types for a damaged or hostile file
            raise ReportTextError(f"{path}: not a readable PDF ({type(error).__name__})") from error
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        # Older reports were saved in Windows' encoding; every byte means something there.
        return file.read_bytes().decode("cp1252", errors="replace")
