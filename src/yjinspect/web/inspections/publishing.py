"""Services for the report: narrative, the shared draft, factual accuracy comments, publishing.

Like services.py, every function here is one transaction that checks the rules, refuses stale
writes and records history.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.legacy_bundle import LegacyInspection, check_any_bundle
from yjinspect.reporting.compose import compose_report
from yjinspect.reporting.compose_legacy import compose_legacy_report
from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.renderers import render_report
from yjinspect.reporting.renderers.html import to_html
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import (
    AssessmentState,
    DraftComment,
    HistoryEntry,
    Inspection,
    PublishedResult,
    Report,
    ReportVersion,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.results import result_from_inspection
from yjinspect.web.inspections.selectors import inspection_result, is_legacy, legacy_result
from yjinspect.web.inspections.services import ServiceError, StaleWriteError


def report_document(inspection: Inspection, *, draft: bool = True) -> ReportDocument:
    """Compose the report from the inspection as it stands, with the team's narrative."""
    data = bundle_export(inspection)
    data["narrative"] = report_of(inspection).narrative
    if not is_legacy(inspection):  # standards reports take their examples from the cases flagged as such
        data["narrative"]["practice_examples"] = _practice_examples(inspection, data["narrative"])
    checked, problems = check_any_bundle(data, provisional=True)
    if checked is None:  # our own export: a problem here is a bug, not the user's input
        raise ServiceError("The report could not be composed.", [str(p) for p in problems])
    if isinstance(checked, LegacyInspection):
        # A core case inspection compares its headline scores with the other published ones.
        others = PublishedResult.objects.filter(programme=inspection.framework_id).exclude(inspection=inspection)
        return compose_legacy_report(checked, legacy_result(inspection), others=[r.as_record() for r in others], draft=draft)
    return compose_report(checked, inspection_result(inspection), draft=draft)


def report_of(inspection: Inspection) -> Report:
    report, _ = Report.objects.get_or_create(inspection=inspection)
    return report


def _practice_examples(inspection: Inspection, narrative: dict[str, Any]) -> list[dict[str, Any]]:
    """Practice examples come from cases flagged as such; the team writes their text and standard."""
    texts: dict[str, Any] = narrative.get("practice_example_texts") or {}
    examples = []
    for case in inspection.cases.filter(sample_state=SampleState.SAMPLED, practice_example=True).order_by("case_ref"):
        own = texts.get(case.case_ref) or {}
        examples.append({"standard": own.get("standard", ""), "pseudonym": case.pseudonym, "text": own.get("text", "")})
    return examples


def _record(inspection: Inspection, by: Any, what: str, old: Any, new: Any) -> None:
    HistoryEntry.objects.create(inspection=inspection, user=by, what=what, old="" if old is None else str(old), new=str(new))


@transaction.atomic
def narrative_save(*, by: Any, inspection: Inspection, narrative: dict[str, Any], expected_version: int) -> Report:
    """Save the report's narrative; refuse if a colleague saved it since the writer loaded it."""
    report = Report.objects.select_for_update().get_or_create(inspection=inspection)[0]
    if report.version != expected_version:
        raise StaleWriteError({"narrative": report.narrative, "version": report.version})
    changed = sorted(k for k in set(report.narrative) | set(narrative) if report.narrative.get(k) != narrative.get(k))
    if changed:
        _record(inspection, by, "report narrative", ", ".join(changed), f"version {report.version + 1}")
    report.narrative, report.version = narrative, report.version + 1
    report.save()
    return report


def _freeze(inspection: Inspection, by: Any, kind: str, document: ReportDocument, *, with_files: bool) -> ReportVersion:
    html = to_html(document)
    number = (
        ReportVersion.objects.filter(inspection=inspection).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    pdf = render_report(document, "pdf").content if with_files else None
    docx = render_report(document, "docx").content if with_files else None
    digest = hashlib.sha256(html.encode() + (pdf or b"") + (docx or b"")).hexdigest()
    return ReportVersion.objects.create(inspection=inspection, kind=kind, number=number, html=html, pdf=pdf, docx=docx,
                                        sha256=digest, created_by=by)  # fmt: skip


@transaction.atomic
def draft_share(*, by: Any, inspection: Inspection) -> ReportVersion:
    """Freeze the current draft and share it with the service contact for the factual accuracy check."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published:
        raise ServiceError("The report is already published.")
    version = _freeze(inspection, by, ReportVersion.Kind.DRAFT, report_document(inspection), with_files=False)
    _record(inspection, by, "draft report shared with the service", None, f"version {version.number}")
    return version


def shared_draft(inspection: Inspection) -> ReportVersion | None:
    """Return the latest draft shared with the service, if any."""
    return inspection.report_versions.filter(kind=ReportVersion.Kind.DRAFT).order_by("-number").first()


_PARAGRAPH = re.compile(r'<p id="(p-\d+)"[^>]*>(.*?)</p>', re.S)


def draft_paragraphs(version: ReportVersion) -> list[tuple[str, str]]:
    """Return (paragraph id, text) for every numbered paragraph of a frozen draft."""
    return [(pid, re.sub(r"<[^>]+>", "", body)) for pid, body in _PARAGRAPH.findall(version.html)]


@transaction.atomic
def comment_add(*, by: Any, version: ReportVersion, paragraph: str, text: str) -> DraftComment:
    """Record a factual accuracy comment on one paragraph of the shared draft."""
    if version.kind != ReportVersion.Kind.DRAFT or version != shared_draft(version.inspection):
        raise ServiceError("Comments can be made only on the latest shared draft.")
    if not text.strip():
        raise ServiceError("Write the comment: what is factually inaccurate, and what is right.")
    quoted = dict(draft_paragraphs(version)).get(paragraph)
    if quoted is None:
        raise ServiceError("Choose the paragraph the comment is about.")
    comment = DraftComment.objects.create(version=version, paragraph=paragraph, quoted=quoted, text=text.strip(), author=by)
    _record(version.inspection, by, f"factual accuracy comment on {paragraph}", None, text.strip())
    return comment


@transaction.atomic
def comment_resolve(*, by: Any, comment: DraftComment, resolution: str) -> None:
    """Resolve a comment, saying what was done about it."""
    comment = DraftComment.objects.select_for_update().select_related("version__inspection").get(pk=comment.pk)
    if comment.resolved_at is not None:
        raise ServiceError("That comment is already resolved.")
    if not resolution.strip():
        raise ServiceError("Say how the comment was resolved (changed, or why not).")
    comment.resolution, comment.resolved_by, comment.resolved_at = resolution.strip(), by, timezone.now()
    comment.save()
    _record(comment.version.inspection, by, f"comment on {comment.paragraph} resolved", comment.text, resolution.strip())


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


@transaction.atomic
def report_publish(*, by: Any, inspection: Inspection) -> ReportVersion:
    """Publish: freeze the final HTML, PDF and Word files with a content hash, and make them public."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published:
        raise ServiceError("The report is already published.")
    problems = publishing_problems(inspection)
    if problems:
        raise ServiceError("The report cannot be published yet.", problems)
    version = _freeze(inspection, by, ReportVersion.Kind.PUBLISHED, report_document(inspection, draft=False), with_files=True)
    inspection.published = True
    inspection.save(update_fields=["published"])
    result_from_inspection(inspection=inspection, published_on=timezone.now().strftime("%Y-%m"))
    _record(inspection, by, "report published", None, f"version {version.number}, sha256 {version.sha256}")
    return version


def published_version(inspection: Inspection) -> ReportVersion | None:
    return inspection.report_versions.filter(kind=ReportVersion.Kind.PUBLISHED).order_by("-number").first()
