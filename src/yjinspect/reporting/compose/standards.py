"""Compose a standards-framework report (2018 and 2021) from an inspection, its ratings and narrative.

The order follows seed 003 and shared/domain.md 3.6. Figures come from the engine's results and
the inspection's data only; where the team has not written narrative, a placeholder says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from yjinspect.bundle import PreviousInspection
from yjinspect.engine.answers import Case
from yjinspect.engine.correspondence import rating_change
from yjinspect.engine.framework import Framework, Population, RatedBy
from yjinspect.engine.intervals import printed_range
from yjinspect.engine.phrasing import proportion_word
from yjinspect.engine.rating import NOT_RATED, InspectionResult, StandardResult
from yjinspect.engine.scoring import KeyQuestionResult, bands_within_reach, lowest
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.reporting import document as doc
from yjinspect.reporting.charts import key_question_chart, ratings_chart
from yjinspect.reporting.compose.common import (
    inspectorate_name,
    month_year,
    narrative_blocks,
    placeholder,
    publication_date,
    report_document,
)
from yjinspect.reporting.glossary import GLOSSARY
from yjinspect.reporting.inputs import ReportInputs

_MONTHS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
STRATIFICATION_WORDS = {
    "gender": "gender",
    "disposal_type": "sentence or disposal type",
    "rosh": "risk of serious harm",
    "safety_wellbeing": "risk to safety and wellbeing classifications",
}


def _rating_text(standard: StandardResult) -> str:
    return standard.rating.value if standard.rating else NOT_RATED


def compose_standards_report(inputs: ReportInputs[Framework, Case, InspectionResult]) -> doc.ReportDocument:
    """Return the report document for an inspection under a standards framework."""
    result, framework, service = inputs.result, inputs.framework, inputs.service
    narrative = inputs.narrative
    sections = (
        _about(inspectorate_name(publication_date(inputs.fields))),
        doc.Section(
            "foreword",
            "Foreword",
            1,
            tuple(narrative_blocks(narrative.get("foreword"), "the foreword", "foreword", box=("foreword",))),
        ),
        _ratings(framework, result, service),
        _executive_summary(framework, result, narrative, service, inputs.previous),
        _recommendations(narrative),
        doc.Section(
            "background",
            "Background",
            1,
            tuple(
                narrative_blocks(narrative.get("background"), "the background to the service", "background", box=("background",))
            ),
        ),
        _contextual_facts(inputs),
        *(_domain(framework, result, narrative, domain_id) for domain_id in (d.id for d in framework.domains)),
        _methodology(inputs),
        _results_annexe(framework, result),
        _glossary(),
    )
    return report_document(inputs, f"An inspection of youth offending services in {service}", sections)


def _about(inspectorate: str) -> doc.Section:
    return doc.Section(
        "about",
        "About this report",
        1,
        (
            doc.Paragraph(
                (
                    doc.Text(
                        f"{inspectorate} is the independent inspector of youth offending and probation "
                        "services in England and Wales. We report on the effectiveness of probation and youth offending service "
                        "work with adults and children."
                    ),
                )
            ),
            doc.Paragraph(
                (
                    doc.Text(
                        "Please note that, throughout the report, the names in the practice examples have been changed to protect "
                        "the individual's identity."
                    ),
                )
            ),
        ),
    )


def _ratings(framework: Framework, result: InspectionResult, service: str) -> doc.Section:
    overall = result.overall
    rows: list[tuple[doc.Cell, ...]] = [
        (
            doc.Cell((doc.Text(service, bold=True),)),
            doc.Cell((doc.Text("Score"),)),
            doc.Cell(
                (
                    doc.Figure(
                        f"{overall.score}/{overall.max_score}" if overall.score is not None else "undecided", ("overall_score",)
                    ),
                )
            ),
        ),
        (
            doc.Cell((doc.Text("Overall rating", bold=True),)),
            doc.Cell(()),
            doc.Cell((doc.Figure(overall.rating.value if overall.rating else "Undecided", ("overall_rating",), bold=True),)),
        ),
    ]
    for domain in framework.domains:
        rows.append(
            (doc.Cell((doc.Label(domain.id), doc.Text(f". {domain.name}", bold=True)), header=True), doc.Cell(()), doc.Cell(()))
        )
        for definition in domain.standards:
            standard = result.standard(definition.id)
            marker = "*" if standard.changed_by_panel else ""
            note = "" if standard.counts_towards_overall else " (not counted in the overall rating)"
            rows.append(
                (
                    doc.Cell((doc.Label(standard.id),)),
                    doc.Cell((doc.Text(standard.name + note),)),
                    doc.Cell((doc.Figure(_rating_text(standard) + marker, ("standard_rating", standard.id)),)),
                )
            )
    blocks: list[doc.Block] = [doc.Table("Ratings", ("", "", ""), tuple(rows), header_row=False)]
    if overall.rating is None:
        blocks.append(
            doc.Paragraph(
                (
                    doc.Text("The overall rating is undecided: "),
                    doc.Figure(overall.undecided_reason or "", ("overall_undecided",)),
                ),
                style="note",
            )
        )
    blocks.append(ratings_chart(framework, result))
    return doc.Section("ratings", "Ratings", 1, tuple(blocks))


def _executive_summary(
    framework: Framework,
    result: InspectionResult,
    narrative: Mapping[str, Any],
    service: str,
    previous: PreviousInspection | None,
) -> doc.Section:
    overall = result.overall
    opening: doc.Inline = (
        (doc.Text(f"Overall, {service} is rated as: '"), doc.Figure(overall.rating.value, ("overall_rating",)), doc.Text("'."))
        if overall.rating
        else (doc.Text(f"The overall rating of {service} is not decided yet."),)
    )
    change = change_since_last(framework, previous, overall.rating.value if overall.rating else None)
    blocks: list[doc.Block] = [
        doc.Paragraph(opening, anchor="summary-overall"),
        *([doc.Paragraph(change, anchor="summary-change")] if change else []),
        doc.Paragraph(
            (
                doc.Text(
                    "This rating has been determined by inspecting the service in three areas of their work, referred to as 'domains'. "
                    "Published scoring rules generate the overall rating."
                ),
            )
        ),
    ]
    children = []
    summaries: Mapping[str, Any] = narrative.get("executive_summary") or {}
    for domain in framework.domains:
        own: Mapping[str, Any] = summaries.get(domain.id) or {}
        parts: list[doc.Block] = narrative_blocks(
            own.get("summary"),
            "the summary of domain",
            ref=domain.id,
            anchor=f"summary-{domain.id}",
            box=("executive_summary", domain.id, "summary"),
        )
        strengths, improvements = own.get("strengths") or [], own.get("improvements") or []
        parts.append(doc.Paragraph((doc.Text("Key findings were as follows:"),)))
        parts.append(
            doc.BulletList(tuple((doc.Narrative(s),) for s in strengths))
            if strengths
            else placeholder("the strengths found", box=("executive_summary", domain.id, "strengths"))
        )
        parts.append(doc.Paragraph((doc.Text("But:", bold=True),)))
        parts.append(
            doc.BulletList(tuple((doc.Narrative(s),) for s in improvements))
            if improvements
            else placeholder("the areas for improvement", box=("executive_summary", domain.id, "improvements"))
        )
        children.append(doc.Section(f"summary-{domain.id}", f"{domain.id}. {domain.name}", 2, tuple(parts)))
    return doc.Section("executive-summary", "Executive summary", 1, tuple(blocks), tuple(children))


def change_since_last(framework: Framework, previous: PreviousInspection | None, current: str | None) -> doc.Inline:
    """Return the sentence saying how the overall rating changed since the service's last published inspection
    ("This is an improvement since the last inspection, published in June 2019, when it was rated 'Requires
    improvement'."), or nothing where there is no previous overall rating or none now. The change, the
    earlier rating and its date are figures, checked like every other."""
    change = rating_change(framework, previous.overall_rating if previous else None, current)
    if previous is None or change is None:
        return ()
    opening = "The rating is " if change == "unchanged" else "This is "
    return (
        doc.Text(opening),
        doc.Figure(change, ("overall_change",)),
        doc.Text(" since the last inspection, published in "),
        doc.Figure(month_year(previous.date), ("previous_date",)),
        doc.Text(", when it was " + ("also " if change == "unchanged" else "") + "rated '"),
        doc.Figure(previous.overall_rating or "", ("previous_overall_rating",)),
        doc.Text("'."),
    )


def _recommendations(narrative: Mapping[str, Any]) -> doc.Section:
    items = narrative.get("recommendations") or []
    if not items:
        return doc.Section(
            "recommendations",
            "Recommendations",
            1,
            (placeholder("the recommendations, each to a named body", box=("recommendations",)),),
        )
    by_body: dict[str, list[str]] = {}
    for item in items:
        by_body.setdefault(str(item.get("to", "")).strip() or "The service", []).append(str(item.get("text", "")))
    blocks: list[doc.Block] = [
        doc.Paragraph((doc.Text("As a result of our inspection, we have made the following recommendations."),))
    ]
    for body, texts in by_body.items():
        blocks.append(doc.Paragraph((doc.Narrative(body), doc.Text(" should:")), style="lead"))
        blocks.append(doc.BulletList(tuple((doc.Narrative(t),) for t in texts), numbered=True))
    return doc.Section("recommendations", "Recommendations", 1, tuple(blocks))


def _contextual_facts(inputs: ReportInputs[Framework, Case, InspectionResult]) -> doc.Section:
    narrative = inputs.narrative
    counts = Counter((c.population, c.disposal_type) for c in inputs.cases)
    rows = tuple(
        (
            doc.Cell((doc.Text(population.label.capitalize()),)),
            doc.Cell((doc.Text(kind),)),
            doc.Cell((doc.Figure(str(count), ("cases_by_type", population.value, kind)),), numeric=True),
        )
        for (population, kind), count in sorted(counts.items(), key=lambda kv: (kv[0][0].value, kv[0][1]))
    )
    blocks: list[doc.Block] = [doc.Table("Cases inspected, by disposal type", ("Population", "Disposal type", "Cases"), rows)]
    facts = inputs.fields.contextual_facts
    if facts:
        fact_rows = tuple(
            (doc.Cell((doc.Text(FACT_LABELS.get(k, k)),)), doc.Cell((doc.Figure(f"{v:,}", ("fact", k)),), numeric=True))
            for k, v in facts.items()
        )
        blocks.append(doc.Table("Contextual facts supplied by the service", ("Fact", "Figure"), fact_rows))
    else:
        blocks.append(
            placeholder("the contextual facts from the data return (caseload mix, staffing, budget, education and care)")
        )
    caseload = inputs.fields.caseload
    if caseload:
        mix = Counter((str(r.get("population")), str(r.get("disposal_type"))) for r in caseload if isinstance(r, Mapping))
        mix_rows = tuple(
            (
                doc.Cell((doc.Text(Population(p).label.capitalize() if p in Population._value2member_map_ else p),)),
                doc.Cell((doc.Text(k),)),
                doc.Cell((doc.Figure(str(n), ("caseload_mix", p, k)),), numeric=True),
            )
            for (p, k), n in sorted(mix.items())
        )
        blocks.append(
            doc.Table("The service's caseload return, by disposal type", ("Population", "Disposal type", "Children"), mix_rows)
        )
    recorded = Counter(inputs.fields.offence_types.get(c.id, "").strip() for c in inputs.cases)
    recorded.pop("", None)
    offences: Mapping[str, Any] = narrative.get("offence_types") or {}
    if recorded:
        offence_rows = tuple(
            (doc.Cell((doc.Narrative(k),)), doc.Cell((doc.Figure(str(v), ("offence_type_recorded", k)),), numeric=True))
            for k, v in sorted(recorded.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        blocks.append(
            doc.Table("Offence types in the sample, as recorded by inspectors", ("Offence type", "Cases"), offence_rows)
        )
    elif offences:
        offence_rows = tuple(
            (doc.Cell((doc.Narrative(k),)), doc.Cell((doc.Figure(str(v), ("offence_type", k)),), numeric=True))
            for k, v in offences.items()
        )
        blocks.append(doc.Table("Offence types in the sample", ("Offence type", "Cases"), offence_rows))
    else:
        blocks.append(placeholder("the offence types found in the sample", box=("offence_types",)))
    return doc.Section("contextual-facts", "Contextual facts", 1, tuple(blocks))


def _population_label(value: str) -> str:
    try:
        return Population(value).label.capitalize()
    except ValueError:
        return value


def key_question_sentence(question: KeyQuestionResult) -> doc.Inline:
    """Return a sentence built from a key question's counts, in HMIP's phrasing with the count beside the word."""
    if question.percent is None:
        return (doc.Text("No case in the sample called for this question, so it is not scored."),)
    word = proportion_word(question.yes, question.denominator)
    return (
        doc.Text(f"Inspectors judged the work sufficient in {word} of the relevant cases ("),
        doc.Figure(f"{question.yes} out of {question.denominator}", ("kq_count", question.id)),
        doc.Text(")."),
    )


def _domain(framework: Framework, result: InspectionResult, narrative: Mapping[str, Any], domain_id: str) -> doc.Section:
    domain = next(d for d in framework.domains if d.id == domain_id)
    texts: Mapping[str, Any] = narrative.get("standards") or {}
    examples: Sequence[Mapping[str, Any]] = narrative.get("practice_examples") or []
    intro = narrative_blocks(
        (narrative.get("domains") or {}).get(domain.id),
        "the introduction to domain",
        ref=domain.id,
        anchor=f"domain-{domain.id}",
        box=("domains", domain.id),
    )
    children = []
    for definition in domain.standards:
        standard = result.standard(definition.id)
        own: Mapping[str, Any] = texts.get(standard.id) or {}
        marker = "*" if standard.changed_by_panel else ""
        blocks: list[doc.Block] = [
            doc.Paragraph((doc.Narrative(definition.statement, bold=True),), style="lead"),
            doc.Paragraph(
                (
                    doc.Text(f"Our rating for {definition.name.lower()} is: "),
                    doc.Figure(_rating_text(standard) + marker, ("standard_rating", standard.id), bold=True),
                )
            ),
        ]
        if standard.rated_by is RatedBy.CASE_ANSWERS:
            blocks.append(_key_question_table(framework, standard))
            blocks.extend(
                narrative_blocks(
                    own.get("summary"),
                    "the summary for standard",
                    ref=standard.id,
                    anchor=f"standard-{standard.id}",
                    box=("standards", standard.id, "summary"),
                )
            )
            questions: Mapping[str, Any] = own.get("key_questions") or {}
            for question in standard.key_questions:
                wording = framework.key_question(question.id)
                blocks.append(doc.Paragraph((doc.Narrative(wording.text if wording else question.id, bold=True),), style="lead"))
                blocks.append(doc.Paragraph(key_question_sentence(question), anchor=f"kq-{question.id}-counts"))
                blocks.extend(
                    narrative_blocks(
                        questions.get(question.id),
                        "the findings for key question",
                        ref=question.id,
                        anchor=f"kq-{question.id}",
                        box=("standards", standard.id, "key_questions", question.id),
                    )
                )
        else:
            blocks.extend(
                narrative_blocks(
                    own.get("summary"),
                    "the findings for standard",
                    ref=standard.id,
                    anchor=f"standard-{standard.id}",
                    box=("standards", standard.id, "summary"),
                )
            )
        for example in (e for e in examples if e.get("standard") == standard.id):
            blocks.append(
                doc.Paragraph(
                    (doc.Text("Practice example: ", bold=True), doc.Narrative(str(example.get("pseudonym", ""))), doc.Text(".")),
                    style="lead",
                )
            )
            blocks.extend(narrative_blocks(example.get("text"), "the practice example", f"example-{standard.id}"))
        children.append(doc.Section(f"standard-{standard.id}", f"{standard.id} {standard.name}", 2, tuple(blocks)))
    chart = key_question_chart(framework, result, domain.id)
    blocks_top: list[doc.Block] = [*intro, *([chart] if chart else [])]
    return doc.Section(f"domain-{domain.id}", f"{domain.id}. {domain.name}", 1, tuple(blocks_top), tuple(children))


def _key_question_table(framework: Framework, standard: StandardResult) -> doc.Table:
    decider = lowest(standard.key_questions)
    rows = []
    for question in standard.key_questions:
        wording = framework.key_question(question.id)
        deciding = decider is not None and decider.id == question.id
        marker = "*" if deciding and standard.changed_by_panel else ""
        figure = doc.Figure(
            f"{question.percent}%{marker}" if question.percent is not None else "not scored",
            ("kq_percent", question.id),
            bold=deciding,
        )
        rows.append(
            (
                doc.Cell((doc.Label(question.id), doc.Text(" " + (wording.text if wording else "")))),
                doc.Cell((figure,), numeric=True),
            )
        )
    notes: tuple[doc.Inline, ...] = (
        (doc.Text("The rating for the standard is driven by the lowest score on each of the key questions, shown in bold."),),
    )
    if standard.changed_by_panel and standard.panel_decision is not None:
        notes += (
            (
                doc.Text("* Professional judgement exercised by the ratings panel: "),
                doc.Narrative(standard.panel_decision.reason),
            ),
        )
    return doc.Table(f"{standard.id} {standard.name}: key questions", ("Key question", "% yes"), tuple(rows), notes)


def _methodology(inputs: ReportInputs[Framework, Case, InspectionResult]) -> doc.Section:
    framework = inputs.framework
    sampling = framework.sampling
    method = inputs.fields.sample_method
    confidence = float(method.get("confidence", sampling.confidence))
    margin = float(method.get("margin", sampling.margin))
    variables = [STRATIFICATION_WORDS[v] for v in sampling.stratify_by]
    blocks: list[doc.Block] = []
    for population in Population:
        count = sum(1 for c in inputs.cases if c.population is population)
        window = sampling.populations[population]
        blocks.append(
            doc.Paragraph(
                (
                    doc.Text("We examined "),
                    doc.Figure(str(count), ("cases_in_population", population.value)),
                    doc.Text(f" {population.label}, made "),
                    doc.Figure(
                        f"{_MONTHS[window.months_before_from]} to {_MONTHS[window.months_before_to]} months",
                        ("window", population.value),
                    ),
                    doc.Text(" before fieldwork began. The sample size was set to achieve a confidence level of "),
                    doc.Figure(f"{confidence * 100:g} per cent", ("confidence",)),
                    doc.Text(" (with a margin of error of "),
                    doc.Figure(f"{margin * 100:g}", ("margin",)),
                    doc.Text(
                        f"), and we ensured that the ratios in relation to {', '.join(variables[:-1])} and {variables[-1]} matched those in the "
                        "eligible population."
                    ),
                )
            )
        )
    blocks.append(
        doc.Paragraph(
            (
                doc.Text(
                    "In some areas of this report, data may have been split into smaller sub-samples, for example "
                    "male and female cases. Where this is the case, the margin of error for the sub-sample findings may "
                    "be higher than "
                ),
                doc.Figure(f"{margin * 100:g}", ("margin",)),
                doc.Text("."),
            )
        )
    )
    if inputs.draft or inputs.fields.intervals_table:
        blocks.extend(_intervals_table(inputs))
    return doc.Section("annexe-methodology", "Annexe 1: Methodology", 1, tuple(blocks))


def _intervals_table(inputs: ReportInputs[Framework, Case, InspectionResult]) -> list[doc.Block]:
    """Return the margins of error of every scored key question (docs/scoring.md, MI-1 to MI-3): printed in a
    draft, and in the published report where the lead inspector chose it (`intervals_table`)."""
    framework, result = inputs.framework, inputs.result
    intro: list[doc.Run] = [
        doc.Text(
            "Each key question's figure comes from the cases in the sample. The table gives its margin of error: the range "
            "in which the share among all eligible cases lies, with a confidence of "
        ),
        doc.Figure(f"{result.confidence * 100:g} per cent", ("interval_level",)),
        doc.Text(" (the Wilson score interval"),
    ]
    corrected = [p for p in Population if p in result.eligible]
    for index, population in enumerate(corrected):
        intro.append(doc.Text(", corrected for the eligible population of " if index == 0 else " and "))
        intro.append(doc.Figure(str(result.eligible[population]), ("interval_eligible", population.value)))
        intro.append(doc.Text(f" {population.label}"))
    intro.append(
        doc.Text(
            "). Where the range crosses a band boundary, the figure could have fallen in another band on another sample "
            "of the same size; the last column names that band."
        )
    )
    rows: list[tuple[doc.Cell, ...]] = []
    for standard in result.standards:
        for question in standard.key_questions:
            if question.interval is None or question.percent is None:
                continue
            low, high = printed_range(question.interval)
            reach = " or ".join(r.value for r in bands_within_reach(question, framework.bands))
            rows.append(
                (
                    doc.Cell((doc.Label(question.id),), header=True),
                    doc.Cell((doc.Figure(f"{question.percent}%", ("kq_percent", question.id)),), numeric=True),
                    doc.Cell((doc.Figure(f"{question.yes} out of {question.denominator}", ("kq_count", question.id)),)),
                    doc.Cell((doc.Figure(f"{low}% to {high}%", ("kq_interval", question.id)),)),
                    doc.Cell((doc.Figure(reach, ("kq_reach", question.id)),) if reach else ()),
                )
            )
    blocks: list[doc.Block] = [
        doc.Paragraph(tuple(intro)),
        doc.Table(
            "Margins of error of the key questions",
            ("Key question", "% yes", "Cases", "Interval", "Could have fallen in"),
            tuple(rows),
        ),
    ]
    if inputs.draft and not inputs.fields.intervals_table:
        blocks.append(
            doc.Paragraph(
                (
                    doc.Text(
                        "This table is printed in the draft; the published report prints it only if the lead inspector chooses."
                    ),
                ),
                style="note",
            )
        )
    return blocks


def _results_annexe(framework: Framework, result: InspectionResult) -> doc.Section:
    bands = framework.bands
    band_rows = tuple(
        (
            doc.Cell(
                (doc.Text(b.label.capitalize() + ": "), doc.Figure(_band_range(framework, i), ("band_range", b.rating.value))),
            ),
            doc.Cell((doc.Text(b.rating.value),)),
        )
        for i, b in enumerate(bands)
    )
    blocks: list[doc.Block] = [
        doc.Paragraph(
            (
                doc.Text(
                    "The rating at the standard level is aligned to the lowest banding at the key question level, recognising "
                    "that each key question is an integral part of the standard."
                ),
            )
        ),
        doc.Table("Lowest banding (key question level) and rating (standard)", ("Lowest banding", "Rating"), band_rows),
    ]
    footnotes: list[doc.Inline] = []
    for domain in framework.domains:
        rows = []
        for definition in domain.standards:
            standard = result.standard(definition.id)
            marker = "*" if standard.changed_by_panel else ""
            rows.append(
                (
                    doc.Cell((doc.Label(standard.id), doc.Text(" " + standard.name, bold=True)), header=True),
                    doc.Cell((doc.Figure(_rating_text(standard) + marker, ("standard_rating", standard.id), bold=True),)),
                )
            )
            for question in standard.key_questions:
                wording = framework.key_question(question.id)
                deciding = standard.deciding_question == question.id
                text = f"{question.percent}%" if question.percent is not None else "not scored"
                if deciding and standard.changed_by_panel:
                    text += "*"
                rows.append(
                    (
                        doc.Cell((doc.Label(question.id), doc.Text(" " + (wording.text if wording else "")))),
                        doc.Cell((doc.Figure(text, ("kq_percent", question.id), bold=deciding),), numeric=True),
                    )
                )
            if standard.changed_by_panel and standard.panel_decision is not None:
                footnotes.append(
                    (
                        doc.Label(standard.id),
                        doc.Text(": * Professional judgement exercised by the ratings panel. "),
                        doc.Narrative(standard.panel_decision.reason),
                    )
                )
        column = "Rating and % yes" if any(framework.rated_by(s) is RatedBy.CASE_ANSWERS for s in domain.standards) else "Rating"
        blocks.append(doc.Table(f"{domain.id}. {domain.name}", ("Standards and key questions", column), tuple(rows)))
    blocks.extend(doc.Paragraph(f, style="footnote") for f in footnotes)
    return doc.Section("annexe-results", "Annexe 2: Inspection results", 1, tuple(blocks))


def _band_range(framework: Framework, index: int) -> str:
    band = framework.bands[index]
    if index == 0:
        return f"{band.min_percent}%+"
    upper = framework.bands[index - 1].min_percent - 1
    return f"<{upper + 1}%" if band.min_percent == 0 else f"{band.min_percent}–{upper}%"


def _glossary() -> doc.Section:
    rows = tuple((doc.Cell((doc.Text(term, bold=True),)), doc.Cell((doc.Text(meaning),))) for term, meaning in GLOSSARY)
    return doc.Section("glossary", "Annexe 3: Glossary", 1, (doc.Table("Glossary", ("Term", "Meaning"), rows),))
