"""Callers never branch on the programme: the contract is the only door (issue 9's check, kept as a test)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "yjinspect"
# Names of the two worlds the programme contract replaced.
OLD_NAMES = re.compile(r"is_legacy|Legacy|legacy_")
# Branching on a programme by its kind's name, its framework id or its inspection type. (A default
# framework for a form or a command is a default, not a branch, and is allowed.)
BRANCHES = re.compile(
    r"\.scoring\s*[!=]=|\bkind\s*[!=]=\s*[\"']|isinstance\([^)]*Inspection\b"
    r"|(==|!=|\bin)\s*\(?[\"']hmip-youth-|[\"']hmip-youth-[a-z0-9]+[\"']\s*:"
)


def _sources(*, outside: tuple[str, ...] = ()) -> list[Path]:
    found = []
    for path in SRC.rglob("*"):
        if path.suffix not in (".py", ".html") or "migrations" in path.parts:
            continue
        if any(part in path.relative_to(SRC).parts[:1] for part in outside):
            continue
        found.append(path)
    return found


def test_the_old_names_are_gone() -> None:
    hits = [f"{p.relative_to(SRC)}:{n}" for p in _sources() for n, line in enumerate(p.read_text().splitlines(), 1)
            if OLD_NAMES.search(line)]  # fmt: skip
    assert hits == []


def test_nothing_outside_the_plug_ins_and_the_engine_branches_on_a_programme() -> None:
    # The engine's schema checks its own kinds' files; the plug-ins are where kinds differ; the
    # examples and the demo build inspections of named frameworks on purpose; the published-report
    # reader recognises a programme from a report's words (which is what it is for).
    allowed = ("programmes", "engine", "frameworks", "examples.py", "importing")
    hits = []
    for path in _sources(outside=allowed):
        if path.name == "demo.py":
            continue
        hits += [f"{path.relative_to(SRC)}:{n}: {line.strip()}" for n, line in enumerate(path.read_text().splitlines(), 1)
                 if BRANCHES.search(line)]  # fmt: skip
    assert hits == []
