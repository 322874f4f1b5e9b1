"""Read an eligible caseload return (CSV) into rows the sampler takes; all-or-nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from yjinspect.engine.framework import Framework, normalise_term
from yjinspect.engine.sampling import CaseloadRow
from yjinspect.importing.limits import DEFAULT_LIMITS, ProblemList, UploadLimits

REQUIRED_COLUMNS = ("case_id", "disposal_type", "disposal_date", "gender", "rosh", "safety_wellbeing")
# Classifications as AssetPlus records them; a blank is kept as its own stratum ("not recorded")
# because out-of-court cases are often not yet classified.
CLASSIFICATIONS = ("low", "medium", "high", "very high")
NOT_RECORDED = "not recorded"
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# The longest text the application stores for these columns (its database columns' lengths).
MAX_LENGTHS = {"case_id": 60, "gender": 40}


class CaseloadError(ValueError):
    """A caseload file that cannot be used; lists every problem with its row and column."""

    def __init__(self, source: str, problems: list[str] | ProblemList) -> None:
        self.source = source
        self.problems = tuple(problems)  # a ProblemList gives its first problems and how many more
        super().__init__(
            f"{source}: {len(problems)} problem(s); nothing was imported\n" + "\n".join(f"  {p}" for p in self.problems)
        )


def read_caseload_file(path: str, framework: Framework) -> list[CaseloadRow]:
    """Read a caseload CSV file; raise CaseloadError naming the file and every problem."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except OSError as error:
        raise CaseloadError(path, [f"cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise CaseloadError(path, [f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8"]) from error
    return parse_caseload(text, framework, source=path)


def _parse_date(value: str) -> date | None:
    # fromisoformat is C code and accepts the ISO form most returns use; strptime only for the rest.
    # It also accepts forms like 20190601, which are unambiguous dates too.
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    for layout in _DATE_FORMATS[1:]:
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


def parse_caseload(
    text: str, framework: Framework, *, source: str = "caseload", limits: UploadLimits = DEFAULT_LIMITS
) -> list[CaseloadRow]:
    """Parse caseload CSV text; other columns are ignored. Raise CaseloadError with every problem.

    More rows than `limits.max_rows` (empty ones included) stop the reading; the first
    `limits.max_problems` problems are told, then how many more there were."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse(reader, framework, source, limits)
    except csv.Error as error:  # e.g. a field longer than the csv module reads
        raise CaseloadError(source, [f"line {reader.line_num}: not readable as CSV ({error})"]) from error


def _parse(reader: csv.DictReader[str], framework: Framework, source: str, limits: UploadLimits) -> list[CaseloadRow]:
    header = [normalise_term(h).replace(" ", "_") for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(reader.fieldnames or []) or "nothing"
        raise CaseloadError(source, [f"header: missing column(s) {', '.join(missing)} (found: {found})"])
    reader.fieldnames = header
    problems = ProblemList(limits.max_problems)
    rows: list[CaseloadRow] = []
    first_row: dict[str, int] = {}
    # A caseload repeats a handful of genders and classifications over up to 100,000 rows: each distinct
    # text is folded once (folding every value took a quarter of the reading).
    folded: dict[str, str] = {}

    def fold(text: str) -> str:
        found = folded.get(text)
        if found is None:
            found = folded[text] = normalise_term(text)
        return found

    for line, raw in enumerate(reader, start=2):
        if line - 1 > limits.max_rows:
            raise CaseloadError(source, [limits.rows_problem()])
        values = {k: (raw.get(k) or "").strip() for k in REQUIRED_COLUMNS}
        if not any(values.values()):
            continue
        where = f"row {line}"
        before = len(problems)
        case_id = values["case_id"]
        if not case_id:
            problems.append(f"{where}, column case_id: empty; every row needs a case id")
        elif len(case_id) > MAX_LENGTHS["case_id"]:
            problems.append(f"{where}, column case_id: {len(case_id)} characters long; at most {MAX_LENGTHS['case_id']}")
        elif case_id in first_row:
            problems.append(f"{where}, column case_id: {case_id!r} is used again (first on row {first_row[case_id]})")
        else:
            first_row[case_id] = line
        entry = framework.disposal_type(values["disposal_type"])
        if entry is None:
            known = ", ".join(d.name for d in framework.disposal_types)
            problems.append(f"{where}, column disposal_type: {values['disposal_type']!r} is not a known disposal type ({known})")
        disposal_date = _parse_date(values["disposal_date"])
        if disposal_date is None:
            problems.append(
                f"{where}, column disposal_date: {values['disposal_date']!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
            )
        if not values["gender"]:
            problems.append(f"{where}, column gender: empty")
        elif len(values["gender"]) > MAX_LENGTHS["gender"]:
            problems.append(f"{where}, column gender: {len(values['gender'])} characters long; at most {MAX_LENGTHS['gender']}")
        classes = {}
        for column in ("rosh", "safety_wellbeing"):
            value = fold(values[column]) or NOT_RECORDED
            if value not in (*CLASSIFICATIONS, NOT_RECORDED):
                problems.append(
                    f"{where}, column {column}: {values[column]!r} is not one of {', '.join(CLASSIFICATIONS)} (or blank)"
                )
            classes[column] = value
        if len(problems) == before and entry is not None and disposal_date is not None:
            rows.append(
                CaseloadRow(
                    line,
                    case_id,
                    entry.population,
                    entry.name,
                    disposal_date,
                    fold(values["gender"]),
                    classes["rosh"],
                    classes["safety_wellbeing"],
                )
            )
    if not rows and not problems:
        problems.append("no data rows: the caseload is empty")
    if problems:
        raise CaseloadError(source, problems)
    return rows
