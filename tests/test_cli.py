"""The `yjinspect` command, run as a user runs it: exit codes, output, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

BUNDLE = str(EXAMPLES / "bury-and-rochdale-2020.json")
COMMAND = str(Path(sys.executable).parent / "yjinspect")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, check=False, timeout=60)


def test_rate_prints_the_ratings_table() -> None:
    done = run("rate", BUNDLE)
    assert done.returncode == 0, done.stderr
    assert "Overall rating: Good    Score 23/36" in done.stdout
    assert "**60%**" in done.stdout  # the deciding figure of 2.1, in bold
    assert "3.2 Planning" in done.stdout
    assert "Good*" in done.stdout
    assert "* 3.2: professional discretion by the ratings panel (by the rules: Requires improvement)." in done.stdout


def test_rate_json_has_the_documented_shape() -> None:
    done = run("rate", BUNDLE, "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["framework"] == "hmip-youth-2018"
    assert record["provisional"] is False
    assert record["overall"] == {"score": 23, "max": 36, "rating": "Good", "undecided_reason": None}
    assessment = record["standards"]["2.1"]
    assert (assessment["rating"], assessment["rating_by_rules"], assessment["points"]) == (
        "Requires improvement",
        "Requires improvement",
        1,
    )
    assert assessment["key_questions"]["2.1.1"] == {
        "yes": 22,
        "no": 3,
        "not_applicable": 0,
        "missing": 0,
        "percent": 88,
        "band": "Outstanding",
    }
    planning = record["standards"]["3.2"]
    assert (planning["rating"], planning["rating_by_rules"]) == ("Good", "Requires improvement")
    assert planning["panel_decision"]["rating"] == "Good"
    assert record["standards"]["1.1"]["rated_by"] == "judgement"


def test_rate_json_gives_each_key_questions_interval(tmp_path: Path) -> None:
    # Seed 003's sample: 25 of about 30 eligible court disposals, 17 of about 19 out-of-court ones. Rows
    # outside the eligibility windows (fieldwork 3 February 2020: court 3 May to 3 August 2019) are not
    # eligible and do not count.
    data = json.loads(Path(BUNDLE).read_text())
    data["caseload"] = (
        [{"population": "court", "disposal_date": "2019-06-01"}] * 30
        + [{"population": "court", "disposal_date": "2018-06-01"}] * 5
        + [{"population": "out_of_court", "disposal_date": "2019-10-01"}] * 19
    )
    bundle = tmp_path / "with-caseload.json"
    bundle.write_text(json.dumps(data))
    plain = json.loads(run("rate", BUNDLE, "--json").stdout)["intervals"]["figures"]
    done = run("rate", str(bundle), "--json")
    assert done.returncode == 0, done.stderr
    intervals = json.loads(done.stdout)["intervals"]
    assert intervals["confidence"] == 0.8  # seed 003: "a confidence level of 80 per cent"
    assert "Wilson" in intervals["method"]
    figures = intervals["figures"]
    # 2.1.3, 15 of 25: without the caseload a plain Wilson interval reaching both neighbouring bands...
    assert plain["2.1.3"] == {
        "yes": 15,
        "cases": 25,
        "percent": 60,
        "low": 0.472,
        "high": 0.7156,
        "printed": "47% to 72%",
        "eligible_population": None,
        "could_fall_in": ["Good", "Inadequate"],
    }
    # ...and with 30 eligible, corrected: 25 × 29 / 5 = 145 effective cases, reaching only Good.
    corrected = figures["2.1.3"]
    assert corrected["eligible_population"] == 30
    assert (corrected["low"], corrected["high"]) == (0.547, 0.6507)
    assert corrected["printed"] == "54% to 66%"
    assert corrected["could_fall_in"] == ["Good"]
    assert figures["3.2.3"]["eligible_population"] == 19


def test_validate_reports_problems_with_exit_status_2(tmp_path: Path) -> None:
    data = json.loads(Path(BUNDLE).read_text())
    data["cases"][0]["answers"]["2.1.1"] = "perhaps"
    del data["cases"][1]["answers"]["2.4.3"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    done = run("validate", str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{bad}: 2 problem(s)" in done.stderr
    assert "case C01, question 2.1.1: answer 'perhaps' is not one of 'yes', 'no', 'n/a'" in done.stderr
    assert "case C02: no answer to 2.4.3" in done.stderr
    assert "Traceback" not in done.stderr
    provisional = run("rate", str(bad), "--provisional")
    assert provisional.returncode == 2, "a bad answer is an error even in a provisional rating"


def test_provisional_rating_is_marked(tmp_path: Path) -> None:
    data = json.loads(Path(BUNDLE).read_text())
    del data["cases"][1]["answers"]["2.4.3"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data))
    done = run("rate", str(partial), "--provisional", "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["provisional"] is True
    assert record["standards"]["2.4"]["key_questions"]["2.4.3"]["missing"] == 1
    assert "PROVISIONAL" in run("rate", str(partial), "--provisional").stdout


def test_validate_accepts_the_example() -> None:
    done = run("validate", BUNDLE)
    assert (done.returncode, done.stdout.strip()) == (0, f"{BUNDLE}: valid (42 cases, framework hmip-youth-2018)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rate", "no-such-file.json"), "no-such-file.json: 1 problem(s)\n  file: cannot be read (No such file or directory)"),
        (
            ("sample", "no-such.csv", "--fieldwork-start", "2020-02-03"),
            "no-such.csv: 1 problem(s); nothing was imported\n  cannot be read (No such file or directory)",
        ),
        (("sample", BUNDLE, "--fieldwork-start", "3 Feb"), "--fieldwork-start: '3 Feb' is not a date (expected YYYY-MM-DD)"),
        (("sample", BUNDLE, "--fieldwork-start", "2020-02-03", "--framework", "nope"), "unknown framework 'nope'"),
    ],
)
def test_bad_input_is_a_message_and_exit_status_2(args: tuple[str, ...], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_sample_json_from_a_synthetic_caseload(tmp_path: Path) -> None:
    caseload = tmp_path / "caseload.csv"
    made = run("synthetic-caseload", "--rows", "150", "--fieldwork-start", "2020-02-03", "--seed", "3", "-o", str(caseload))
    assert made.returncode == 0, made.stderr
    done = run("sample", str(caseload), "--fieldwork-start", "2020-02-03", "--seed", "1", "--json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    court = record["court"]
    assert court["sample_size"] == len(court["sample"])
    assert court["eligible"] == len(court["sample"]) + len(court["reserves"])
    assert court["strata_within_one"] is True
    assert record["excluded"]
    assert all(set(e) == {"case_id", "row", "reason"} for e in record["excluded"])
    assert record["method"]["confidence"] == 0.8
    assert done.stdout == run("sample", str(caseload), "--fieldwork-start", "2020-02-03", "--seed", "1", "--json").stdout
    explained = run("sample", str(caseload), "--fieldwork-start", "2020-02-03", "--seed", "1")
    assert "Formula: n0 = z² × p × (1 − p) / e²" in explained.stdout
    assert "Reserves, in order:" in explained.stdout


def test_example_command_writes_the_committed_example(tmp_path: Path) -> None:
    out = tmp_path / "example.json"
    done = run("example", "bury-and-rochdale-2020", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text() == Path(BUNDLE).read_text()


def test_frameworks_lists_unverified_items() -> None:
    done = run("frameworks", "--unverified")
    assert done.returncode == 0
    assert "hmip-youth-2021" in done.stdout
    assert "unverified standard 4.1" in done.stdout


@pytest.mark.parametrize(("report_format", "magic"), [("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("docx", b"PK")])
def test_report_writes_each_format(report_format: str, magic: bytes, tmp_path: Path) -> None:
    out = tmp_path / f"report.{report_format}"
    done = run("report", BUNDLE, "--format", report_format, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(magic)


def test_report_refuses_an_unknown_format_and_a_bad_bundle(tmp_path: Path) -> None:
    unknown = run("report", BUNDLE, "--format", "odt", "-o", str(tmp_path / "x"))
    assert unknown.returncode == 2
    assert "'odt' is not one of 'docx', 'html', 'pdf'" in unknown.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    done = run("report", str(bad), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 2
    assert "format: expected 'yjinspect.bundle/1'" in done.stderr
    assert not (tmp_path / "x.html").exists()
