"""Pages of an inspection before the assessment: set-up, team, data return, sample, allocation, exchange, history.

One URL per action: a page view only renders (its context is read in `pages.py`); an action view
parses its input, fetches through `access`, calls one service, tells the outcome and redirects to its page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import display_name
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections import pages
from yjinspect.web.inspections.case_pages import whole_number
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import Inspection, Membership
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.services import assessment, audit, setup
from yjinspect.web.inspections.services import sample as sample_services  # named apart from the view sample
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError
from yjinspect.web.inspections.services.exchange import BundleImportError, bundle_import


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    inspections = access.inspections_visible_to(request.user)
    can_create = access.allowed(request.user, Action.CREATE_INSPECTION, None)
    can_follow_plans = access.may_see_plans_dashboard(request.user)
    can_see_agreement = access.may_see_inspectorate_agreement(request.user)
    return render(request, "inspections/home.html",
                  {"inspections": inspections, "can_create": can_create, "can_follow_plans": can_follow_plans,
                   "can_see_agreement": can_see_agreement})  # fmt: skip


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Set up an inspection: the service, the framework, the announcement and fieldwork dates.

    One form and one action: a refused form is shown again with what was typed."""
    access.require(request.user, Action.CREATE_INSPECTION)
    values = {"service": "", "framework": "hmip-youth-2018", "announced_on": "", "fieldwork_start": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            inspection = setup.inspection_create_from_form(by=request.user, **values)
        except ServiceError as error:
            failed(request, error)
        else:
            messages.success(request, "Inspection set up. Add the team next.")
            return redirect("team", pk=inspection.pk)
    return render(request, "inspections/create.html", pages.create_page(values))


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_INSPECTION)
    context = page_context(request.user, inspection, **pages.task_list_page(request.user, inspection))
    return render(request, "inspections/overview.html", context)


# --- team -----------------------------------------------------------------------------------------


@login_required
@require_GET
def team(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    return render(request, "inspections/team.html", page_context(request.user, inspection, **pages.team_page(inspection)))


@login_required
@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add someone to the team; someone already in it is refused (their role is changed with its own action)."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.MANAGE_TEAM, inspection)
    username = request.POST.get("username", "")
    user = get_user_model().objects.select_related("profile").filter(username=username.strip()).first()
    try:
        if user is None:
            raise ServiceError(f"No account has the username {username!r}.")
        setup.membership_add(by=request.user, inspection=inspection, user=user, role=request.POST.get("role", ""))
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, f"{display_name(user)} added to the team.")
    return redirect("team", pk=pk)


def _member(inspection: Inspection, member_pk: int) -> Membership:
    """Return a membership of this inspection's team (404 for one of another inspection)."""
    found = Membership.objects.select_related("user", "user__profile").filter(inspection=inspection, pk=member_pk).first()
    if found is None:
        raise Http404("No such member of this inspection's team")
    return found


@login_required
@require_POST
def team_member_role_change(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.MANAGE_TEAM, inspection)
    member = _member(inspection, member_pk)
    role = request.POST.get("role", "")
    tell_outcome(
        request,
        lambda: setup.membership_role_change(by=request.user, inspection=inspection, user=member.user, role=role),
        lambda changed: f"{display_name(member.user)} is now {changed.get_role_display().lower()}.",
    )
    return redirect("team", pk=pk)


@login_required
@require_POST
def team_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.MANAGE_TEAM, inspection)
    member = _member(inspection, member_pk)
    tell_outcome(
        request,
        lambda: setup.membership_remove(by=request.user, inspection=inspection, user=member.user),
        f"{display_name(member.user)} removed from the team.",
    )
    return redirect("team", pk=pk)


# --- data return ----------------------------------------------------------------------------------


@login_required
@require_GET
def data_return(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DATA_RETURN)
    context = page_context(request.user, inspection, **pages.data_return_page(inspection))
    return render(request, "inspections/data_return.html", context)


@login_required
@require_POST
def caseload_upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DATA_RETURN)
    access.require(request.user, Action.SUBMIT_DATA_RETURN, inspection)
    upload = request.FILES.get("caseload")
    try:
        if upload is None:
            raise ServiceError("Choose a caseload file (CSV or XLSX) to upload.")
        count = sample_services.caseload_upload(
            by=request.user, inspection=inspection, filename=upload.name or "upload", content=upload.read()
        )
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, f"Caseload imported: {count} rows.")
    return redirect("data_return", pk=pk)


@login_required
@require_POST
def facts_save(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DATA_RETURN)
    access.require(request.user, Action.SUBMIT_DATA_RETURN, inspection)
    typed = request.POST.dict()
    try:
        sample_services.facts_save(
            by=request.user,
            inspection=inspection,
            data=typed,
            expected_version=whole_number(request.POST.get("version"), "Version"),
        )
    except StaleWriteError as error:
        failed(request, error)
        return _data_return_again(request, inspection, typed=typed, newer=error.current)
    except ServiceError as error:
        failed(request, error)
        return _data_return_again(request, inspection, typed=typed, problems=error.problems, version=typed.get("version"))
    messages.success(request, "Contextual facts saved.")
    return redirect("data_return", pk=pk)


