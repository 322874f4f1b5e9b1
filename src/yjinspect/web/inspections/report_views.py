"""The report: the page with the narrative, the shared draft and publishing, and one action each; the draft
the service contact comments on; the published report."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.reporting.renderers.html import to_html
from yjinspect.web import access, json_body
from yjinspect.web.access import Action
from yjinspect.web.content_security import report_document
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections import publishing, report_pages
from yjinspect.web.inspections.case_pages import whole_number
from yjinspect.web.inspections.models import DraftComment, Inspection
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.selectors import report_boxes
from yjinspect.web.inspections.services import audit
from yjinspect.web.inspections.services import report as report_services  # named apart from the view report
from yjinspect.web.inspections.services.common import ServiceError

log = logging.getLogger("yjinspect.integrity")


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    context = page_context(request.user, inspection, **report_pages.report_page(inspection))
    return render(request, "inspections/report.html", context)


@login_required
@require_POST
def narrative_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narrative form as a whole (without JavaScript; with it, each box saves as it is typed).

    Nothing typed is lost: a malformed line gives the page back with everything typed and the problem
    beside its box; a box a colleague saved meanwhile shows their text with the writer's beside it."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    access.require(request.user, Action.EDIT_REPORT, inspection)
    names = [box.name for box in report_boxes(inspection)]
    typed = {name: request.POST[name] for name in names if name in request.POST}
    try:
        versions = {name: whole_number(request.POST.get(f"version-{name}") or "0", "Version") for name in typed}
        saved = report_services.narrative_boxes_save(by=request.user, inspection=inspection, typed=typed, versions=versions)
    except report_services.NarrativeFormError as error:
        failed(request, error)
        return _report_again(request, inspection, typed=typed, problems=error.by_box)
    except ServiceError as error:
        failed(request, error)
        return _report_again(request, inspection, typed=typed)
    if saved.stale:
        messages.error(request, _STALE_BOXES, extra_tags="error-summary")
        return _report_again(request, inspection, typed=typed, stale=saved.stale)
    messages.success(request, "Narrative saved." if saved.saved else "Nothing in the narrative had changed.")
    return redirect("report", pk=pk)


_STALE_BOXES = (
    "A colleague saved some boxes after you opened the page. Their text is now in those boxes and yours is kept "
    "beside it, not saved: copy what you need, then save again. Everything else you changed was saved."
)


def _report_again(request: HttpRequest, inspection: Inspection, **kept: Any) -> HttpResponse:
    """The report page again after a refused save, with what was typed in the boxes (never the old text)."""
    context = page_context(request.user, inspection, **report_pages.report_page(inspection, **kept))
    return render(request, "inspections/report.html", context)  # 200, as every refused form here answers


@login_required
@require_POST
def narrative_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one box of the narrative as it is typed: {"box", "text", "version"}; 409 with the newer text if a
    colleague saved the box since, 422 with the problem if a line is malformed; 403 (404) with "gone" if the
    caller may no longer write it (their role changed while the page was open): the page stops saving."""
    try:
        inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
        access.require(request.user, Action.EDIT_REPORT, inspection)
    except (Http404, PermissionDenied) as refused:  # in JSON, so that the page stops retrying and says why
        gone = "You may no longer write this report's narrative (your role in the inspection changed)."
        status = 404 if isinstance(refused, Http404) else 403
        return JsonResponse({"saved": False, "gone": True, "error": gone}, status=status)
    payload = json_body.json_object(request)
    if isinstance(payload, JsonResponse):
        return payload
    try:
        box, typed, version = json_body.text(payload, "box"), json_body.text(payload, "text"), json_body.whole(payload, "version")
        saved = report_services.narrative_boxes_save(by=request.user, inspection=inspection, typed={box: typed},
                                                     versions={box: version})  # fmt: skip
    except json_body.MalformedSave as error:
        return json_body.malformed(str(error))
    except ServiceError as error:
        return JsonResponse({"saved": False, "error": str(error), "problems": error.problems}, status=422)
    if box in saved.stale:
        newer = saved.stale[box]
        current = {"text": newer.text, "version": newer.version, "by": newer.by}
        return JsonResponse({"saved": False, "stale": True, "error": "A colleague saved this box after you opened the page.",
                             "current": current}, status=409)  # fmt: skip
    return JsonResponse({"saved": True, "version": saved.versions[box]})


