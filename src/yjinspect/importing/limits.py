"""Limits on how much work an uploaded file may cause: its size, rows, unpacked size, and problems told.

A small file can hold a great deal (a spreadsheet of 300,000 empty rows, a workbook that unpacks to
a hundred megabytes of XML, a CSV where every row is wrong); the readers check these limits before
and while reading, so that a bad upload is refused quickly with a message instead of stalling the
service. The web application's settings give the values (docs/deploying.md, "Limits").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    """How large an upload may be, how many rows it may have, and how many problems are told."""

    max_bytes: int = 10 * MEGABYTE
    max_rows: int = 100_000
    max_unpacked_bytes: int = 20 * MEGABYTE  # an XLSX workbook's members, as their zip entries declare them
    max_problems: int = 100

    def size_problem(self, size: int, what: str = "the file") -> str | None:
        """Return why a file of this many bytes is refused, or None if it is within the limit."""
        if size <= self.max_bytes:
            return None
        return f"{what} is {megabytes(size)}, larger than the limit of {megabytes(self.max_bytes)}"

    def rows_problem(self) -> str:
        """Say that a file has more rows than the limit."""
        return f"more than {self.max_rows:,} rows, the limit: remove empty rows or split the file"


def megabytes(size: int) -> str:
    """Return a size in bytes as people read it."""
    return f"{size / MEGABYTE:.1f} MB" if size >= MEGABYTE // 10 else f"{size:,} bytes"


class ProblemList:
    """Problems found in a file: every one is counted, the first `limit` are kept to be told.

    Its length is the number found, so a reader can still ask "did this row add a problem?"."""

    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 1)
        self.kept: list[str] = []
        self.found = 0

    def append(self, problem: str) -> None:
        self.found += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def __len__(self) -> int:
        return self.found

    def __bool__(self) -> bool:
        return self.found > 0

    def __iter__(self) -> Iterator[str]:
        return iter(self.told())

    def told(self) -> list[str]:
        """Return the problems kept, then how many more there were."""
        more = self.found - len(self.kept)
        return [*self.kept, f"and {more:,} more problem{'s' if more != 1 else ''}"] if more else list(self.kept)


DEFAULT_LIMITS = UploadLimits()
