"""Pages of an inspection. Each view: parse input, fetch through access, call one service, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.programmes import programmes
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections import selectors
from yjinspect.web.inspections.case_pages import case_page_for, whole_number
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import (
    AssessmentState,
    HistoryEntry,
    Role,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.results_pages import results_page
from yjinspect.web.inspections.services import assessment, setup
from yjinspect.web.inspections.services import ratings as ratings_services  # named apart from the views sample, ratings
from yjinspect.web.inspections.services import sample as sample_services
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError
from yjinspect.web.inspections.services.exchange import BundleImportError, bundle_import


def _failed(request: HttpRequest, error: ServiceError) -> None:
    messages.error(request, str(error), extra_tags="error-summary")
    for problem in error.problems:
        messages.error(request, problem, extra_tags="error-item")


def _context(request: HttpRequest, inspection: Any, **more: Any) -> dict[str, Any]:
    can = {action.name: access.allowed(request.user, action, inspection) for action in Action}
    programme = selectors.programme_of(inspection)
    return {
        "inspection": inspection,
        "can": can,
        "framework": programme.framework,
        "programme": programme,
        "narrative_template": f"inspections/_narrative_{programme.narrative_form}.html",
        **more,
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    inspections = access.inspections_visible_to(request.user)
    can_create = access.allowed(request.user, Action.CREATE_INSPECTION, None)
    return render(request, "inspections/home.html", {"inspections": inspections, "can_create": can_create})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Set up an inspection: the service, the framework, the announcement and fieldwork dates."""
    access.require(request.user, Action.CREATE_INSPECTION)
    values = {"service": "", "framework": "hmip-youth-2018", "announced_on": "", "fieldwork_start": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            inspection = setup.inspection_create_from_form(by=request.user, **values)
        except ServiceError as error:
            _failed(request, error)
        else:
            messages.success(request, "Inspection set up. Add the team next.")
            return redirect("team", pk=inspection.pk)
    # The programmes without a data return are the earlier ones (2009-2017), named so on the form.
    frameworks = [(p.id, p.title if p.has_data_return else f"{p.title} (earlier programme)") for p in programmes()]
    services_known = Service.objects.order_by("name").values_list("name", flat=True)
    return render(
        request, "inspections/create.html", {"values": values, "frameworks": frameworks, "services_known": services_known}
    )


# Which action a task's page needs, so that the task list links only to pages the person may open.
_TASK_ACTIONS = {
    "team": Action.VIEW_CASES,
    "data_return": Action.VIEW_DATA_RETURN,
    "sample": Action.VIEW_CASES,
    "allocation": Action.ALLOCATE,
    "cases": Action.VIEW_CASES,
    "ratings": Action.VIEW_RATINGS,
    "report": Action.VIEW_REPORT,
    "draft": Action.VIEW_DRAFT,
}


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_INSPECTION)
    tasks = [
        {"task": t, "allowed": t.url_name is not None and access.allowed(request.user, _TASK_ACTIONS[t.url_name], inspection)}
        for t in selectors.tasks(inspection)
    ]
    if not access.allowed(request.user, Action.VIEW_CASES, inspection):
        # A service contact sees their own tasks, not how the inspection team's work is going.
        tasks = [t for t in tasks if t["allowed"]]
    return render(request, "inspections/overview.html", _context(request, inspection, tasks=tasks))


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    if request.method == "POST":
        access.require(request.user, Action.MANAGE_TEAM, inspection)
        user = get_user_model().objects.filter(username=request.POST.get("username", "").strip()).first()
        try:
            if user is None:
                raise ServiceError(f"No account has the username {request.POST.get('username', '')!r}.")
            setup.membership_set(by=request.user, inspection=inspection, user=user, role=request.POST.get("role", ""))
        except ServiceError as error:
            _failed(request, error)
        else:
            messages.success(request, f"{user.get_full_name() or user.username} added to the team.")
        return redirect("team", pk=pk)
    members = inspection.memberships.select_related("user", "user__profile").order_by("role")
    return render(request, "inspections/team.html", _context(request, inspection, members=members, roles=Role.choices))


@login_required
def data_return(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DATA_RETURN)
    if request.method == "POST":
        access.require(request.user, Action.SUBMIT_DATA_RETURN, inspection)
        try:
            upload = request.FILES.get("caseload")
            if upload is not None:
                count = sample_services.caseload_upload(
                    by=request.user, inspection=inspection, filename=upload.name or "upload", content=upload.read()
                )
                messages.success(request, f"Caseload imported: {count} rows.")
            elif request.POST.get("form") == "facts":
                sample_services.facts_save(
                    by=request.user,
                    inspection=inspection,
                    data=request.POST.dict(),
                    expected_version=int(request.POST.get("version", "-1")),
                )
                messages.success(request, "Contextual facts saved.")
            else:
                raise ServiceError("Choose a caseload file (CSV or XLSX) to upload.")
        except ServiceError as error:
            _failed(request, error)
        return redirect("data_return", pk=pk)
    rows = inspection.caseload.all()
    return render(
        request,
        "inspections/data_return.html",
        _context(
            request,
            inspection,
            rows=rows[:200],
            row_count=rows.count(),
            facts=inspection.facts,
            fact_fields=[(k, label, inspection.facts.data.get(k, "")) for k, label in FACT_LABELS.items()],
        ),
    )


