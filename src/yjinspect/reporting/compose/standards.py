"""Compose a standards-framework report (2018 and 2021) from an inspection, its ratings and narrative.

The order follows seed 003 and shared/domain.md 3.6. Figures come from the engine's results and
the inspection's data only; where the team has not written narrative, a placeholder says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from yjinspect.engine.answers import Case
from yjinspect.engine.framework import Framework, Population, RatedBy
from yjinspect.engine.phrasing import proportion_word
from yjinspect.engine.rating import NOT_RATED, InspectionResult, StandardResult
from yjinspect.engine.scoring import KeyQuestionResult, lowest
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.reporting.charts import key_question_chart, ratings_chart
from yjinspect.reporting.compose.common import narrative_blocks, placeholder, report_document
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


def compose_standards_report(inputs: ReportInputs[Framework, Case, InspectionResult]) -> ReportDocument:
    """Return the report document for an inspection under a standards framework."""
    result, framework, service = inputs.result, inputs.framework, inputs.service
    narrative = inputs.narrative
    sections = (
        _about(),
        Section("foreword", "Foreword", 1, tuple(narrative_blocks(narrative.get("foreword"), "the foreword", "foreword"))),
        _ratings(framework, result, service),
        _executive_summary(framework, result, narrative, service),
        _recommendations(narrative),
        Section(
            "background",
            "Background",
            1,
            tuple(narrative_blocks(narrative.get("background"), "the background to the service", "background")),
        ),
        _contextual_facts(inputs),
        *(_domain(framework, result, narrative, domain_id) for domain_id in (d.id for d in framework.domains)),
        _methodology(inputs),
        _results_annexe(framework, result),
        _glossary(),
    )
    return report_document(inputs, f"An inspection of youth offending services in {service}", sections)


def _about() -> Section:
    return Section(
        "about",
        "About this report",
        1,
        (
            Paragraph(
                (
                    Text(
                        "Her Majesty's Inspectorate of Probation is the independent inspector of youth offending and probation "
                        "services in England and Wales. We report on the effectiveness of probation and youth offending service "
                        "work with adults and children."
                    ),
                )
            ),
            Paragraph(
                (
                    Text(
                        "Please note that, throughout the report, the names in the practice examples have been changed to protect "
                        "the individual's identity."
                    ),
                )
            ),
        ),
    )


def _ratings(framework: Framework, result: InspectionResult, service: str) -> Section:
    overall = result.overall
    rows: list[tuple[Cell, ...]] = [
        (
            Cell((Text(service, bold=True),)),
            Cell((Text("Score"),)),
            Cell(
                (
                    Figure(
                        f"{overall.score}/{overall.max_score}" if overall.score is not None else "undecided", ("overall_score",)
                    ),
                )
            ),
        ),
        (
            Cell((Text("Overall rating", bold=True),)),
            Cell(()),
            Cell((Figure(overall.rating.value if overall.rating else "Undecided", ("overall_rating",), bold=True),)),
        ),
    ]
    for domain in framework.domains:
        rows.append((Cell((Label(domain.id), Text(f". {domain.name}", bold=True)), header=True), Cell(()), Cell(())))
        for definition in domain.standards:
            standard = result.standard(definition.id)
            marker = "*" if standard.changed_by_panel else ""
            note = "" if standard.counts_towards_overall else " (not counted in the overall rating)"
            rows.append(
                (
                    Cell((Label(standard.id),)),
                    Cell((Text(standard.name + note),)),
                    Cell((Figure(_rating_text(standard) + marker, ("standard_rating", standard.id)),)),
                )
            )
    blocks: list[Block] = [Table("Ratings", ("", "", ""), tuple(rows), header_row=False)]
    if overall.rating is None:
        blocks.append(
            Paragraph(
                (Text("The overall rating is undecided: "), Figure(overall.undecided_reason or "", ("overall_undecided",))),
                style="note",
            )
        )
    blocks.append(ratings_chart(framework, result))
    return Section("ratings", "Ratings", 1, tuple(blocks))


def _executive_summary(framework: Framework, result: InspectionResult, narrative: Mapping[str, Any], service: str) -> Section:
    overall = result.overall
    opening: Inline = (
        (Text(f"Overall, {service} is rated as: '"), Figure(overall.rating.value, ("overall_rating",)), Text("'."))
        if overall.rating
        else (Text(f"The overall rating of {service} is not decided yet."),)
    )
    blocks: list[Block] = [
        Paragraph(opening, anchor="summary-overall"),
        Paragraph(
            (
                Text(
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
        parts: list[Block] = narrative_blocks(
            own.get("summary"), "the summary of domain", ref=domain.id, anchor=f"summary-{domain.id}"
        )
        strengths, improvements = own.get("strengths") or [], own.get("improvements") or []
        parts.append(Paragraph((Text("Key findings were as follows:"),)))
        parts.append(BulletList(tuple((Narrative(s),) for s in strengths)) if strengths else placeholder("the strengths found"))
        parts.append(Paragraph((Text("But:", bold=True),)))
        parts.append(
            BulletList(tuple((Narrative(s),) for s in improvements)) if improvements else placeholder("the areas for improvement")
        )
        children.append(Section(f"summary-{domain.id}", f"{domain.id}. {domain.name}", 2, tuple(parts)))
    return Section("executive-summary", "Executive summary", 1, tuple(blocks), tuple(children))


def _recommendations(narrative: Mapping[str, Any]) -> Section:
    items = narrative.get("recommendations") or []
    if not items:
        return Section("recommendations", "Recommendations", 1, (placeholder("the recommendations, each to a named body"),))
    by_body: dict[str, list[str]] = {}
    for item in items:
        by_body.setdefault(str(item.get("to", "")).strip() or "The service", []).append(str(item.get("text", "")))
    blocks: list[Block] = [Paragraph((Text("As a result of our inspection, we have made the following recommendations."),))]
    for body, texts in by_body.items():
        blocks.append(Paragraph((Narrative(body), Text(" should:")), style="lead"))
        blocks.append(BulletList(tuple((Narrative(t),) for t in texts), numbered=True))
    return Section("recommendations", "Recommendations", 1, tuple(blocks))


def _contextual_facts(inputs: ReportInputs[Framework, Case, InspectionResult]) -> Section:
    narrative = inputs.narrative
    counts = Counter((c.population, c.disposal_type) for c in inputs.cases)
    rows = tuple(
        (
            Cell((Text(population.label.capitalize()),)),
            Cell((Text(kind),)),
            Cell((Figure(str(count), ("cases_by_type", population.value, kind)),), numeric=True),
        )
        for (population, kind), count in sorted(counts.items(), key=lambda kv: (kv[0][0].value, kv[0][1]))
    )
    blocks: list[Block] = [Table("Cases inspected, by disposal type", ("Population", "Disposal type", "Cases"), rows)]
    facts = inputs.fields.contextual_facts
    if facts:
        fact_rows = tuple(
            (Cell((Text(FACT_LABELS.get(k, k)),)), Cell((Figure(f"{v:,}", ("fact", k)),), numeric=True)) for k, v in facts.items()
        )
        blocks.append(Table("Contextual facts supplied by the service", ("Fact", "Figure"), fact_rows))
    else:
        blocks.append(
            placeholder("the contextual facts from the data return (caseload mix, staffing, budget, education and care)")
        )
    caseload = inputs.fields.caseload
    if caseload:
        mix = Counter((str(r.get("population")), str(r.get("disposal_type"))) for r in caseload if isinstance(r, Mapping))
        mix_rows = tuple(
            (
                Cell((Text(Population(p).label.capitalize() if p in Population._value2member_map_ else p),)),
                Cell((Text(k),)),
                Cell((Figure(str(n), ("caseload_mix", p, k)),), numeric=True),
            )
            for (p, k), n in sorted(mix.items())
        )
        blocks.append(
            Table("The service's caseload return, by disposal type", ("Population", "Disposal type", "Children"), mix_rows)
        )
    recorded = Counter(inputs.fields.offence_types[c.id] for c in inputs.cases if c.id in inputs.fields.offence_types)
    offences: Mapping[str, Any] = narrative.get("offence_types") or {}
    if recorded:
        offence_rows = tuple(
            (Cell((Narrative(k),)), Cell((Figure(str(v), ("offence_type_recorded", k)),), numeric=True))
            for k, v in sorted(recorded.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        blocks.append(Table("Offence types in the sample, as recorded by inspectors", ("Offence type", "Cases"), offence_rows))
    elif offences:
        offence_rows = tuple(
            (Cell((Narrative(k),)), Cell((Figure(str(v), ("offence_type", k)),), numeric=True)) for k, v in offences.items()
        )
        blocks.append(Table("Offence types in the sample", ("Offence type", "Cases"), offence_rows))
    else:
        blocks.append(placeholder("the offence types found in the sample"))
    return Section("contextual-facts", "Contextual facts", 1, tuple(blocks))


def _population_label(value: str) -> str:
    try:
        return Population(value).label.capitalize()
    except ValueError:
        return value


def key_question_sentence(question: KeyQuestionResult) -> Inline:
    """Return a sentence built from a key question's counts, in HMIP's phrasing with the count beside the word."""
    if question.percent is None:
        return (Text("No case in the sample called for this question, so it is not scored."),)
    word = proportion_word(question.yes, question.denominator)
    return (
        Text(f"Inspectors judged the work sufficient in {word} of the relevant cases ("),
        Figure(f"{question.yes} out of {question.denominator}", ("kq_count", question.id)),
        Text(")."),
    )


def _domain(framework: Framework, result: InspectionResult, narrative: Mapping[str, Any], domain_id: str) -> Section:
    domain = next(d for d in framework.domains if d.id == domain_id)
    texts: Mapping[str, Any] = narrative.get("standards") or {}
    examples: Sequence[Mapping[str, Any]] = narrative.get("practice_examples") or []
    intro = narrative_blocks(
        (narrative.get("domains") or {}).get(domain.id), "the introduction to domain", ref=domain.id, anchor=f"domain-{domain.id}"
    )
    children = []
    for definition in domain.standards:
        standard = result.standard(definition.id)
        own: Mapping[str, Any] = texts.get(standard.id) or {}
        marker = "*" if standard.changed_by_panel else ""
        blocks: list[Block] = [
            Paragraph((Narrative(definition.statement, bold=True),), style="lead"),
            Paragraph(
                (
                    Text(f"Our rating for {definition.name.lower()} is: "),
                    Figure(_rating_text(standard) + marker, ("standard_rating", standard.id), bold=True),
                )
            ),
        ]
        if standard.rated_by is RatedBy.CASE_ANSWERS:
            blocks.append(_key_question_table(framework, standard))
            blocks.extend(
                narrative_blocks(
                    own.get("summary"), "the summary for standard", ref=standard.id, anchor=f"standard-{standard.id}"
                )
            )
            questions: Mapping[str, Any] = own.get("key_questions") or {}
            for question in standard.key_questions:
                wording = framework.key_question(question.id)
                blocks.append(Paragraph((Narrative(wording.text if wording else question.id, bold=True),), style="lead"))
                blocks.append(Paragraph(key_question_sentence(question), anchor=f"kq-{question.id}-counts"))
                blocks.extend(
                    narrative_blocks(
                        questions.get(question.id), "the findings for key question", ref=question.id, anchor=f"kq-{question.id}"
                    )
                )
        else:
            blocks.extend(
                narrative_blocks(
                    own.get("summary"), "the findings for standard", ref=standard.id, anchor=f"standard-{standard.id}"
                )
            )
        for example in (e for e in examples if e.get("standard") == standard.id):
            blocks.append(
                Paragraph(
                    (Text("Practice example: ", bold=True), Narrative(str(example.get("pseudonym", ""))), Text(".")), style="lead"
                )
            )
            blocks.extend(narrative_blocks(example.get("text"), "the practice example", f"example-{standard.id}"))
        children.append(Section(f"standard-{standard.id}", f"{standard.id} {standard.name}", 2, tuple(blocks)))
    chart = key_question_chart(framework, result, domain.id)
    blocks_top: list[Block] = [*intro, *([chart] if chart else [])]
    return Section(f"domain-{domain.id}", f"{domain.id}. {domain.name}", 1, tuple(blocks_top), tuple(children))


def _key_question_table(framework: Framework, standard: StandardResult) -> Table:
    decider = lowest(standard.key_questions)
    rows = []
    for question in standard.key_questions:
        wording = framework.key_question(question.id)
        deciding = decider is not None and decider.id == question.id
        marker = "*" if deciding and standard.changed_by_panel else ""
        figure = Figure(
            f"{question.percent}%{marker}" if question.percent is not None else "not scored",
            ("kq_percent", question.id),
            bold=deciding,
        )
        rows.append((Cell((Label(question.id), Text(" " + (wording.text if wording else "")))), Cell((figure,), numeric=True)))
    notes: tuple[Inline, ...] = (
        (Text("The rating for the standard is driven by the lowest score on each of the key questions, shown in bold."),),
    )
    if standard.changed_by_panel and standard.panel_decision is not None:
        notes += ((Text("* Professional judgement exercised by the ratings panel: "), Narrative(standard.panel_decision.reason)),)
    return Table(f"{standard.id} {standard.name}: key questions", ("Key question", "% yes"), tuple(rows), notes)


def _methodology(inputs: ReportInputs[Framework, Case, InspectionResult]) -> Section:
    framework = inputs.framework
    sampling = framework.sampling
    method = inputs.fields.sample_method
    confidence = float(method.get("confidence", sampling.confidence))
    margin = float(method.get("margin", sampling.margin))
    variables = [STRATIFICATION_WORDS[v] for v in sampling.stratify_by]
    blocks: list[Block] = []
    for population in Population:
        count = sum(1 for c in inputs.cases if c.population is population)
        window = sampling.populations[population]
        blocks.append(
            Paragraph(
                (
                    Text("We examined "),
                    Figure(str(count), ("cases_in_population", population.value)),
                    Text(f" {population.label}, made "),
                    Figure(
                        f"{_MONTHS[window.months_before_from]} to {_MONTHS[window.months_before_to]} months",
                        ("window", population.value),
                    ),
                    Text(" before fieldwork began. The sample size was set to achieve a confidence level of "),
                    Figure(f"{confidence * 100:g} per cent", ("confidence",)),
                    Text(" (with a margin of error of "),
                    Figure(f"{margin * 100:g}", ("margin",)),
                    Text(
                        f"), and we ensured that the ratios in relation to {', '.join(variables[:-1])} and {variables[-1]} matched those in the "
                        "eligible population."
                    ),
                )
            )
        )
    blocks.append(
        Paragraph(
            (
                Text(
                    "In some areas of this report, data may have been split into smaller sub-samples, for example "
                    "male and female cases. Where this is the case, the margin of error for the sub-sample findings may "
                    "be higher than "
                ),
                Figure(f"{margin * 100:g}", ("margin",)),
                Text("."),
            )
        )
    )
    return Section("annexe-methodology", "Annexe 1: Methodology", 1, tuple(blocks))


def _results_annexe(framework: Framework, result: InspectionResult) -> Section:
    bands = framework.bands
    band_rows = tuple(
        (
            Cell(
                (Text(b.label.capitalize() + ": "), Figure(_band_range(framework, i), ("band_range", b.rating.value))),
            ),
            Cell((Text(b.rating.value),)),
        )
        for i, b in enumerate(bands)
    )
    blocks: list[Block] = [
        Paragraph(
            (
                Text(
                    "The rating at the standard level is aligned to the lowest banding at the key question level, recognising "
                    "that each key question is an integral part of the standard."
                ),
            )
        ),
        Table("Lowest banding (key question level) and rating (standard)", ("Lowest banding", "Rating"), band_rows),
    ]
    footnotes: list[Inline] = []
    for domain in framework.domains:
        rows = []
        for definition in domain.standards:
            standard = result.standard(definition.id)
            marker = "*" if standard.changed_by_panel else ""
            rows.append(
                (
                    Cell((Label(standard.id), Text(" " + standard.name, bold=True)), header=True),
                    Cell((Figure(_rating_text(standard) + marker, ("standard_rating", standard.id), bold=True),)),
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
                        Cell((Label(question.id), Text(" " + (wording.text if wording else "")))),
                        Cell((Figure(text, ("kq_percent", question.id), bold=deciding),), numeric=True),
                    )
                )
            if standard.changed_by_panel and standard.panel_decision is not None:
                footnotes.append(
                    (
                        Label(standard.id),
                        Text(": * Professional judgement exercised by the ratings panel. "),
                        Narrative(standard.panel_decision.reason),
                    )
                )
        column = "Rating and % yes" if any(framework.rated_by(s) is RatedBy.CASE_ANSWERS for s in domain.standards) else "Rating"
        blocks.append(Table(f"{domain.id}. {domain.name}", ("Standards and key questions", column), tuple(rows)))
    blocks.extend(Paragraph(f, style="footnote") for f in footnotes)
    return Section("annexe-results", "Annexe 2: Inspection results", 1, tuple(blocks))


def _band_range(framework: Framework, index: int) -> str:
    band = framework.bands[index]
    if index == 0:
        return f"{band.min_percent}%+"
    upper = framework.bands[index - 1].min_percent - 1
    return f"<{upper + 1}%" if band.min_percent == 0 else f"{band.min_percent}–{upper}%"


def _glossary() -> Section:
    rows = tuple((Cell((Text(term, bold=True),)), Cell((Text(meaning),))) for term, meaning in GLOSSARY)
    return Section("glossary", "Annexe 3: Glossary", 1, (Table("Glossary", ("Term", "Meaning"), rows),))
