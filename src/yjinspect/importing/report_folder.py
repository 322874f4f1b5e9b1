"""Read a folder of published reports (PDF, text or HTML) for a bulk import: every file read in turn, with
what was read from it and what was not, and whether it can be imported (programme, service and year stated).

Nothing is recorded here: the command line writes the records only if every file can be imported, and
the web application's import records them in one transaction (all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yjinspect.importing.report_text import ReportTextError, read_report_text

REPORT_SUFFIXES = (".pdf", ".txt", ".html", ".htm")
_FIGURES = {
    "standards": "standard ratings",
    "key_questions": "key question figures",
    "headline_scores": "headline scores",
    "criteria": "criterion scores",
    "sections": "section scores",
    "themes": "themes",
    "counts": "counts",
}


@dataclass(frozen=True)
class FileRead:
    """One report file: its record (None if its text could not be had), what was read, what was not, and
    why it cannot be imported (empty if it can)."""

    name: str
    record: dict[str, Any] | None
    read: tuple[str, ...] = ()
    not_read: tuple[str, ...] = ()
    refused: tuple[str, ...] = field(default_factory=tuple)

    @property
    def importable(self) -> bool:
        return not self.refused


def import_problems(record: Mapping[str, Any]) -> list[str]:
    """Return why a published report's record cannot be imported as a result (none if it can)."""
    if record.get("youth") is False:
        return ["it is an inspection of adult probation services, not a youth inspection"]
    problems = []
    if record["programme"] == "unknown":
        problems.append("the inspection programme could not be recognised")
    if not record["service"]:
        problems.append("the service is not stated")
    if not record["year"]:
        problems.append("the year is not stated")
    return problems


def what_was_read(record: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Return, in words, what a record holds and what it does not (a null field, and each note)."""
    read: list[str] = []
    missing: list[str] = []
    for key, words in (("programme", "programme"), ("service", "service"), ("published", "publication date")):
        (read if record.get(key) not in (None, "unknown") else missing).append(
            f"{words} {record[key]}" if record.get(key) not in (None, "unknown") else f"{words} not stated"
        )
    overall = record.get("overall") or {}
    if overall.get("rating"):
        read.append(f"overall rating {overall['rating']}")
    if overall.get("score") is not None:
        read.append(f"score {overall['score']}/{overall.get('max')}")
    for key, words in _FIGURES.items():
        if record.get(key):
            read.append(f"{len(record[key])} {words}")
    if (record.get("cases") or {}).get("total") is not None:
        read.append(f"{record['cases']['total']} cases")
    if record.get("recommendations"):
        read.append(f"{len(record['recommendations'])} recommendations")
    if record.get("partial"):
        missing.append("partial: the text is cut short or damaged, or states fewer figures than its programme has")
    missing += list(record.get("notes") or [])
    return read, missing


def report_files(folder: Path) -> list[Path]:
    """Return the report files in a folder (not its subfolders), by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def read_report_folder(
    folder: Path,
    reader: Callable[[str], dict[str, Any]],
    *,
    progress: Callable[[int, int, FileRead], None] | None = None,
) -> list[FileRead]:
    """Read every report file in a folder with `reader` (the programme registry's `read_published_report`),
    calling `progress(done, total, file)` after each one."""
    files = report_files(folder)
    found = []
    for number, path in enumerate(files, start=1):
        try:
            record = reader(read_report_text(str(path)))
        except ReportTextError as error:
            item = FileRead(path.name, None, refused=(str(error).split(": ", 1)[-1],))
        else:
            read, missing = what_was_read(record)
            item = FileRead(path.name, record, tuple(read), tuple(missing), tuple(import_problems(record)))
        found.append(item)
        if progress is not None:
            progress(number, len(files), item)
    return found