@login_required
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    if request.method == "POST":
        access.require(request.user, Action.DRAW_SAMPLE, inspection)
        try:
            action = request.POST.get("action")
            if action == "draw":
                sample_services.sample_draw(
                    by=request.user, inspection=inspection, seed=whole_number(request.POST.get("seed"), "Seed")
                )
                messages.success(request, "Sample drawn. Check it, then confirm it to lock it.")
            elif action == "confirm":
                sample_services.sample_confirm(by=request.user, inspection=inspection)
                messages.success(request, "Sample confirmed and locked.")
            elif action == "replace":
                case = access.case_for(request.user, whole_number(request.POST.get("case"), "Case"), Action.VIEW_CASE)
                reserve = sample_services.case_replace(by=request.user, case=case, reason=request.POST.get("reason", ""))
                messages.success(request, f"Case {case.case_ref} replaced by reserve {reserve.case_ref}.")
            else:
                raise ServiceError("Unknown action.")
        except ServiceError as error:
            _failed(request, error)
        return redirect("sample", pk=pk)
    draw = selectors.sample_explanation(inspection)
    cases = inspection.cases.all()
    return render(
        request,
        "inspections/sample.html",
        _context(
            request,
            inspection,
            draw=draw,
            sampled=[c for c in cases if c.sample_state == SampleState.SAMPLED],
            replaced=[c for c in cases if c.sample_state == SampleState.REPLACED],
            reserves=[c for c in cases if c.sample_state == SampleState.RESERVE],
        ),
    )


@login_required
def allocation(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.ALLOCATE)
    cases = inspection.cases.filter(sample_state=SampleState.SAMPLED).select_related("assessor")
    if request.method == "POST":
        users = {str(u.pk): u for u in get_user_model().objects.filter(memberships__inspection=inspection)}
        changed, problems = 0, []
        for case in cases:
            chosen = request.POST.get(f"case-{case.pk}")
            if chosen is None or chosen == str(case.assessor_id or ""):
                continue
            try:
                assessment.case_allocate(by=request.user, case=case, assessor=users.get(chosen))
                changed += 1
            except ServiceError as error:
                problems.append(f"{case.case_ref}: {error}")
        if problems:
            _failed(request, ServiceError("Some cases were not allocated; the others were.", problems))
        if changed:
            messages.success(request, f"{changed} allocation(s) saved.")
        return redirect("allocation", pk=pk)
    return render(
        request,
        "inspections/allocation.html",
        _context(request, inspection, cases=cases, assessors=selectors.eligible_assessors(inspection)),
    )


