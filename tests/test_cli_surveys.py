"""`yjinspect survey-summary`, run as a user runs it: a survey export summarised, bad files told precisely."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.test_cli import run
from yjinspect.engine.surveys import AnswerValue, load_instrument, shipped_instrument_ids
from yjinspect.importing.survey_export import (
    FIXED,
    SMALL_NUMBER,
    ExportRow,
    export_text,
    read_bundle_surveys,
    read_survey_export,
)

CHILDREN = load_instrument("children-and-young-people")


def _export(tmp_path: Path, answers: Sequence[Mapping[str, AnswerValue]], small_number: int | None = None) -> Path:
    rows = [ExportRow(f"r{i}", "2026-03-01", "online", "en", a) for i, a in enumerate(answers)]
    path = tmp_path / "survey.csv"
    path.write_text(export_text(CHILDREN, rows, small_number), encoding="utf-8")
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


def test_the_export_carries_its_surveys_threshold_and_the_summary_withholds_what_the_web_withholds(tmp_path: Path) -> None:
    # A staff-like threshold of 10 with 7 answers: counts only, as the results page shows them.
    path = _export(tmp_path, [{"know_why": "yes"}] * 6 + [{"know_why": "no"}], small_number=10)
    assert (
        path.read_text(encoding="utf-8")
        .splitlines()[0]
        .startswith("instrument,response,submitted_on,source,language,small_number,")
    )
    done = run("survey-summary", str(path))
    assert done.returncode == 0, done.stderr
    assert "Small-number threshold: 10 (the survey's own, from the export)" in done.stdout
    assert "Yes: 6 out of 7 children who answered\n" in done.stdout
    assert "%" not in done.stdout
    record = json.loads(run("survey-summary", str(path), "--json").stdout)
    assert (record["small_number"], record["small_number_from"]) == (10, "export")
    assert record["questions"]["know_why"]["answers"]["yes"] == {"count": 6, "answered": 7, "percent": None}
    # --small-number, given, overrides the survey's own.
    record = json.loads(run("survey-summary", str(path), "--json", "--small-number", "5").stdout)
    assert (record["small_number_from"], record["questions"]["know_why"]["answers"]["yes"]["percent"]) == ("option", 86)


def test_an_export_without_a_threshold_keeps_the_default_and_says_so(tmp_path: Path) -> None:
    path = _export(tmp_path, [{"know_why": "yes"}] * 6 + [{"know_why": "no"}])
    assert ",small_number," not in path.read_text(encoding="utf-8")
    done = run("survey-summary", str(path))
    assert done.returncode == 0, done.stderr
    assert "Small-number threshold: 5 (the default: this export does not carry its survey's threshold" in done.stdout
    assert "Yes: 6 out of 7 children who answered (86%)" in done.stdout
    assert json.loads(run("survey-summary", str(path), "--json").stdout)["small_number_from"] == "default"


def test_no_questionnaire_has_a_question_named_as_the_exports_own_columns() -> None:
    # An export without the threshold column is read as before only because no question is called so.
    for instrument_id in shipped_instrument_ids():
        ids = {q.id for q in load_instrument(instrument_id).questions}
        assert not ids & {*FIXED, SMALL_NUMBER}, instrument_id


def test_the_threshold_column_stays_safe_in_a_spreadsheet_and_free_text_too(tmp_path: Path) -> None:
    path = _export(tmp_path, [{"anything_else": "=cmd|' /C calc'!A0", "know_why": "yes"}] * 5, small_number=7)
    text = path.read_text(encoding="utf-8")
    assert ",7," in text
    assert ",'=cmd|' /C calc'!A0" in text
    found = read_survey_export(text, source="survey.csv")
    assert found.small_number == 7
    assert found.responses[0]["anything_else"] == "=cmd|' /C calc'!A0"


_HEADER = "instrument,response,submitted_on,source,language,small_number,know_why\n"
_ROW = "children-and-young-people,r{},2026-03-01,online,en,{},yes\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A quote opened and never closed, then more than the csv module's 128 KB limit for a cell.
        ('instrument,response,submitted_on,source,language,know_why\n'
         'children-and-young-people,"r1,2026-03-01,online,en,yes\n' + "x" * 140_000,
         'row 2 (from line 2): not readable as CSV (field larger than field limit (131072)); expected a cell that '
         'opens with a double quote (") to close with one; this one is never closed'),
        # The same, at the end of a short file.
        ('instrument,response,submitted_on,source,language,know_why\nchildren-and-young-people,r1,2026-03-01,online,en,"yes\n',
         "row 2 (from line 2): not readable as CSV (unexpected end of data); expected a cell that opens with a double quote"),
        ('instrument,response,submitted_on,source,language,know_why\nchildren-and-young-people,r1,2026-03-01,online,en,yes\n'
         'children-and-young-people,"r2"x,2026-03-01,online,en,yes\n',
         "row 3 (from line 3): not readable as CSV (',' expected after '\"'); expected a comma or the end of the line"),
        (_HEADER + _ROW.format(1, "ten"),
         "row 2, column small_number: expected the survey's small-number threshold, a whole number from 1 to 50, found 'ten'"),
        (_HEADER + _ROW.format(1, "0"), "row 2, column small_number: expected the survey's small-number threshold"),
        (_HEADER + _ROW.format(1, "10") + _ROW.format(2, "5"),
         "row 3, column small_number: expected the same threshold in every row (10), found 5"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_csv_or_has_a_bad_threshold_is_a_message_and_exit_status_2(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    done = run("survey-summary", str(path))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert f"{path}, row" in done.stderr or f"{path}: " in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"anything_else": None}, "answers.anything_else: expected the text typed, found null (leave a question that "
                                  "was not answered out of answers)"),
        ({"know_why": None}, "answers.know_why: expected one of yes, no, not_sure, found null"),
        ({"helped_with": ["family", None]}, "answers.helped_with: expected a list of choice ids, found null"),
        ({"score": True}, "answers.score: expected a whole number from 0 to 100, found true"),
        ({"score": 70.5}, "answers.score: expected a whole number from 0 to 100, found 70.5"),
        ({"anything_else": {"text": "hi"}}, "answers.anything_else: expected the text typed, found an object"),
    ],
)  # fmt: skip
def test_a_bundles_answer_that_is_not_an_answer_is_refused_never_read_as_its_python_text(
    tmp_path: Path, answers: dict[str, object], message: str
) -> None:
    # JSON null once imported as the text "None".
    response = {"answers": answers, "language": "en", "source": "online", "submitted_on": "2020-02-01"}
    path = _bundle_with_surveys(tmp_path, [{"instrument": "children-and-young-people", "closes_on": "2020-02-14",
                                            "small_number": 5, "responses": [response]}])  # fmt: skip
    done = run("validate", str(path))
    assert done.returncode == 2
    assert f"surveys[0].responses[0].{message}" in done.stderr
    surveys, problems = read_bundle_surveys(
        [{"instrument": "children-and-young-people", "closes_on": "2020-02-14", "responses": [response]}],
        ["children-and-young-people"],
    )
    assert problems
    assert not surveys[0].responses


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
