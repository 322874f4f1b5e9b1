"""What the report's pages show: the narrative form in the programme's shape (`narrative_form`) with its
suggested sentences, the shared draft and its comments, what stops publishing. Nothing here writes."""

from __future__ import annotations

from typing import Any

from yjinspect.engine.framework import RatedBy
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.programmes.base import narrative_form_values
from yjinspect.reporting.compose.standards import key_question_sentence
from yjinspect.reporting.document import plain
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment, Inspection, SampleState
from yjinspect.web.inspections.selectors import inspection_result, programme_of


def suggestions(inspection: Inspection) -> dict[str, list[str]]:
    """Sentences built from the counts, in HMIP's phrasing with the count beside the word, per key question."""
    framework = programme_of(inspection).framework
    result = inspection_result(inspection)
    sampled = list(inspection.cases.filter(sample_state=SampleState.SAMPLED).prefetch_related("answers"))
    found: dict[str, list[str]] = {}
    for standard in result.standards:
        if standard.rated_by is not RatedBy.CASE_ANSWERS:
            continue
        population = framework.domain_of(standard.id).population
        own = [c for c in sampled if population is not None and c.population == population.value]
        for question in standard.key_questions:
            sentences = [plain(key_question_sentence(question))]
            field = {"harm_factors": ("inspector_rosh", "service_rosh", "risk of serious harm"),
                     "safety_wellbeing_factors": ("inspector_safety_wellbeing", "service_safety_wellbeing", "safety and wellbeing")}  # fmt: skip
            definition = framework.key_question(question.id)
            if definition is not None and definition.applies_when.value in field:
                inspector, service, words = field[definition.applies_when.value]
                judged = [c for c in own if getattr(c, inspector)]
                if judged:
                    agreed = sum(1 for c in judged if getattr(c, inspector) == getattr(c, service))
                    sentences.append(f"The {words} classification was accurate in {proportion_phrase(agreed, len(judged))}.")
            for prompt in definition.prompts if definition is not None else ():
                given = [a.value for c in own for a in c.answers.all() if a.question_id == prompt.id and a.value in ("yes", "no")]
                if given:
                    yes = given.count("yes")
                    sentences.append(f"The answer to '{prompt.text}' was yes in {proportion_phrase(yes, len(given))}.")
            found[question.id] = sentences
    return found


def report_page(inspection: Inspection) -> dict[str, Any]:
    """Return the report page: the narrative form in the programme's shape, the shared draft and its comments,
    and what stops publishing."""
    report_record = publishing.report_of(inspection)
    common = {
        "report_version": report_record.version,
        "draft": publishing.shared_draft(inspection),
        "comments": DraftComment.objects.filter(version__inspection=inspection).select_related(
            "author", "resolved_by", "version"
        ),
        "problems": publishing.publishing_problems(inspection),
        "published": publishing.published_version(inspection),
    }
    if programme_of(inspection).narrative_form == "fields":
        return {**common, **_narrative_by_fields(report_record.narrative, inspection)}
    return {**common, **_narrative_by_standards(report_record.narrative, inspection)}


def _narrative_by_fields(narrative: dict[str, Any], inspection: Inspection) -> dict[str, Any]:
    """The narrative form whose boxes are the programme's, one after another."""
    fields = programme_of(inspection).narrative_fields()
    values = narrative_form_values(fields, narrative)
    return {"narrative_fields": [{"name": f.name, "label": f.label, "hint": f.hint, "value": values[f.name]} for f in fields]}


def _narrative_by_standards(narrative: dict[str, Any], inspection: Inspection) -> dict[str, Any]:
    """The standards narrative: foreword, recommendations, offence types, practice examples, suggested sentences."""
    framework = programme_of(inspection).framework
    examples = narrative.get("practice_example_texts") or {}
    practice_cases = [
        {"case": c, "standard": (examples.get(c.case_ref) or {}).get("standard", ""), "text": (examples.get(c.case_ref) or {}).get("text", "")}
        for c in inspection.cases.filter(sample_state=SampleState.SAMPLED, practice_example=True).order_by("case_ref")
    ]  # fmt: skip
    return {
        "narrative": narrative,
        "suggestions": suggestions(inspection),
        "recommendations_text": "\n".join(f"{r['to']}: {r['text']}" for r in narrative.get("recommendations", [])),
        "offences_text": "\n".join(f"{k}: {v}" for k, v in (narrative.get("offence_types") or {}).items()),
        "practice_cases": practice_cases,
        "standards": framework.standards,
        "case_rated": {s.id for s in framework.standards if framework.rated_by(s) is RatedBy.CASE_ANSWERS},
    }


def draft_page(inspection: Inspection) -> dict[str, Any]:
    """Return the shared draft, its paragraphs (to comment on) and its comments."""
    version = publishing.shared_draft(inspection)
    return {
        "version": version,
        "paragraphs": publishing.draft_paragraphs(version) if version else [],
        "comments": version.comments.select_related("author", "resolved_by") if version else [],
    }
