"""The cases: the case list (and adding an earlier programme's case), the assessment page and its actions.

The case page's shape is the programme's (`case_kind`); `case_pages.py` builds and saves each shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access, json_body
from yjinspect.web.access import Action
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections import pages
from yjinspect.web.inspections.case_pages import case_page_for
from yjinspect.web.inspections.models import SampledCase
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.services import assessment
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError


@login_required
@require_GET
def cases(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    context = page_context(request.user, inspection, **pages.case_list_page(request.user, inspection))
    return render(request, "inspections/cases.html", context)


@login_required
@require_POST
def case_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one inspected case to a programme without a sample."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.DRAW_SAMPLE, inspection)
    try:
        case = assessment.case_add(
            by=request.user,
            inspection=inspection,
            case_ref=request.POST.get("case_ref", ""),
            setting=request.POST.get("setting", ""),
        )
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, f"Case {case.case_ref} added.")
    return redirect("cases", pk=pk)


@login_required
@require_POST
def cases_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the complete cases ticked on the case list, all or none."""
    inspection = access.inspection_for(request.user, pk, Action.REVIEW_CASE)
    chosen = request.POST.getlist("case")
    tell_outcome(
        request,
        lambda: assessment.cases_accept(by=request.user, inspection=inspection, case_ids=chosen),
        lambda refs: f"{len(refs)} case(s) accepted: {', '.join(refs)}.",
    )
    return redirect("cases", pk=pk)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment page; without JavaScript its form posts to case_save."""
    case = access.case_for(request.user, pk, Action.VIEW_CASE)
    template, context = pages.case_page(request.user, case)
    return render(request, template, page_context(request.user, case.inspection, **context))


@login_required
@require_POST
def case_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save everything the plain form (without JavaScript) changed; stale parts are named and not saved."""
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    try:
        stale = case_page_for(case).save(request.POST, case, by=request.user)
    except ServiceError as error:
        failed(request, error)
        return redirect("case", pk=pk)
    if stale:
        failed(request, ServiceError(
            f"Someone else saved newer versions; yours were not saved for: {', '.join(stale)}. The newer answers are shown."
        ))  # fmt: skip
    else:
        messages.success(request, "Saved.")
    return redirect("case", pk=pk)


def _answer_autosave(by: Any, case: SampledCase, payload: dict[str, Any]) -> dict[str, Any]:
    answer = assessment.answer_save(
        by=by,
        case=case,
        question_id=json_body.text(payload, "question"),
        value=json_body.text(payload, "value"),
        evidence=json_body.text(payload, "evidence"),
        expected_version=json_body.whole(payload, "version"),
    )
    return {"version": answer.version}


def _facts_autosave(by: Any, case: SampledCase, payload: dict[str, Any]) -> dict[str, Any]:
    page = case_page_for(case)
    was = payload.get("was")  # the judgements as the page had them: lets changes to different ones both go through
    updated = assessment.case_facts_save(by=by, case=case, changes=page.facts(payload), expected_version=json_body.whole(payload, "version"),
                                         base=page.facts(was) if isinstance(was, dict) else None)  # fmt: skip
    return {"version": updated.version, **page.after_facts(updated)}


# What an autosave carries (its JSON's "kind"): one answer, or the case's facts and judgements.
_AUTOSAVES: dict[str, Callable[[Any, SampledCase, dict[str, Any]], dict[str, Any]]] = {
    "answer": _answer_autosave,
    "facts": _facts_autosave,
}


@login_required
@require_POST
def case_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one answer or the case judgements as they are given; 409 with the newer value if stale; 403 with
    "gone" if the case is no longer the caller's to assess (reallocated, accepted): the page stops saving."""
    try:
        case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    except (Http404, PermissionDenied) as refused:  # in JSON, so that the page stops retrying and says why
        status = 404 if isinstance(refused, Http404) else 403  # 404: nobody outside learns the case exists
        return JsonResponse({"saved": False, "gone": True, "error": access.case_refusal(request.user, pk)}, status=status)
    payload = json_body.json_object(request)
    if isinstance(payload, JsonResponse):
        return payload
    try:
        save = _AUTOSAVES.get(str(payload.get("kind")))
        if save is None:
            return JsonResponse({"saved": False, "error": "Unknown kind of save."}, status=400)
        return JsonResponse({"saved": True, **save(request.user, case, payload)})
    except StaleWriteError as stale:
        return JsonResponse({"saved": False, "stale": True, "error": str(stale), "current": stale.current}, status=409)
    except ServiceError as error:
        return JsonResponse({"saved": False, "error": str(error), "problems": error.problems}, status=422)
    except (KeyError, ValueError, TypeError, AttributeError) as error:  # MalformedSave included
        return json_body.malformed(str(error))


@login_required
@require_POST
def case_complete(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    try:
        assessment.case_mark_complete(by=request.user, case=case)
        messages.success(request, f"Case {case.case_ref} marked complete and sent for review.")
    except ServiceError as error:
        failed(request, error)
    return redirect("case", pk=pk)


@login_required
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the case or return it with comments: one decision, given by the button pressed."""
    case = access.case_for(request.user, pk, Action.REVIEW_CASE)
    try:
        accept = request.POST.get("decision") == "accept"
        assessment.case_review(by=request.user, case=case, accept=accept, comment=request.POST.get("comment", ""))
        messages.success(request, f"Case {case.case_ref} {'accepted' if accept else 'returned with comments'}.")
    except ServiceError as error:
        failed(request, error)
    return redirect("case", pk=pk)
