"""The earlier programmes' report shapes: every figure recomputed from the bundle, and each shape's parts."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from fractions import Fraction
from math import floor
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import seed_text
from yjinspect.engine.scored.framework import load_scored_framework
from yjinspect.programmes import Inspection, compose_report, read_inspection, read_published_report
from yjinspect.reporting.document import Figure, Label, Paragraph, ReportDocument, Table, Text, plain
from yjinspect.reporting.renderers import render_report
from yjinspect.synthetic import synthetic_scored_bundle

PROGRAMMES = ("hmip-youth-cci", "hmip-youth-fji", "hmip-youth-sqs")


def _read(data: Mapping[str, Any]) -> Inspection[Any]:
    inspection = read_inspection(json.dumps(data))
    assert isinstance(inspection, Inspection)
    return inspection


def _share(raw: Mapping[str, Any], wanted: Any) -> tuple[int, int]:
    """Count, straight from the bundle's answers, the yes and yes-or-no answers to questions `wanted` accepts."""
    yes = answered = 0
    for case in raw["cases"]:
        for question_id, value in case["answers"].items():
            if value != "n/a" and wanted(question_id, case):
                answered += 1
                yes += value == "yes"
    return yes, answered


def _percent(share: tuple[int, int]) -> str:
    return f"{floor(Fraction(100 * share[0], share[1]) + Fraction(1, 2))}%"


def _recompute(source: tuple[str, ...], raw: Mapping[str, Any], others: list[dict[str, Any]]) -> str:
    """Recompute one figure from the raw bundle and the question tags in the framework file."""
    framework = load_scored_framework(raw["inspection"]["framework"])
    tag = {q.id: (item.id, q) for item, q in framework.scoring_questions()}
    kind, *key = source
    if kind in ("cci_criterion", "fji_score"):
        return _percent(_share(raw, lambda q, _c: tag[q][0] == key[0]))
    if kind == "cci_section":
        return _percent(_share(raw, lambda q, _c: tag[q][0].split(".")[0] == key[0]))
    if kind == "cci_headline":
        return _percent(_share(raw, lambda q, _c: key[0] in tag[q][1].headline_themes))
    if kind in ("cci_criterion_comment", "cci_headline_comment"):
        figure = _recompute(("cci_criterion" if kind == "cci_criterion_comment" else "cci_headline", key[0]), raw, others)
        percent = int(figure.rstrip("%"))
        return next(b.comment for b in framework.comment_bands if percent >= b.min_percent)
    if kind == "fji_count":
        return "{} out of {}".format(*_share(raw, lambda q, _c: tag[q][0] == key[0]))
    if kind == "fji_judgement":
        return str(raw["judgements"][key[0]])
    if kind == "sqs_count":
        return "{} out of {}".format(*_share(raw, lambda q, _c: tag[q][0] == key[0] and tag[q][1].criterion == key[1]))
    if kind == "sqs_setting":
        return "{} out of {}".format(
            *_share(raw, lambda q, c: tag[q][0] == key[0] and tag[q][1].criterion == key[1] and c["setting"] == key[2])
        )
    if kind == "sqs_cases":
        return str(len(raw["cases"]))
    if kind == "comparison":
        values = [o["headline_scores"][key[0]]["score"] for o in others]
        found = {
            "lowest": min(values),
            "highest": max(values),
            "average": floor(Fraction(sum(values), len(values)) + Fraction(1, 2)),
        }
        return f"{found[key[1]]}%"
    if kind == "comparison_count":
        return str(len(others))
    raise AssertionError(f"a figure with an unknown source: {source}")


def _others() -> list[dict[str, Any]]:
    essex = read_published_report(seed_text("002"))
    other = json.loads(json.dumps(essex))
    other["service"] = "Another YOS"
    for theme, score in {"safeguarding": 37, "risk_of_harm": 86, "likelihood_of_reoffending": 60}.items():
        other["headline_scores"][theme]["score"] = score
    return [essex, other]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_every_figure_is_recomputed_from_the_bundle(programme: str) -> None:
    raw = synthetic_scored_bundle(programme, cases=15, seed=7)
    others = _others() if programme == "hmip-youth-cci" else []
    document = compose_report(_read(raw), others=others)
    figures = 0
    for run in document.runs():
        if isinstance(run, Figure):
            figures += 1
            assert run.text == _recompute(run.source, raw, others), (run.source, run.text)
        elif isinstance(run, Text):
            assert not re.search(r"\d", run.text), f"a number in the composer's own words: {run.text!r}"
        elif isinstance(run, Label):
            assert re.fullmatch(r"\d(\.\d){0,2}", run.text), run.text
    assert figures >= {"hmip-youth-cci": 40, "hmip-youth-fji": 15, "hmip-youth-sqs": 40}[programme]


def _tables(document: ReportDocument) -> dict[str, Table]:
    return {b.caption: b for s in document.walk() for b in s.blocks if isinstance(b, Table)}


