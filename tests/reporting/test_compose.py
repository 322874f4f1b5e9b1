"""The composed report: seed 003's figures, every figure traceable to the data, narrative or placeholder."""

from __future__ import annotations

import copy
import json
import math
import random
import re
from dataclasses import replace
from datetime import date
from statistics import NormalDist
from typing import Any

import pytest

from tests.conftest import EXAMPLES, seed_text
from yjinspect.bundle import ReportFields
from yjinspect.engine.framework import Population
from yjinspect.engine.survey_counts import SurveyCount, count_survey
from yjinspect.engine.surveys import load_instrument, stored_answers
from yjinspect.examples import SEED_003_IRREPRODUCIBLE, SEED_003_PERCENTAGES, SEED_003_RATINGS
from yjinspect.programmes import Inspection, bundle_data, compose_report
from yjinspect.programmes import check_inspection as check_bundle
from yjinspect.reporting.compose.common import inspectorate_name, publication_date
from yjinspect.reporting.compose.surveys import survey_section
from yjinspect.reporting.document import Figure, Label, Narrative, Paragraph, ReportDocument, Text, block_runs

RAW: dict[str, Any] = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text(encoding="utf-8"))
NARRATIVE = {
    "foreword": "This inspection is part of our four-year programme.\n\nWe found good leadership in the YJS.",
    "executive_summary": {"2": {"summary": "Court work was mixed.", "strengths": ["Desistance work was strong."],
                                "improvements": ["Work to keep other people safe needs to improve."]}},
    "recommendations": [{"to": "The YJS management board", "text": "Improve management information."},
                        {"to": "The YJS", "text": "Improve risk of harm assessment."}],
    "standards": {"2.1": {"summary": "Assessment was strong on desistance.", "key_questions": {"2.1.3": "Classification was often too low."}}},
    "practice_examples": [{"standard": "2.1", "pseudonym": "Jordan", "text": "The case manager met Jordan's parents three times."}],
    "offence_types": {"Violence against the person": 14, "Theft": 9},
}  # fmt: skip


# Survey responses as stored (JSON), made up: the section's every figure is recomputed from these by hand.
_RNG = random.Random(12)
RAW_SURVEYS: dict[str, list[dict[str, Any]]] = {
    "children-and-young-people": [
        {"know_why": _RNG.choice(["yes", "yes", "no", "not_sure"]), "know_plan": plan,
         **({"plan_copy": _RNG.choice(["yes", "no"])} if plan == "yes" else {"plan_copy": "yes"} if i % 7 == 0 else {}),
         "describe_service": _RNG.choice(["fantastic", "good", "okay"]), "score": _RNG.randint(30, 100),
         "helped_with": _RNG.sample(["school_or_work", "family", "stress"], _RNG.randint(0, 2))}
        for i, plan in enumerate(_RNG.choice(["yes", "yes", "no"]) for _ in range(31))
    ],
    # Too few answered for shares: counts only (docs/surveys.md, SU-3).
    "sentencers-and-court-staff": [{"advice_quality": 5, "confidence_in_orders": "yes"}, {"advice_quality": 4}],
    # Seven answers, which a threshold of 10 keeps to counts, where the children's 5 would give shares.
    "staff-and-volunteers": [{"role": _RNG.choice(["case_manager", "manager"]), "workload_comfortable": _RNG.choice(["yes", "no"]),
                              "understand_vision": _RNG.choice(["very_well", "quite_well"]), "training": "yes"}
                             for _ in range(7)],
}  # fmt: skip
# Each survey's own small-number threshold, as the lead inspector set it when opening it: each differs, so that
# a figure of one survey's threshold said of another is caught.
SMALL_NUMBERS = {"children-and-young-people": 5, "sentencers-and-court-staff": 3, "staff-and-volunteers": 10}


