"""Read the test tables that docs/*.md mark with `<!-- test-table: NAME -->`."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def doc_table(document: str, name: str) -> list[dict[str, str]]:
    """Return the rows of a marked table as dicts keyed by header; fail loudly if it is missing."""
    lines = (DOCS / document).read_text(encoding="utf-8").splitlines()
    marker = f"<!-- test-table: {name} -->"
    try:
        start = lines.index(marker) + 1
    except ValueError:
        raise AssertionError(f"docs/{document} has no table marked {marker}") from None
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _rule, *rows = table
    assert rows, f"table {name} in docs/{document} has no rows"
    return [dict(zip(header, row, strict=True)) for row in rows]
