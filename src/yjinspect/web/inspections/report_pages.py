"""What the report's pages show: the narrative form in the programme's shape (`narrative_form`) with its
suggested sentences, the shared draft and its comments, what stops publishing. Nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yjinspect.engine.framework import RatedBy
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.programmes.base import NarrativeField, narrative_form_values
from yjinspect.reporting.compose.standards import key_question_sentence
from yjinspect.reporting.document import ReportDocument, plain
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment, Inspection, Report, SampleState
from yjinspect.web.inspections.selectors import inspection_result, programme_of, report_boxes, report_inputs
from yjinspect.web.inspections.services.report import NewerBox
from yjinspect.web.surveys import selectors as survey_selectors


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


def report_page(
    inspection: Inspection,
    *,
    typed: Mapping[str, str] | None = None,
    problems: Mapping[str, list[str]] | None = None,
    stale: Mapping[str, NewerBox] | None = None,
) -> dict[str, Any]:
    """Return the report page: the narrative form in the programme's shape (`narrative_form`) with its
    suggested sentences, the shared draft and its comments, what stops publishing and what is unwritten.

    After a refused save the form gives back what was `typed`, each box's `problems` beside it, and for
    a box a colleague saved meanwhile (`stale`) their newer text in the box and the writer's beside it."""
    report_record = publishing.report_of(inspection)
    boxes = [_box(box, report_record, typed or {}, problems or {}, stale or {}) for box in report_boxes(inspection)]
    inputs = report_inputs(inspection, draft=False)
    document = programme_of(inspection).compose(inputs)  # composed and rated once for the whole page
    unwritten = set(publishing.unwritten_problems(document))
    return {
        "draft": publishing.shared_draft(inspection),
        "comments": DraftComment.objects.filter(version__inspection=inspection).select_related(
            "author", "resolved_by", "version"
        ),
        # What stops publishing, but the unwritten places: they are listed apart, each with a link to its box.
        "problems": [
            p for p in publishing.publishing_problems(inspection, document=document, result=inputs.result) if p not in unwritten
        ]
        + (
            [f"{len(unwritten)} part(s) of the report are still to be written (listed above, each with a link to its box)."]
            if unwritten
            else []
        ),
        "unwritten": unwritten_places(inspection, document),
        "published": publishing.published_version(inspection),
        "narrative_groups": _with_survey_sentences(inspection, _groups(inspection, {b["name"]: b for b in boxes})),
        "form_problems": [(b["id"], p) for b in boxes for p in b["problems"]],
        "stale_boxes": [b for b in boxes if b["stale"]],
        "intervals_table": inputs.fields.intervals_table,
    }


_HINTS = {"lines": "One per line.", "tagged": "One per line, as {form}.", "counts": "One per line, as {form}."}


def _box(
    box: NarrativeField,
    report: Report,
    typed: Mapping[str, str],
    problems: Mapping[str, list[str]],
    stale: Mapping[str, NewerBox],
) -> dict[str, Any]:
    saved = narrative_form_values([box], report.narrative)[box.name]
    newer = stale.get(box.name)
    return {
        "name": box.name,
        "id": f"field-{box.name}",
        "label": box.label,
        "hint": box.hint or _HINTS.get(box.kind, "").format(form=box.form),
        # A colleague's newer text goes in the box (the next save starts from it); the writer's is kept beside.
        "value": newer.text if newer else typed.get(box.name, saved),
        "version": newer.version if newer else int(report.box_versions.get(box.name, 0)),
        "problems": list(problems.get(box.name, ())),
        "stale": {"yours": typed.get(box.name, ""), "by": newer.by} if newer else None,
        # Given back as typed but not saved (a refused form): the page's autosave sends it, box by box.
        "unsaved": newer is None and box.name in typed and typed[box.name] != saved,
        "rows": 4 if box.kind in ("lines", "tagged", "counts") else 3,
        "choices": (),
        "suggestions": (),
    }


