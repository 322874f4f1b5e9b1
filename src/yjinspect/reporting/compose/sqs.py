"""A short quality screening's report (seeds 000, 004): a letter to the board chair with numbered
commentary paragraphs per theme built on counts ("all but two of the cases (13 out of 15)")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yjinspect.engine.phrasing import proportion_of
from yjinspect.engine.scored.framework import ScoredFramework
from yjinspect.engine.scored.scoring import Count, ScoredCase, ScoredResult
from yjinspect.reporting.compose.common import (
    narrative_blocks,
    narrative_list,
    report_document,
)
from yjinspect.reporting.document import (
    Block,
    BulletList,
    Cell,
    Figure,
    Inline,
    Label,
    Narrative,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    Text,
)
from yjinspect.reporting.inputs import ReportInputs


def _count_runs(count: Count, theme_id: str, criterion_id: str) -> Inline:
    source = ("sqs_count", theme_id, criterion_id)
    return (
        Text(proportion_of(count.sufficient, count.answered)),
        Text(" ("),
        Figure(f"{count.sufficient} out of {count.answered}", source),
        Text(")"),
    )


def compose_sqs_report(inputs: ReportInputs[ScoredFramework, ScoredCase, ScoredResult]) -> ReportDocument:
    """Return a short quality screening's letter (seeds 000 and 004)."""
    return report_document(
        inputs,
        f"Report of Short Quality Screening (SQS) of youth offending work in {inputs.service}",
        _sqs(inputs.framework, inputs.result, inputs.narrative, inputs.service),
    )


def _sqs(framework: ScoredFramework, result: ScoredResult, narrative: Mapping[str, Any], service: str) -> tuple[Section, ...]:
    letter = Table(
        "Letter",
        ("", ""),
        (
            (
                Cell((Text("To:", bold=True),)),
                Cell(
                    (Narrative(str(narrative["to"])),)
                    if narrative.get("to")
                    else (Text("[To be written: the chair of the YOS management board]"),)
                ),
            ),
            (Cell((Text("Copy to:", bold=True),)), Cell((Text("See copy list at end"),))),
            (
                Cell((Text("From:", bold=True),)),
                Cell(
                    (Narrative(str(narrative["from"])),)
                    if narrative.get("from")
                    else (Text("[To be written: the assistant chief inspector]"),)
                ),
            ),
        ),
        header_row=False,
    )
    intro = Paragraph(
        (
            Text("This report outlines the findings of the recent short quality screening of youth offending work in "),
            Narrative(service),
            Text(", in which we inspected "),
            Figure(str(result.cases), ("sqs_cases",)),
            Text(" cases at the start of their sentence."),
        )
    )
    context = Paragraph(
        (
            Text(
                "Good quality assessment and planning at the start of a sentence is critical to increasing the likelihood of "
                "positive outcomes. The purpose of the screening is to assess the quality and effectiveness of that work. "
                "It gives no scores or ratings."
            ),
        )
    )
    commentary: Mapping[str, Any] = narrative.get("commentary") or {}
    themes = []
    for number, theme in enumerate(framework.themes, start=1):
        paragraphs: list[Inline] = []
        for criterion in framework.criteria:
            count = result.counts.get(theme.id, {}).get(criterion.id)
            if count is None:
                continue
            runs: Inline = (
                Text(f"{criterion.name}: the work was sufficient in "),
                *_count_runs(count, theme.id, criterion.id),
                Text("."),
            )
            if len(count.by_setting) > 1:
                parts: list[Inline] = [
                    (
                        Text(f" {setting.capitalize()} cases: "),
                        Figure(f"{n} out of {a}", ("sqs_setting", theme.id, criterion.id, setting)),
                    )
                    for setting, (n, a) in count.by_setting.items()
                ]
                runs += tuple(run for part in parts for run in (*part, Text(".")))
            paragraphs.append((Label(f"{number}.{len(paragraphs) + 1}"), Text(". "), *runs))
        blocks: list[Block] = [BulletList(tuple(paragraphs))] if paragraphs else [Paragraph((Text("No relevant cases."),))]
        blocks += narrative_blocks(commentary.get(theme.id), f"the commentary on {theme.name.lower()}", f"commentary-{theme.id}")
        themes.append(Section(f"theme-{theme.id}", f"{number}. {theme.name}", 2, tuple(blocks)))
    return (
        Section("letter", "Letter", 1, (letter, intro)),
        Section("context", "Context", 1, (context,)),
        Section("summary", "Summary", 1, tuple(narrative_blocks(narrative.get("summary"), "the summary", "summary"))),
        Section("commentary", f"Commentary on the inspection in {service}", 1, (), tuple(themes)),
        Section(
            "operational-management",
            "Operational management",
            1,
            tuple(
                narrative_blocks(
                    narrative.get("operational_management"), "the commentary on operational management", "operational"
                )
            ),
        ),
        Section("key-strengths", "Key strengths", 1, (narrative_list(narrative.get("strengths"), "the key strengths"),)),
        Section(
            "improvements",
            "Areas requiring improvement",
            1,
            (
                narrative_list(narrative.get("improvements"), "the areas requiring improvement"),
                Paragraph(
                    (
                        Text(
                            "We strongly recommend that you focus your post-inspection improvement work on these aspects of practice."
                        ),
                    )
                ),
            ),
        ),
        Section("copy-list", "Copy to", 1, (narrative_list(narrative.get("copy_to"), "the copy list"),)),
    )
