"""Read a CSV of published ratings (one row per inspection); all-or-nothing, every problem listed.

Columns: service, date (YYYY-MM or YYYY-MM-DD), programme (optional; default hmip-youth-2018),
overall_rating, score, and one column per standard id ("1.1", "2.1", ...). Other columns are ignored.
A row whose overall rating contradicts its score by the framework's bands, or whose standards' points
do not add up to its score, is reported, not accepted.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from yjinspect.engine.framework import Rating
from yjinspect.engine.loading import STANDARDS, FrameworkError, load_framework, shipped_framework_ids
from yjinspect.engine.rating import NOT_RATED
from yjinspect.importing.limits import DEFAULT_LIMITS, ProblemList, UploadLimits

# The published ratings data set holds standards-framework inspections (rated, with an overall score).
STANDARDS_PROGRAMMES = tuple(shipped_framework_ids(STANDARDS))
_RATINGS = {r.value.lower(): r.value for r in Rating}
SERVICE_MAX_LENGTH = 200  # the longest service name the application stores


class PublishedRatingsError(ValueError):
    """A ratings CSV that cannot be imported; every problem, with its row and column."""

    def __init__(self, source: str, problems: list[str] | ProblemList) -> None:
        self.problems = list(problems)  # a ProblemList gives its first problems and how many more
        super().__init__(
            f"{source}: {len(problems)} problem(s); nothing was imported\n" + "\n".join(f"  {p}" for p in self.problems)
        )


def _rating(value: str) -> str | None:
    return _RATINGS.get(" ".join(value.lower().split()))


def parse_published_ratings(
    text: str, *, source: str = "ratings.csv", limits: UploadLimits = DEFAULT_LIMITS
) -> list[dict[str, Any]]:
    """Return one record per row (in the shape comparison.py reads), or raise with every problem.

    More rows than `limits.max_rows` stop the reading; the first `limits.max_problems` problems are told."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse(reader, source, limits)
    except csv.Error as error:  # e.g. a field longer than the csv module reads
        raise PublishedRatingsError(source, [f"line {reader.line_num}: not readable as CSV ({error})"]) from error


def _parse(reader: csv.DictReader[str], source: str, limits: UploadLimits) -> list[dict[str, Any]]:
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("service", "date", "overall_rating", "score") if c not in columns]
    if missing:
        raise PublishedRatingsError(source, [f"header: missing column(s) {', '.join(missing)}"])
    reader.fieldnames = columns
    problems = ProblemList(limits.max_problems)
    records: list[dict[str, Any]] = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > limits.max_rows:
            raise PublishedRatingsError(source, [limits.rows_problem()])
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(values.values()):
            continue
        before = len(problems)
        where = f"row {line}"
        programme = values.get("programme") or "hmip-youth-2018"
        try:
            framework = load_framework(programme) if programme in STANDARDS_PROGRAMMES else None
        except FrameworkError:
            framework = None
        if framework is None:
            problems.append(f"{where}, column programme: {programme!r} is not one of {', '.join(STANDARDS_PROGRAMMES)}")
            continue
        if not values["service"]:
            problems.append(f"{where}, column service: empty")
        elif len(values["service"]) > SERVICE_MAX_LENGTH:
            problems.append(f"{where}, column service: {len(values['service'])} characters long; at most {SERVICE_MAX_LENGTH}")
        date = re.fullmatch(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-\d\d)?", values["date"])
        if not date:
            problems.append(f"{where}, column date: {values['date']!r} is not a date (expected YYYY-MM or YYYY-MM-DD)")
        overall = _rating(values["overall_rating"]) if values["overall_rating"] else None
        if values["overall_rating"] and overall is None:
            problems.append(f"{where}, column overall_rating: {values['overall_rating']!r} is not a rating")
        # Only the digits 0-9: str.isdigit() also accepts superscripts such as "²", which int() refuses.
        score = int(values["score"]) if re.fullmatch(r"[0-9]+", values["score"]) else None
        if values["score"] and (score is None or score > framework.overall.max_score):
            problems.append(
                f"{where}, column score: {values['score']!r} is not a whole number from 0 to {framework.overall.max_score}"
            )
            score = None
        standards: dict[str, str | None] = {}
        for standard in framework.standards:
            value = values.get(standard.id, "")
            if not value:
                continue
            if value.lower() == NOT_RATED.lower():
                standards[standard.id] = None
            elif _rating(value) is None:
                problems.append(f"{where}, column {standard.id}: {value!r} is not a rating")
            else:
                standards[standard.id] = _rating(value)
        if score is not None and overall is not None:
            banded = next(b.rating.value for b in framework.overall.bands if score >= b.min_score)
            if banded != overall:
                problems.append(
                    f"{where}: overall rating {overall} contradicts the score {score}/{framework.overall.max_score}, "
                    f"which {framework.id}'s bands make {banded}"
                )
        counted = [s.id for s in framework.standards if s.counts_towards_overall]
        if score is not None and all(standards.get(s) for s in counted):
            points = sum(framework.points[Rating(standards[s] or "")] for s in counted)
            if points != score:
                problems.append(f"{where}: the standards' ratings add up to {points} points, not the score {score}")
        if len(problems) == before and date:
            records.append(
                {
                    "service": values["service"],
                    "date": f"{date.group(1)}-{date.group(2)}",
                    "programme": programme,
                    "overall_rating": overall,
                    "score": score,
                    "max": framework.overall.max_score,
                    "standards": standards,
                    "key_questions": {},
                }
            )
    if not records and not problems:
        problems.append("no data rows")
    if problems:
        raise PublishedRatingsError(source, problems)
    return records
