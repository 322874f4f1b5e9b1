"""Compose the reports of the earlier programmes, in the shapes the seeds show.

- Core case inspection (seed 002): foreword with the headline scores beside the lowest, highest and
  average of the other inspections held; scoring summary with comments; recommendations with the
  responsible post-holder; each general criterion with its score, comment, strengths and areas for
  improvement; section scores; the scoring approach.
- Full joint inspection (seed 001): key judgements per theme with the case assessment score beside
  each; a summary per theme; recommendations to the board chair and to the head of service.
- Short quality screening (seeds 000, 004): a letter to the board chair with numbered commentary
  paragraphs per theme built on counts ("all but two of the cases (13 out of 15)").

Same document model and renderers as the standards reports; every figure is a `Figure` naming its
source, and the composer's own words hold no digits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yjinspect.comparison import spreads
from yjinspect.engine.legacy.framework import Item, LegacyFramework
from yjinspect.engine.legacy.scoring import Count, LegacyResult, Score
from yjinspect.engine.phrasing import proportion_of
from yjinspect.legacy_bundle import LegacyInspection
from yjinspect.reporting.compose import month_year, narrative_blocks, placeholder
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

_TITLES = {
    "cci": "Core Case Inspection of youth offending work in {service}",
    "fji": "Full joint inspection of youth offending work in {service}",
    "sqs": "Report of Short Quality Screening (SQS) of youth offending work in {service}",
}


def compose_legacy_report(
    inspection: LegacyInspection,
    result: LegacyResult | None = None,
    *,
    others: Sequence[Mapping[str, Any]] = (),
    draft: bool = True,
) -> ReportDocument:
    """Return the report of an earlier programme's inspection.

    `others`: published records of other inspections of the same programme (import-report's keys);
    a core case inspection's foreword compares its headline scores with theirs.
    """
    result = result or inspection.rate()
    framework = inspection.framework
    narrative: Mapping[str, Any] = inspection.extra.get("narrative") or {}
    if framework.scoring == "cci":
        sections = _cci(framework, result, narrative, inspection.service, others)
    elif framework.scoring == "fji":
        sections = _fji(framework, result, narrative)
    else:
        sections = _sqs(framework, result, narrative, inspection)
    published = month_year(str(inspection.inspection_extra.get("published", "")).strip())
    return ReportDocument(
        title=_TITLES[framework.scoring].format(service=inspection.service),
        subtitle=framework.title,
        service=inspection.service,
        framework_id=framework.id,
        date_line=f"HM Inspectorate of Probation, {published}"
        if published
        else f"Fieldwork from {inspection.fieldwork_start:%-d %B %Y}",
        sections=sections,
        draft=draft,
        metadata={"framework": framework.id, "fieldwork_start": inspection.fieldwork_start.isoformat()},
    )


def _percent(score: Score | None, source: tuple[str, ...]) -> Figure:
    if score is None or score.percent is None:
        return Figure("not scored", source)
    return Figure(f"{score.percent}%", source)


def _comment(score: Score, source: tuple[str, ...]) -> Inline:
    if score.comment is None:
        return (Text("no answers to score"),)
    return (Figure(score.comment, source), Text(" improvement required"))


def _recommendations(narrative: Mapping[str, Any], lead: str, *, grouped: bool) -> Section:
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


def _narrative_list(values: Any, what: str, ref: str | None = None) -> Block:
    if isinstance(values, list) and values:
        return BulletList(tuple((Narrative(str(v)),) for v in values), numbered=True)
    return placeholder(what, ref)


# --- core case inspection -------------------------------------------------------------------------


def _cci(
    framework: LegacyFramework,
    result: LegacyResult,
    narrative: Mapping[str, Any],
    service: str,
    others: Sequence[Mapping[str, Any]],
) -> tuple[Section, ...]:
    assert result.cci is not None  # rate_legacy fills it for a core case inspection
    scores = result.cci
    return (
        Section(
            "foreword",
            "Foreword",
            1,
            (
                *narrative_blocks(narrative.get("foreword"), "the foreword", "foreword"),
                *_headline_comparison(framework, scores.headlines, service, others),
            ),
        ),
        Section("scoring", "Scoring and summary table", 1, (_headline_table(framework, scores.headlines),)),
        _recommendations(narrative, "Changes are necessary to ensure that, in a higher proportion of cases:", grouped=False),
        _making_a_difference(framework, narrative),
        *(_cci_section(framework, result, narrative, s.id) for s in framework.sections),
        Section("appendix-scores", "Appendix 1: Scoring summary", 1, (_criteria_table(framework, result),)),
        Section("appendix-scoring", "Appendix 2: Scoring approach", 1, _scoring_approach()),
    )


def _making_a_difference(framework: LegacyFramework, narrative: Mapping[str, Any]) -> Section:
    """Practice examples, each tagged with the general criterion it shows (seed 002's "Making a difference")."""
    examples: Sequence[Mapping[str, Any]] = narrative.get("practice_examples") or []
    if not examples:
        return Section(
            "making-a-difference", "Making a difference", 1, (placeholder("the practice examples, each with its criterion"),)
        )
    blocks: list[Block] = [Paragraph((Text("Here are some examples of work that impressed us."),))]
    for example in examples:
        tag = str(example.get("criterion", ""))
        section = framework.criterion_section(tag)
        name = next((s.name for s in framework.sections if s.id == section), "")
        blocks.append(
            Paragraph(
                (Text(f"{name} general criterion: " if name else "General criterion: ", bold=True), Label(tag)), style="lead"
            )
        )
        blocks.append(Paragraph((Narrative(str(example.get("text", ""))),)))
    blocks.append(Paragraph((Text("All names have been altered."),), style="note"))
    return Section("making-a-difference", "Making a difference", 1, tuple(blocks))


def _headline_comparison(
    framework: LegacyFramework, headlines: Mapping[str, Score], service: str, others: Sequence[Mapping[str, Any]]
) -> list[Block]:
    found = {s.item: s for s in spreads(others, "headline_scores")}
    if not found:
        return [
            Paragraph(
                (Text("No other core case inspections are held here yet, so the scores cannot be compared with other areas."),),
                style="note",
            )
        ]
    rows = []
    for theme in framework.headline_themes:
        spread = found.get(theme.id)
        cells = (
            (Cell((Figure(f"{spread.lowest}%", ("comparison", theme.id, "lowest")),), numeric=True),
             Cell((Figure(f"{spread.highest}%", ("comparison", theme.id, "highest")),), numeric=True),
             Cell((Figure(f"{spread.whole_average()}%", ("comparison", theme.id, "average")),), numeric=True))
            if spread
            else (Cell((Text("none held"),)),) * 3
        )  # fmt: skip
        rows.append(
            (
                Cell((Text(theme.name),), header=True),
                *cells,
                Cell((_percent(headlines[theme.id], ("cci_headline", theme.id)),), numeric=True),
            )
        )
    counts = {s.count for s in found.values()}
    return [
        Paragraph(
            (
                Text("The table compares this area's headline scores with the lowest, highest and average of the "),
                Figure(str(max(counts)), ("comparison_count",)),
                Text(" other core case inspection held." if max(counts) == 1 else " other core case inspections held."),
            )
        ),
        Table(
            "Scores compared with the areas inspected to date",
            ("Headline theme", "Lowest", "Highest", "Average", f"Scores for {service}"),
            tuple(rows),
        ),
    ]


def _headline_table(framework: LegacyFramework, headlines: Mapping[str, Score]) -> Table:
    rows = tuple(
        (
            Cell((Text(theme.name),), header=True),
            Cell((_percent(headlines[theme.id], ("cci_headline", theme.id)),), numeric=True),
            Cell(_comment(headlines[theme.id], ("cci_headline_comment", theme.id))),
        )
        for theme in framework.headline_themes
    )
    return Table(
        "Headline scores",
        ("Headline theme", "Score", "Comment"),
        rows,
        notes=(
            (
                Text(
                    "Each score is the share of all answers to the key questions of that theme, across every inspected case, "
                    "judged sufficient."
                ),
            ),
        ),
    )


def _cci_section(framework: LegacyFramework, result: LegacyResult, narrative: Mapping[str, Any], section_id: str) -> Section:
    assert result.cci is not None
    section = next(s for s in framework.sections if s.id == section_id)
    texts: Mapping[str, Any] = narrative.get("criteria") or {}
    children = []
    for criterion in section.criteria:
        score = result.cci.criteria[criterion.id]
        own: Mapping[str, Any] = texts.get(criterion.id) or {}
        blocks: list[Block] = []
        if criterion.statement:
            blocks.append(Paragraph((Text("General criterion: ", bold=True), Text(criterion.statement))))
        blocks.append(
            Paragraph(
                (
                    Text("Score: ", bold=True),
                    _percent(score, ("cci_criterion", criterion.id)),
                    Text(". Comment: "),
                    *_comment(score, ("cci_criterion_comment", criterion.id)),
                    Text("."),
                ),
                style="lead",
            )
        )
        blocks.append(Paragraph((Text("Strengths:", bold=True),)))
        blocks.append(_narrative_list(own.get("strengths"), "the strengths found under criterion", criterion.id))
        blocks.append(Paragraph((Text("Areas for improvement:", bold=True),)))
        blocks.append(_narrative_list(own.get("improvements"), "the areas for improvement under criterion", criterion.id))
        children.append(Section(f"criterion-{criterion.id}", f"{criterion.id} {criterion.name}", 2, tuple(blocks)))
    overall = Paragraph(
        (
            Text("Overall score for this section: ", bold=True),
            _percent(result.cci.sections[section_id], ("cci_section", section_id)),
        ),
        style="lead",
    )
    return Section(f"section-{section_id}", f"{section_id}. {section.name}", 1, (overall,), tuple(children))


def _criteria_table(framework: LegacyFramework, result: LegacyResult) -> Table:
    assert result.cci is not None
    rows: list[tuple[Cell, ...]] = []
    for section in framework.sections:
        rows.append(
            (
                Cell((Label(section.id), Text(f". {section.name}", bold=True)), header=True),
                Cell((_percent(result.cci.sections[section.id], ("cci_section", section.id)),), numeric=True),
                Cell(()),
            )
        )
        for criterion in section.criteria:
            score = result.cci.criteria[criterion.id]
            rows.append(
                (
                    Cell((Label(criterion.id), Text(f" {criterion.name}"))),
                    Cell((_percent(score, ("cci_criterion", criterion.id)),), numeric=True),
                    Cell(_comment(score, ("cci_criterion_comment", criterion.id))),
                )
            )
    return Table("General criterion scores", ("General criterion", "Score", "Comment"), tuple(rows))


def _scoring_approach() -> tuple[Block, ...]:
    return (
        Paragraph(
            (
                Text(
                    "We measure how often each aspect of work was done well enough, not what proportion of cases were "
                    "managed well enough. The score for a general criterion is the share of the answers to its questions, "
                    "across all of the inspected cases, where the work was judged sufficient. The same calculation over a "
                    "section gives the section's score, and over the key questions that inform a headline theme, that "
                    "theme's score."
                ),
            )
        ),
        Paragraph(
            (
                Text(
                    "The comment beside each score says whether we consider that this aspect of work requires minimum, "
                    "moderate, substantial or drastic improvement. The cut-points between comments are set in the "
                    "programme's framework file; they are not published and are marked as unverified there."
                ),
            ),
            style="note",
        ),
    )


# --- full joint inspection ------------------------------------------------------------------------


def _judgement(theme: Item, result: LegacyResult) -> Figure:
    return Figure(result.themes[theme.id].judgement or "not yet judged", ("fji_judgement", theme.id))


def _fji(framework: LegacyFramework, result: LegacyResult, narrative: Mapping[str, Any]) -> tuple[Section, ...]:
    rows = tuple(
        (
            Cell((Text(theme.name),), header=True),
            Cell(
                (_percent(result.themes[theme.id].score, ("fji_score", theme.id)),)
                if theme.case_based
                else (Text("no case score"),),
                numeric=True,
            ),
            Cell((_judgement(theme, result),)),
        )
        for theme in framework.themes
    )
    key = Table(
        "Key judgements",
        ("Theme", "Case assessment score", "Judgement"),
        rows,
        notes=(
            (
                Text(
                    "Each judgement is the inspection team's, weighing leadership and partnership evidence as well as the cases; "
                    "the case assessment score, the share of that work done well enough, is shown beside it."
                ),
            ),
        ),
    )
    summaries: Mapping[str, Any] = narrative.get("themes") or {}
    summary_children = tuple(
        Section(
            f"summary-{theme.id}",
            theme.name,
            2,
            (
                Paragraph((Text("Overall, this work was judged "), _judgement(theme, result), Text(".")), style="lead"),
                *narrative_blocks(summaries.get(theme.id), f"the summary for {theme.name.lower()}", f"summary-{theme.id}"),
            ),
        )
        for theme in framework.themes
    )
    theme_sections = tuple(_fji_theme(theme, result) for theme in framework.themes if theme.case_based)
    return (
        Section("foreword", "Foreword", 1, tuple(narrative_blocks(narrative.get("foreword"), "the foreword", "foreword"))),
        Section("key-judgements", "Key judgements", 1, (key,)),
        Section("summary", "Summary", 1, (), summary_children),
        _recommendations(
            narrative,
            "Post-inspection improvement work should focus particularly on achieving the following outcomes within "
            "twelve months following publication of this report:",
            grouped=True,
        ),
        Section("case-assessment", "Case assessment scores", 1, (), theme_sections),
    )


def _fji_theme(theme: Item, result: LegacyResult) -> Section:
    score = result.themes[theme.id].score
    if score is None or score.percent is None:
        body: Inline = (Text("No answers were recorded for this theme, so it has no case assessment score."),)
    else:
        body = (
            Text("Overall, "),
            _percent(score, ("fji_score", theme.id)),
            Text(" of this work was done well enough ("),
            Figure(f"{score.sufficient} out of {score.answered}", ("fji_count", theme.id)),
            Text(" answers across the inspected cases)."),
        )
    return Section(f"theme-{theme.id}", theme.name, 2, (Paragraph(body),))


# --- short quality screening ----------------------------------------------------------------------


def _count_runs(count: Count, theme_id: str, criterion_id: str) -> Inline:
    source = ("sqs_count", theme_id, criterion_id)
    return (
        Text(proportion_of(count.sufficient, count.answered)),
        Text(" ("),
        Figure(f"{count.sufficient} out of {count.answered}", source),
        Text(")"),
    )


def _sqs(
    framework: LegacyFramework, result: LegacyResult, narrative: Mapping[str, Any], inspection: LegacyInspection
) -> tuple[Section, ...]:
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
            Narrative(inspection.service),
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
        Section("commentary", f"Commentary on the inspection in {inspection.service}", 1, (), tuple(themes)),
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
        Section("key-strengths", "Key strengths", 1, (_narrative_list(narrative.get("strengths"), "the key strengths"),)),
        Section(
            "improvements",
            "Areas requiring improvement",
            1,
            (
                _narrative_list(narrative.get("improvements"), "the areas requiring improvement"),
                Paragraph(
                    (
                        Text(
                            "We strongly recommend that you focus your post-inspection improvement work on these aspects of practice."
                        ),
                    )
                ),
            ),
        ),
        Section("copy-list", "Copy to", 1, (_narrative_list(narrative.get("copy_to"), "the copy list"),)),
    )
