"""Reading bundles: every problem at once, with its place; a round trip keeps everything."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from yjinspect.bundle import BundleError
from yjinspect.programmes import bundle_data
from yjinspect.programmes import check_inspection as check_bundle
from yjinspect.programmes import read_inspection as read_bundle

EXAMPLE: dict[str, Any] = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8"))


def _problems(data: Any, **options: bool) -> list[str]:
    inspection, problems = check_bundle(data, **options)
    assert (inspection is None) == bool(problems)
    return [str(p) for p in problems]


def _example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def test_the_example_is_valid() -> None:
    assert _problems(_example()) == []


def test_every_problem_is_reported_at_once_with_its_place() -> None:
    data = _example()
    court, ooc = data["cases"][0], data["cases"][30]
    court["answers"]["2.1.1"] = "maybe"  # outside the three values
    court["answers"]["9.9.9"] = "yes"  # unknown question
    court["answers"]["3.1.1"] = "yes"  # wrong domain for a court case
    court["answers"]["1.1.1"] = "yes"  # judged, not answered per case
    ooc["answers"]["3.4.2"] = "yes"  # only youth conditional cautions
    data["cases"][1]["id"] = "C01"  # duplicate id
    del data["cases"][2]["answers"]["2.2.2"]  # missing answer
    data["organisational_ratings"]["1.2"] = "Requires Improvement"  # misspelled
    del data["organisational_ratings"]["1.4"]
    data["cases"][3]["harm_factors"] = "yes"
    data["cases"][4]["disposal_type"] = "youth caution"  # an out-of-court type on a court case
    problems = _problems(data)
    expected = [
        "case C01, question 2.1.1: answer 'maybe' is not one of 'yes', 'no', 'n/a'",
        "case C01, question 9.9.9: no such key question in hmip-youth-2018",
        "case C01, question 3.1.1: cannot be answered for this case: it belongs to domain 3 (Out-of-court disposals), but this is a court disposal case",
        "case C01, question 1.1.1: cannot be answered for this case: standard 1.1 is rated by the team's judgement",
        f"case {ooc['id']}, question 3.4.2: answered 'yes' but the question cannot apply (it applies only to youth conditional caution, and this is a {ooc['disposal_type']}); answer 'n/a'",
        "cases[1]: case id 'C01' is used twice (first at cases[0])",
        "case C03: no answer to 2.2.2 (the inspector judged there are safety and wellbeing factors)",
        "organisational_ratings.1.2: 'Requires Improvement' is not one of 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'; did you mean 'Requires improvement'?",
        "organisational_ratings: no rating recorded for standard(s) 1.4",
        "case C04: harm_factors: expected true or false (the inspector's judgement), found 'yes'",
        "case C05: disposal_type: youth caution belongs to out-of-court disposals, but disposal is court",
    ]  # fmt: skip
    for message in expected:
        assert any(message in p for p in problems), f"missing: {message}\nin:\n" + "\n".join(problems)


def test_yes_to_a_question_the_inspector_ruled_out() -> None:
    data = _example()
    case = next(c for c in data["cases"] if not c["harm_factors"])
    case["answers"]["3.1.3"] = "no"
    problems = _problems(data)
    assert (
        f"case {case['id']}, question 3.1.3: answered 'no' but the question cannot apply (harm_factors is false); answer 'n/a'"
        in problems
    )


def test_missing_answers_are_allowed_in_a_provisional_rating_which_says_so() -> None:
    data = _example()
    del data["cases"][0]["answers"]["2.1.1"]
    del data["organisational_ratings"]["1.1"]
    assert any("no answer to 2.1.1" in p for p in _problems(data))
    inspection, problems = check_bundle(data, provisional=True)
    assert problems == []
    assert inspection is not None
    result = inspection.rate()
    assert result.provisional
    assert result.standard("2.1").key_questions[0].missing == 1
    assert result.overall.rating is None  # 1.1 has no rating yet


def test_panel_decision_outside_the_guard_is_a_problem() -> None:
    data = _example()
    data["panel_decisions"].append({"standard": "2.4", "rating": "Outstanding", "reason": "x"})
    data["panel_decisions"].append({"standard": "3.2", "rating": "Good", "reason": "again"})
    data["panel_decisions"].append({"standard": "2.1", "rating": "Good", "reason": ""})
    problems = _problems(data)
    assert "panel decision on standard 3.2: more than one decision for the same standard" in problems
    assert any("standard 2.4: moving from Requires improvement to Outstanding is 2 bands" in p for p in problems)
    assert any("standard 2.1: a reason is required" in p for p in problems)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="yjinspect.bundle/2"), "format: expected 'yjinspect.bundle/1'"),
        (lambda d: d["inspection"].update(framework="hmip-youth-1999"), "unknown framework 'hmip-youth-1999'"),
        (lambda d: d["inspection"].update(fieldwork_start="03/02/2020"), "fieldwork_start: expected a date as YYYY-MM-DD"),
        (lambda d: d.update(cases={}), "cases: expected a list of cases"),
        (lambda d: d["organisational_ratings"].update({"2.1": "Good"}), "standard 2.1 is rated from case answers"),
        (lambda d: d["cases"][0].update(disposal="custody"), "disposal: expected 'court' or 'out_of_court'"),
        (lambda d: d["cases"][0].update(disposal_type="fine"), "disposal_type: 'fine' is not in the vocabulary"),
    ],
)
def test_single_problems(change: Any, message: str) -> None:
    data = _example()
    change(data)
    assert any(message in p for p in _problems(data)), _problems(data)


def test_not_json_names_line_and_column() -> None:
    with pytest.raises(BundleError) as error:
        read_bundle('{"format": ', source="x.json")
    assert "x.json: 1 problem(s)" in str(error.value)
    assert "line 1, column 12: not valid JSON" in str(error.value)


def test_round_trip_keeps_everything_including_fields_it_does_not_interpret() -> None:
    data = _example()
    data["narrative"] = {"2.1": "Assessment was strong on desistance."}
    data["cases"][0]["evidence"] = {"2.1.1": "Thorough AssetPlus, child interviewed."}
    data["inspection"]["lead_inspector"] = "A. Inspector"
    first = read_bundle(json.dumps(data))
    again = bundle_data(first)
    assert again == data
    assert read_bundle(json.dumps(again)) == first


def test_aliases_are_read_as_the_vocabulary_name() -> None:
    data = _example()
    data["cases"][0]["disposal_type"] = "RO"
    inspection = read_bundle(json.dumps(data))
    assert inspection.cases[0].disposal_type == "referral order"