@login_required
def cases(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    if request.method == "POST":  # a programme without a sample has its cases added here, one at a time
        access.require(request.user, Action.DRAW_SAMPLE, inspection)
        try:
            case = assessment.case_add(
                by=request.user,
                inspection=inspection,
                case_ref=request.POST.get("case_ref", ""),
                setting=request.POST.get("setting", ""),
            )
            messages.success(request, f"Case {case.case_ref} added.")
        except ServiceError as error:
            _failed(request, error)
        return redirect("cases", pk=pk)
    visible = [
        c
        for c in inspection.cases.filter(sample_state=SampleState.SAMPLED).select_related("assessor", "inspection")
        if access.allowed(request.user, Action.VIEW_CASE, inspection, c)
    ]
    settings = selectors.programme_of(inspection).case_settings()
    return render(request, "inspections/cases.html", _context(request, inspection, cases=visible, settings=settings))


# --- case assessment ------------------------------------------------------------------------------


def _case_access(request: HttpRequest, case: SampledCase) -> dict[str, Any]:
    return {
        "can_assess": access.allowed(request.user, Action.ASSESS_CASE, case.inspection, case)
        and case.state in (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS, AssessmentState.RETURNED),
        "can_review": access.allowed(request.user, Action.REVIEW_CASE, case.inspection, case),
        "answer_choices": [("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable")],
        "history": case.history.select_related("user")[:50],
    }


# The case page's shape is the programme's (`case_kind`); case_pages.py builds and saves each shape.


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment page; without JavaScript its form posts here and saves everything that changed."""
    case = access.case_for(request.user, pk, Action.VIEW_CASE)
    page = case_page_for(case)
    if request.method != "POST":
        return render(
            request, page.template, _context(request, case.inspection, **page.context(case), **_case_access(request, case))
        )
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    try:
        stale = page.save(request.POST, case, by=request.user)
    except ServiceError as error:
        _failed(request, error)
        return redirect("case", pk=pk)
    _saved_or_stale(request, stale)
    return redirect("case", pk=pk)


def _saved_or_stale(request: HttpRequest, stale: list[str]) -> None:
    if stale:
        _failed(
            request,
            ServiceError(
                "Someone else saved newer versions; yours were not saved for: "
                + ", ".join(stale)
                + ". The newer answers are shown."
            ),
        )
    else:
        messages.success(request, "Saved.")


@login_required
@require_POST
def case_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one answer or the case judgements as they are given; 409 with the newer value if stale."""
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    try:
        payload = json.loads(request.body or b"{}")
        if payload.get("kind") == "answer":
            answer = assessment.answer_save(
                by=request.user,
                case=case,
                question_id=str(payload["question"]),
                value=str(payload.get("value", "")),
                evidence=str(payload.get("evidence", "")),
                expected_version=int(payload["version"]),
            )
            return JsonResponse({"saved": True, "version": answer.version})
        if payload.get("kind") == "facts":
            page = case_page_for(case)
            updated = assessment.case_facts_save(
                by=request.user, case=case, changes=page.facts(payload), expected_version=int(payload["version"])
            )
            return JsonResponse({"saved": True, "version": updated.version, **page.after_facts(updated)})
        return JsonResponse({"saved": False, "error": "Unknown kind of save."}, status=400)
    except StaleWriteError as stale:
        return JsonResponse({"saved": False, "stale": True, "error": str(stale), "current": stale.current}, status=409)
    except ServiceError as error:
        return JsonResponse({"saved": False, "error": str(error), "problems": error.problems}, status=422)
    except (KeyError, ValueError, TypeError) as error:
        return JsonResponse({"saved": False, "error": f"Malformed save request ({error})."}, status=400)


@login_required
@require_POST
def case_complete(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    try:
        assessment.case_mark_complete(by=request.user, case=case)
        messages.success(request, f"Case {case.case_ref} marked complete and sent for review.")
    except ServiceError as error:
        _failed(request, error)
    return redirect("case", pk=pk)


@login_required
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.REVIEW_CASE)
    try:
        accept = request.POST.get("decision") == "accept"
        assessment.case_review(by=request.user, case=case, accept=accept, comment=request.POST.get("comment", ""))
        messages.success(request, f"Case {case.case_ref} {'accepted' if accept else 'returned with comments'}.")
    except ServiceError as error:
        _failed(request, error)
    return redirect("case", pk=pk)


# --- ratings --------------------------------------------------------------------------------------


@login_required
def ratings(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_RATINGS)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "team":
                access.require(request.user, Action.RECORD_TEAM_RATINGS, inspection)
                standard_id = request.POST.get("standard", "")
                ratings_services.team_rating_save(
                    by=request.user,
                    inspection=inspection,
                    standard_id=standard_id,
                    rating=request.POST.get("rating", ""),
                    evidence=request.POST.get("evidence", ""),
                    expected_version=whole_number(request.POST.get("version"), "Version"),
                )
                messages.success(request, f"Team rating for {standard_id} saved.")
            elif request.POST.get("form") == "panel":
                access.require(request.user, Action.RECORD_PANEL_DECISION, inspection)
                standard_id = request.POST.get("standard", "")
                if request.POST.get("withdraw"):
                    ratings_services.panel_decision_withdraw(by=request.user, inspection=inspection, standard_id=standard_id)
                    messages.success(request, f"Panel decision on {standard_id} withdrawn.")
                else:
                    ratings_services.panel_decision_record(
                        by=request.user,
                        inspection=inspection,
                        standard_id=standard_id,
                        rating=request.POST.get("rating", ""),
                        reason=request.POST.get("reason", ""),
                    )
                    messages.success(request, f"Panel decision on {standard_id} recorded.")
            else:
                raise ServiceError("Unknown form.")
        except StaleWriteError as stale:
            _failed(request, stale)
        except ServiceError as error:
            _failed(request, error)
        return redirect("ratings", pk=pk)
    template, page = results_page(inspection)
    return render(request, template, _context(request, inspection, **page))


# --- exchange and history -------------------------------------------------------------------------


@login_required
@require_GET
def export_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.EXPORT)
    body = json.dumps(bundle_export(inspection), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="inspection-{inspection.pk}.json"'
    return response


@login_required
def import_bundle(request: HttpRequest) -> HttpResponse:
    access.require(request.user, Action.IMPORT)
    if request.method == "POST":
        upload = request.FILES.get("bundle")
        try:
            if upload is None:
                raise ServiceError("Choose a bundle file to import.")
            inspection = bundle_import(by=request.user, text=upload.read().decode("utf-8"), source=upload.name or "bundle")
        except BundleImportError as error:
            _failed(request, ServiceError(str(error), error.problems))
        except (ServiceError, UnicodeDecodeError) as error:
            _failed(request, ServiceError(str(error)))
        else:
            messages.success(request, f"Imported: {inspection}.")
            return redirect("overview", pk=inspection.pk)
    return render(request, "inspections/import.html", {})


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_HISTORY)
    entries = HistoryEntry.objects.filter(inspection=inspection).select_related("user", "case")[:500]
    return render(request, "inspections/history.html", _context(request, inspection, entries=entries))
