"""A short quality screening's report (seeds 000, 004): a letter to the board chair with numbered
commentary paragraphs per theme built on counts ("all but two of the cases (13 out of 15)")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yjinspect.engine.phrasing import proportion_of
from yjinspect.engine.scored.framework import ScoredFramework
from yjinspect.engine.scored.scoring import Count, ScoredCase, ScoredResult
from yjinspect.reporting import document as doc
from yjinspect.reporting.compose.common import (
    narrative_blocks,
    narrative_list,
    report_document,
)
from yjinspect.reporting.inputs import ReportInputs


def _count_runs(count: Count, theme_id: str, criterion_id: str) -> doc.Inline:
    source = ("sqs_count", theme_id, criterion_id)
    return (
        doc.Text(proportion_of(count.sufficient, count.answered)),
        doc.Text(" ("),
        doc.Figure(f"{count.sufficient} out of {count.answered}", source),
        doc.Text(")"),
    )


def compose_sqs_report(inputs: ReportInputs[ScoredFramework, ScoredCase, ScoredResult]) -> doc.ReportDocument:
    """Return a short quality screening's letter (seeds 000 and 004)."""
    return report_document(
        inputs,
        f"Report of Short Quality Screening (SQS) of youth offending work in {inputs.service}",
        _sqs(inputs.framework, inputs.result, inputs.narrative, inputs.service),
    )


def _sqs(framework: ScoredFramework, result: ScoredResult, narrative: Mapping[str, Any], service: str) -> tuple[doc.Section, ...]:
    letter = doc.Table(
        "Letter",
        ("", ""),
        (
            (
                doc.Cell((doc.Text("To:", bold=True),)),
                doc.Cell(
                    (doc.Narrative(str(narrative["to"])),)
                    if narrative.get("to")
                    else (doc.ToBeWritten("[To be written: the chair of the YOS management board]", box=("to",)),)
                ),
            ),
            (doc.Cell((doc.Text("Copy to:", bold=True),)), doc.Cell((doc.Text("See copy list at end"),))),
            (
                doc.Cell((doc.Text("From:", bold=True),)),
                doc.Cell(
                    (doc.Narrative(str(narrative["from"])),)
                    if narrative.get("from")
                    else (doc.ToBeWritten("[To be written: the assistant chief inspector]", box=("from",)),)
                ),
            ),
        ),
        header_row=False,
    )
    intro = doc.Paragraph(
        (
            doc.Text("This report outlines the findings of the recent short quality screening of youth offending work in "),
            doc.Narrative(service),
            doc.Text(", in which we inspected "),
            doc.Figure(str(result.cases), ("sqs_cases",)),
            doc.Text(" cases at the start of their sentence."),
        )
    )
    context = doc.Paragraph(
        (
            doc.Text(
                "Good quality assessment and planning at the start of a sentence is critical to increasing the likelihood of "
                "positive outcomes. The purpose of the screening is to assess the quality and effectiveness of that work. "
                "It gives no scores or ratings."
            ),
        )
    )
    commentary: Mapping[str, Any] = narrative.get("commentary") or {}
    themes = []
    for number, theme in enumerate(framework.themes, start=1):
        paragraphs: list[doc.Inline] = []
        for criterion in framework.criteria:
            count = result.counts.get(theme.id, {}).get(criterion.id)
            if count is None:
                continue
            runs: doc.Inline = (
                doc.Text(f"{criterion.name}: the work was sufficient in "),
                *_count_runs(count, theme.id, criterion.id),
                doc.Text("."),
            )
            if len(count.by_setting) > 1:
                parts: list[doc.Inline] = [
                    (
                        doc.Text(f" {setting.capitalize()} cases: "),
                        doc.Figure(f"{n} out of {a}", ("sqs_setting", theme.id, criterion.id, setting)),
                    )
                    for setting, (n, a) in count.by_setting.items()
                ]
                runs += tuple(run for part in parts for run in (*part, doc.Text(".")))
            paragraphs.append((doc.Label(f"{number}.{len(paragraphs) + 1}"), doc.Text(". "), *runs))
        blocks: list[doc.Block] = (
            [doc.BulletList(tuple(paragraphs))] if paragraphs else [doc.Paragraph((doc.Text("No relevant cases."),))]
        )
        blocks += narrative_blocks(
            commentary.get(theme.id),
            f"the commentary on {theme.name.lower()}",
            f"commentary-{theme.id}",
            box=("commentary", theme.id),
        )
        themes.append(doc.Section(f"theme-{theme.id}", f"{number}. {theme.name}", 2, tuple(blocks)))
    return (
        doc.Section("letter", "Letter", 1, (letter, intro)),
        doc.Section("context", "Context", 1, (context,)),
        doc.Section(
            "summary", "Summary", 1, tuple(narrative_blocks(narrative.get("summary"), "the summary", "summary", box=("summary",)))
        ),
        doc.Section("commentary", f"Commentary on the inspection in {service}", 1, (), tuple(themes)),
        doc.Section(
            "operational-management",
            "Operational management",
            1,
            tuple(
                narrative_blocks(
                    narrative.get("operational_management"),
                    "the commentary on operational management",
                    "operational",
                    box=("operational_management",),
                )
            ),
        ),
        doc.Section(
            "key-strengths",
            "Key strengths",
            1,
            (narrative_list(narrative.get("strengths"), "the key strengths", box=("strengths",)),),
        ),
        doc.Section(
            "improvements",
            "Areas requiring improvement",
            1,
            (
                narrative_list(narrative.get("improvements"), "the areas requiring improvement", box=("improvements",)),
                doc.Paragraph(
                    (
                        doc.Text(
                            "We strongly recommend that you focus your post-inspection improvement work on these aspects of practice."
                        ),
                    )
                ),
            ),
        ),
        doc.Section("copy-list", "Copy to", 1, (narrative_list(narrative.get("copy_to"), "the copy list", box=("copy_to",)),)),
    )
