"""The report as plain data: sections of blocks made of inline runs. Renderers read only this.

Every figure in a composed report is a `Figure` run that names where it came from (`source`), so a
test can recompute each one from the inspection without trusting the composer. Text the team wrote
is a `Narrative` run; ids such as "2.1.3" are `Label` runs; everything else is plain `Text`, which
the composer keeps free of digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias


@dataclass(frozen=True)
class Text:
    """Words the composer wrote (no figures)."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class ToBeWritten(Text):
    """Words standing in for narrative the team has not written yet, printed as such; a report with one
    is never published. `box`: where in the narrative the team writes it (its path), if a box holds it."""

    box: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Unwritten:
    """A place in the report still waiting for the team's words: its section, what it says instead, its box."""

    section: str
    text: str
    box: tuple[str, ...] | None


@dataclass(frozen=True)
class Label:
    """An identifier: a standard or key question number, a case reference in a list."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Figure:
    """A number from the data, with where it came from, e.g. ("kq_percent", "2.1.1")."""

    text: str
    source: tuple[str, ...]
    bold: bool = False


@dataclass(frozen=True)
class Narrative:
    """Words the inspection team wrote; printed as written."""

    text: str
    bold: bool = False


Run: TypeAlias = Text | Label | Figure | Narrative
Inline: TypeAlias = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    # placeholder: narrative not written yet, printed as such so that nobody mistakes it for text
    style: Literal["body", "placeholder", "lead", "note", "footnote"] = "body"
    anchor: str | None = None  # a stable id, for comments on the draft


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Cell:
    runs: Inline
    header: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[Inline, ...] = ()
    # key-value tables (the ratings table) read better without a header row
    header_row: bool = True


@dataclass(frozen=True)
class Chart:
    """A chart as SVG, with the text alternative screen readers and Word readers get."""

    title: str
    alt: str
    svg: str
    data: Table  # the same figures as a table, for formats and readers that cannot use the image


Block: TypeAlias = Paragraph | BulletList | Table | Chart


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int  # 1 for chapters, 2 and 3 below
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """Yield this section and every section below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class ReportDocument:
    title: str
    subtitle: str
    service: str
    framework_id: str
    date_line: str
    sections: tuple[Section, ...]
    draft: bool = True
    metadata: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[Section]:
        """Yield every section in reading order."""
        for section in self.sections:
            yield from section.walk()

    def runs(self) -> Iterator[Run]:
        """Yield every inline run in the document, tables and chart data included."""
        for section in self.walk():
            for block in section.blocks:
                yield from block_runs(block)

    def unwritten(self) -> tuple[Unwritten, ...]:
        """Return every place still waiting for the team's words, in reading order."""
        found = []
        for section in self.walk():
            for block in section.blocks:
                for run in block_runs(block):
                    if isinstance(run, ToBeWritten):
                        text = (plain(block.runs) if isinstance(block, Paragraph) else run.text).strip("[]").rstrip(".")
                        # "[To be written by the inspection team: the foreword.]" -> "the foreword"
                        found.append(Unwritten(section.title, text.partition(": ")[2] or text, run.box))
        return tuple(found)


def block_runs(block: Block) -> Iterator[Run]:
    """Yield the runs of one block."""
    if isinstance(block, Paragraph):
        yield from block.runs
    elif isinstance(block, BulletList):
        for item in block.items:
            yield from item
    elif isinstance(block, Table):
        for row in block.rows:
            for cell in row:
                yield from cell.runs
        for note in block.notes:
            yield from note
    else:
        yield from block_runs(block.data)


def plain(runs: Inline) -> str:
    """Return the runs' text joined."""
    return "".join(r.text for r in runs)
