"""A full joint inspection's report (seed 001): key judgements per theme with the case assessment score
beside each; a summary per theme; recommendations to the board chair and to the head of service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yjinspect.engine.scored.framework import Item, ScoredFramework
from yjinspect.engine.scored.scoring import ScoredCase, ScoredResult
from yjinspect.reporting import document as doc
from yjinspect.reporting.compose.common import (
    narrative_blocks,
    percent_figure,
    report_document,
    scored_recommendations,
)
from yjinspect.reporting.inputs import ReportInputs


def _judgement(theme: Item, result: ScoredResult) -> doc.Figure:
    return doc.Figure(result.themes[theme.id].judgement or "not yet judged", ("fji_judgement", theme.id))


def compose_fji_report(inputs: ReportInputs[ScoredFramework, ScoredCase, ScoredResult]) -> doc.ReportDocument:
    """Return a full joint inspection's report (seed 001's shape)."""
    return report_document(
        inputs,
        f"Full joint inspection of youth offending work in {inputs.service}",
        _fji(inputs.framework, inputs.result, inputs.narrative),
    )


def _fji(framework: ScoredFramework, result: ScoredResult, narrative: Mapping[str, Any]) -> tuple[doc.Section, ...]:
    rows = tuple(
        (
            doc.Cell((doc.Text(theme.name),), header=True),
            doc.Cell(
                (percent_figure(result.themes[theme.id].score, ("fji_score", theme.id)),)
                if theme.case_based
                else (doc.Text("no case score"),),
                numeric=True,
            ),
            doc.Cell((_judgement(theme, result),)),
        )
        for theme in framework.themes
    )
    key = doc.Table(
        "Key judgements",
        ("Theme", "Case assessment score", "Judgement"),
        rows,
        notes=(
            (
                doc.Text(
                    "Each judgement is the inspection team's, weighing leadership and partnership evidence as well as the cases; "
                    "the case assessment score, the share of that work done well enough, is shown beside it."
                ),
            ),
        ),
    )
    summaries: Mapping[str, Any] = narrative.get("themes") or {}
    summary_children = tuple(
        doc.Section(
            f"summary-{theme.id}",
            theme.name,
            2,
            (
                doc.Paragraph(
                    (doc.Text("Overall, this work was judged "), _judgement(theme, result), doc.Text(".")), style="lead"
                ),
                *narrative_blocks(
                    summaries.get(theme.id),
                    f"the summary for {theme.name.lower()}",
                    f"summary-{theme.id}",
                    box=("themes", theme.id),
                ),
            ),
        )
        for theme in framework.themes
    )
    theme_sections = tuple(_fji_theme(theme, result) for theme in framework.themes if theme.case_based)
    return (
        doc.Section(
            "foreword",
            "Foreword",
            1,
            tuple(narrative_blocks(narrative.get("foreword"), "the foreword", "foreword", box=("foreword",))),
        ),
        doc.Section("key-judgements", "Key judgements", 1, (key,)),
        doc.Section("summary", "Summary", 1, (), summary_children),
        scored_recommendations(
            narrative,
            "Post-inspection improvement work should focus particularly on achieving the following outcomes within "
            "twelve months following publication of this report:",
            grouped=True,
        ),
        doc.Section("case-assessment", "Case assessment scores", 1, (), theme_sections),
    )


def _fji_theme(theme: Item, result: ScoredResult) -> doc.Section:
    score = result.themes[theme.id].score
    if score is None or score.percent is None:
        body: doc.Inline = (doc.Text("No answers were recorded for this theme, so it has no case assessment score."),)
    else:
        body = (
            doc.Text("Overall, "),
            percent_figure(score, ("fji_score", theme.id)),
            doc.Text(" of this work was done well enough ("),
            doc.Figure(f"{score.sufficient} out of {score.answered}", ("fji_count", theme.id)),
            doc.Text(" answers across the inspected cases)."),
        )
    return doc.Section(f"theme-{theme.id}", theme.name, 2, (doc.Paragraph(body),))
