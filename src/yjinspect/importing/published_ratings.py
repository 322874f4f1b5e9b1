"""Read a CSV of published ratings (one row per inspection); all-or-nothing, every problem listed.

Columns: service, date (YYYY-MM or YYYY-MM-DD), programme (optional; default hmip-youth-2018),
overall_rating, score, and one column per standard id ("1.1", "2.1", ...), or per rated area id
("children", "victims") for a programme held for its results only (hmip-youth-2025, which has no
score); source (optional): where the row's figures were published. Other columns are ignored.
A row whose overall rating contradicts its score by the framework's bands, or whose standards' points
do not add up to its score, is reported, not accepted.

`read_open_data` reads the other shape: the open data set of 2021-2025 ratings scraped from the
published reports (one column per standard *name*), row by row, importing what each row states
unambiguously and reporting every row's problems (decision 0014).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date as calendar_date
from typing import Any

from yjinspect.engine.framework import Framework, Rating
from yjinspect.engine.loading import STANDARDS, FrameworkError, load_framework, shipped_framework_ids
from yjinspect.engine.rating import NOT_RATED
from yjinspect.engine.results_only import ResultsFramework, load_results_framework, results_framework_ids
from yjinspect.importing.limits import DEFAULT_LIMITS, ProblemList, UploadLimits

# The published ratings data set holds standards-framework inspections (rated, with an overall score),
# and those of programmes held for their results only (rated areas, an overall rating, no score).
STANDARDS_PROGRAMMES = tuple(shipped_framework_ids(STANDARDS))
RATED_PROGRAMMES = (*STANDARDS_PROGRAMMES, *results_framework_ids())
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
        # The row that failed starts on the line after the last one read whole.
        raise PublishedRatingsError(source, [f"line {reader.line_num + 1}: not readable as CSV ({error})"]) from error


def _parse(reader: csv.DictReader[str], source: str, limits: UploadLimits) -> list[dict[str, Any]]:
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("service", "date", "overall_rating", "score") if c not in columns]
    if missing:
        raise PublishedRatingsError(source, [f"header: missing column(s) {', '.join(missing)}"])
    reader.fieldnames = columns
    problems = ProblemList(limits.max_problems)
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        if line - 1 > limits.max_rows:
            raise PublishedRatingsError(source, [limits.rows_problem()])
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(values.values()):
            continue
        before = len(problems)
        where = f"row {line}"
        programme = values.get("programme") or "hmip-youth-2018"
        if programme in results_framework_ids():
            record = _results_row(values, where, load_results_framework(programme), problems)
            if record is not None and (key := (values["service"].lower(), programme, record["date"])) in seen:
                problems.append(f"{where}: repeats row {seen[key]} (the same service, programme and date)")
            elif len(problems) == before and record is not None:
                seen[key] = line
                records.append(record)
            continue
        try:
            framework = load_framework(programme) if programme in STANDARDS_PROGRAMMES else None
        except FrameworkError:
            framework = None
        if framework is None:
            problems.append(f"{where}, column programme: {programme!r} is not one of {', '.join(RATED_PROGRAMMES)}")
            continue
        _check_service(values, where, problems)
        date = _date(values, where, problems)
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
            banded = _banded(framework, score)
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
        if date and (key := (values["service"].lower(), programme, date)) in seen:
            problems.append(f"{where}: repeats row {seen[key]} (the same service, programme and date)")
        elif date:
            seen[key] = line
        if len(problems) == before and date:
            records.append(
                {
                    "service": values["service"],
                    "date": date,
                    "programme": programme,
                    "overall_rating": overall,
                    "score": score,
                    "max": framework.overall.max_score,
                    "standards": standards,
                    "key_questions": {},
                    **({"source": values["source"]} if values.get("source") else {}),
                }
            )
    if not records and not problems:
        problems.append("no data rows")
    if problems:
        raise PublishedRatingsError(source, problems)
    return records


def _check_service(values: dict[str, str], where: str, problems: ProblemList) -> None:
    if not values["service"]:
        problems.append(f"{where}, column service: empty")
    elif len(values["service"]) > SERVICE_MAX_LENGTH:
        problems.append(f"{where}, column service: {len(values['service'])} characters long; at most {SERVICE_MAX_LENGTH}")


def _date(values: dict[str, str], where: str, problems: ProblemList) -> str | None:
    """Return the row's YYYY-MM, or YYYY where only the year is given; None (with the problem) otherwise."""
    date = re.fullmatch(r"((?:19|20)\d\d)(?:-(0[1-9]|1[0-2])(?:-\d\d)?)?", values["date"])
    if not date:
        problems.append(f"{where}, column date: {values['date']!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        return None
    return f"{date.group(1)}-{date.group(2)}" if date.group(2) else date.group(1)


def _banded(framework: Framework, score: int) -> str:
    return next(b.rating.value for b in framework.overall.bands if score >= b.min_score)


def _results_row(values: dict[str, str], where: str, framework: ResultsFramework, problems: ProblemList) -> dict[str, Any] | None:
    """Check a row of a programme held for its results only: ratings of its areas and overall, no score."""
    _check_service(values, where, problems)
    date = _date(values, where, problems)
    overall = _rating(values["overall_rating"]) if values["overall_rating"] else None
    if values["overall_rating"] and overall is None:
        problems.append(f"{where}, column overall_rating: {values['overall_rating']!r} is not a rating")
    if values["score"]:
        problems.append(f"{where}, column score: {framework.id} reports give no score; leave it empty")
    areas: dict[str, str | None] = {}
    for area in framework.rated_items():
        value = values.get(area.id, "")
        if value and _rating(value) is None:
            problems.append(f"{where}, column {area.id}: {value!r} is not a rating")
        elif value:
            areas[area.id] = _rating(value)
    if date is None:
        return None
    return {
        "service": values["service"], "date": date, "programme": framework.id, "overall_rating": overall,
        "score": None, "max": None, "standards": areas, "key_questions": {},
        **({"source": values["source"]} if values.get("source") else {}),
    }  # fmt: skip


# --- the open data set (data-to-insight's scrape of the 2021-2025 reports) ---------------------------

OPEN_DATA_COLUMNS = ("la_name", "la_ref", "score_%", "overall_rating", "publication_date", "report_url")


@dataclass(frozen=True)
class RowOutcome:
    """What became of one row of the open data: imported whole, imported in part, or not imported; and why."""

    line: int
    service: str
    imported: bool
    problems: tuple[str, ...]

    @property
    def status(self) -> str:
        if not self.imported:
            return "not imported"
        return "imported in part" if self.problems else "imported"


@dataclass(frozen=True)
class OpenDataImport:
    """The records read from the open data and every row's outcome, in the file's order."""

    records: tuple[dict[str, Any], ...]
    rows: tuple[RowOutcome, ...]

    def reported(self) -> list[RowOutcome]:
        """Return the rows with a problem, imported in part or not at all."""
        return [r for r in self.rows if r.problems]


def _squeezed(words: str) -> str:
    return re.sub(r"[^a-z]", "", words.lower())


def _candidates(framework: Framework, column: str) -> list[str]:
    """Return the standards a column named after a standard may stand for: those of that name, else
    those whose name ends with it ("policy_and_provision": out-of-court and resettlement)."""
    name = _squeezed(column)
    exact = [s.id for s in framework.standards if _squeezed(s.name) == name]
    return exact or [s.id for s in framework.standards if _squeezed(s.name).endswith(name)]


def read_open_data(text: str, *, source: str) -> OpenDataImport:
    """Read the open data set row by row: import what each row states unambiguously, report the rest.

    The programme is the standards framework whose standards every rated column names (joint working:
    2018; out-of-court policy or resettlement: 2021); where both could be, the one whose years hold the
    publication year. A column that stands for two standards (assessment: court and out-of-court) is
    attributed to neither. The score is a percentage of 36 and must be a whole number of points; the
    overall rating must agree with it by the framework's bands, and the ratings present must leave
    room for it. A problem leaves the figure it concerns out (null), never replaced by a guess; a row
    without a service, a date or a programme is not imported. A blank cell is not stated (the scrape
    records no standard as 'Requires improvement'), never read as a rating.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _read_open_data(reader, source)
    except csv.Error as error:  # e.g. a field longer than the csv module reads, or a quote never closed
        raise PublishedRatingsError(
            source,
            [f"line {reader.line_num + 1}: not readable as CSV ({error}); expected a row of fields, each within the limit"],
        ) from error


def _read_open_data(reader: csv.DictReader[str], source: str) -> OpenDataImport:
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in OPEN_DATA_COLUMNS if c not in columns]
    if missing:
        raise PublishedRatingsError(source, [f"header: missing column(s) {', '.join(missing)}"])
    reader.fieldnames = columns
    standard_columns = [c for c in columns if c not in OPEN_DATA_COLUMNS]
    frameworks = [load_framework(i) for i in STANDARDS_PROGRAMMES]
    records: list[dict[str, Any]] = []
    rows: list[RowOutcome] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        record, problems = _open_row(values, line, standard_columns, frameworks, source)
        if record is not None:
            # The same inspection twice (same service, same day): the first row is imported, the repeat told.
            key = (record["service"].lower(), values["publication_date"])
            if key in seen:
                problems = [
                    f"repeats row {seen[key]} ({record['service']}, published {values['publication_date']}): not imported"
                ]
                record = None
            else:
                seen[key] = line
        rows.append(RowOutcome(line, values.get("la_name", ""), record is not None, tuple(problems)))
        if record is not None:
            records.append(record)
    return OpenDataImport(tuple(records), tuple(rows))


def _open_row(
    values: dict[str, str], line: int, standard_columns: list[str], frameworks: list[Framework], source: str
) -> tuple[dict[str, Any] | None, list[str]]:
    problems: list[str] = []
    service = values["la_name"]
    # The scrape put one report's title in the name column: the service is read from the title's pattern.
    titled = re.fullmatch(
        r"An inspection of (?:youth (?:offending|justice) (?:services|work with children and victims) in )?(.+)", service, re.I
    )
    if titled:
        problems.append(f"la_name {service!r} is a report's title; the service is read from it as {titled.group(1)!r}")
        service = titled.group(1)
    date = re.fullmatch(r"(\d\d)/(\d\d)/(\d\d)", values["publication_date"])
    if not service:
        problems.append("la_name is empty: not imported")
    elif len(service) > SERVICE_MAX_LENGTH:
        problems.append(f"la_name is {len(service)} characters long; at most {SERVICE_MAX_LENGTH}: not imported")
        service = ""
    if date and not _real_day(date):
        date = None
    if not date:
        problems.append(f"publication_date {values['publication_date']!r} is not a date (expected dd/mm/yy): not imported")
    year = 2000 + int(date.group(3)) if date else None
    rated = {c: values.get(c, "") for c in standard_columns if values.get(c, "")}
    ratings: dict[str, str] = {}
    for column, value in rated.items():
        if _rating(value) is None:
            problems.append(f"{column} holds {value!r}, not a rating: left out")
        else:
            ratings[column] = _rating(value) or ""
    possible = [f for f in frameworks if all(_candidates(f, c) for c in ratings)]
    if len(possible) > 1 and year is not None:
        possible = [f for f in possible if f.years[0] <= year <= f.years[1]] or possible
    if not possible:
        problems.append(f"its rated columns ({', '.join(ratings)}) fit no one standards framework: not imported")
    elif len(possible) > 1:
        problems.append(
            f"its rated columns ({', '.join(ratings) or 'none'}) and its year ({year}) fit more than one framework "
            f"({', '.join(f.id for f in possible)}): not imported"
        )
    if not service or not date or year is None or len(possible) != 1:
        return None, problems
    framework = possible[0]
    standards: dict[str, str | None] = {}
    for column, rating in ratings.items():
        candidates = _candidates(framework, column)
        if len(candidates) == 1:
            standards[candidates[0]] = rating
        else:
            problems.append(
                f"column {column} stands for {len(candidates)} standards of {framework.id} "
                f"({', '.join(candidates)}): its rating {rating} is attributed to neither"
            )
    overall_text = values["overall_rating"]
    overall = _rating(overall_text) if overall_text else None
    if overall_text and overall is None:
        kind = "a footnote" if re.match(r"^\d+\s+\S", overall_text) else "not a rating"
        problems.append(f"overall_rating holds {kind} ({overall_text!r}), not a rating: left out")
    score = _open_score(values["score_%"], framework, problems)
    if score is not None:
        low, high = _points_range(framework, ratings)
        if not low <= score <= high:
            problems.append(
                f"score {values['score_%']}% ({score} of {framework.overall.max_score} points) disagrees with the ratings, "
                f"which leave room for {low} to {high} points: left out"
            )
            score = None
    if score is not None and overall is not None and _banded(framework, score) != overall:
        problems.append(
            f"overall rating {overall} disagrees with the score {values['score_%']}% ({score} points), which "
            f"{framework.id}'s bands make {_banded(framework, score)}: both left out"
        )
        overall, score = None, None
    record = {
        "service": service,
        "date": f"{year}-{date.group(2)}",
        "programme": framework.id,
        "overall_rating": overall,
        "score": score,
        "max": framework.overall.max_score,
        "standards": standards,
        "key_questions": {},
        "source": values["report_url"],
        "source_name": source,
        "partial": len(standards) < len(framework.standards),
        "notes": list(problems),
    }
    return record, problems


def _real_day(date: re.Match[str]) -> bool:
    """Whether a dd/mm/yy date names a day that exists ("45/02/23" and "30/02/23" do not)."""
    try:
        calendar_date(2000 + int(date.group(3)), int(date.group(2)), int(date.group(1)))
    except ValueError:
        return False
    return True


def _open_score(text: str, framework: Framework, problems: list[str]) -> int | None:
    """Return the score in points from a percentage of the maximum, if it is a whole number of points.

    Only a plain decimal ("63.9") is a percentage here: float() would take "nan", "inf", "1e400" and "1_0"."""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{1,6})?", text):
        problems.append(f"score_% {text!r} is not a number (expected a percentage such as 63.9): left out")
        return None
    points = float(text) * framework.overall.max_score / 100
    if abs(points - round(points)) > 0.01 or not 0 <= round(points) <= framework.overall.max_score:
        problems.append(
            f"score_% {text} is not a whole number of points out of {framework.overall.max_score} ({points:.2f}): left out"
        )
        return None
    return round(points)


def _points_range(framework: Framework, ratings: dict[str, str]) -> tuple[int, int]:
    """Return the fewest and most points the counted standards can add up to, given the columns' ratings.

    A column naming one counted standard gives that standard's points; one standing for several counted
    standards gives at least one of them that rating; a column whose standards may not count gives none.
    The standards no column accounts for may have any rating."""
    counted = {s.id for s in framework.standards if s.counts_towards_overall}
    top = max(framework.points.values())
    low, occupied = 0, 0
    for column, rating in ratings.items():
        candidates = _candidates(framework, column)
        if candidates and all(c in counted for c in candidates):
            low += framework.points[Rating(rating)]
            occupied += 1
    return low, low + top * (len(counted) - occupied)
