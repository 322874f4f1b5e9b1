"""Typed schema of a results-only programme's framework file: what its reports rate, not how.

A programme whose inspection rules are not public (the 2025 framework, `hmip-youth-2025`) is held
for its published results alone: the areas its reports rate, the parts some reports rate within an
area, the rating words, and which framework it followed. No arithmetic: nothing here rates.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from yjinspect.engine.framework import FrameworkHeader, Frozen, Rating
from yjinspect.engine.loading import (
    FrameworkError,
    framework_kind,
    read_yaml,
    shipped_framework_ids,
    shipped_framework_text,
    validate_framework,
)

RESULTS = "results"  # the `scoring` kind of a results-only framework file


class RatedArea(Frozen):
    """An area (or a part of one) a published report rates, as the report names it."""

    id: str
    name: str
    area: str | None = None  # a part's area ("children" for assessing); None for an area itself
    source: str
    unverified: str | None = None


class ResultsFramework(FrameworkHeader):
    """A programme held for its published ratings only."""

    scoring: Literal["results"]
    rules_unverified: str = Field(min_length=1)  # why no rating is computed here
    ratings: tuple[Rating, ...] = tuple(Rating)
    areas: tuple[RatedArea, ...] = Field(min_length=1)
    parts: tuple[RatedArea, ...] = ()
    follows: str | None = None  # the framework this one replaced: a service's history marks the change
    # How a report under this framework titles itself, for recognising it ("... in <Area>").
    title_phrase: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ResultsFramework:
        ids = [a.id for a in (*self.areas, *self.parts)]
        if len(set(ids)) != len(ids):
            raise ValueError("an area or part id appears twice")
        areas = {a.id for a in self.areas}
        for part in self.parts:
            if part.area not in areas:
                raise ValueError(f"part {part.id}: area must be one of {', '.join(sorted(areas))}")
        return self

    def rated_items(self) -> tuple[RatedArea, ...]:
        """Return the areas, then the parts, in the file's order: every item a published result may rate."""
        return (*self.areas, *self.parts)

    def unverified_items(self) -> list[tuple[str, str]]:
        """Return every item the public record does not confirm: the rules first, then any area's note."""
        found = [("rules", self.rules_unverified)]
        found += [(f"area {a.id}", a.unverified) for a in self.rated_items() if a.unverified]
        return found


@cache  # the shipped files do not change while the program runs; the importer asks for every report
def results_framework_ids() -> tuple[str, ...]:
    """List the shipped results-only framework ids."""
    return tuple(shipped_framework_ids(RESULTS))


@cache
def load_results_framework(framework_id: str) -> ResultsFramework:
    """Return a shipped results-only framework by id; raise FrameworkError naming the known ids if there is none."""
    if framework_id not in results_framework_ids() or framework_kind(framework_id) != RESULTS:
        raise FrameworkError(f"unknown results-only framework {framework_id!r}; known: {', '.join(results_framework_ids())}")
    source = f"{framework_id}.yaml"
    return validate_framework(ResultsFramework, read_yaml(shipped_framework_text(framework_id), source=source), source=source)
