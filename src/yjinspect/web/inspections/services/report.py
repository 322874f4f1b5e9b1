"""The report: narrative, the draft shared for the factual accuracy check, comments on it, publishing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.programmes.base import NarrativeField, narrative_form_values, narrative_with_boxes, read_narrative_form
from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.renderers import render_report
from yjinspect.reporting.renderers.html import to_html
from yjinspect.web.accounts.models import display_name
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment, HistoryEntry, Inspection, PublishedResult, Report, ReportVersion
from yjinspect.web.inspections.publishing import (
    draft_paragraphs,
    file_digests,
    history_box_name,
    identifying_problems,
    narrative_boxes,
    publishing_problems,
    shared_draft,
)
from yjinspect.web.inspections.selectors import REPORT_OPTIONS, programme_of, report_boxes, report_inputs
from yjinspect.web.inspections.services import improvement_plan
from yjinspect.web.inspections.services.common import ServiceError, history_record, versioned_update
from yjinspect.web.inspections.services.published_results import result_from_inspection
from yjinspect.web.limits import NARRATIVE_BOX_MAX_CHARS, text_problem


@transaction.atomic
def narrative_save(*, by: Any, inspection: Inspection, narrative: dict[str, Any], expected_version: int) -> Report:
    """Save the report's whole narrative (a bundle's, a script's); refuse if anyone saved any of it since the
    writer loaded it. The form and its autosave save box by box (narrative_boxes_save)."""
    _refuse_if_published(inspection)
    before = publishing.report_of(inspection).narrative
    saved = _narrative_store(by=by, inspection=inspection, narrative=narrative, expected_version=expected_version)
    _bump_boxes(saved, report_boxes(inspection), before, narrative)
    return saved


def _narrative_store(*, by: Any, inspection: Inspection, narrative: dict[str, Any], expected_version: int) -> Report:
    def changed_boxes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
        # One entry per box that changed, with its old and new text (history_record takes out real names).
        before, after = narrative_boxes(inspection, old), narrative_boxes(inspection, new)
        boxes = [*before, *(box for box in after if box not in before)]
        return [(box, before.get(box, ""), after.get(box, "")) for box in boxes if before.get(box, "") != after.get(box, "")]

    return versioned_update(
        Report,
        where={"inspection": inspection},
        create=True,
        by=by,
        expected_version=expected_version,
        changes={"narrative": narrative},
        history={"narrative": "report narrative"},
        parts=changed_boxes,
        inspection=inspection,
    )


def _bump_boxes(
    report: Report, boxes: Sequence[NarrativeField], old: Mapping[str, Any], new: Mapping[str, Any]
) -> dict[str, int]:
    """Give every box whose text changed between `old` and `new` its next version; return the changed boxes' versions."""
    before, after = narrative_form_values(boxes, old), narrative_form_values(boxes, new)
    bumped = {name: int(report.box_versions.get(name, 0)) + 1 for name in after if after[name] != before[name]}
    if bumped:
        report.box_versions = {**report.box_versions, **bumped}
        Report.objects.filter(pk=report.pk).update(box_versions=report.box_versions)
    return bumped


@dataclass(frozen=True)
class NewerBox:
    """A box a colleague saved since the writer loaded it: its text and version now, and who saved it."""

    text: str
    version: int
    by: str


@dataclass(frozen=True)
class NarrativeSaved:
    """What a save of some boxes did: the versions of the boxes saved, the boxes refused as stale, and the
    version every box given now has (an unchanged box's too, so that the writer's page catches up)."""

    saved: dict[str, int]
    stale: dict[str, NewerBox]
    versions: dict[str, int]


class NarrativeFormError(ServiceError):
    """Malformed lines in boxes being saved, by box name; nothing was saved."""

    def __init__(self, by_box: dict[str, list[str]]) -> None:
        super().__init__("The narrative was not saved: nothing has changed.", [p for ps in by_box.values() for p in ps])
        self.by_box = by_box