def _surveys() -> tuple[SurveyCount, ...]:
    counted = []
    for instrument_id, raw in RAW_SURVEYS.items():
        instrument = load_instrument(instrument_id)
        counted.append(count_survey(instrument, [stored_answers(instrument, r) for r in raw], SMALL_NUMBERS[instrument_id]))
    return tuple(counted)


def _survey_by_hand(kind: str, key: list[str]) -> set[str]:
    """Recompute a survey figure from the stored responses: who was asked (the show-if rule read from the file),
    who answered, how many gave the answer, its share of those who answered."""
    if kind == "survey_small_number":
        return {str(SMALL_NUMBERS[key[0]])}
    raw = RAW_SURVEYS[key[0]]
    if kind == "survey_respondents":
        return {str(len(raw))}
    question = load_instrument(key[0]).question(key[1])
    rule = question.show_if

    def asked(r: dict[str, Any]) -> bool:
        return rule is None or r.get(rule.question) in rule.answers

    given = [r[key[1]] for r in raw if asked(r) and r.get(key[1]) not in (None, "", [])]
    if kind == "survey_answered":
        return {str(len(given))}
    if kind == "survey_point":
        return {key[2]}
    if key[2].startswith("at_least_"):
        count = sum(1 for v in given if v >= int(key[2].removeprefix("at_least_")))
    elif question.scale is not None:
        count = sum(1 for v in given if v == int(key[2]))
    else:
        count = sum(1 for v in given if (key[2] in v if isinstance(v, list) else v == key[2]))
    if kind == "survey_count":
        return {str(count)}
    if kind == "survey_count_of":  # docs/phrasing.md: the count beside the word, or alone, "42 out of 51"
        return {f"{count} out of {len(given)}"}
    assert kind == "survey_percent"
    assert len(given) >= SMALL_NUMBERS[key[0]], "no share is printed where fewer than the survey's threshold answered"
    return {f"{(200 * count + len(given)) // (2 * len(given))}%"}


def _inspection(raw: dict[str, Any]) -> Inspection:
    inspection, problems = check_bundle(raw)
    assert inspection is not None, problems
    return inspection


@pytest.fixture(scope="module")
def document() -> ReportDocument:
    return compose_report(_inspection(RAW))


def _figures(document: ReportDocument, kind: str) -> dict[tuple[str, ...], set[str]]:
    found: dict[tuple[str, ...], set[str]] = {}
    for run in document.runs():
        if isinstance(run, Figure) and run.source[0] == kind:
            found.setdefault(run.source[1:], set()).add(run.text)
    return found


def test_every_standard_rating_matches_seed_003(document: ReportDocument) -> None:
    ratings = _figures(document, "standard_rating")
    for standard, published in SEED_003_RATINGS.items():
        marker = "*" if standard == "3.2" else ""
        assert ratings[(standard,)] == {published + marker}, standard
    assert _figures(document, "overall_score")[()] == {"23/36"}
    assert _figures(document, "overall_rating")[()] == {"Good"}


def test_every_key_question_percentage_matches_seed_003(document: ReportDocument) -> None:
    percentages = _figures(document, "kq_percent")
    for question, published in SEED_003_PERCENTAGES.items():
        printed = {t.rstrip("*") for t in percentages[(question,)]}
        if question in SEED_003_IRREPRODUCIBLE:
            # The rule gives 67 (2 of 3); the seed prints 66. The report keeps the rule.
            assert printed == {f"{SEED_003_IRREPRODUCIBLE[question][1]}%"}
        else:
            assert printed == {f"{published}%"}, question
    assert "60%*" in percentages[("3.2.3",)], "the panel's asterisk sits on the deciding figure"


