"""Framework files: every shipped one loads, the 2018 wording is the seed's, and errors say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import seed_text
from yjinspect.engine.framework import Framework, RatedBy
from yjinspect.engine.loading import FrameworkError, load_framework, load_framework_file, shipped_framework_ids


def _annexe_2() -> str:
    text = seed_text("003")
    return text[text.index("Annexe 2: Inspection results\n\nIn this") : text.index("Annexe 3: Glossary\n\nAssetPlus")]


@pytest.mark.parametrize("framework_id", shipped_framework_ids("standards"))
def test_every_shipped_framework_loads(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    assert framework.standards


def test_2018_has_the_published_structure(fw2018: Framework) -> None:
    assert [d.name for d in fw2018.domains] == ["Organisational delivery", "Court disposals", "Out-of-court disposals"]
    assert len(fw2018.standards) == 12
    assert sum(len(s.key_questions) for s in fw2018.standards) == 37
    assert [s.id for s in fw2018.judged_standards()] == ["1.1", "1.2", "1.3", "1.4"]
    assert fw2018.overall.max_score == 36
    assert fw2018.unverified_items(), "unpublished defaults must be marked"


def test_2018_key_questions_are_worded_exactly_as_seed_003_annexe_2(fw2018: Framework) -> None:
    annexe = _annexe_2()
    published = dict(re.findall(r"(\d\.\d\.\d)\. ([^<\t\n]+\?)", annexe))
    assert len(published) == 37
    ours = {q.id: q.text for s in fw2018.standards for q in s.key_questions}
    assert ours == published


def test_2018_standard_names_and_statements_are_the_seeds(fw2018: Framework) -> None:
    annexe = _annexe_2()
    for standard in fw2018.standards:
        assert standard.statement in annexe, standard.id
        assert re.search(rf"{re.escape(standard.id)}\. {re.escape(standard.name)}", annexe), standard.id


def test_2021_marks_what_the_public_record_does_not_confirm(fw2021: Framework) -> None:
    marked = dict(fw2021.unverified_items())
    for domain in fw2021.domains:
        assert f"domain {domain.id}" in marked
    assert "standard 3.4" in marked
    assert "standard 4.1" in marked
    assert fw2021.standard("4.1") is not None
    assert fw2021.rated_by(fw2021.standard("3.4")) is RatedBy.JUDGEMENT  # type: ignore[arg-type]


def test_unknown_framework_names_the_known_ones() -> None:
    with pytest.raises(FrameworkError, match="unknown framework 'hmip-youth-1999'; known frameworks: hmip-youth-2018"):
        load_framework("hmip-youth-1999")


def _broken(tmp_path: Path, change) -> str:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((Path(__file__).parents[2] / "src/yjinspect/frameworks/hmip-youth-2018.yaml").read_text())
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(FrameworkError) as error:
        load_framework_file(path)
    return str(error.value)


def test_schema_errors_name_the_file_the_place_and_the_expectation(tmp_path: Path) -> None:
    def wrong(data: dict) -> None:  # type: ignore[type-arg]
        data["domains"][1]["standards"][0]["key_questions"][2]["applies_when"] = "sometimes"
        del data["domains"][0]["standards"][1]["statement"]

    message = _broken(tmp_path, wrong)
    assert "broken.yaml: 2 problem(s)" in message
    assert "domains[1] (id 2).standards[0] (id 2.1).key_questions[2] (id 2.1.3).applies_when" in message
    assert "'always', 'harm_factors' or 'safety_wellbeing_factors'" in message
    assert "domains[0] (id 1).standards[1] (id 1.2).statement: Field required" in message


def test_rule_errors_are_reported_together(tmp_path: Path) -> None:
    def wrong(data: dict) -> None:  # type: ignore[type-arg]
        data["bands"][1]["min_percent"] = 85
        data["overall"]["max_score"] = 30
        data["domains"][2]["standards"][0]["key_questions"][0]["id"] = "2.1.1"

    message = _broken(tmp_path, wrong)
    assert "strictly falling min_percent" in message
    assert "overall.max_score is 30 but 12 counted standards at 3 points each make 36" in message
    assert "id 2.1.1 is used twice" in message
    assert "key question 2.1.1 is not numbered under standard 3.1" in message


def test_not_yaml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(FrameworkError, match=r"bad.yaml: not valid YAML"):
        load_framework_file(path)
