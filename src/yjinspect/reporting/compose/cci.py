"""A core case inspection's report (seed 002): foreword with the headline scores beside the lowest,
highest and average of the other inspections held; scoring summary with comments; recommendations
with the responsible post-holder; each general criterion with its score, comment, strengths and
areas for improvement; section scores; the scoring approach. Every figure is a `Figure` naming its
source, and the composer's own words hold no digits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yjinspect.comparison import spreads
from yjinspect.engine.scored.framework import ScoredFramework
from yjinspect.engine.scored.scoring import Score, ScoredCase, ScoredResult
from yjinspect.reporting import document as doc
from yjinspect.reporting.compose.common import (
    comment_runs,
    narrative_blocks,
    narrative_list,
    percent_figure,
    placeholder,
    report_document,
    scored_recommendations,
)
from yjinspect.reporting.inputs import ReportInputs


def compose_cci_report(inputs: ReportInputs[ScoredFramework, ScoredCase, ScoredResult]) -> doc.ReportDocument:
    """Return a core case inspection's report (seed 002's shape), comparing with `inputs.others`."""
    framework, result, narrative, service = inputs.framework, inputs.result, inputs.narrative, inputs.service
    return report_document(
        inputs,
        f"Core Case Inspection of youth offending work in {service}",
        _cci(framework, result, narrative, service, inputs.others),
    )


def _cci(
    framework: ScoredFramework,
    result: ScoredResult,
    narrative: Mapping[str, Any],
    service: str,
    others: Sequence[Mapping[str, Any]],
) -> tuple[doc.Section, ...]:
    assert result.cci is not None  # rate_scored fills it for a framework with sections
    scores = result.cci
    return (
        doc.Section(
            "foreword",
            "Foreword",
            1,
            (
                *narrative_blocks(narrative.get("foreword"), "the foreword", "foreword", box=("foreword",)),
                *_headline_comparison(framework, scores.headlines, service, others),
            ),
        ),
        doc.Section("scoring", "Scoring and summary table", 1, (_headline_table(framework, scores.headlines),)),
        scored_recommendations(
            narrative, "Changes are necessary to ensure that, in a higher proportion of cases:", grouped=False
        ),
        _making_a_difference(framework, narrative),
        *(_cci_section(framework, result, narrative, s.id) for s in framework.sections),
        doc.Section("appendix-scores", "Appendix 1: Scoring summary", 1, (_criteria_table(framework, result),)),
        doc.Section("appendix-scoring", "Appendix 2: Scoring approach", 1, _scoring_approach()),
    )


def _making_a_difference(framework: ScoredFramework, narrative: Mapping[str, Any]) -> doc.Section:
    """Practice examples, each tagged with the general criterion it shows (seed 002's "Making a difference")."""
    examples: Sequence[Mapping[str, Any]] = narrative.get("practice_examples") or []
    if not examples:
        return doc.Section(
            "making-a-difference",
            "Making a difference",
            1,
            (placeholder("the practice examples, each with its criterion", box=("practice_examples",)),),
        )
    blocks: list[doc.Block] = [doc.Paragraph((doc.Text("Here are some examples of work that impressed us."),))]
    for example in examples:
        tag = str(example.get("criterion", ""))
        section = framework.criterion_section(tag)
        name = next((s.name for s in framework.sections if s.id == section), "")
        blocks.append(
            doc.Paragraph(
                (doc.Text(f"{name} general criterion: " if name else "General criterion: ", bold=True), doc.Label(tag)),
                style="lead",
            )
        )
        blocks.append(doc.Paragraph((doc.Narrative(str(example.get("text", ""))),)))
    blocks.append(doc.Paragraph((doc.Text("All names have been altered."),), style="note"))
    return doc.Section("making-a-difference", "Making a difference", 1, tuple(blocks))


def _headline_comparison(
    framework: ScoredFramework, headlines: Mapping[str, Score], service: str, others: Sequence[Mapping[str, Any]]
) -> list[doc.Block]:
    found = {s.item: s for s in spreads(others, "headline_scores")}
    if not found:
        return [
            doc.Paragraph(
                (
                    doc.Text(
                        "No other core case inspections are held here yet, so the scores cannot be compared with other areas."
                    ),
                ),
                style="note",
            )
        ]
    rows = []
    for theme in framework.headline_themes:
        spread = found.get(theme.id)
        cells = (
            (doc.Cell((doc.Figure(f"{spread.lowest}%", ("comparison", theme.id, "lowest")),), numeric=True),
             doc.Cell((doc.Figure(f"{spread.highest}%", ("comparison", theme.id, "highest")),), numeric=True),
             doc.Cell((doc.Figure(f"{spread.whole_average()}%", ("comparison", theme.id, "average")),), numeric=True))
            if spread
            else (doc.Cell((doc.Text("none held"),)),) * 3
        )  # fmt: skip
        rows.append(
            (
                doc.Cell((doc.Text(theme.name),), header=True),
                *cells,
                doc.Cell((percent_figure(headlines[theme.id], ("cci_headline", theme.id)),), numeric=True),
            )
        )
    counts = {s.count for s in found.values()}
    return [
        doc.Paragraph(
            (
                doc.Text("The table compares this area's headline scores with the lowest, highest and average of the "),
                doc.Figure(str(max(counts)), ("comparison_count",)),
                doc.Text(" other core case inspection held." if max(counts) == 1 else " other core case inspections held."),
            )
        ),
        doc.Table(
            "Scores compared with the areas inspected to date",
            ("Headline theme", "Lowest", "Highest", "Average", f"Scores for {service}"),
            tuple(rows),
        ),
    ]


def _headline_table(framework: ScoredFramework, headlines: Mapping[str, Score]) -> doc.Table:
    rows = tuple(
        (
            doc.Cell((doc.Text(theme.name),), header=True),
            doc.Cell((percent_figure(headlines[theme.id], ("cci_headline", theme.id)),), numeric=True),
            doc.Cell(comment_runs(headlines[theme.id], ("cci_headline_comment", theme.id))),
        )
        for theme in framework.headline_themes
    )
    return doc.Table(
        "Headline scores",
        ("Headline theme", "Score", "Comment"),
        rows,
        notes=(
            (
                doc.Text(
                    "Each score is the share of all answers to the key questions of that theme, across every inspected case, "
                    "judged sufficient."
                ),
            ),
        ),
    )


def _cci_section(framework: ScoredFramework, result: ScoredResult, narrative: Mapping[str, Any], section_id: str) -> doc.Section:
    assert result.cci is not None
    section = next(s for s in framework.sections if s.id == section_id)
    texts: Mapping[str, Any] = narrative.get("criteria") or {}
    children = []
    for criterion in section.criteria:
        score = result.cci.criteria[criterion.id]
        own: Mapping[str, Any] = texts.get(criterion.id) or {}
        blocks: list[doc.Block] = []
        if criterion.statement:
            blocks.append(doc.Paragraph((doc.Text("General criterion: ", bold=True), doc.Text(criterion.statement))))
        blocks.append(
            doc.Paragraph(
                (
                    doc.Text("Score: ", bold=True),
                    percent_figure(score, ("cci_criterion", criterion.id)),
                    doc.Text(". Comment: "),
                    *comment_runs(score, ("cci_criterion_comment", criterion.id)),
                    doc.Text("."),
                ),
                style="lead",
            )
        )
        blocks.append(doc.Paragraph((doc.Text("Strengths:", bold=True),)))
        blocks.append(
            narrative_list(
                own.get("strengths"),
                "the strengths found under criterion",
                criterion.id,
                box=("criteria", criterion.id, "strengths"),
            )
        )
        blocks.append(doc.Paragraph((doc.Text("Areas for improvement:", bold=True),)))
        blocks.append(
            narrative_list(
                own.get("improvements"),
                "the areas for improvement under criterion",
                criterion.id,
                box=("criteria", criterion.id, "improvements"),
            )
        )
        children.append(doc.Section(f"criterion-{criterion.id}", f"{criterion.id} {criterion.name}", 2, tuple(blocks)))
    overall = doc.Paragraph(
        (
            doc.Text("Overall score for this section: ", bold=True),
            percent_figure(result.cci.sections[section_id], ("cci_section", section_id)),
        ),
        style="lead",
    )
    return doc.Section(f"section-{section_id}", f"{section_id}. {section.name}", 1, (overall,), tuple(children))


def _criteria_table(framework: ScoredFramework, result: ScoredResult) -> doc.Table:
    assert result.cci is not None
    rows: list[tuple[doc.Cell, ...]] = []
    for section in framework.sections:
        rows.append(
            (
                doc.Cell((doc.Label(section.id), doc.Text(f". {section.name}", bold=True)), header=True),
                doc.Cell((percent_figure(result.cci.sections[section.id], ("cci_section", section.id)),), numeric=True),
                doc.Cell(()),
            )
        )
        for criterion in section.criteria:
            score = result.cci.criteria[criterion.id]
            rows.append(
                (
                    doc.Cell((doc.Label(criterion.id), doc.Text(f" {criterion.name}"))),
                    doc.Cell((percent_figure(score, ("cci_criterion", criterion.id)),), numeric=True),
                    doc.Cell(comment_runs(score, ("cci_criterion_comment", criterion.id))),
                )
            )
    return doc.Table("General criterion scores", ("General criterion", "Score", "Comment"), tuple(rows))


def _scoring_approach() -> tuple[doc.Block, ...]:
    return (
        doc.Paragraph(
            (
                doc.Text(
                    "We measure how often each aspect of work was done well enough, not what proportion of cases were "
                    "managed well enough. The score for a general criterion is the share of the answers to its questions, "
                    "across all of the inspected cases, where the work was judged sufficient. The same calculation over a "
                    "section gives the section's score, and over the key questions that inform a headline theme, that "
                    "theme's score."
                ),
            )
        ),
        doc.Paragraph(
            (
                doc.Text(
                    "The comment beside each score says whether we consider that this aspect of work requires minimum, "
                    "moderate, substantial or drastic improvement. The cut-points between comments are set in the "
                    "programme's framework file; they are not published and are marked as unverified there."
                ),
            ),
            style="note",
        ),
    )