def _recompute(source: tuple[str, ...], raw: dict[str, Any], inspection: Inspection) -> set[str]:
    """Recompute a figure from the raw bundle, independently of the composer (ratings via the engine)."""
    result = inspection.rate()
    kind, *key = source
    counts: dict[str, list[int]] = {}
    for case in raw["cases"]:
        for question, answer in case["answers"].items():
            counts.setdefault(question, [0, 0])
            if answer in ("yes", "no"):
                counts[question][answer == "no"] += 1
    if kind.startswith("survey_"):
        return _survey_by_hand(kind, key)
    if kind in ("kq_percent", "kq_count", "kq_band"):
        yes, no = counts.get(key[0], [0, 0])
        if kind == "kq_count":
            return {f"{yes} out of {yes + no}"}
        if yes + no == 0:
            return {"not scored", "Not rated"}
        percent = (200 * yes + yes + no) // (2 * (yes + no))
        if kind == "kq_band":
            return {next(b.rating.value for b in inspection.framework.bands if percent >= b.min_percent)}
        return {f"{percent}%", f"{percent}%*"}
    if kind in ("standard_rating", "standard_rating_plain"):
        standard = result.standard(key[0])
        rating = standard.rating.value if standard.rating else "Not rated"
        return {rating + ("*" if standard.changed_by_panel and kind == "standard_rating" else "")}
    if kind == "overall_rating":
        return {result.overall.rating.value if result.overall.rating else "Undecided"}
    if kind == "overall_undecided":
        return {result.overall.undecided_reason or ""}
    if kind == "overall_score":
        return {f"{result.overall.score}/{result.overall.max_score}"}
    if kind == "cases_by_type":
        return {str(sum(1 for c in raw["cases"] if c["disposal"] == key[0] and c["disposal_type"] == key[1]))}
    if kind == "cases_in_population":
        return {str(sum(1 for c in raw["cases"] if c["disposal"] == key[0]))}
    if kind == "window":
        rule = inspection.framework.sampling.populations[Population(key[0])]
        words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
        return {f"{words[rule.months_before_from]} to {words[rule.months_before_to]} months"}
    if kind == "confidence":
        return {f"{inspection.framework.sampling.confidence * 100:g} per cent"}
    if kind == "margin":
        return {f"{inspection.framework.sampling.margin * 100:g}"}
    if kind == "offence_type":
        return {str(raw["narrative"]["offence_types"][key[0]])}
    if kind == "fact":
        return {f"{raw['contextual_facts'][key[0]]:,}"}
    if kind == "caseload_mix":
        return {str(sum(1 for r in raw["caseload"] if (r["population"], r["disposal_type"]) == (key[0], key[1])))}
    if kind == "offence_type_recorded":
        return {str(sum(1 for c in raw["cases"] if c.get("offence_type") == key[0]))}
    if kind == "band_range":
        return {"80%+", "65–79%", "50–64%", "<50%"}
    if kind in ("overall_change", "previous_overall_rating", "previous_date"):
        return {_previous_by_hand(raw, result.overall.rating.value if result.overall.rating else None)[kind]}
    if kind == "interval_level":
        return {f"{_confidence(raw, inspection) * 100:g} per cent"}
    if kind == "interval_eligible":
        return {str(_eligible(raw, inspection).get(key[0]))}
    if kind in ("kq_interval", "kq_reach"):
        yes, no = counts[key[0]]
        low, high = _wilson_by_hand(raw, inspection, key[0], yes, yes + no)
        if kind == "kq_interval":
            return {f"{low}% to {high}%"}
        percent = (200 * yes + yes + no) // (2 * (yes + no))
        bands = inspection.framework.bands  # highest first
        reached = [
            next(b.rating.value for b in bands if b.min_percent < boundary)
            if percent >= boundary
            else next(b.rating.value for b in bands if b.min_percent == boundary)
            for boundary in (b.min_percent for b in bands)
            if boundary > 0 and low < boundary <= high
        ]
        return {" or ".join(reached)}
    raise AssertionError(f"a figure with an unknown source: {source}")


def _confidence(raw: dict[str, Any], inspection: Inspection) -> float:
    return float(raw.get("sample", {}).get("method", {}).get("confidence", inspection.framework.sampling.confidence))