@transaction.atomic
def narrative_boxes_save(
    *, by: Any, inspection: Inspection, typed: Mapping[str, str], versions: Mapping[str, int]
) -> NarrativeSaved:
    """Save boxes of the narrative form as typed, each checked against the version its writer started from.

    A box whose text is unchanged is left alone (whatever its version); a changed box that a colleague
    saved since (its version moved on) is not saved and comes back with the newer text, so the writer
    can keep theirs beside it; the other changed boxes are saved. A malformed line in any box being
    saved refuses the whole save (NarrativeFormError, by box), saving nothing.
    """
    boxes = report_boxes(inspection)
    by_name = {box.name: box for box in boxes}
    if unknown := sorted(set(typed) - set(by_name)):
        raise ServiceError(f"The report has no narrative box named {', '.join(unknown)}.")
    _refuse_if_published(inspection)
    report = Report.objects.select_for_update().get_or_create(inspection=inspection)[0]
    current = narrative_form_values(boxes, report.narrative)
    given = [by_name[name] for name in typed]
    parsed, problems = read_narrative_form(given, typed)
    for box in given:  # a box too long to be a report's text is refused like a malformed line, beside it
        if too_long := text_problem(box.short_label or box.label, typed[box.name], NARRATIVE_BOX_MAX_CHARS):
            problems.setdefault(box.name, []).append(too_long)
    as_saved = narrative_form_values(given, parsed)  # the typed text as the saved narrative would give it back
    changed = [box.name for box in given if box.name in problems or as_saved[box.name] != current[box.name]]
    stale = {
        name: NewerBox(current[name], int(report.box_versions.get(name, 0)), _last_writer(inspection, by_name[name]))
        for name in changed
        if int(versions.get(name, 0)) != int(report.box_versions.get(name, 0))
    }
    accepted = [by_name[name] for name in changed if name not in stale]
    if refused := {box.name: problems[box.name] for box in accepted if box.name in problems}:
        raise NarrativeFormError(refused)
    if not accepted:
        return NarrativeSaved({}, stale, {name: int(report.box_versions.get(name, 0)) for name in typed})
    narrative = narrative_with_boxes(report.narrative, accepted, parsed)
    before = report.narrative
    report = _narrative_store(by=by, inspection=inspection, narrative=narrative, expected_version=report.version)
    _bump_boxes(report, accepted, before, narrative)
    now = {name: int(report.box_versions.get(name, 0)) for name in typed}
    return NarrativeSaved({box.name: now[box.name] for box in accepted}, stale, now)


def _refuse_if_published(inspection: Inspection) -> None:
    """Refuse a change to the narrative of a published report (read under the inspection's lock): the
    published files are frozen, and a page left open must not go on saying "Saved"."""
    if Inspection.objects.select_for_update().filter(pk=inspection.pk, published=True).exists():
        raise ServiceError("The report is published: its narrative can no longer be changed.")


