"""The results page (ratings, scores, judgements or counts) and its actions: the team's ratings, the panel's decisions.

The page's shape is the programme's kind; `results_pages.py` builds each shape.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.context import tell_outcome
from yjinspect.web.inspections.case_pages import whole_number
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.results_pages import results_page
from yjinspect.web.inspections.services import ratings as ratings_services  # named apart from the view ratings


@login_required
@require_GET
def ratings(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_RATINGS)
    template, page = results_page(inspection)
    return render(request, template, page_context(request.user, inspection, **page))


@login_required
@require_POST
def team_rating_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the team's rating (or judgement) of one standard, refused if someone saved a newer one."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_RATINGS)
    access.require(request.user, Action.RECORD_TEAM_RATINGS, inspection)
    standard_id = request.POST.get("standard", "")
    tell_outcome(
        request,
        lambda: ratings_services.team_rating_save(
            by=request.user,
            inspection=inspection,
            standard_id=standard_id,
            rating=request.POST.get("rating", ""),
            evidence=request.POST.get("evidence", ""),
            expected_version=whole_number(request.POST.get("version"), "Version"),
        ),
        f"Team rating for {standard_id} saved.",
    )
    return redirect("ratings", pk=pk)


@login_required
@require_POST
def panel_decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_RATINGS)
    access.require(request.user, Action.RECORD_PANEL_DECISION, inspection)
    standard_id = request.POST.get("standard", "")
    tell_outcome(
        request,
        lambda: ratings_services.panel_decision_record(
            by=request.user,
            inspection=inspection,
            standard_id=standard_id,
            rating=request.POST.get("rating", ""),
            reason=request.POST.get("reason", ""),
            expected_version=whole_number(request.POST.get("version"), "Version"),
        ),
        f"Panel decision on {standard_id} recorded.",
    )
    return redirect("ratings", pk=pk)


@login_required
@require_POST
def panel_decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_RATINGS)
    access.require(request.user, Action.RECORD_PANEL_DECISION, inspection)
    standard_id = request.POST.get("standard", "")
    tell_outcome(
        request,
        lambda: ratings_services.panel_decision_withdraw(
            by=request.user,
            inspection=inspection,
            standard_id=standard_id,
            expected_version=whole_number(request.POST.get("version"), "Version"),
        ),
        f"Panel decision on {standard_id} withdrawn.",
    )
    return redirect("ratings", pk=pk)
