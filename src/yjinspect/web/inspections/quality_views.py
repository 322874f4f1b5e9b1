"""Can the ratings be trusted: double marking (choosing cases, the blind second assessment, comparing and
resolving), the agreement figures, and the quality lead's dip-sampling. Services decide; access.py checks."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import display_name
from yjinspect.web.context import failed, tell_outcome
from yjinspect.web.inspections import agreement_selectors
from yjinspect.web.inspections.case_pages import whole_number
from yjinspect.web.inspections.models import Inspection, SampledCase, SecondAssessment
from yjinspect.web.inspections.pages import page_context
from yjinspect.web.inspections.selectors import case_record, programme_of
from yjinspect.web.inspections.services import agreement
from yjinspect.web.inspections.services.common import ServiceError

ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable")]


@login_required
@require_GET
def double_marking(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.DOUBLE_MARK)
    context = page_context(request.user, inspection, **agreement_selectors.double_marking_page(inspection))
    return render(request, "inspections/double_marking.html", context)


@login_required
@require_POST
def double_marking_draw(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.DOUBLE_MARK)
    tell_outcome(
        request,
        lambda: agreement.double_marking_draw(by=request.user, inspection=inspection, percent=request.POST.get("percent", "")),
        lambda refs: f"{len(refs)} case(s) drawn for a second assessment: {', '.join(refs)}.",
    )
    return redirect("double_marking", pk=pk)


@login_required
@require_POST
def double_marking_mark(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.DOUBLE_MARK)
    try:
        case = inspection.cases.get(pk=whole_number(request.POST.get("case"), "Case"))
        assessor = get_user_model().objects.get(pk=whole_number(request.POST.get("assessor"), "Second assessor"))
        agreement.second_assessment_mark(by=request.user, case=case, assessor=assessor)
    except ServiceError as error:
        failed(request, error)
    except (get_user_model().DoesNotExist, SampledCase.DoesNotExist):
        failed(request, ServiceError("Choose one of this inspection's cases and one of its inspectors or local assessors."))
    else:
        messages.success(
            request,
            f"Case {case.case_ref} will be assessed a second time, blind, by {display_name(assessor)}.",
        )
    return redirect("double_marking", pk=pk)


@login_required
@require_POST
def second_assessment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.DOUBLE_MARK)
    tell_outcome(
        request,
        lambda: agreement.second_assessment_remove(by=request.user, case=case),
        lambda _: f"The second assessment of case {case.case_ref} was taken back.",
    )
    return redirect("double_marking", pk=case.inspection_id)


@login_required
@require_GET
def second_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The blind second assessment: the case's questions, and only the second assessor's own answers."""
    second = access.second_assessment_for(request.user, pk)
    case = second.case
    given = {a.question_id: a for a in second.answers.all()}
    questions = [
        {
            "question": q,
            "value": given[q.id].value if q.id in given else "",
            "evidence": given[q.id].evidence if q.id in given else "",
            "version": given[q.id].version if q.id in given else 0,
        }
        for q in programme_of(case.inspection).second_assessment_questions(case_record(case))
    ]
    context = page_context(
        request.user, case.inspection, second=second, case=case, questions=questions, answer_choices=ANSWER_CHOICES
    )
    return render(request, "inspections/second_assessment.html", context)


def _second_answers_saved(request: HttpRequest, second: SecondAssessment) -> bool:
    """Save the second assessment's answers the form posted; say what was refused or stale; return whether all saved."""
    questions = programme_of(second.case.inspection).second_assessment_questions(case_record(second.case))
    try:
        changes = [
            agreement.SecondAnswerChange(
                q.id,
                request.POST.get(f"answer-{q.id}", ""),
                request.POST.get(f"evidence-{q.id}", ""),
                whole_number(request.POST.get(f"version-{q.id}", "0"), "Answer version"),
            )
            for q in questions
            if f"answer-{q.id}" in request.POST or f"evidence-{q.id}" in request.POST
        ]
        stale = agreement.second_answers_save(by=request.user, second=second, changes=changes)
    except ServiceError as error:
        failed(request, error)
        return False
    if stale:
        failed(request, ServiceError(f"Newer answers were saved from another page for: {', '.join(stale)}; yours were not saved for those. The newer answers are shown."))  # fmt: skip
        return False
    return True


@login_required
@require_POST
def second_assessment_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the second assessment's answers, to come back to."""
    second = access.second_assessment_for(request.user, pk)
    if _second_answers_saved(request, second):
        messages.success(request, "Saved.")
    return redirect("second_assessment", pk=pk)


