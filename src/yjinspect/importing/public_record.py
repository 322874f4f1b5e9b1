"""The public record shipped with yjinspect (src/yjinspect/data/): real published ratings, with their
source and licence, read through the published-ratings import.

`read_public_record` reads every shipped data set: the open data set of 2021-2025 ratings row by row
(what each row states unambiguously imported, every row's problems reported), and the 2025
framework's results (in the published-ratings CSV shape, all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from yjinspect.importing.published_ratings import RowOutcome, parse_published_ratings, read_open_data


@dataclass(frozen=True)
class DataSet:
    """A shipped file of published ratings: what it is, where it comes from, and under which licence."""

    file: str
    title: str
    source: str
    licence: str
    licence_url: str
    open_data: bool  # the scraped open data's shape (one column per standard name), read row by row


DATA_SETS = (
    DataSet(
        "hmi-youth-justice-ratings-2021-2025.csv",
        "Published ratings of 83 youth justice inspections, 2021-2025 (open data)",
        "Scraped from the published reports by data-to-insight (hmi-probation-youth-justice-scrape, commit 9dd53af, July 2025)",
        "MIT licence, copyright 2025 data-to-insight",
        "https://opensource.org/license/mit",
        True,
    ),
    DataSet(
        "hmip-youth-2025-results.csv",
        "Overall ratings of inspections under the 2025 framework",
        "Each report's foreword on HM Inspectorate of Probation's web pages (the address is kept with each result)",
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        False,
    ),
)


@dataclass(frozen=True)
class DataSetRead:
    """One data set's records, and every row's outcome (all imported for a set in the published-ratings shape)."""

    data_set: DataSet
    records: tuple[dict[str, Any], ...]
    rows: tuple[RowOutcome, ...]


def data_text(file: str) -> str:
    """Return a shipped data file's text."""
    return (resources.files("yjinspect") / "data" / file).read_text(encoding="utf-8")


def licence_text(data_set: DataSet) -> str | None:
    """Return the licence copied beside a data set, if one is."""
    path = resources.files("yjinspect") / "data" / data_set.file.replace(".csv", ".LICENSE")
    return path.read_text(encoding="utf-8") if path.is_file() else None


def read_public_record() -> list[DataSetRead]:
    """Read every shipped data set; a set in the published-ratings shape is all or nothing (it is ours)."""
    found = []
    for data_set in DATA_SETS:
        text = data_text(data_set.file)
        if data_set.open_data:
            read = read_open_data(text, source=data_set.file)
            found.append(DataSetRead(data_set, read.records, read.rows))
        else:
            records = parse_published_ratings(text, source=data_set.file)
            for record in records:
                record["source_name"] = data_set.file
            rows = tuple(RowOutcome(line, r["service"], True, ()) for line, r in enumerate(records, start=2))
            found.append(DataSetRead(data_set, tuple(records), rows))
    return found
