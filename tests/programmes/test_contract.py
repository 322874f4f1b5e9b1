"""The programme contract: a new programme is a data file (plus a plug-in only for new arithmetic), and
a report is built from one rating."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel, ConfigDict

from yjinspect.bundle import FORMAT, Problem
from yjinspect.engine.intervals import wilson_interval
from yjinspect.engine.loading import FrameworkError
from yjinspect.programmes import (
    bundle_data,
    compose_report,
    inspection_programme_ids,
    programme_for,
    programme_ids,
    read_inspection,
)
from yjinspect.programmes.base import (
    Body,
    CaseQuestion,
    CaseRecord,
    Inspection,
    NarrativeField,
    Programme,
    PublishedFigures,
    case_items,
    narrative_form_values,
    narrative_from_form,
    register_framework_file,
    unregister_framework_file,
)
from yjinspect.reporting.compose.common import narrative_blocks, report_document
from yjinspect.reporting.document import Cell, Figure, ReportDocument, Section, Table, Text
from yjinspect.reporting.inputs import ReportInputs
from yjinspect.reporting.renderers import render_report
from yjinspect.synthetic import synthetic_scored_bundle

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


# --- a throwaway programme kind with arithmetic of its own -------------------------------------------


class TallyQuestion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    text: str


class TallyFramework(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    title: str
    years: tuple[int, int]
    scoring: str
    questions: tuple[TallyQuestion, ...]


class TallyCase(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    answers: dict[str, str]


class Tally(Programme[TallyFramework, TallyCase, dict[str, int]]):
    """Counts yes answers per question: nothing else in yjinspect does this."""

    kind: ClassVar[str] = "tally"
    label: ClassVar[str] = "tally"
    body_keys: ClassVar[frozenset[str]] = frozenset({"cases"})

    @classmethod
    def parse(cls, data: dict[str, Any], *, source: str) -> TallyFramework:
        return TallyFramework.model_validate(data)

    def unverified_items(self) -> list[tuple[str, str]]:
        return [("questions", "made up for a test")]

    def case_questions(self) -> tuple[CaseQuestion, ...]:
        return tuple(CaseQuestion(q.id, q.text, "all") for q in self.framework.questions)

    def case_from_record(self, record: CaseRecord) -> TallyCase:
        return TallyCase(id=record.ref, answers=dict(record.answers))

    def case_record(self, case: TallyCase) -> CaseRecord:
        return CaseRecord(ref=case.id, answers=dict(case.answers))

    def case_gaps(self, record: CaseRecord) -> list[str]:
        return [q.id for q in self.framework.questions if not record.answers.get(q.id)]

    def read_body(
        self, data: Mapping[str, Any], header: Mapping[str, Any], *, provisional: bool, problems: list[Problem]
    ) -> Body[TallyCase] | None:
        known = {q.id for q in self.framework.questions}
        cases = []
        for index, item in enumerate(data.get("cases") or []):
            for question_id, value in item.get("answers", {}).items():
                if question_id not in known or value not in ("yes", "no"):
                    problems.append(Problem(f"cases[{index}]", f"{question_id}: {value!r} cannot be tallied"))
            cases.append(TallyCase(id=item["id"], answers=item.get("answers", {})))
        return None if problems else Body(tuple(cases))

    def write_body(self, inspection: Inspection[TallyCase]) -> dict[str, Any]:
        return {"cases": case_items(inspection, lambda c: {"id": c.id, "answers": dict(c.answers)})}

    def rate(self, inspection: Inspection[TallyCase]) -> dict[str, int]:
        return {q.id: sum(1 for c in inspection.cases if c.answers.get(q.id) == "yes") for q in self.framework.questions}

    def rating_record(self, result: dict[str, int]) -> dict[str, Any]:
        return {"tally": result}

    def ratings_table(self, result: dict[str, int], service: str) -> str:
        return "\n".join([service, *(f"{k} {v}" for k, v in result.items())]) + "\n"

    def published_figures(self, result: dict[str, int]) -> PublishedFigures:
        return PublishedFigures(figures={"tally": result})

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        return (NarrativeField("summary", ("summary",), "Summary"),)

    def compose(self, inputs: ReportInputs[TallyFramework, TallyCase, dict[str, int]]) -> ReportDocument:
        rows = tuple(
            (Cell((Text(q.text),)), Cell((Figure(str(inputs.result[q.id]), ("tally", q.id)),), numeric=True))
            for q in inputs.framework.questions
        )
        sections = (
            Section("summary", "Summary", 1, tuple(narrative_blocks(inputs.narrative.get("summary"), "the summary", "summary"))),
            Section("tally", "Tally", 1, (Table("Yes answers", ("Question", "Cases"), rows),)),
        )
        return report_document(inputs, f"Tally in {inputs.service}", sections)


@pytest.fixture
def screening() -> Iterator[str]:
    framework_id = register_framework_file(DATA / "test-screening.yaml")
    yield framework_id
    unregister_framework_file(framework_id)


def _bundle(framework_id: str, cases: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    header = {"service": "Testshire Youth Justice Service", "framework": framework_id, "fieldwork_start": "2030-05-06"}
    return {"format": FORMAT, "inspection": header, "cases": cases, **more}


def test_a_new_kind_runs_through_bundle_rating_and_report_from_a_test_only_data_file(tally: str) -> None:
    assert tally in programme_ids()
    data = _bundle(
        tally,
        [{"id": "A", "answers": {"T1": "yes", "T2": "no"}}, {"id": "B", "answers": {"T1": "yes", "T2": "yes"}}],
        narrative={"summary": "Children were seen quickly."},
        unknown_later_field={"kept": True},
    )
    inspection = read_inspection(json.dumps(data))
    assert isinstance(inspection.programme, Tally)
    assert inspection.rate() == {"T1": 2, "T2": 1}
    assert bundle_data(inspection) == data  # the round trip keeps the body, the narrative and what it does not know
    html = render_report(compose_report(inspection), "html").content.decode()
    assert "Tally in Testshire Youth Justice Service" in html
    assert "Children were seen quickly." in html
    assert programme_for(tally).check_published({}) is None  # nothing to check by default


def test_a_new_kind_reports_its_bundle_problems_with_their_places(tally: str) -> None:
    with pytest.raises(Exception, match=r"cases\[0\]: T9: 'yes' cannot be tallied"):
        read_inspection(json.dumps(_bundle(tally, [{"id": "A", "answers": {"T9": "yes"}}])))


def test_a_programme_with_known_arithmetic_is_a_data_file_alone(screening: str) -> None:
    cases = [
        {"id": "A", "answers": {"KS1": "yes", "KS2": "no"}},
        {"id": "B", "answers": {"KS1": "yes", "KS2": "yes"}},
    ]
    inspection = read_inspection(json.dumps(_bundle(screening, cases)))
    assert inspection.programme.label == "short quality screening"
    count = inspection.rate().counts["keeping_safe"]["planning"]
    assert (count.sufficient, count.answered) == (1, 2)
    text = plain_text(compose_report(inspection))
    assert "Keeping the child safe" in text
    assert "1 out of 2" in text


def plain_text(document: ReportDocument) -> str:
    return render_report(document, "html").content.decode()


def test_building_a_report_from_a_bundle_rates_exactly_once(ratings_counted: list[str]) -> None:
    inspection = read_inspection((EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8"))
    document = compose_report(inspection, draft=False)
    render_report(document, "html")
    inspection.programme.published_figures(inspection.result)
    assert ratings_counted == ["rated"]


@pytest.mark.parametrize("framework_id", inspection_programme_ids())
def test_every_shipped_programme_keeps_the_contract(framework_id: str) -> None:
    programme = programme_for(framework_id)
    assert programme.id == framework_id
    assert programme.case_questions(), framework_id
    fields = programme.narrative_fields()
    assert len({f.name for f in fields}) == len(fields), "a form box name is used twice"
    # Every box reads back what it was given (the form and the saved narrative agree).
    given = {f.name: ("Body: text" if f.kind == "tagged" else "Name: 3" if f.kind == "counts" else "Words") for f in fields}
    allowed = {f.name: f.allowed for f in fields if f.allowed}
    for name, tags in allowed.items():
        given[name] = f"{tags[0]}: text"
    narrative, problems = narrative_from_form(fields, given)
    assert problems == []
    assert narrative_form_values(fields, narrative) == given


def test_narrative_form_lists_every_malformed_line_and_keeps_the_rest() -> None:
    fields = programme_for("hmip-youth-cci").narrative_fields()
    narrative, problems = narrative_from_form(
        fields, {"foreword": "Kept", "recommendations": "no colon here", "practice_examples": "9.9: not a criterion"}
    )
    assert narrative["foreword"] == "Kept"
    assert [p.split(":")[0] for p in problems] == ["Recommendations, line 1", "Practice examples, line 1"]


def test_a_framework_file_of_an_unknown_kind_is_refused_naming_the_known_kinds(tmp_path: Path) -> None:
    path = tmp_path / "test-unknown.yaml"
    path.write_text((DATA / "test-tally.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    framework_id = register_framework_file(path)
    try:
        with pytest.raises(FrameworkError, match="'tally' is not a programme kind; known: cci, fji, results, sqs, standards"):
            programme_for(framework_id)
    finally:
        unregister_framework_file(framework_id)


def _every_box_written(fields: Sequence[NarrativeField]) -> dict[str, str]:
    given = {f.name: ("Body: text" if f.kind == "tagged" else "Name: 3" if f.kind == "counts" else "Words") for f in fields}
    given.update({f.name: f"{f.allowed[0]}: text" for f in fields if f.allowed})
    return given


@pytest.mark.parametrize("framework_id", inspection_programme_ids())
def test_every_placeholder_names_a_box_of_the_narrative_form_and_writing_every_box_leaves_none(framework_id: str) -> None:
    """What stops publishing points at the box to write in (issue 11): a composer's placeholder must name a
    box the programme's form has, and a report with every box written has no placeholder a box could fill."""
    fields = programme_for(framework_id).narrative_fields()
    keys = {f.key for f in fields}
    empty = compose_report(read_inspection(json.dumps(_bundle(framework_id, [])), provisional=True)).unwritten()
    assert empty, "an unwritten report must show where its narrative goes"
    assert [u for u in empty if u.box is not None and u.box not in keys] == []
    assert len([u for u in empty if u.box is not None]) >= len(empty) - 2  # at most the data return's facts and examples
    narrative, problems = narrative_from_form(fields, _every_box_written(fields))
    assert problems == []
    written = compose_report(read_inspection(json.dumps(_bundle(framework_id, [], narrative=narrative)), provisional=True))
    assert [u for u in written.unwritten() if u.box is not None] == []