def test_cci_foreword_compares_headline_scores_with_lowest_highest_and_average() -> None:
    document = compose_report(_read(synthetic_scored_bundle("hmip-youth-cci", cases=10)), others=_others())
    table = _tables(document)["Scores compared with the areas inspected to date"]
    assert table.columns[:4] == ("Headline theme", "Lowest", "Highest", "Average")
    rows = {plain(r[0].runs): [plain(c.runs) for c in r[1:4]] for r in table.rows}
    # Essex (seed 002) 73/68/77 against 37/86/60: averages 55, 77, 68.5 rounded half up to 69.
    assert rows["'Safeguarding' work (action to protect the young person)"] == ["37%", "73%", "55%"]
    assert rows["'Risk of Harm to others' work (action to protect the public)"] == ["68%", "86%", "77%"]
    assert rows["'Likelihood of Reoffending' work (individual less likely to reoffend)"] == ["60%", "77%", "69%"]
    alone = compose_report(_read(synthetic_scored_bundle("hmip-youth-cci", cases=10)))
    assert "Scores compared with the areas inspected to date" not in _tables(alone)
    assert any(
        "No other core case inspections" in plain(b.runs) for s in alone.walk() for b in s.blocks if isinstance(b, Paragraph)
    )


def test_cci_prints_each_criterion_with_score_comment_and_narrative() -> None:
    raw = synthetic_scored_bundle("hmip-youth-cci", cases=10)
    raw["narrative"] = {
        "criteria": {
            "1.1": {"strengths": ["An Asset RoSH screening was completed in most cases."], "improvements": ["Oversight."]}
        },
        "recommendations": [{"text": "a timely and good quality assessment is completed", "to": "YOS Head of Service"}],
        "practice_examples": [{"criterion": "2.2", "text": "Curtis's case manager devised laminated cards."}],
    }
    document = compose_report(_read(raw))
    section = next(s for s in document.walk() if s.id == "criterion-1.1")
    text = " ".join(plain(b.runs) for b in section.blocks if isinstance(b, Paragraph))
    assert re.search(r"Score: \d+%\. Comment: (MINIMUM|MODERATE|SUBSTANTIAL|DRASTIC) improvement required\.", text)
    html = render_report(document, "html").content.decode()
    assert "An Asset RoSH screening was completed in most cases." in html
    assert "a timely and good quality assessment is completed (YOS Head of Service)" in html
    assert "[To be written by the inspection team: the strengths found under criterion" in html  # 1.2 onwards
    example = next(s for s in document.walk() if s.id == "making-a-difference")
    texts = [plain(b.runs) for b in example.blocks if isinstance(b, Paragraph)]
    assert texts[1:3] == [
        "Delivery and review of interventions general criterion: 2.2",
        "Curtis's case manager devised laminated cards.",
    ]


def test_fji_key_judgements_show_the_teams_judgement_beside_each_score() -> None:
    raw = synthetic_scored_bundle("hmip-youth-fji", cases=10)
    raw["judgements"] = {t.id: "satisfactory" for t in load_scored_framework("hmip-youth-fji").themes} | {
        "ensuring_the_sentence_is_served": "good"
    }
    raw["narrative"] = {
        "recommendations": [
            {"to": "The Chair of the YOS Management Board", "text": "x"},
            {"to": "The YOS Head of Service", "text": "y"},
        ]
    }
    document = compose_report(_read(raw))
    rows = {plain(r[0].runs): (plain(r[1].runs), plain(r[2].runs)) for r in _tables(document)["Key judgements"].rows}
    assert rows["Ensuring that the sentence is served"][1] == "good"
    assert rows["Governance and partnerships"] == ("no case score", "satisfactory")
    assert re.fullmatch(r"\d+%", rows["Reducing reoffending"][0])
    html = render_report(document, "html").content.decode()
    assert (
        "The Chair of the YOS Management Board</span> should ensure that:" in html
        or "The Chair of the YOS Management Board should ensure that:" in re.sub(r"<[^>]+>", "", html)
    )


def test_sqs_is_a_letter_with_numbered_paragraphs_built_on_counts() -> None:
    cases = [
        {"id": f"C{i}", "setting": "custody" if i < 5 else "community",
         "answers": {q.id: ("no" if i in (0, 6, 7) and q.criterion == "planning" else "yes") for _, q in load_scored_framework("hmip-youth-sqs").scoring_questions()}}
        for i in range(15)
    ]  # fmt: skip
    raw = {"format": "yjinspect.bundle/1", "inspection": {"service": "Testshire YOS", "framework": "hmip-youth-sqs", "fieldwork_start": "2013-06-03"},
           "cases": cases, "narrative": {"to": "Chair of the Testshire YOS Management Board", "copy_to": ["YOS Head of Service"]}}  # fmt: skip
    document = compose_report(_read(raw))
    assert [s.title for s in document.sections][:4] == [
        "Letter",
        "Context",
        "Summary",
        "Commentary on the inspection in Testshire YOS",
    ]
    body = render_report(document, "html").content.decode().split("<body", 1)[1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))
    assert (
        "3.3. Planning: the work was sufficient in all but three of the cases (12 out of 15). Custody cases: 4 out of 5. Community cases: 8 out of 10."
        in text
    )
    assert "1.1. Assessment: the work was sufficient in all cases (15 out of 15)." in text
    assert "Chair of the Testshire YOS Management Board" in text
    assert "%" not in text, "a screening gives no scores"


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_each_shape_renders_as_pdf_and_word_with_its_figures(programme: str) -> None:
    document = compose_report(_read(synthetic_scored_bundle(programme, cases=8)))
    figures = {r.text for r in document.runs() if isinstance(r, Figure)}
    pdf_text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report(document, "pdf").content)).pages)
    )
    word = Document(io.BytesIO(render_report(document, "docx").content))
    word_text = " ".join([p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells])
    for figure in figures:
        assert figure in pdf_text, figure
        assert figure in word_text, figure
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[1:] == [s.title for s in document.sections], "real headings, after the contents"
