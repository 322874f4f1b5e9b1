"""What every report shape shares: the team's words or a visible placeholder, dates, the document's frame,
and the scored programmes' figures and recommendation lists."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from yjinspect.bundle import ReportFields
from yjinspect.engine.scored.scoring import Score
from yjinspect.reporting import document as doc
from yjinspect.reporting.inputs import ReportInputs


def placeholder(what: str, ref: str | None = None, *, box: tuple[str, ...] | None = None) -> doc.Paragraph:
    """Return a paragraph that marks narrative still to be written (ref: the standard or question it is for;
    box: where in the narrative the team writes it)."""
    runs: doc.Inline = (doc.ToBeWritten(f"[To be written by the inspection team: {what}", box=box),)
    if ref:
        runs += (doc.Text(" "), doc.Label(ref))
    return doc.Paragraph((*runs, doc.Text(".]")), style="placeholder")


def narrative_blocks(
    text: Any, what: str, anchor: str | None = None, *, ref: str | None = None, box: tuple[str, ...] | None = None
) -> list[doc.Block]:
    if isinstance(text, str) and text.strip():
        return [
            doc.Paragraph((doc.Narrative(part.strip()),), anchor=f"{anchor}-{i}" if anchor else None)
            for i, part in enumerate(text.strip().split("\n\n"))
        ]
    return [placeholder(what, ref, box=box)]


def month_year(value: str) -> str:
    """Return "June 2020" for "2020-06"; anything else as given."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", value)
    return date(int(found.group(1)), int(found.group(2)), 1).strftime("%B %Y") if found else value


# Queen Elizabeth II died on 8 September 2022; from then on the inspectorate is His Majesty's.
HIS_MAJESTY_FROM = date(2022, 9, 8)
_MONTH_NAMES = {date(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)}


def inspectorate_name(on: date) -> str:
    """Return the inspectorate's full name as it stood on a date (Her Majesty's before 8 September 2022)."""
    return f"{'His' if on >= HIS_MAJESTY_FROM else 'Her'} Majesty's Inspectorate of Probation"


def publication_date(fields: ReportFields, today: date | None = None) -> date:
    """Return the date a report speaks as of: its publication date, or today for a draft without one.

    A month alone ("2020-06", "June 2020") counts from its first day; a date the bundle reader let
    through but that cannot be read counts as today, as a draft's would."""
    value = fields.published.strip()
    if found := re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value):
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
        except ValueError:
            pass
    elif (found := re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", value)) and found.group(1).lower() in _MONTH_NAMES:
        return date(int(found.group(2)), _MONTH_NAMES[found.group(1).lower()], 1)
    return today or date.today()


def date_line(fields: ReportFields, fieldwork_start: date) -> str:
    """Return the cover's date line: the publication month, or the fieldwork start while unpublished."""
    published = month_year(fields.published)
    return f"HM Inspectorate of Probation, {published}" if published else f"Fieldwork from {fieldwork_start:%-d %B %Y}"


def report_document(inputs: ReportInputs[Any, Any, Any], title: str, sections: tuple[doc.Section, ...]) -> doc.ReportDocument:
    """Return the report document of any programme: its title, the framework, dates and its sections."""
    framework_id = str(inputs.framework.id)
    return doc.ReportDocument(
        title=title,
        subtitle=str(inputs.framework.title),
        service=inputs.service,
        framework_id=framework_id,
        date_line=date_line(inputs.fields, inputs.fieldwork_start),
        sections=sections,
        draft=inputs.draft,
        metadata={"framework": framework_id, "fieldwork_start": inputs.fieldwork_start.isoformat()},
    )


def percent_figure(score: Score | None, source: tuple[str, ...]) -> doc.Figure:
    if score is None or score.percent is None:
        return doc.Figure("not scored", source)
    return doc.Figure(f"{score.percent}%", source)


def comment_runs(score: Score, source: tuple[str, ...]) -> doc.Inline:
    if score.comment is None:
        return (doc.Text("no answers to score"),)
    return (doc.Figure(score.comment, source), doc.Text(" improvement required"))


def scored_recommendations(narrative: Mapping[str, Any], lead: str, *, grouped: bool) -> doc.Section:
    """Recommendations as written; grouped by body (FJI) or each with its post-holder in brackets (CCI)."""
    items: Sequence[Mapping[str, Any]] = narrative.get("recommendations") or []
    if not items:
        return doc.Section(
            "recommendations",
            "Recommendations",
            1,
            (placeholder("the recommendations, each to a named post-holder", box=("recommendations",)),),
        )
    blocks: list[doc.Block] = [doc.Paragraph((doc.Text(lead),))]
    if grouped:
        by_body: dict[str, list[str]] = {}
        for item in items:
            by_body.setdefault(str(item.get("to") or "The YOS Head of Service"), []).append(str(item.get("text", "")))
        for body, texts in by_body.items():
            blocks.append(doc.Paragraph((doc.Narrative(body), doc.Text(" should ensure that:")), style="lead"))
            blocks.append(doc.BulletList(tuple((doc.Narrative(t),) for t in texts), numbered=True))
    else:
        blocks.append(
            doc.BulletList(
                tuple(
                    (
                        doc.Narrative(str(i.get("text", ""))),
                        *((doc.Text(" ("), doc.Narrative(str(i["to"])), doc.Text(")")) if i.get("to") else ()),
                    )
                    for i in items
                ),
                numbered=True,
            )
        )
    return doc.Section("recommendations", "Recommendations", 1, tuple(blocks))


def narrative_list(values: Any, what: str, ref: str | None = None, *, box: tuple[str, ...] | None = None) -> doc.Block:
    if isinstance(values, list) and values:
        return doc.BulletList(tuple((doc.Narrative(str(v)),) for v in values), numbered=True)
    return placeholder(what, ref, box=box)