@login_required
@require_POST
def draft_share(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    access.require(request.user, Action.SHARE_DRAFT, inspection)
    tell_outcome(
        request,
        lambda: report_services.draft_share(by=request.user, inspection=inspection),
        lambda version: f"Draft {version.number} shared with the service for the factual accuracy check.",
    )
    return redirect("report", pk=pk)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    access.require(request.user, Action.RESOLVE_COMMENT, inspection)
    comment = get_object_or_404(DraftComment, pk=comment_pk, version__inspection=inspection)
    tell_outcome(
        request,
        lambda: report_services.comment_resolve(by=request.user, comment=comment, resolution=request.POST.get("resolution", "")),
        "Comment resolved.",
    )
    return redirect("report", pk=pk)


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    access.require(request.user, Action.PUBLISH, inspection)
    tell_outcome(
        request,
        lambda: report_services.report_publish(by=request.user, inspection=inspection),
        lambda version: f"Report published (version {version.number}, SHA-256 {version.sha256[:16]}…).",
    )
    return redirect("report", pk=pk)


@login_required
@require_POST
def intervals_table_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead inspector's choice: does the published report print the table of margins of error?"""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    access.require(request.user, Action.PUBLISH, inspection)
    choice = request.POST.get("intervals_table", "")

    def choose() -> Any:
        if choice not in ("yes", "no"):
            raise ServiceError("Choose whether the published report prints the table of margins of error: yes or no.")
        return report_services.intervals_table_choose(by=request.user, inspection=inspection, publish=choice == "yes")

    tell_outcome(
        request,
        choose,
        lambda _: (
            "The published report will print the table of margins of error."
            if choice == "yes"
            else "The published report will not print the table of margins of error; the draft still does."
        ),
    )
    return redirect("report", pk=pk)


@login_required
@require_GET
@report_document
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it stands, rendered live for the team."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    return HttpResponse(to_html(publishing.report_document(inspection)))


# --- the shared draft -----------------------------------------------------------------------------


@login_required
@require_GET
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared draft, paragraph by paragraph with their numbers, the comment form (`?paragraph=12` chooses
    the paragraph, from its "Comment on paragraph 12" link) and the service contact's comments."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DRAFT)
    chosen = request.GET.get("paragraph", "")[:20]
    return render(
        request,
        "inspections/draft.html",
        page_context(request.user, inspection, **report_pages.draft_page(inspection, paragraph=chosen)),
    )


@login_required
@require_POST
def draft_comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a comment on a paragraph of the shared draft; a refused one gives the page back with what was typed."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DRAFT)
    access.require(request.user, Action.COMMENT_DRAFT, inspection)
    version = publishing.shared_draft(inspection)
    paragraph, text = request.POST.get("paragraph", ""), request.POST.get("text", "")
    try:
        if version is None:
            raise ServiceError("There is no shared draft to comment on yet.")
        report_services.comment_add(by=request.user, version=version, paragraph=paragraph, text=text)
    except ServiceError as error:
        failed(request, error)
        if version is None or inspection.published:  # no form to give back
            return redirect("draft", pk=pk)
        kept = report_pages.draft_page(inspection, paragraph=paragraph[:20], text=text, problems=tuple(error.problems))
        return render(request, "inspections/draft.html", page_context(request.user, inspection, **kept), status=422)
    messages.success(request, "Comment sent to the lead inspector.")
    return redirect("draft", pk=pk)


@login_required
@require_GET
@report_document
def draft_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared draft itself, exactly as frozen."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DRAFT)
    version = publishing.shared_draft(inspection)
    if version is None:
        raise Http404("No shared draft")
    try:
        verified = publishing.verified_file(version, "html")
    except publishing.FileIntegrityError as error:
        return _integrity_failed(request, error)
    return HttpResponse(verified[0] if verified else b"")


@require_GET
@report_document
def published_report(request: HttpRequest, pk: int, file_format: str = "html") -> HttpResponse:
    """A published report, for anyone: the frozen HTML, PDF or Word file."""
    inspection = get_object_or_404(Inspection, pk=pk, published=True)
    version = publishing.published_version(inspection)
    if version is None:
        raise Http404("Not published here")
    try:
        verified = publishing.verified_file(version, file_format)
    except publishing.FileIntegrityError as error:
        return _integrity_failed(request, error)
    if verified is None:
        raise Http404("No such file")
    content, digest = verified
    response = HttpResponse(content, content_type=_MEDIA_TYPES[file_format])
    if file_format == "docx":
        response["Content-Disposition"] = f'attachment; filename="report-{inspection.pk}.docx"'
    response["X-Content-SHA256"] = digest  # this file's own, checked just now
    if file_format != "html" and request.user.is_authenticated:  # a signed-in person took a copy away
        audit.inspection_export_record(by=request.user, inspection=inspection,
                                       what=f"published report downloaded ({file_format})", detail=f"version {version.number}")  # fmt: skip
    return response


_MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _integrity_failed(request: HttpRequest, error: publishing.FileIntegrityError) -> HttpResponse:
    """Refuse a stored report file changed since it was frozen: never serve it under the old digest."""
    log.error("report file integrity check failed: %s", error, extra={"event": "integrity_failed", "path": request.path})
    return render(request, "integrity_failed.html", status=409)
