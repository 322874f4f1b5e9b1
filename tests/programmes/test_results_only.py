"""The 2025 framework (hmip-youth-2025) is held for its published results only: its rules are not public
(issue 14, item 3). It is named, listed as unverified, read from its reports, and never run or rated."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from yjinspect.bundle import BundleError
from yjinspect.engine.framework import Rating
from yjinspect.programmes import inspection_programme_ids, programme_for, programme_ids, read_inspection, read_published_report
from yjinspect.programmes.results import ResultsOnlyError

ID = "hmip-youth-2025"


def test_it_is_a_known_programme_but_no_inspection_runs_under_it() -> None:
    assert ID in programme_ids()
    assert ID not in inspection_programme_ids()
    programme = programme_for(ID)
    assert programme.runs_inspections is False
    assert programme.rated_items() == {  # type: ignore[attr-defined]
        "children": "Work with children",
        "victims": "Work with victims",
        "assessing": "Assessing",
        "planning": "Planning",
        "delivering": "Delivering",
    }
    with pytest.raises(
        ResultsOnlyError, match=r"hmip-youth-2025: cannot rate an inspection: .*\(its inspection rules are not public\)"
    ):
        programme.rate(None)  # type: ignore[arg-type]


def test_a_bundle_naming_it_is_refused_saying_why() -> None:
    bundle = {"format": "yjinspect.bundle/1", "inspection": {"service": "X", "framework": ID, "fieldwork_start": "2025-03-03"}}
    with pytest.raises(BundleError, match="hmip-youth-2025 is held for its published results only; a bundle cannot use it"):
        read_inspection(json.dumps(bundle))


def test_frameworks_unverified_says_its_rules_are_not_public() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "yjinspect.cli", "frameworks", "--unverified"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    block = done.stdout.split(f"{ID}:", 1)[1].split("\nhmip-", 1)[0]
    assert "published results only" in block
    assert "unverified rules: The 2025 framework's inspection rules" in block
    assert "are not public" in block


# An opening written for this test in the form of the 2025 reports' HTML pages (Area and wording invented).
OPENING = """Skip to content

An inspection of youth justice work with children and victims in Northmoor

Published:

Foreword (Back to top)

In this inspection we have inspected and rated work with children and victims in Northmoor YJS across two broad
areas: the quality of work done with children and the quality of work done with victims.[1]
Overall, Northmoor YJS was rated as \u2018Requires improvement\u2019.
Work with victims had been a focus; work with victims was rated as 'Inadequate'.
"""


def test_its_reports_are_recognised_by_title_and_their_stated_ratings_read() -> None:
    record = read_published_report(OPENING)
    assert record["programme"] == ID
    assert record["service"] == "Northmoor"
    assert record["overall"] == {"rating": Rating.REQUIRES_IMPROVEMENT.value, "score": None, "max": None}
    assert record["standards"] == {"victims": {"rating": "Inadequate"}}
    assert "Work with children: no rating tied to the area's name, so not read." in record["notes"]
    assert record["partial"] is True
