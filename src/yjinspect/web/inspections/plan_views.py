"""After publication: the improvement plan's page and one action each (write, submit, return, accept, progress,
schedule, contributors), its exports, and the inspectorate's dashboard across services."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import display_name
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections import plan_selectors
from yjinspect.web.inspections.case_pages import whole_number
from yjinspect.web.inspections.models import ImprovementPlan, Inspection, PlanAction, PlanContributor, PlanEntry
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.services import audit
from yjinspect.web.inspections.services import improvement_plan as plans
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError
from yjinspect.web.public import csv_cell


def _plan_of(inspection: Inspection) -> ImprovementPlan:
    # Read with its entries and actions, each action's evidence file left unread (up to the upload limit each).
    plan = plan_selectors.plan_with_entries(inspection)
    if plan is None:
        raise Http404("This inspection has no improvement plan.")
    return plan


def _render_plan(request: HttpRequest, inspection: Inspection, **kept: Any) -> HttpResponse:
    context = page_context(request.user, inspection, **plan_selectors.plan_page(request.user, inspection, **kept))
    return render(request, "inspections/plan.html", context)


@login_required
@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    return _render_plan(request, inspection)


@login_required
@require_POST
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the plan of a report published before plans were kept."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.REVIEW_PLAN, inspection)
    tell_outcome(
        request,
        lambda: plans.plan_start(by=request.user, inspection=inspection),
        lambda plan: f"Improvement plan made: due {plan.due_on:%-d %B %Y}.",
    )
    return redirect("plan", pk=pk)


def _typed_actions(request: HttpRequest) -> list[plans.ActionInput]:
    """Return the action rows posted (text-1, owner-1, ... as many rows as the form had)."""
    rows = []
    for n in range(1, 51):  # a recommendation's form has its actions and one empty row; 50 is far beyond any
        if f"text-{n}" not in request.POST:
            break
        rows.append(plans.ActionInput(*(request.POST.get(f"{f}-{n}", "") for f in ("text", "owner", "target", "success"))))
    return rows


@login_required
@require_POST
def plan_entry_save(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Save one recommendation's actions; refused, the page comes back with what was typed beside the problem."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.EDIT_PLAN, inspection)
    entry = get_object_or_404(PlanEntry, pk=entry_pk, plan__inspection=inspection)
    typed = _typed_actions(request)
    try:
        version = whole_number(request.POST.get("version"), "Version")
        plans.entry_save(by=request.user, entry=entry, actions=typed, expected_version=version)
    except ServiceError as error:
        failed(request, error)
        stale = isinstance(error, StaleWriteError)
        return _render_plan(request, inspection, kept_entry=entry.pk, kept_actions=typed, stale=stale)
    return _told(request, f"Recommendation {entry.number}: actions saved.", pk, f"entry-{entry.number}")


def _told(request: HttpRequest, message: str, pk: int, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    response = redirect("plan", pk=pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.EDIT_PLAN, inspection)
    tell_outcome(
        request,
        lambda: plans.plan_submit(
            by=request.user, inspection=inspection, expected_version=whole_number(request.POST.get("version"), "Version")
        ),
        "Plan submitted to the lead inspector.",
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_contributor_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.NAME_PLAN_CONTRIBUTORS, inspection)
    tell_outcome(
        request,
        lambda: plans.contributor_add(by=request.user, inspection=inspection, username=request.POST.get("username", "")),
        lambda contributor: f"{display_name(contributor.user)} can now write the plan.",
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_contributor_remove(request: HttpRequest, pk: int, contributor_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.NAME_PLAN_CONTRIBUTORS, inspection)
    contributor = get_object_or_404(
        PlanContributor.objects.select_related("user"), pk=contributor_pk, plan__inspection=inspection
    )
    name = display_name(contributor.user)
    tell_outcome(
        request, lambda: plans.contributor_remove(by=request.user, contributor=contributor), f"{name} no longer writes the plan."
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_entry_return(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.REVIEW_PLAN, inspection)
    entry = get_object_or_404(PlanEntry, pk=entry_pk, plan__inspection=inspection)
    tell_outcome(
        request,
        lambda: plans.entry_return(by=request.user, entry=entry, comment=request.POST.get("comment", "")),
        f"Recommendation {entry.number} returned to the service with your comments.",
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_accept(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.REVIEW_PLAN, inspection)
    tell_outcome(
        request,
        lambda: plans.plan_accept(
            by=request.user, inspection=inspection, expected_version=whole_number(request.POST.get("version"), "Version")
        ),
        lambda saved: f"Plan accepted. The first progress update is due {saved.next_update_due:%-d %B %Y}.",
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_schedule_save(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.SCHEDULE_PLAN_UPDATES, inspection)
    tell_outcome(
        request,
        lambda: plans.schedule_save(
            by=request.user,
            inspection=inspection,
            months=whole_number(request.POST.get("months"), "Months between progress updates"),
            expected_version=whole_number(request.POST.get("version"), "Version"),
        ),
        lambda saved: f"Progress is now reported every {saved.update_every_months} month(s).",
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_status_publicity_save(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.PUBLISH_PLAN_STATUS, inspection)

    def save() -> ImprovementPlan:
        chosen = request.POST.get("status_public", "")
        if chosen not in ("yes", "no"):
            raise ServiceError("Choose whether the plan's status is shown on the public pages: yes or no.")
        return plans.status_publicity_save(
            by=request.user,
            inspection=inspection,
            public=chosen == "yes",
            expected_version=whole_number(request.POST.get("version"), "Version"),
        )

    tell_outcome(
        request,
        save,
        lambda saved: (
            "The plan's status is shown on the public pages."
            if saved.status_public
            else "The plan's status is not shown on the public pages."
        ),
    )
    return redirect("plan", pk=pk)


@login_required
@require_POST
def plan_progress_save(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.REPORT_PROGRESS, inspection)
    action = get_object_or_404(PlanAction.objects.select_related("entry"), pk=action_pk, entry__plan__inspection=inspection)
    upload = request.FILES.get("evidence_file")
    typed = {name: request.POST.get(name, "") for name in ("status", "note", "evidence_text")}
    try:
        plans.progress_save(
            by=request.user,
            action=action,
            status=typed["status"],
            note=typed["note"],
            evidence_text=typed["evidence_text"],
            evidence_file=plans.EvidenceFile(upload.name or "evidence", upload.read()) if upload is not None else None,
            expected_version=whole_number(request.POST.get("version"), "Version"),
        )
    except ServiceError as error:
        failed(request, error)
        stale = isinstance(error, StaleWriteError)
        return _render_plan(request, inspection, kept_progress=(action.pk, typed), stale=stale)
    return _told(request, f"Recommendation {action.entry.number}, action {action.position}: progress saved.", pk)


@login_required
@require_POST
def plan_update_submit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    access.require(request.user, Action.REPORT_PROGRESS, inspection)
    tell_outcome(
        request,
        lambda: plans.progress_update_submit(
            by=request.user, inspection=inspection, expected_version=whole_number(request.POST.get("version"), "Version")
        ),
        lambda saved: f"Progress update sent. The next is due {saved.next_update_due:%-d %B %Y}.",
    )
    return redirect("plan", pk=pk)


@login_required
@require_GET
def plan_evidence(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Download the file attached as evidence of an action's progress (as an attachment, never shown inline)."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    action = get_object_or_404(PlanAction, pk=action_pk, entry__plan__inspection=inspection)
    if not action.evidence_file:
        raise Http404("No evidence file")
    response = HttpResponse(bytes(action.evidence_file), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{action.evidence_name or "evidence"}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def plan_csv(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    plan = _plan_of(inspection)
    filename = f"improvement-plan-{inspection.pk}.csv"
    audit.inspection_export_record(by=request.user, inspection=inspection, what="improvement plan exported", detail=filename)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in plan_selectors.plan_table(plan):
        writer.writerow(csv_cell(c) for c in row)  # a cell a spreadsheet would run as a formula is escaped
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_PLAN)
    plan = _plan_of(inspection)
    filename = f"improvement-plan-{inspection.pk}.docx"
    audit.inspection_export_record(by=request.user, inspection=inspection, what="improvement plan exported", detail=filename)
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(plan_selectors.plan_docx(plan), content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def plans_dashboard(request: HttpRequest) -> HttpResponse:
    """The inspectorate's view across services: administrators see every plan, lead inspectors those they lead."""
    if not access.may_see_plans_dashboard(request.user):
        raise PermissionDenied("The improvement plans dashboard is for administrators and lead inspectors.")
    inspections = access.plans_visible_to(request.user)
    return render(request, "inspections/plans_dashboard.html", plan_selectors.plan_dashboard(inspections))
