"""The report: narrative, the draft shared for the factual accuracy check, comments on it, publishing."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.renderers import render_report
from yjinspect.reporting.renderers.html import to_html
from yjinspect.web.inspections.models import DraftComment, Inspection, Report, ReportVersion
from yjinspect.web.inspections.publishing import draft_paragraphs, publishing_problems, report_document, shared_draft
from yjinspect.web.inspections.services.common import ServiceError, history_record, versioned_update
from yjinspect.web.inspections.services.published_results import result_from_inspection


@transaction.atomic
def narrative_save(*, by: Any, inspection: Inspection, narrative: dict[str, Any], expected_version: int) -> Report:
    """Save the report's narrative; refuse if a colleague saved it since the writer loaded it."""

    def changed_parts(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, str]:
        # The history names the parts that changed and the version, rather than copying the whole text.
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        return ", ".join(changed), f"version {expected_version + 1}"

    return versioned_update(
        Report,
        where={"inspection": inspection},
        create=True,
        by=by,
        expected_version=expected_version,
        changes={"narrative": narrative},
        history={"narrative": "report narrative"},
        summary=changed_parts,
        inspection=inspection,
    )


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
    history_record(inspection, by, "draft report shared with the service", None, f"version {version.number}")
    return version


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
    history_record(version.inspection, by, f"factual accuracy comment on {paragraph}", None, text.strip())
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
    history_record(comment.version.inspection, by, f"comment on {comment.paragraph} resolved", comment.text, resolution.strip())


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
    history_record(inspection, by, "report published", None, f"version {version.number}, sha256 {version.sha256}")
    return version
