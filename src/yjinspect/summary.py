"""Plain summaries of engine results for the command line: JSON records and readable tables."""

from __future__ import annotations

import textwrap
from typing import Any

from yjinspect.engine.framework import Framework, RatedBy
from yjinspect.engine.rating import NOT_RATED, InspectionResult, StandardResult
from yjinspect.engine.sampling import SampleDraw
from yjinspect.engine.scoring import lowest


def rating_record(result: InspectionResult) -> dict[str, Any]:
    """Return the `yjinspect rate --json` record."""
    standards: dict[str, Any] = {}
    for standard in result.standards:
        item: dict[str, Any] = {
            "name": standard.name,
            "rated_by": standard.rated_by.value,
            "rating": standard.rating.value if standard.rating else NOT_RATED,
            "rating_by_rules": standard.rating_by_rules.value if standard.rating_by_rules else None,
            "points": standard.points,
            "counts_towards_overall": standard.counts_towards_overall,
            "deciding_question": standard.deciding_question,
            "explanation": standard.explanation,
        }
        if standard.panel_decision is not None:
            item["panel_decision"] = {
                "rating": standard.panel_decision.rating.value,
                "reason": standard.panel_decision.reason,
            }
        if standard.rated_by is RatedBy.CASE_ANSWERS:
            item["key_questions"] = {
                q.id: {
                    "yes": q.yes,
                    "no": q.no,
                    "not_applicable": q.not_applicable,
                    "missing": q.missing,
                    "percent": q.percent,
                    "band": q.band.value if q.band else None,
                }
                for q in standard.key_questions
            }
        standards[standard.id] = item
    overall = result.overall
    return {
        "framework": result.framework_id,
        "provisional": result.provisional,
        "standards": standards,
        "overall": {
            "score": overall.score,
            "max": overall.max_score,
            "rating": overall.rating.value if overall.rating else None,
            "undecided_reason": overall.undecided_reason,
        },
    }


def ratings_table(result: InspectionResult, framework: Framework, service: str) -> str:
    """Return a readable table like a report's Annexe 2: the lowest figure of each standard in **bold**."""
    lines: list[str] = [service, framework.title]
    overall = result.overall
    if overall.rating is not None:
        lines.append(f"Overall rating: {overall.rating}    Score {overall.score}/{overall.max_score}")
    else:
        lines.append(f"Overall rating: undecided ({overall.undecided_reason})")
    if result.provisional:
        lines.append("PROVISIONAL: some answers or ratings are still missing")
    footnotes: list[str] = []
    for domain in framework.domains:
        lines += ["", f"{domain.id}. {domain.name}"]
        for standard_def in domain.standards:
            standard = result.standard(standard_def.id)
            lines.append(_standard_line(standard, footnotes))
            lines.extend(_question_lines(standard, framework))
    counted = [s for s in result.standards if not s.counts_towards_overall]
    if counted:
        lines += ["", "Not counted towards the overall rating: " + ", ".join(s.id for s in counted)]
    if footnotes:
        lines += ["", *footnotes]
    lines += ["", "Figures in **bold** are each standard's lowest key question, which decides its rating."]
    return "\n".join(lines) + "\n"


def _standard_line(standard: StandardResult, footnotes: list[str]) -> str:
    rating = standard.rating.value if standard.rating else NOT_RATED
    marker = ""
    if standard.changed_by_panel and standard.panel_decision is not None:
        marker = "*" * (len(footnotes) + 1)
        footnotes.append(
            f"{marker} {standard.id}: professional discretion by the ratings panel "
            f"(by the rules: {standard.rating_by_rules}). {standard.panel_decision.reason}"
        )
    how = " (team judgement)" if standard.rated_by is RatedBy.JUDGEMENT else ""
    return f"  {standard.id} {standard.name:<42} {rating}{marker}{how}"


def _question_lines(standard: StandardResult, framework: Framework) -> list[str]:
    if standard.rated_by is not RatedBy.CASE_ANSWERS:
        return []
    decider = lowest(standard.key_questions)
    lines = []
    for question in standard.key_questions:
        text = framework.key_question(question.id)
        wording = text.text if text else ""
        if question.percent is None:
            figure = "no applicable case"
        else:
            figure = f"{question.percent}%"
            if decider is not None and question.id == decider.id:
                figure = f"**{figure}**"
            if question.id == standard.deciding_question and standard.changed_by_panel:
                figure += "*"
            figure += f" ({question.yes}/{question.denominator})"
        if question.missing:
            figure += f", {question.missing} unanswered"
        wrapped = textwrap.wrap(f"{question.id} {wording}", width=78)
        lines.append(f"      {wrapped[0]:<80} {figure}")
        lines.extend(f"        {w}" for w in wrapped[1:])
    return lines


def sample_record(draw: SampleDraw) -> dict[str, Any]:
    """Return the `yjinspect sample --json` record."""
    record: dict[str, Any] = {}
    for population, part in draw.populations.items():
        record[population.value] = {
            "window": [part.window[0].isoformat(), part.window[1].isoformat()],
            "eligible": part.eligible,
            "sample_size": part.sample_size,
            "sample": list(part.sample),
            "reserves": list(part.reserves),
            "strata_within_one": part.strata_within_one,
            "strata": [
                {
                    "variable": s.variable,
                    "category": s.category,
                    "population": s.population_count,
                    "expected": round(s.expected, 2),
                    "sample": s.sample_count,
                }
                for s in part.shares
            ],
        }
    record["excluded"] = [{"case_id": e.case_id, "row": e.row, "reason": e.reason} for e in draw.excluded]
    record["method"] = {
        "fieldwork_start": draw.fieldwork_start.isoformat(),
        "seed": draw.seed,
        "confidence": draw.confidence,
        "margin": draw.margin,
        "proportion": draw.proportion,
        "z": round(draw.z, 4),
        "formula": draw.formula,
    }
    return record


def sample_explanation(draw: SampleDraw) -> str:
    """Return the draw explained in prose and tables, for people."""
    lines = [
        f"Fieldwork start {draw.fieldwork_start.isoformat()}; seed {draw.seed}.",
        f"Sample size: {draw.confidence:.0%} confidence, margin of error {draw.margin * 100:g} points, "
        f"p = {draw.proportion:g} (z = {draw.z:.4f}).",
        f"Formula: {draw.formula}",
    ]
    for population, part in draw.populations.items():
        lines += [
            "",
            f"{population.label.capitalize()}: made {part.window[0].isoformat()} to {part.window[1].isoformat()}; "
            f"{part.eligible} eligible, sample of {part.sample_size}.",
            f"  Sample: {', '.join(part.sample)}",
            f"  Reserves, in order: {', '.join(part.reserves) or 'none'}",
            f"  {'variable':<18}{'category':<30}{'population':>11}{'share':>8}{'expected':>10}{'sampled':>9}",
        ]
        for s in part.shares:
            share = s.population_count / part.eligible
            flag = "" if s.within_one else "  (more than one case from its share)"
            counts = f"{s.population_count:>11}{share:>8.0%}{s.expected:>10.1f}{s.sample_count:>9}"
            lines.append(f"  {s.variable:<18}{s.category:<30}{counts}{flag}")
        if not part.strata_within_one:
            lines.append("  No sample meets every stratum within one case; this is the closest found.")
    if draw.excluded:
        lines += ["", f"Excluded ({len(draw.excluded)}):"]
        lines.extend(f"  row {e.row} {e.case_id}: {e.reason}" for e in draw.excluded)
    return "\n".join(lines) + "\n"
