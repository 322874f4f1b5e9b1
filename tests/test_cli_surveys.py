"""`yjinspect survey-summary`, run as a user runs it: a survey export summarised, bad files told precisely."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.test_cli import run
from yjinspect.engine.surveys import AnswerValue, load_instrument
from yjinspect.importing.survey_export import ExportRow, export_text

CHILDREN = load_instrument("children-and-young-people")


def _export(tmp_path: Path, answers: Sequence[Mapping[str, AnswerValue]]) -> Path:
    rows = [ExportRow(f"r{i}", "2026-03-01", "online", "en", a) for i, a in enumerate(answers)]
    path = tmp_path / "survey.csv"
    path.write_text(export_text(CHILDREN, rows), encoding="utf-8")
    return path


def test_a_survey_export_is_summarised_in_the_reports_words(tmp_path: Path) -> None:
    answers = [{"know_plan": "yes", "plan_copy": "yes", "anything_else": "My worker Jordan"}] * 42 + [{"know_plan": "no"}] * 9
    path = _export(tmp_path, answers)
    done = run("survey-summary", str(path))
    assert done.returncode == 0, done.stderr
    assert "51 children responded" in done.stdout
    assert "Yes: 42 out of 51 children who answered (82%)" in done.stdout
    assert "42 answered of 42 asked" in done.stdout
    assert "> The large majority of children who answered (42 out of 51) knew what their plan was." in done.stdout
    assert "Jordan" not in done.stdout  # free text is counted, never printed


def test_the_json_record_keeps_counts_only_below_the_small_number(tmp_path: Path) -> None:
    path = _export(tmp_path, [{"know_why": "yes"}] * 3 + [{"know_why": "no"}])
    record = json.loads(run("survey-summary", str(path), "--json").stdout)
    assert record["questions"]["know_why"]["answers"]["yes"] == {"count": 3, "answered": 4, "percent": None}
    record = json.loads(run("survey-summary", str(path), "--json", "--small-number", "2").stdout)
    assert record["questions"]["know_why"]["answers"]["yes"]["percent"] == 75


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,age\n", "the first row must start with the columns instrument, response"),
        ("instrument,response,submitted_on,source,language,know_why\n", "there are no responses after the header row"),
        ("instrument,response,submitted_on,source,language,know_why\npupils,r1,2026-03-01,online,en,yes\n",
         "row 2, column instrument: unknown survey instrument 'pupils'"),
        ("instrument,response,submitted_on,source,language,know_why,colour\n"
         "children-and-young-people,r1,2026-03-01,online,en,maybe,red\n",
         "column colour: not a question of children-and-young-people"),
        ("instrument,response,submitted_on,source,language,know_why,score\n"
         "children-and-young-people,r1,2026-03-01,online,en,maybe,101\n",
         "row 2, column score: give a whole number from 0 to 100"),
    ],
)  # fmt: skip
def test_a_bad_export_is_a_message_naming_row_and_column_and_exit_status_2(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    done = run("survey-summary", str(path))
    assert done.returncode == 2
    assert message in done.stderr
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr


def _bundle_with_surveys(tmp_path: Path, surveys: list[dict[str, object]]) -> Path:
    from tests.conftest import EXAMPLES  # noqa: PLC0415

    data = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8"))
    data["surveys"] = surveys
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_command_lines_report_of_a_bundle_prints_its_surveys_section(tmp_path: Path) -> None:
    responses = [{"answers": {"know_plan": "yes"}, "language": "en", "source": "online", "submitted_on": "2020-02-01"}] * 9
    responses += [{"answers": {"know_plan": "no"}, "language": "en", "source": "paper", "submitted_on": "2020-02-02"}]
    path = _bundle_with_surveys(tmp_path, [{"instrument": "children-and-young-people", "closes_on": "2020-02-14",
                                            "small_number": 5, "responses": responses}])  # fmt: skip
    out = tmp_path / "report.html"
    done = run("report", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "What people told us" in page
    assert "knew what their plan was" in page
    # Read back and written again, the bundle keeps its surveys as they were.
    from yjinspect.programmes import bundle_data, read_inspection_file  # noqa: PLC0415

    assert bundle_data(read_inspection_file(str(path)))["surveys"][0]["responses"][9]["answers"] == {"know_plan": "no"}


def test_validate_names_every_problem_with_a_bundles_surveys(tmp_path: Path) -> None:
    path = _bundle_with_surveys(tmp_path, [{"instrument": "children-and-young-people", "closes_on": "2020-02-14",
                                            "responses": [{"answers": {"score": "lots"}, "source": "fax", "submitted_on": "x"}]}])  # fmt: skip
    done = run("validate", str(path))
    assert done.returncode == 2
    assert "surveys[0].responses[0].answers.score: give a whole number from 0 to 100" in done.stderr
    assert "surveys[0].responses[0].source: expected online or paper, found 'fax'" in done.stderr
