"""The inspection team's survey pages: the surveys and opening one, the printable codes, the results, keying in
a paper questionnaire, the anonymous responses as CSV. One URL per action; access through web/access.py."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.services import audit
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.surveys import selectors
from yjinspect.web.surveys.services import survey as services


@login_required
@require_GET
def surveys(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_SURVEYS)
    context = page_context(request.user, inspection, **selectors.surveys_page(request.user, inspection))
    return render(request, "surveys/surveys.html", context)


@login_required
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_SURVEYS)
    access.require(request.user, Action.OPEN_SURVEY, inspection)
    try:
        survey = services.survey_open(
            by=request.user,
            inspection=inspection,
            instrument_id=request.POST.get("instrument", ""),
            closes_on=request.POST.get("closes_on", ""),
            invitations=request.POST.get("invitations", ""),
            small_number=request.POST.get("small_number", "5") or "5",
        )
    except ServiceError as error:
        failed(request, error)
        return redirect("surveys", pk=pk)
    messages.success(request, "Survey opened. Print the invitation codes and give them to the service to hand out.")
    return redirect("survey_invitations", pk=pk, survey_pk=survey.pk)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    survey = access.survey_for(request.user, pk, survey_pk, Action.VIEW_SURVEYS)
    context = page_context(request.user, survey.inspection, **selectors.results_page(request.user, survey))
    return render(request, "surveys/results.html", context)


@login_required
@require_GET
def survey_invitations(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    survey = access.survey_for(request.user, pk, survey_pk, Action.VIEW_SURVEY_CODES)
    link = request.build_absolute_uri("/survey/")
    context = page_context(request.user, survey.inspection, link=link, **selectors.invitations_page(survey))
    return render(request, "surveys/invitations.html", context)


@login_required
@require_POST
def survey_invitations_add(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    survey = access.survey_for(request.user, pk, survey_pk, Action.OPEN_SURVEY)
    tell_outcome(
        request,
        lambda: services.invitations_add(by=request.user, survey=survey, invitations=request.POST.get("invitations", "")),
        lambda count: f"{count} more invitation codes made, at the end of the list.",
    )
    return redirect("survey_invitations", pk=pk, survey_pk=survey_pk)


@login_required
@require_GET
def survey_paper(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    survey = access.survey_for(request.user, pk, survey_pk, Action.KEY_PAPER_SURVEY)
    context = page_context(request.user, survey.inspection, survey=survey, instrument=selectors.instrument_of(survey), typed={},
                           paper_id=uuid.uuid4())  # fmt: skip
    return render(request, "surveys/paper.html", context)


@login_required
@require_POST
def survey_paper_save(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    """Key in one paper questionnaire; a refused one is shown again with what was typed."""
    survey = access.survey_for(request.user, pk, survey_pk, Action.KEY_PAPER_SURVEY)
    instrument = selectors.instrument_of(survey)
    values = {q.id: request.POST.getlist(q.id) for q in instrument.questions}
    try:
        services.paper_response_add(by=request.user, survey=survey, values=values, paper_id=request.POST.get("paper_id", ""))
    except ServiceError as error:
        failed(request, error)
        context = page_context(request.user, survey.inspection, survey=survey, instrument=instrument, typed=values,
                               paper_id=request.POST.get("paper_id", ""))  # fmt: skip
        return render(request, "surveys/paper.html", context, status=422)
    messages.success(request, "Paper questionnaire saved. The form is empty for the next one.")
    return redirect("survey_paper", pk=pk, survey_pk=survey_pk)


@login_required
@require_GET
def survey_csv(request: HttpRequest, pk: int, survey_pk: int) -> HttpResponse:
    survey = access.survey_for(request.user, pk, survey_pk, Action.EXPORT_SURVEY)
    text = selectors.responses_csv(survey)
    filename = f"survey-{survey.pk}-{survey.instrument_id}.csv"
    audit.inspection_export_record(
        by=request.user, inspection=survey.inspection, what="survey responses exported", detail=filename
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