def _eligible(raw: dict[str, Any], inspection: Inspection) -> dict[str, int]:
    """Count the raw caseload rows inside each eligibility window, months counted back from fieldwork by hand."""
    start = date.fromisoformat(raw["inspection"]["fieldwork_start"])

    def back(months: int) -> date:
        year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
        return date(year, month + 1, min(start.day, 28))  # the example's fieldwork starts on the 3rd

    found: dict[str, int] = {}
    for population, rule in inspection.framework.sampling.populations.items():
        earliest, latest = back(rule.months_before_to), back(rule.months_before_from)
        found[population.value] = sum(
            1
            for r in raw.get("caseload") or []
            if r.get("population") == population.value
            and "disposal_date" in r
            and earliest <= date.fromisoformat(r["disposal_date"]) <= latest
        )
    return found


def _wilson_by_hand(raw: dict[str, Any], inspection: Inspection, question: str, yes: int, n: int) -> tuple[int, int]:
    """Recompute a key question's printed interval from the raw bundle: Wilson's formula written out, with
    n·(N−1)/(N−n) cases where N, the eligible cases the question stands for, is known (docs/scoring.md MI-1 to MI-3)."""
    population = next(p for p in Population if question in inspection.framework.case_question_ids(p))
    sampled = sum(1 for c in raw["cases"] if c["disposal"] == population.value)
    eligible = _eligible(raw, inspection)[population.value]
    z = NormalDist().inv_cdf(1 - (1 - _confidence(raw, inspection)) / 2)
    p = yes / n
    size: float = n
    if eligible >= sampled:
        stands_for = eligible * n / sampled
        if stands_for - n < 1e-12:
            return math.floor(p * 100 + 1e-9), math.ceil(p * 100 - 1e-9)
        size = n * (stands_for - 1) / (stands_for - n)
    centre = (p + z * z / (2 * size)) / (1 + z * z / size)
    half = z * math.sqrt(p * (1 - p) / size + z * z / (4 * size * size)) / (1 + z * z / size)
    low = 0.0 if yes == 0 else max(0.0, centre - half)
    high = 1.0 if yes == n else min(1.0, centre + half)
    return math.floor(round(low * 100, 9)), math.ceil(round(high * 100, 9))


def _previous_by_hand(raw: dict[str, Any], current: str | None) -> dict[str, str]:
    """Recompute the sentence's figures on the change since the last inspection from the raw bundle."""
    previous = raw["previous_inspection"]
    order = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    before, after = order.index(previous["overall_rating"]), order.index(current or "")
    change = "an improvement" if after > before else "a decline" if after < before else "unchanged"
    year, month = previous["date"].split("-")
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]  # fmt: skip
    return {"overall_change": change, "previous_overall_rating": previous["overall_rating"],
            "previous_date": f"{months[int(month) - 1]} {year}"}  # fmt: skip