def _with_survey_sentences(inspection: Inspection, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Offer the surveys' suggested sentences beside the box the programme names for them (decision 0013)."""
    name = programme_of(inspection).survey_section.narrative_box
    box = next((b for g in groups for b in g["boxes"] if b is not None and b["name"] == name), None)
    if box is not None:
        box["suggestions"] = (*box["suggestions"], *survey_selectors.report_sentences(inspection))
    return groups


def _groups(inspection: Inspection, boxes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the form's boxes in the groups the page shows: in the programme's order (`narrative_form`
    "fields"), or by domain and standard with suggested sentences (the standards frameworks)."""
    programme = programme_of(inspection)
    examples = [b for name, b in boxes.items() if name.startswith(("example-standard-", "example-text-"))]
    groups: list[dict[str, Any]]
    if programme.narrative_form == "fields":
        groups = [{"heading": "", "boxes": [b for b in boxes.values() if b not in examples]}]
    else:
        framework = programme.framework
        said = suggestions(inspection)
        for name, box in boxes.items():
            if name.startswith("kq-"):
                box["suggestions"] = said.get(name[3:], ())
        take = boxes.get
        groups = [{"heading": "", "boxes": [take(n) for n in ("foreword", "background", "recommendations", "offence_types")]}]
        for domain in framework.domains:
            group = [take(f"{part}-{domain.id}") for part in ("domain", "summary", "strengths", "improvements")]
            for standard in domain.standards:
                group.append(take(f"standard-{standard.id}"))
                group.extend(take(f"kq-{q.id}") for q in standard.key_questions)
            groups.append({"heading": f"{domain.id}. {domain.name}", "boxes": group})
        standards = [(s.id, f"{s.id} {s.name}") for s in framework.standards]
        for box in examples:
            if box["name"].startswith("example-standard-"):
                box["choices"] = standards
    if examples:
        groups.append({"heading": "Practice examples", "boxes": examples})
    placed = {b["name"] for g in groups for b in g["boxes"] if b}
    if rest := [b for name, b in boxes.items() if name not in placed]:  # a box this layout does not know still shows
        groups.append({"heading": "Other parts of the report", "boxes": rest})
    return [{"heading": g["heading"], "boxes": [b for b in g["boxes"] if b]} for g in groups]


def unwritten_places(inspection: Inspection, document: ReportDocument) -> list[dict[str, str]]:
    """Return every place the report still waits for the team's words: what, in which section, and a link to
    the box it is written in ("" where no box holds it, such as the data return's facts)."""
    boxes = {box.key: box.name for box in report_boxes(inspection)}
    return [
        {"text": u.text, "section": u.section, "href": f"#field-{boxes[u.box]}" if u.box in boxes else ""}
        for u in document.unwritten()
    ]


def draft_page(inspection: Inspection, *, paragraph: str = "", text: str = "", problems: tuple[str, ...] = ()) -> dict[str, Any]:
    """Return the shared draft as the service reads it (headings and numbered paragraphs), the comment form
    (the paragraph chosen or typed, the comment typed, each problem beside its field) and the draft's comments.

    The form is offered while the report is unpublished: publishing closes the factual accuracy check."""
    version = publishing.shared_draft(inspection)
    outline = publishing.draft_outline(version) if version else []
    numbered = [item for item in outline if "number" in item]
    chosen = next((item for item in numbered if str(item["number"]) == paragraph.strip()), None)
    return {
        "version": version,
        "outline": outline,
        "paragraph_count": len(numbered),
        "open_for_comments": version is not None and not inspection.published,
        "typed": {"paragraph": paragraph, "text": text},
        "chosen": chosen,
        "paragraph_error": " ".join(p for p in problems if p.startswith("Paragraph")),
        "text_error": " ".join(p for p in problems if not p.startswith("Paragraph")),
        "comments": version.comments.select_related("author", "resolved_by") if version else [],
        # For the lead (the template asks only if they may edit the report): what publishing would still refuse.
        "unwritten": lambda: unwritten_places(inspection, publishing.report_document(inspection, draft=False)),
    }
