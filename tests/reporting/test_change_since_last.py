"""The next inspection knows the last (issue 13, item 3): which earlier standard a standard continues,
the bundle's `previous_inspection`, and the report's sentence on how the overall rating changed."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.test_cli import run as run_command
from yjinspect.engine.correspondence import dropped_standards, earlier_standard, rating_change
from yjinspect.engine.framework import Rating
from yjinspect.engine.loading import FrameworkError, load_framework, parse_framework, shipped_framework_text
from yjinspect.programmes import bundle_data, compose_report
from yjinspect.programmes import check_inspection as check_bundle
from yjinspect.programmes import read_inspection as read_bundle
from yjinspect.reporting.document import Figure, Paragraph, ReportDocument

RAW: dict[str, Any] = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8"))  # rated Good
PREVIOUS = {"programme": "hmip-youth-2018", "date": "2016-11", "overall_rating": "Requires improvement",
            "standards": {"1.1": "Good", "2.1": "Inadequate", "3.4": None}}  # fmt: skip


def _with_previous(previous: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    raw["previous_inspection"] = previous
    return raw


def _sentence(document: ReportDocument) -> tuple[str, list[Figure]]:
    found = [b for s in document.walk() for b in s.blocks if isinstance(b, Paragraph) and b.anchor == "summary-change"]
    if not found:
        return "", []
    return "".join(r.text for r in found[0].runs), [r for r in found[0].runs if isinstance(r, Figure)]


def test_2021_standards_continue_the_2018_ones_the_framework_file_lists_and_no_others() -> None:
    new, old = load_framework("hmip-youth-2021"), load_framework("hmip-youth-2018")
    assert earlier_standard(new, old.id, "2.1").standard_id == "2.1"
    assert earlier_standard(new, old.id, "3.3").standard_id == "3.3"
    # Same number, different standard: 2021's 3.4 is out-of-court policy, 2018's joint working.
    assert earlier_standard(new, old.id, "3.4").standard_id is None
    assert "new in 2021" in earlier_standard(new, old.id, "3.4").why
    assert earlier_standard(new, old.id, "4.1").standard_id is None
    assert "3.4" in dropped_standards(new, old.id)
    # Within one framework every standard continues itself; between unrelated frameworks none does.
    assert earlier_standard(old, old.id, "3.4").standard_id == "3.4"
    assert earlier_standard(old, "hmip-youth-cci", "2.1").standard_id is None
    assert earlier_standard(new, "hmip-youth-cci", "2.1").why


def test_rating_change_by_the_frameworks_points() -> None:
    framework = load_framework("hmip-youth-2021")
    assert rating_change(framework, "Requires improvement", "Good") == "an improvement"
    assert rating_change(framework, "Outstanding", "Inadequate") == "a decline"
    assert rating_change(framework, "Good", "Good") == "unchanged"
    assert rating_change(framework, None, "Good") is None
    assert rating_change(framework, "Good", "Not rated") is None


def test_the_previous_inspection_round_trips_through_the_bundle() -> None:
    raw = _with_previous(PREVIOUS)
    first = read_bundle(json.dumps(raw))
    assert first.report.previous is not None
    assert first.report.previous.overall_rating == "Requires improvement"
    assert first.report.previous.standards["2.1"] == "Inadequate"
    again = bundle_data(first)
    assert again == raw
    assert read_bundle(json.dumps(again)) == first


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ([], "previous_inspection: expected an object"),
        ({**PREVIOUS, "date": "June 2019"}, "previous_inspection.date: expected the publication month as YYYY-MM"),
        ({**PREVIOUS, "overall_rating": "Fine"}, "previous_inspection.overall_rating: expected one of Outstanding"),
        ({**PREVIOUS, "programme": ""}, "previous_inspection.programme: expected a framework id"),
        ({**PREVIOUS, "standards": {"2.1": "Bad"}}, "previous_inspection.standards.2.1: expected one of Outstanding"),
    ],
)
def test_a_wrong_previous_inspection_is_a_problem_with_its_place(previous: Any, message: str) -> None:
    inspection, problems = check_bundle(_with_previous(previous))
    assert inspection is None
    assert any(str(p).startswith(message) for p in problems), problems


def test_the_report_states_an_improvement_since_the_last_inspection() -> None:
    document = compose_report(read_bundle(json.dumps(_with_previous(PREVIOUS))))
    sentence, figures = _sentence(document)
    assert sentence == (
        "This is an improvement since the last inspection, published in November 2016, when it was rated 'Requires improvement'."
    )
    assert {f.source: f.text for f in figures} == {
        ("overall_change",): "an improvement",
        ("previous_date",): "November 2016",
        ("previous_overall_rating",): "Requires improvement",
    }


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (
            "Outstanding",
            "This is a decline since the last inspection, published in November 2016, when it was rated 'Outstanding'.",
        ),
        ("Good", "The rating is unchanged since the last inspection, published in November 2016, when it was also rated 'Good'."),
    ],
)
def test_the_report_states_a_decline_or_no_change(before: str, expected: str) -> None:
    document = compose_report(read_bundle(json.dumps(_with_previous({**PREVIOUS, "overall_rating": before}))))
    assert _sentence(document)[0] == expected


def test_no_sentence_without_a_previous_overall_rating() -> None:
    assert _sentence(compose_report(read_bundle(json.dumps(RAW))))[0] == ""
    no_rating = compose_report(read_bundle(json.dumps(_with_previous({**PREVIOUS, "overall_rating": None}))))
    assert _sentence(no_rating)[0] == ""


def test_the_example_is_rated_good() -> None:
    # The sentences above rest on this: seed 003's Bury and Rochdale is rated Good.
    assert read_bundle(json.dumps(RAW)).result.overall.rating == Rating.GOOD


def test_the_command_line_report_states_the_change_from_the_bundles_previous_inspection(tmp_path: Path) -> None:
    bundle, out = tmp_path / "inspection.json", tmp_path / "report.html"
    bundle.write_text(json.dumps(_with_previous(PREVIOUS)), encoding="utf-8")
    done = run_command("report", str(bundle), "--format", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "This is an improvement since the last inspection, published in November 2016" in out.read_text(encoding="utf-8")
    bundle.write_text(json.dumps(_with_previous({**PREVIOUS, "overall_rating": "Fine"})), encoding="utf-8")
    done = run_command("report", str(bundle), "--format", "html", "-o", str(tmp_path / "bad.html"))
    assert done.returncode == 2
    assert "previous_inspection.overall_rating: expected one of Outstanding" in done.stderr


def test_the_correspondence_is_listed_among_what_the_public_record_does_not_confirm() -> None:
    items = dict(load_framework("hmip-youth-2021").unverified_items())
    assert "inferred from their shared names" in items["continues hmip-youth-2018"]


def test_a_correspondence_naming_a_standard_the_framework_lacks_is_refused_with_its_place() -> None:
    text = shipped_framework_text("hmip-youth-2021").replace('"3.3": "3.3"', '"9.9": "3.3"')
    with pytest.raises(
        FrameworkError, match=re.escape("continues (hmip-youth-2018) names standard 9.9, which this framework lacks")
    ):
        parse_framework(text, source="changed.yaml")