@pytest.mark.parametrize("with_narrative", [False, True])
@pytest.mark.parametrize("draft", [True, False])
def test_every_figure_in_the_report_is_regenerated_from_the_inspection(with_narrative: bool, draft: bool) -> None:
    raw = copy.deepcopy(RAW)
    if with_narrative:
        raw["narrative"] = NARRATIVE
        raw["previous_inspection"] = {"programme": "hmip-youth-2018", "date": "2016-11",
                                      "overall_rating": "Requires improvement", "standards": {"1.1": "Good"}}  # fmt: skip
        raw["caseload"] = [{"population": "court", "disposal_type": "referral order"}] * 3 + [
            {"population": "out_of_court", "disposal_type": "youth caution"}
        ]
        for index, case in enumerate(raw["cases"][:5]):
            case["offence_type"] = "Theft" if index % 2 else "Violence against the person"
        raw["contextual_facts"] = {
            "caseload_court": 118,
            "caseload_out_of_court": 86,
            "staff_fte": 41,
            "budget_total": 1_950_000,
            "in_education_percent": 71,
            "looked_after_percent": 18,
        }
    if not draft:  # the published report with the table of intervals the lead inspector chose, corrected
        raw["report_options"] = {"intervals_table": True}
        raw["caseload"] = (
            raw.get("caseload", [])
            + [{"population": "court", "disposal_type": "referral order", "disposal_date": "2019-06-01"}] * 30
            + [{"population": "out_of_court", "disposal_type": "youth caution", "disposal_date": "2019-10-01"}] * 19
        )
    inspection = _inspection(raw)
    inputs = inspection.report_inputs(draft=draft)
    if with_narrative:  # with the surveys' section (domain 1's evidence), from stored responses
        inputs = replace(inputs, surveys=_surveys())
    document = inspection.programme.compose(inputs)
    figures = 0
    for run in document.runs():
        if isinstance(run, Figure):
            figures += 1
            assert run.text in _recompute(run.source, raw, inspection), (run.source, run.text)
        elif isinstance(run, Text):
            assert not re.search(r"\d", run.text), f"a number in the composer's own words: {run.text!r}"
        elif isinstance(run, Label):
            assert re.fullmatch(r"\d(\.\d){0,2}", run.text), run.text
    assert figures > 100
    kinds = {run.source[0] for run in document.runs() if isinstance(run, Figure)}
    if with_narrative:
        assert {"caseload_mix", "offence_type_recorded", "fact", "overall_change", "previous_date"} <= kinds
        assert {"survey_respondents", "survey_count", "survey_answered", "survey_percent", "survey_point"} <= kinds
        assert {"survey_count_of", "survey_small_number"} <= kinds
    assert {"interval_level", "kq_interval", "kq_reach"} <= kinds
    if not draft:
        assert "interval_eligible" in kinds


def test_each_survey_says_its_own_small_number_where_a_question_fell_below_it() -> None:
    section = survey_section(_surveys(), "views", "What people told us", 2)
    said = {
        part.id.removeprefix("views-"): "".join(r.text for b in part.blocks[:1] if isinstance(b, Paragraph) for r in b.runs)
        for part in section.children
    }
    assert "Where fewer than 10 staff answered a question, we give the count alone." in said["staff-and-volunteers"]
    assert "Where fewer than 3 sentencers and court staff answered" in said["sentencers-and-court-staff"]
    # Every question of the children's survey was answered by at least its threshold: nothing to say.
    assert "Where fewer than" not in said["children-and-young-people"]
    intro = "".join(r.text for b in section.blocks for r in block_runs(b))
    assert not re.search(r"\d", intro), "the intro names no survey's threshold"
    # Seven staff answered each question: counts only, never a share, since the staff survey's threshold is 10.
    staff = next(part for part in section.children if part.id == "views-staff-and-volunteers")
    kinds = {r.source[0] for b in staff.blocks for r in block_runs(b) if isinstance(r, Figure)}
    assert "survey_count_of" in kinds
    assert "survey_percent" not in kinds


def test_without_narrative_every_gap_is_a_visible_placeholder(document: ReportDocument) -> None:
    placeholders = [b for s in document.walk() for b in s.blocks if isinstance(b, Paragraph) and b.style == "placeholder"]
    texts = " ".join("".join(r.text for r in b.runs) for b in placeholders)
    for gap in ("the foreword", "the recommendations", "the findings for key question 2.1.1", "the offence types"):
        assert gap in texts
    assert not any(isinstance(r, Narrative) and "four-year" in r.text for r in document.runs())


def test_narrative_is_printed_as_written_in_its_place() -> None:
    raw = copy.deepcopy(RAW)
    raw["narrative"] = NARRATIVE
    document = compose_report(_inspection(raw))
    sections = {s.id: s for s in document.walk()}
    foreword = [r.text for b in sections["foreword"].blocks if isinstance(b, Paragraph) for r in b.runs]
    assert foreword == ["This inspection is part of our four-year programme.", "We found good leadership in the YJS."]
    assessment = [r.text for b in sections["standard-2.1"].blocks if isinstance(b, Paragraph) for r in b.runs]
    assert "Classification was often too low." in assessment
    assert "Jordan" in assessment
    assert "The case manager met Jordan's parents three times." in assessment
    recommendations = [r.text for s in [sections["recommendations"]] for b in s.blocks for r in getattr(b, "runs", ())]
    assert "The YJS management board" in recommendations