def _data_return_again(request: HttpRequest, inspection: Inspection, **kept: Any) -> HttpResponse:
    """The data return page again after a refused save of the facts, with what was typed (never the old figures)."""
    context = page_context(request.user, inspection, **pages.data_return_page(inspection, **kept))
    return render(request, "inspections/data_return.html", context)  # 200, as every refused form here answers


# --- sample ---------------------------------------------------------------------------------------


@login_required
@require_GET
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    return render(request, "inspections/sample.html", page_context(request.user, inspection, **pages.sample_page(inspection)))


@login_required
@require_POST
def sample_draw(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.DRAW_SAMPLE, inspection)
    try:
        sample_services.sample_draw(by=request.user, inspection=inspection, seed=whole_number(request.POST.get("seed"), "Seed"))
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, "Sample drawn. Check it, then confirm it to lock it.")
    return redirect("sample", pk=pk)


@login_required
@require_POST
def sample_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.DRAW_SAMPLE, inspection)
    try:
        sample_services.sample_confirm(by=request.user, inspection=inspection)
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, "Sample confirmed and locked.")
    return redirect("sample", pk=pk)


@login_required
@require_POST
def case_replace(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    """Replace an ineligible sampled case of this inspection by the next reserve."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_CASES)
    access.require(request.user, Action.DRAW_SAMPLE, inspection)
    case = access.case_for(request.user, case_pk, Action.VIEW_CASE)
    if case.inspection_id != inspection.pk:
        raise Http404("No such case in this inspection")
    try:
        reserve = sample_services.case_replace(by=request.user, case=case, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, f"Case {case.case_ref} replaced by reserve {reserve.case_ref}.")
    return redirect("sample", pk=pk)


# --- allocation -----------------------------------------------------------------------------------


@login_required
@require_GET
def allocation(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.ALLOCATE)
    context = page_context(request.user, inspection, **pages.allocation_page(inspection))
    return render(request, "inspections/allocation.html", context)


@login_required
@require_POST
def allocation_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate every case whose assessor was changed: all of them, or none if one is refused."""
    inspection = access.inspection_for(request.user, pk, Action.ALLOCATE)
    choices = {name: request.POST.get(name, "") for name in request.POST if name.startswith("case-")}
    try:
        changed = assessment.allocation_save(by=request.user, inspection=inspection, choices=choices)
    except ServiceError as error:
        failed(request, error)
    else:
        if changed:
            messages.success(request, f"{changed} allocation(s) saved.")
    return redirect("allocation", pk=pk)


@login_required
@require_POST
def allocation_evenly(request: HttpRequest, pk: int) -> HttpResponse:
    """Spread the unallocated sampled cases evenly across the team's assessors; the lead adjusts afterwards."""
    inspection = access.inspection_for(request.user, pk, Action.ALLOCATE)
    tell_outcome(
        request,
        lambda: assessment.allocation_spread_evenly(by=request.user, inspection=inspection),
        lambda count: f"{count} case(s) allocated evenly across the team. Adjust any allocation below.",
    )
    return redirect("allocation", pk=pk)


# --- exchange and history -------------------------------------------------------------------------


@login_required
@require_GET
def export_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.EXPORT)
    body = json.dumps(bundle_export(inspection), indent=2, ensure_ascii=False)
    filename = f"inspection-{inspection.pk}.json"
    audit.inspection_export_record(by=request.user, inspection=inspection, what="inspection exported", detail=filename)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_bundle(request: HttpRequest) -> HttpResponse:
    """Import an inspection bundle: one form and one action, on the page that shows it."""
    access.require(request.user, Action.IMPORT)
    if request.method == "POST":
        upload = request.FILES.get("bundle")
        try:
            if upload is None:
                raise ServiceError("Choose a bundle file to import.")
            name = upload.name or "bundle"
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise ServiceError(f"{name} was not imported: it is not UTF-8 text (byte {error.start}).") from error
            inspection = bundle_import(by=request.user, text=text, source=name)
        except BundleImportError as error:
            failed(request, ServiceError(str(error), error.problems))
        except ServiceError as error:
            failed(request, error)
        else:
            messages.success(request, f"Imported: {inspection}.")
            return redirect("overview", pk=inspection.pk)
    return render(request, "inspections/import.html", {})


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_HISTORY)
    wanted = request.GET.get("page", "1")
    page = int(wanted) if re.fullmatch(r"[0-9]{1,6}", wanted) else 1  # anything else: the first page, not a 500
    context = page_context(request.user, inspection, **pages.history_page(inspection, page))
    return render(request, "inspections/history.html", context)