@login_required
@require_POST
def second_assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the answers the form posted, then submit the whole second assessment to the lead inspector."""
    second = access.second_assessment_for(request.user, pk)
    if _second_answers_saved(request, second):
        tell_outcome(
            request,
            lambda: agreement.second_assessment_submit(by=request.user, second=second),
            lambda _: f"Your second assessment of case {second.case.case_ref} was submitted to the lead inspector.",
        )
    return redirect("second_assessment", pk=pk)


@login_required
@require_GET
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """Both assessments side by side, for the lead inspector to resolve each disagreement."""
    case = access.case_for(request.user, pk, Action.RESOLVE_DISAGREEMENT)
    second = SecondAssessment.objects.select_related("assessor").filter(case=case).first()
    if second is None:
        raise PermissionDenied(f"Case {case.case_ref} is not double-marked.")
    context = page_context(
        request.user, case.inspection, case=case, second=second, rows=agreement.comparison(case) if second.submitted_at else [],
        gaps=agreement.double_marking_gaps(case), answer_choices=ANSWER_CHOICES,
    )  # fmt: skip
    return render(request, "inspections/comparison.html", context)


@login_required
@require_POST
def disagreement_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.RESOLVE_DISAGREEMENT)
    question = request.POST.get("question", "")
    tell_outcome(
        request,
        lambda: agreement.disagreement_resolve(
            by=request.user,
            case=case,
            question_id=question,
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        ),
        lambda _: f"{question} resolved: the rated answer is the one you chose, and both assessors' answers are kept.",
    )
    return redirect("comparison", pk=pk)


@login_required
@require_GET
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_AGREEMENT)
    figures = agreement_selectors.agreement_figures(Inspection.objects.filter(pk=inspection.pk))
    return render(request, "inspections/agreement.html", page_context(request.user, inspection, **figures))


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str, what: str, *, end: bool) -> date | None:
    if not value:
        return None
    found = _MONTH.match(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise ServiceError(f"{what}: expected a month as YYYY-MM (2026-04), got {value!r}.")
    year, month = int(found[1]), int(found[2])
    if not 1900 <= year <= 2999:
        raise ServiceError(f"{what}: {value!r} is not a month inspections were held in (expected a year from 1900).")
    if not end:
        return date(year, month, 1)
    return date(year + month // 12, month % 12 + 1, 1)


@login_required
@require_GET
def inspectorate_agreement(request: HttpRequest) -> HttpResponse:
    """The same figures over every inspection whose fieldwork began in a period: for training, the inspectorate's only."""
    if not access.may_see_inspectorate_agreement(request.user):
        raise PermissionDenied("Only the inspectorate's quality leads and administrators see agreement across inspections.")
    inspections = Inspection.objects.all()
    period = {"start": request.GET.get("from", ""), "end": request.GET.get("to", "")}
    try:
        start, end = _month(period["start"], "From", end=False), _month(period["end"], "To", end=True)
    except ServiceError as error:
        failed(request, error)
        start = end = None
        period = {"start": "", "end": ""}
    if start is not None:
        inspections = inspections.filter(fieldwork_start__gte=start)
    if end is not None:
        inspections = inspections.filter(fieldwork_start__lt=end)
    figures = agreement_selectors.agreement_figures(inspections)
    context = {**figures, "period": period, "inspection_count": inspections.count()}
    return render(request, "inspections/inspectorate_agreement.html", context)


@login_required
@require_GET
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.QUALITY_REVIEW)
    context = page_context(request.user, inspection, **agreement_selectors.quality_page(inspection))
    return render(request, "inspections/quality.html", context)


@login_required
@require_POST
def quality_share_save(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.QUALITY_REVIEW)
    tell_outcome(
        request,
        lambda: agreement.quality_share_save(by=request.user, inspection=inspection, percent=request.POST.get("percent", "")),
        lambda _: "The share of each assessor's cases dip-sampled was saved.",
    )
    return redirect("quality", pk=pk)


@login_required
@require_POST
def quality_review_save(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.QUALITY_REVIEW)
    verdicts = {
        name.removeprefix("verdict-"): (
            request.POST.get(name, ""),
            request.POST.get(f"reason-{name.removeprefix('verdict-')}", ""),
        )
        for name in request.POST
        if name.startswith("verdict-")
    }
    tell_outcome(
        request,
        lambda: agreement.quality_review_save(by=request.user, case=case, verdicts=verdicts),
        lambda count: f"Quality review of case {case.case_ref} saved ({count} answer(s)).",
    )
    return redirect("quality", pk=case.inspection_id)
