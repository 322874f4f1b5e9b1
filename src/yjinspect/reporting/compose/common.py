"""What every report shape shares: the team's words or a visible placeholder, dates, the document's frame,
and the scored programmes' figures and recommendation lists."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from yjinspect.bundle import ReportFields
from yjinspect.engine.scored.scoring import Score
from yjinspect.reporting.document import (
    Block,
    BulletList,
    Figure,
    Inline,
    Label,
    Narrative,
    Paragraph,
    ReportDocument,
    Section,
    Text,
)
from yjinspect.reporting.inputs import ReportInputs


def placeholder(what: str, ref: str | None = None) -> Paragraph:
    """Return a paragraph that marks narrative still to be written (ref: the standard or question it is for)."""
    runs: Inline = (Text(f"[To be written by the inspection team: {what}"),)
    if ref:
        runs += (Text(" "), Label(ref))
    return Paragraph((*runs, Text(".]")), style="placeholder")


def narrative_blocks(text: Any, what: str, anchor: str | None = None, *, ref: str | None = None) -> list[Block]:
    if isinstance(text, str) and text.strip():
        return [
            Paragraph((Narrative(part.strip()),), anchor=f"{anchor}-{i}" if anchor else None)
            for i, part in enumerate(text.strip().split("\n\n"))
        ]
    return [placeholder(what, ref)]


def month_year(value: str) -> str:
    """Return "June 2020" for "2020-06"; anything else as given."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", value)
    return date(int(found.group(1)), int(found.group(2)), 1).strftime("%B %Y") if found else value


def date_line(fields: ReportFields, fieldwork_start: date) -> str:
    """Return the cover's date line: the publication month, or the fieldwork start while unpublished."""
    published = month_year(fields.published)
    return f"HM Inspectorate of Probation, {published}" if published else f"Fieldwork from {fieldwork_start:%-d %B %Y}"


def report_document(inputs: ReportInputs[Any, Any, Any], title: str, sections: tuple[Section, ...]) -> ReportDocument:
    """Return the report document of any programme: its title, the framework, dates and its sections."""
    framework_id = str(inputs.framework.id)
    return ReportDocument(
        title=title,
        subtitle=str(inputs.framework.title),
        service=inputs.service,
        framework_id=framework_id,
        date_line=date_line(inputs.fields, inputs.fieldwork_start),
        sections=sections,
        draft=inputs.draft,
        metadata={"framework": framework_id, "fieldwork_start": inputs.fieldwork_start.isoformat()},
    )


def percent_figure(score: Score | None, source: tuple[str, ...]) -> Figure:
    if score is None or score.percent is None:
        return Figure("not scored", source)
    return Figure(f"{score.percent}%", source)


def comment_runs(score: Score, source: tuple[str, ...]) -> Inline:
    if score.comment is None:
        return (Text("no answers to score"),)
    return (Figure(score.comment, source), Text(" improvement required"))


def scored_recommendations(narrative: Mapping[str, Any], lead: str, *, grouped: bool) -> Section:
    """Recommendations as written; grouped by body (FJI) or each with its post-holder in brackets (CCI)."""
    items: Sequence[Mapping[str, Any]] = narrative.get("recommendations") or []
    if not items:
        return Section(
            "recommendations", "Recommendations", 1, (placeholder("the recommendations, each to a named post-holder"),)
        )
    blocks: list[Block] = [Paragraph((Text(lead),))]
    if grouped:
        by_body: dict[str, list[str]] = {}
        for item in items:
            by_body.setdefault(str(item.get("to") or "The YOS Head of Service"), []).append(str(item.get("text", "")))
        for body, texts in by_body.items():
            blocks.append(Paragraph((Narrative(body), Text(" should ensure that:")), style="lead"))
            blocks.append(BulletList(tuple((Narrative(t),) for t in texts), numbered=True))
    else:
        blocks.append(
            BulletList(
                tuple(
                    (
                        Narrative(str(i.get("text", ""))),
                        *((Text(" ("), Narrative(str(i["to"])), Text(")")) if i.get("to") else ()),
                    )
                    for i in items
                ),
                numbered=True,
            )
        )
    return Section("recommendations", "Recommendations", 1, tuple(blocks))


def narrative_list(values: Any, what: str, ref: str | None = None) -> Block:
    if isinstance(values, list) and values:
        return BulletList(tuple((Narrative(str(v)),) for v in values), numbered=True)
    return placeholder(what, ref)