@pytest.mark.parametrize(
    ("framework_id", "shares_of_cases"),
    [
        ("hmip-youth-2018", True),  # key questions: shares of cases
        ("hmip-youth-sqs", True),  # counts of cases, one answer a case per theme and aspect of work
        ("hmip-youth-cci", False),  # shares of answers, several to a case: no binomial interval (decision 0010)
        ("hmip-youth-fji", False),
    ],
)
def test_every_figure_that_is_a_share_of_cases_has_its_interval_through_the_contract(
    framework_id: str, shares_of_cases: bool
) -> None:
    if framework_id == "hmip-youth-2018":
        text = (EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8")
    else:
        text = json.dumps(synthetic_scored_bundle(framework_id, cases=12))
    inspection = read_inspection(text)
    figures = inspection.programme.figure_intervals(inspection.result)
    assert bool(figures) is shares_of_cases
    for figure in figures:
        assert figure.confidence == 0.8  # seed 003's level, the framework's default (and 80% where none is set)
        assert figure.interval == wilson_interval(figure.successes, figure.cases, 0.8)
        low, high = figure.printed
        assert low <= figure.percent <= high
    record = inspection.programme.rate_record(inspection.result)["intervals"]
    assert set(record["figures"]) == {f.id for f in figures}


@pytest.mark.parametrize("framework_id", inspection_programme_ids())
def test_a_programme_reads_its_reports_recommendations_through_its_own_box(framework_id: str) -> None:
    """The improvement plan and the next inspection ask the plug-in, never the narrative's key."""
    programme = programme_for(framework_id)
    fields = programme.narrative_fields()
    box = next((f for f in fields if f.name == "recommendations"), None)
    if box is None:
        assert programme.recommendations({}) is None
        return
    tag = box.allowed[0] if box.allowed else "The management board"
    narrative, problems = narrative_from_form(fields, {"recommendations": f"{tag}: act now\n{tag}: and later"})
    assert problems == []
    found = programme.recommendations(narrative)
    assert found is not None
    assert [(r.to, r.text) for r in found] == [(tag, "act now"), (tag, "and later")]
    assert programme.recommendations({}) == ()
