"""The report as it stands, read: the composed document, the narrative, the shared draft, what stops publishing.

Nothing here writes; the report's writes (narrative, sharing, comments, publishing) are in
`services/report.py`.
"""

from __future__ import annotations

import re
from typing import Any

from yjinspect.reporting.document import ReportDocument
from yjinspect.web.inspections.models import (
    AssessmentState,
    DraftComment,
    Inspection,
    Report,
    ReportVersion,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.selectors import programme_of, report_inputs


def report_document(inspection: Inspection, *, draft: bool = True) -> ReportDocument:
    """Compose the report from the inspection as it stands, with the team's narrative (rated once)."""
    inputs = report_inputs(inspection, draft=draft)
    return programme_of(inspection).compose(inputs)


def report_of(inspection: Inspection) -> Report:
    """Return the report's narrative record; an empty, unsaved one until the narrative is first saved."""
    return Report.objects.filter(inspection=inspection).first() or Report(inspection=inspection)


def shared_draft(inspection: Inspection) -> ReportVersion | None:
    """Return the latest draft shared with the service, if any."""
    return inspection.report_versions.filter(kind=ReportVersion.Kind.DRAFT).order_by("-number").first()


_PARAGRAPH = re.compile(r'<p id="(p-\d+)"[^>]*>(.*?)</p>', re.S)


def draft_paragraphs(version: ReportVersion) -> list[tuple[str, str]]:
    """Return (paragraph id, text) for every numbered paragraph of a frozen draft."""
    return [(pid, re.sub(r"<[^>]+>", "", body)) for pid, body in _PARAGRAPH.findall(version.html)]


def publishing_problems(inspection: Inspection) -> list[str]:
    """List everything that stops the report being published."""
    problems = []
    unresolved = DraftComment.objects.filter(version__inspection=inspection, resolved_at=None).count()
    if unresolved:
        problems.append(f"{unresolved} factual accuracy comment(s) are not resolved.")
    if shared_draft(inspection) is None:
        problems.append("The draft has not been shared with the service for the factual accuracy check.")
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED)
    waiting = [c.case_ref for c in sampled if c.state != AssessmentState.ACCEPTED]
    if waiting:
        problems.append(f"Not every case is accepted: {', '.join(waiting[:10])}{' and more' if len(waiting) > 10 else ''}.")
    narrative = report_of(inspection).narrative
    printed = " ".join(str(e.get("text", "")) for e in narrative.get("practice_examples") or [] if isinstance(e, dict))
    for case in sampled:  # an earlier programme's examples are free text: no case reference may appear in them
        if printed and re.search(rf"\b{re.escape(case.case_ref)}\b", printed, re.I):
            problems.append(f"A practice example contains case {case.case_ref}'s reference number.")
    texts: dict[str, Any] = narrative.get("practice_example_texts") or {}
    for case in sampled.filter(practice_example=True):
        problems.extend(practice_example_problems(case, texts.get(case.case_ref) or {}))
    return problems


def practice_example_problems(case: SampledCase, example: dict[str, Any]) -> list[str]:
    """Refuse a practice example that prints the case reference or a recorded real name."""
    printed = f"{case.pseudonym} {example.get('text', '')}"
    problems = []
    if re.search(rf"\b{re.escape(case.case_ref)}\b", printed, re.I):
        problems.append(f"The practice example for case {case.case_ref} contains the case's reference number.")
    for name in (n.strip() for n in case.real_names.split(",")):
        if name and re.search(rf"\b{re.escape(name)}\b", printed, re.I):
            problems.append(f"The practice example for case {case.case_ref} contains a name recorded as a real name.")
    return problems


def published_version(inspection: Inspection) -> ReportVersion | None:
    return inspection.report_versions.filter(kind=ReportVersion.Kind.PUBLISHED).order_by("-number").first()