def _last_writer(inspection: Inspection, box: NarrativeField) -> str:
    """Return the name of whoever last changed a box of the narrative, from the history ("" if unknown)."""
    entry = (
        HistoryEntry.objects.filter(inspection=inspection, what=f"report narrative: {history_box_name(box)}"[:120])
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    return display_name(entry.user) if entry is not None and entry.user is not None else ""


@dataclass(frozen=True)
class _Rendered:
    """The report's files, rendered with no transaction open, and the document they were rendered from."""

    document: ReportDocument
    html: str
    pdf: bytes | None
    docx: bytes | None
    result: Any  # the one rating the report was composed from
    fingerprint: tuple[Any, ...]  # what the report was composed from had not changed while this is unchanged


def _fingerprint(inspection: Inspection) -> tuple[Any, ...]:
    """Return what changes whenever anything the report prints changes.

    Every change to an inspection's data records a history entry (services/common), so the newest
    entry stands for cases, answers, ratings, panel decisions, the narrative and the data return; every
    other published result (of any programme, imported ones too) stands for what a report compares with:
    the other services' results, and this service's last inspection ("an improvement since ...").
    """
    newest = HistoryEntry.objects.filter(inspection=inspection).order_by("-pk").values_list("pk", flat=True).first()
    others = PublishedResult.objects.exclude(inspection=inspection)
    return newest, others.count(), others.order_by("-pk").values_list("pk", flat=True).first()


def _render(inspection: Inspection, *, draft: bool, with_files: bool) -> _Rendered:
    """Compose and render the report: the slow part (seconds for the PDF), so it runs before any lock is taken."""
    fingerprint = _fingerprint(inspection)  # taken first: a change from here on is a change to refuse
    inputs = report_inputs(inspection, draft=draft)
    document = programme_of(inspection).compose(inputs)
    if not draft and (problems := publishing_problems(inspection, document=document, result=inputs.result)):
        raise ServiceError("The report cannot be published yet.", problems)  # before seconds of rendering for nothing
    html = to_html(document)
    pdf = render_report(document, "pdf").content if with_files else None
    docx = render_report(document, "docx").content if with_files else None
    return _Rendered(document, html, pdf, docx, inputs.result, fingerprint)


def _freeze(inspection: Inspection, by: Any, kind: str, rendered: _Rendered, *, draft: bool, again: str) -> ReportVersion:
    """Store files rendered before the transaction, if nothing the report prints changed meanwhile.

    Called under the inspection's lock; comparing the fingerprint (not composing again) keeps a publish
    to one rating of the inspection.
    """
    if _fingerprint(inspection) != rendered.fingerprint:
        raise ServiceError(f"The report changed while it was being prepared; {again}.")
    html, pdf, docx = rendered.html, rendered.pdf, rendered.docx
    number = (
        ReportVersion.objects.filter(inspection=inspection).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    digest = hashlib.sha256(html.encode() + (pdf or b"") + (docx or b"")).hexdigest()
    return ReportVersion.objects.create(inspection=inspection, kind=kind, number=number, html=html, pdf=pdf, docx=docx,
                                        sha256=digest, created_by=by, **file_digests(html, pdf, docx))  # fmt: skip


def draft_share(*, by: Any, inspection: Inspection) -> ReportVersion:
    """Freeze the current draft and share it with the service contact for the factual accuracy check.

    Rendered first, with no transaction open; stored in one short transaction if nothing changed meanwhile.
    """
    rendered = _render(inspection, draft=True, with_files=False)
    with transaction.atomic():
        return _draft_store(by=by, inspection=inspection, rendered=rendered)


def _draft_store(*, by: Any, inspection: Inspection, rendered: _Rendered) -> ReportVersion:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published:
        raise ServiceError("The report is already published.")
    if problems := identifying_problems(inspection, rendered.document):  # the service sees no child named either
        raise ServiceError("The draft cannot be shared yet.", problems)
    version = _freeze(inspection, by, ReportVersion.Kind.DRAFT, rendered, draft=True, again="share the draft again")
    history_record(inspection, by, "draft report shared with the service", None, f"version {version.number}")
    return version


@transaction.atomic
def comment_add(*, by: Any, version: ReportVersion, paragraph: str, text: str) -> DraftComment:
    """Record a factual accuracy comment on one paragraph (or list item) of the shared draft, named by the
    number the draft shows beside it ("12", or its id "p-12"); refused once the report is published."""
    # Under the inspection's lock, as publishing is: no comment slips in between its last check and the switch.
    inspection = Inspection.objects.select_for_update().get(pk=version.inspection_id)
    if inspection.published:
        raise ServiceError("The report is published: the factual accuracy check is closed and no more comments are taken.")
    if version.kind != ReportVersion.Kind.DRAFT or version != shared_draft(inspection):
        raise ServiceError("Comments can be made only on the latest shared draft.")
    paragraphs = dict(draft_paragraphs(version))
    paragraph = _paragraph_id(typed := paragraph)
    problems = []
    if paragraph not in paragraphs:
        numbers = f"draft {version.number} has paragraphs 1 to {len(paragraphs)}, each numbered where it stands"
        problems.append(f"Paragraph: enter the number of the paragraph the comment is about ({numbers})." if not typed.strip()
                        else f"Paragraph: there is no paragraph {typed.strip()!r}: {numbers}.")  # fmt: skip
    if not text.strip():
        problems.append("Write the comment: what is factually inaccurate, and what is right.")
    if problems:
        raise ServiceError("The comment was not sent.", problems)
    comment = DraftComment.objects.create(
        version=version, paragraph=paragraph, quoted=paragraphs[paragraph], text=text.strip(), author=by
    )
    history_record(inspection, by, f"factual accuracy comment on paragraph {comment.number}", None, text.strip())
    return comment


def _paragraph_id(typed: str) -> str:
    """Return the id of the paragraph a comment names as typed ("12", "p-12", "Paragraph 12"): "p-12"."""
    number = re.sub(r"^(paragraph|p-|p)\s*", "", typed.strip().lower()).rstrip(".")
    return f"p-{int(number)}" if re.fullmatch(r"[0-9]{1,9}", number) else ""


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


def report_publish(*, by: Any, inspection: Inspection) -> ReportVersion:
    """Publish: freeze the final HTML, PDF and Word files with a content hash, and make them public.

    The files are rendered first, with no transaction open (the PDF takes seconds, and a transaction
    would hold the database's write lock all that time); then one short transaction checks again,
    stores them and switches the report to published, refusing if the report changed meanwhile.
    """
    rendered = _render(inspection, draft=False, with_files=True)
    with transaction.atomic():
        return _publish_store(by=by, inspection=inspection, rendered=rendered)


def _publish_store(*, by: Any, inspection: Inspection, rendered: _Rendered) -> ReportVersion:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.published:
        raise ServiceError("The report is already published.")
    problems = publishing_problems(
        inspection, document=rendered.document, result=rendered.result
    )  # the very document to be published
    if problems:
        raise ServiceError("The report cannot be published yet.", problems)
    version = _freeze(inspection, by, ReportVersion.Kind.PUBLISHED, rendered, draft=False, again="publish again")
    inspection.published = True
    inspection.save(update_fields=["published"])
    result_from_inspection(inspection=inspection, published_on=timezone.now().strftime("%Y-%m"), result=rendered.result)
    history_record(inspection, by, "report published", None, f"version {version.number}, sha256 {version.sha256}")
    improvement_plan.plan_create(by=by, inspection=inspection, published_on=timezone.localdate())
    return version


@transaction.atomic
def intervals_table_choose(*, by: Any, inspection: Inspection, publish: bool) -> Report:
    """Record whether the published report prints the methodology annexe's table of margins of error (the
    lead inspector's choice; a draft always prints it: docs/scoring.md, MI-1 to MI-3). The choice is a value,
    not a toggle, so two leads choosing at once cannot undo each other's intent: the last choice stands."""
    if not programme_of(inspection).report_intervals_table:
        raise ServiceError("This programme's report has no table of margins of error to print.")
    if inspection.published:
        raise ServiceError("The report is published: what it prints can no longer change.")
    words = {True: "printed", False: "not printed"}

    def chosen(report: Report) -> dict[str, Any]:
        narrative = dict(report.narrative or {})
        narrative[REPORT_OPTIONS] = {**(narrative.get(REPORT_OPTIONS) or {}), "intervals_table": publish}
        return {"narrative": narrative}

    def part(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
        before = bool(((old or {}).get(REPORT_OPTIONS) or {}).get("intervals_table"))
        after = bool(((new or {}).get(REPORT_OPTIONS) or {}).get("intervals_table"))
        return [("table of margins of error in the published report", words[before], words[after])] if before != after else []

    current = Report.objects.select_for_update().get_or_create(inspection=inspection)[0]
    return versioned_update(
        Report,
        where={"inspection": inspection},
        by=by,
        expected_version=current.version,  # read under the lock: a choice is never stale
        changes=chosen,
        history={"narrative": "report"},
        parts=part,
        inspection=inspection,
        save_unchanged=False,
    )