def test_the_sentence_beside_each_key_question_uses_the_counts(document: ReportDocument) -> None:
    sections = {s.id: s for s in document.walk()}
    sentences = [
        "".join(r.text for r in b.runs)
        for b in sections["standard-2.1"].blocks
        if isinstance(b, Paragraph) and b.anchor and b.anchor.endswith("-counts")
    ]
    assert "Inspectors judged the work sufficient in the large majority of the relevant cases (22 out of 25)." in sentences
    assert "Inspectors judged the work sufficient in less than two-thirds of the relevant cases (15 out of 25)." in sentences


def test_methodology_is_generated_from_the_inspection(document: ReportDocument) -> None:
    section = next(s for s in document.walk() if s.id == "annexe-methodology")
    text = " ".join("".join(r.text for r in getattr(b, "runs", ())) for b in section.blocks)
    assert "We examined 25 court disposals, made six to nine months before fieldwork began." in text
    assert "We examined 17 out-of-court disposals, made three to five months before fieldwork began." in text
    assert "confidence level of 80 per cent (with a margin of error of 5)" in text
    assert "gender, sentence or disposal type, risk of serious harm and risk to safety and wellbeing classifications" in text


def test_a_2021_report_shows_resettlement_without_counting_it() -> None:
    raw = copy.deepcopy(RAW)
    raw["inspection"]["framework"] = "hmip-youth-2021"
    raw["organisational_ratings"].update({"3.4": "Good", "4.1": "Outstanding"})
    raw["panel_decisions"] = []
    for case in raw["cases"]:
        case["answers"] = {q: a for q, a in case["answers"].items() if not q.startswith("3.4.")}
    document = compose_report(_inspection(raw))
    rows = [
        r
        for s in document.walk()
        if s.id == "ratings"
        for b in s.blocks
        if hasattr(b, "rows")
        for row in b.rows
        for r in row[1].runs
    ]
    assert any("Resettlement policy and provision (not counted in the overall rating)" in r.text for r in rows)
    assert _figures(document, "standard_rating")[("4.1",)] == {"Outstanding"}
    result = _inspection(raw).rate()
    assert _figures(document, "overall_score")[()] == {f"{result.overall.score}/36"}


def _about_text(document: ReportDocument) -> str:
    about = next(s for s in document.walk() if s.id == "about")
    return " ".join(r.text for b in about.blocks if isinstance(b, Paragraph) for r in b.runs)


def test_a_report_published_before_september_2022_names_her_majestys_inspectorate_as_seed_003_does(
    document: ReportDocument,
) -> None:
    seed_sentence = next(line for line in seed_text("003").splitlines() if "is the independent inspector" in line)
    assert _about_text(document).startswith(seed_sentence.split(" is the independent")[0] + " is the independent")
    assert "Her Majesty's Inspectorate of Probation" in _about_text(document)


@pytest.mark.parametrize(
    ("published", "name"),
    [
        ("2022-09-07", "Her Majesty's"),
        ("2022-09-08", "His Majesty's"),
        ("2023-01", "His Majesty's"),
        ("March 2024", "His Majesty's"),
        ("", "His Majesty's"),  # a draft without a publication date speaks as of today
    ],
)
def test_a_report_names_the_inspectorate_as_it_was_on_its_publication_date(published: str, name: str) -> None:
    raw = copy.deepcopy(RAW)
    raw["inspection"]["published"] = published
    assert f"{name} Inspectorate of Probation is the independent inspector" in _about_text(compose_report(_inspection(raw)))


