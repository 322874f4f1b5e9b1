"""Earlier programmes' bundles: strict reading with places, round trip, and their scores from answers."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from yjinspect.bundle import BundleError
from yjinspect.engine.scored.framework import load_scored_framework
from yjinspect.programmes import Inspection, bundle_data, read_inspection
from yjinspect.synthetic import synthetic_scored_bundle

COMMAND = str(Path(sys.executable).parent / "yjinspect")


def _bundle(framework: str, cases: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "format": "yjinspect.bundle/1",
        "inspection": {"service": "Testshire YOS", "framework": framework, "fieldwork_start": "2012-02-06"},
        "cases": cases,
        **more,
    }


def _all(framework: str, value: str, **overrides: str) -> dict[str, str]:
    return {q.id: overrides.get(q.id, value) for _, q in load_scored_framework(framework).scoring_questions()}


def _read(data: dict[str, Any], *, provisional: bool = False) -> Inspection[Any]:
    inspection = read_inspection(json.dumps(data), provisional=provisional)
    assert isinstance(inspection, Inspection)
    return inspection


def _problems(data: dict[str, Any], *, provisional: bool = False) -> list[str]:
    with pytest.raises(BundleError) as raised:
        read_inspection(json.dumps(data), provisional=provisional)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize("framework", ["hmip-youth-cci", "hmip-youth-fji", "hmip-youth-sqs"])
def test_round_trip_keeps_everything(framework: str) -> None:
    data = synthetic_scored_bundle(framework, cases=6, seed=3)
    data["cases"][0]["evidence"] = {"1.1.1": "note"}  # a field this version does not interpret
    data["source_note"] = "kept"
    assert bundle_data(_read(data)) == data


def test_cci_scores_are_shares_of_answers_from_real_case_answers() -> None:
    """Two cases; counted by hand: 1.1 has 4 questions, three of them key for Risk of Harm."""
    first = _all("hmip-youth-cci", "yes", **{"1.1.1": "no", "1.1.4": "n/a", "3.2.1": "no"})
    second = _all("hmip-youth-cci", "yes", **{"1.1.2": "no", "1.1.3": "no", "2.1.1": "n/a"})
    result = _read(_bundle("hmip-youth-cci", [{"id": "A", "answers": first}, {"id": "B", "answers": second}])).rate()
    assert result.cci is not None
    criterion = result.cci.criteria["1.1"]
    assert (criterion.sufficient, criterion.answered, criterion.percent, criterion.comment) == (4, 7, 57, "SUBSTANTIAL")
    # Risk of Harm headline: 1.1.1-3, 2.1.1-2, 3.1.2 in each case = 12, less one n/a = 11; 3 no.
    harm = result.cci.headlines["risk_of_harm"]
    assert (harm.sufficient, harm.answered, harm.percent, harm.comment) == (8, 11, 73, "MODERATE")
    outcomes = result.cci.sections["3"]  # 3.1 has 4 questions, 3.2 one: 10 answers, one no
    assert (outcomes.sufficient, outcomes.answered, outcomes.percent, outcomes.comment) == (9, 10, 90, "MINIMUM")


def test_fji_records_the_teams_judgement_beside_the_score() -> None:
    answers = _all("hmip-youth-fji", "yes", RR1="no", RR2="no")
    judgements = {t.id: "satisfactory" for t in load_scored_framework("hmip-youth-fji").themes} | {"protecting_the_child": "good"}
    inspection = _read(_bundle("hmip-youth-fji", [{"id": "A", "answers": answers}], judgements=judgements))
    record = inspection.programme.rating_record(inspection.rate())
    assert record["themes"]["reducing_reoffending"] == {"score": 33, "judgement": "satisfactory", "sufficient": 1, "answered": 3}
    assert record["themes"]["protecting_the_child"]["judgement"] == "good"
    assert record["themes"]["governance_and_partnerships"] == {"score": None, "judgement": "satisfactory"}


def test_sqs_counts_split_by_custody_and_community() -> None:
    cases = [
        {
            "id": f"C{i}",
            "setting": "custody" if i < 2 else "community",
            "answers": _all("hmip-youth-sqs", "no" if i in (0, 5) else "yes"),
        }
        for i in range(10)
    ]
    result = _read(_bundle("hmip-youth-sqs", cases)).rate()
    count = result.counts["protecting_the_child"]["planning"]
    assert (count.sufficient, count.answered, count.phrase) == (8, 10, "all but two of the cases (8 out of 10)")
    assert count.by_setting == {"custody": (1, 2), "community": (7, 8)}


def test_every_problem_is_reported_with_its_place() -> None:
    bad = _bundle(
        "hmip-youth-cci",
        [
            {"id": "A", "setting": "custody", "answers": _all("hmip-youth-cci", "yes", **{"1.1.1": "maybe"}) | {"9.9.9": "yes"}},
            {"id": "B", "answers": {"1.1.1": "yes"}},
            {"id": "A", "answers": _all("hmip-youth-cci", "yes")},
        ],
        judgements={"reducing_reoffending": "good"},
        organisational_ratings={"1.1": "Good"},
    )
    problems = _problems(bad)
    assert (
        "case A: setting: 'custody' is not allowed; expected nothing: hmip-youth-cci does not split cases by setting" in problems
    )
    assert "case A, question 1.1.1: answer 'maybe' is not one of 'yes', 'no', 'n/a'" in problems
    assert "case A, question 9.9.9: no such scoring question in hmip-youth-cci" in problems
    assert any(p.startswith("case B: no answer to 1.1.2, 1.1.3") for p in problems)
    assert "cases[2]: case id 'A' is used twice (first at cases[0])" not in problems  # the first A was refused
    assert "judgements: hmip-youth-cci records no judgements; only full joint inspections do" in problems
    assert "organisational_ratings: hmip-youth-cci is scored, not rated: it has no organisational ratings" in problems


def test_fji_judgements_must_be_one_of_the_four_and_complete_unless_provisional() -> None:
    data = _bundle(
        "hmip-youth-fji",
        [{"id": "A", "answers": _all("hmip-youth-fji", "yes")}],
        judgements={"reducing_reoffending": "Good-ish", "nonsense": "good"},
    )
    problems = _problems(data)
    assert "judgements.reducing_reoffending: 'Good-ish' is not one of good, satisfactory, unsatisfactory, poor" in problems
    assert any(p.startswith("judgements.nonsense: 'nonsense' is not a theme of hmip-youth-fji") for p in problems)
    assert any(
        p.startswith("judgements: no judgement recorded for protecting_the_public, protecting_the_child") for p in problems
    )
    partial = copy.deepcopy(data)
    partial["judgements"] = {"reducing_reoffending": "poor"}
    partial["cases"][0]["answers"] = {"RR1": "no"}
    inspection = _read(partial, provisional=True)
    found = inspection.rate()
    assert found.provisional
    assert found.themes["reducing_reoffending"].judgement == "poor"
    assert found.themes["protecting_the_public"].judgement is None


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize(
    ("framework", "expected"),
    [
        ("hmip-youth-cci", "Headline scores"),
        ("hmip-youth-fji", "judged without a case score"),
        ("hmip-youth-sqs", "Management oversight"),
    ],
)
def test_rate_and_validate_take_earlier_programmes(tmp_path: Path, framework: str, expected: str) -> None:
    path = tmp_path / "bundle.json"
    data = synthetic_scored_bundle(framework, cases=8)
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("rate", str(path))
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    record = json.loads(run("rate", "--json", str(path)).stdout)
    assert record == _read(data).programme.rate_record(_read(data).rate())
    assert run("validate", str(path)).stdout.strip().endswith(f"valid (8 cases, framework {framework})")
    data["cases"][0]["answers"]["nope"] = "yes"
    path.write_text(json.dumps(data), encoding="utf-8")
    refused = run("rate", str(path))
    assert refused.returncode == 2
    assert f"case C001, question nope: no such scoring question in {framework}" in refused.stderr


def test_report_writes_each_programmes_shape_and_compares_with_published_reports(tmp_path: Path) -> None:
    seeds = Path(__file__).parent / "seeds"
    essex = str(next(seeds.glob("002_*")))
    path = tmp_path / "cci.json"
    path.write_text(json.dumps(synthetic_scored_bundle("hmip-youth-cci", cases=8)), encoding="utf-8")
    out = tmp_path / "cci.html"
    done = run("report", str(path), "--format", "html", "-o", str(out), "--compare", essex)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Scores compared with the areas inspected to date" in html
    for essex_score in (">73%<", ">68%<", ">77%<"):  # seed 002's headline scores, the only other inspection
        assert essex_score in html
    wrong = run("report", str(path), "--format", "html", "-o", str(out), "--compare", str(next(seeds.glob("001_*"))))
    assert wrong.returncode == 2
    assert "is a hmip-youth-fji report; --compare takes reports of hmip-youth-cci" in wrong.stderr


def test_frameworks_lists_what_the_earlier_programmes_do_not_confirm() -> None:
    listed = run("frameworks", "--unverified").stdout
    for programme in ("hmip-youth-cci", "hmip-youth-fji", "hmip-youth-sqs"):
        block = listed.split(f"{programme}:", 1)[1].split("\nhmip-", 1)[0]
        assert "unverified questions:" in block, programme
    assert "unverified comment bands:" in listed.split("hmip-youth-cci:", 1)[1].split("\nhmip-", 1)[0]


def test_an_unknown_framework_is_refused_naming_every_programme() -> None:
    problems = _problems(_bundle("hmip-youth-ccx", []))
    assert problems == [
        "inspection.framework: unknown framework 'hmip-youth-ccx'; known frameworks: hmip-youth-2018, hmip-youth-2021, hmip-youth-2025, "
        "hmip-youth-cci, hmip-youth-fji, hmip-youth-sqs"
    ]