def test_the_inspectorate_name_changes_on_the_day_queen_elizabeth_ii_died() -> None:
    assert inspectorate_name(date(2022, 9, 7)) == "Her Majesty's Inspectorate of Probation"
    assert inspectorate_name(date(2022, 9, 8)) == "His Majesty's Inspectorate of Probation"
    assert publication_date(ReportFields(published=""), today=date(2021, 1, 1)) == date(2021, 1, 1)
    assert publication_date(ReportFields(published="June 2020")) == date(2020, 6, 1)


def _annexe(document: ReportDocument) -> tuple[str, list[Any]]:
    section = next(s for s in document.walk() if s.id == "annexe-methodology")
    text = " ".join("".join(r.text for r in getattr(b, "runs", ())) for b in section.blocks)
    tables = [b for b in section.blocks if getattr(b, "caption", "") == "Margins of error of the key questions"]
    return text, tables


def test_a_draft_prints_the_table_of_intervals_and_says_the_lead_inspector_decides_for_publishing() -> None:
    text, tables = _annexe(compose_report(_inspection(RAW), draft=True))
    assert len(tables) == 1
    assert "with a confidence of 80 per cent (the Wilson score interval)" in text
    assert "the published report prints it only if the lead inspector chooses" in text
    rows = {
        "".join(r.text for r in row[0].runs): ["".join(r.text for r in cell.runs) for cell in row[1:]] for row in tables[0].rows
    }
    assert rows["2.1.3"] == ["60%", "15 out of 25", "47% to 72%", "Good or Inadequate"]
    assert rows["2.1.1"] == ["88%", "22 out of 25", "77% to 95%", "Good"]


def test_the_published_report_prints_the_table_only_where_the_lead_inspector_chose_it() -> None:
    assert _annexe(compose_report(_inspection(RAW), draft=False))[1] == []
    raw = copy.deepcopy(RAW)
    raw["report_options"] = {"intervals_table": True}
    raw["caseload"] = [{"population": "court", "disposal_type": "referral order", "disposal_date": "2019-06-01"}] * 30
    text, tables = _annexe(compose_report(_inspection(raw), draft=False))
    assert len(tables) == 1
    assert "corrected for the eligible population of 30 court disposals" in text
    assert "only if the lead inspector chooses" not in text
    rows = {
        "".join(r.text for r in row[0].runs): ["".join(r.text for r in cell.runs) for cell in row[1:]] for row in tables[0].rows
    }
    assert rows["2.1.3"] == ["60%", "15 out of 25", "54% to 66%", "Good"]


def test_report_options_are_read_strictly_and_written_back() -> None:
    raw = copy.deepcopy(RAW)
    raw["report_options"] = {"intervals_table": "yes"}
    inspection, problems = check_bundle(raw)
    assert inspection is None
    assert [str(p) for p in problems] == ["report_options.intervals_table: expected true or false, found 'yes'"]
    raw["report_options"] = {"intervals_table": True}
    assert bundle_data(_inspection(raw))["report_options"] == {"intervals_table": True}


def test_a_long_unbroken_word_wraps_in_the_pdf_and_nothing_of_it_is_cut() -> None:
    """A 5,000-character word in the narrative widened the HTML and was cut in the PDF (issue 11's walk)."""
    import io  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415

    from yjinspect.examples import EXAMPLES  # noqa: PLC0415
    from yjinspect.programmes import check_inspection, compose_report  # noqa: PLC0415
    from yjinspect.reporting.renderers import render_report  # noqa: PLC0415

    data = EXAMPLES["bury-and-rochdale-2020"]()
    data["narrative"] = {"foreword": "X" * 5000}
    inspection, problems = check_inspection(data)
    assert inspection is not None, problems
    document = compose_report(inspection)
    assert "overflow-wrap: break-word" in render_report(document, "html").content.decode()
    pdf = PdfReader(io.BytesIO(render_report(document, "pdf").content))
    assert sum(page.extract_text().count("X") for page in pdf.pages) >= 5000
