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

from yjinspect.engine.framework import Population, RatedBy, Rating
from yjinspect.engine.legacy.framework import load_legacy_framework, shipped_legacy_ids
from yjinspect.engine.loading import load_framework, shipped_framework_ids
from yjinspect.engine.rating import NOT_RATED
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections import selectors
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import (
    AssessmentState,
    HistoryEntry,
    Role,
    SampledCase,
    SampleState,
    TeamRating,
)
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
    framework = selectors.any_framework(inspection)
    return {"inspection": inspection, "can": can, "framework": framework, "legacy": selectors.is_legacy(inspection), **more}


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
    frameworks = [(f, load_framework(f).title) for f in shipped_framework_ids()]
    frameworks += [(f, f"{load_legacy_framework(f).title} (earlier programme)") for f in shipped_legacy_ids()]
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
                sample_services.sample_draw(by=request.user, inspection=inspection, seed=_int(request.POST.get("seed"), "Seed"))
                messages.success(request, "Sample drawn. Check it, then confirm it to lock it.")
            elif action == "confirm":
                sample_services.sample_confirm(by=request.user, inspection=inspection)
                messages.success(request, "Sample confirmed and locked.")
            elif action == "replace":
                case = access.case_for(request.user, _int(request.POST.get("case"), "Case"), Action.VIEW_CASE)
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


def _int(value: str | None, name: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ServiceError(f"{name}: expected a whole number, got {value!r}.") from None


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
    if request.method == "POST":  # an earlier programme's cases are added here, one at a time
        access.require(request.user, Action.DRAW_SAMPLE, inspection)
        try:
            case = assessment.legacy_case_add(
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
    settings = load_legacy_framework(inspection.framework_id).settings if selectors.is_legacy(inspection) else ()
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


def _legacy_case_page(request: HttpRequest, case: SampledCase) -> HttpResponse:
    """An earlier programme's case: its scoring questions under their criterion or theme."""
    framework = load_legacy_framework(case.inspection.framework_id)
    answers = {a.question_id: a for a in case.answers.all()}
    questions = [
        {
            "item": item,
            "question": q,
            "key_for": [theme.name for theme in framework.headline_themes if theme.id in q.headline_themes],
            "value": answers[q.id].value if q.id in answers else "",
            "evidence": answers[q.id].evidence if q.id in answers else "",
            "version": answers[q.id].version if q.id in answers else 0,
        }
        for item, q in framework.scoring_questions()
    ]
    context = _context(
        request, case.inspection, case=case, questions=questions, settings=framework.settings, **_case_access(request, case)
    )
    return render(request, "inspections/legacy_case.html", context)


def _case_page(request: HttpRequest, case: SampledCase, status: int = 200, **more: Any) -> HttpResponse:
    if selectors.is_legacy(case.inspection):
        return _legacy_case_page(request, case)
    framework = load_framework(case.inspection.framework_id)
    applicable = {q.id for q in selectors.applicable_questions(case)}
    answers = {a.question_id: a for a in case.answers.all()}
    questions = []
    for standard in framework.standards:
        if framework.rated_by(standard) is not RatedBy.CASE_ANSWERS:
            continue
        if framework.domain_of(standard.id).population is not Population(case.population):
            continue
        for q in standard.key_questions:
            answer = answers.get(q.id)
            questions.append(
                {
                    "prompts": [
                        {
                            "prompt": p,
                            "value": answers[p.id].value if p.id in answers else "",
                            "version": answers[p.id].version if p.id in answers else 0,
                        }
                        for p in q.prompts
                    ],
                    "question": q,
                    "standard": standard,
                    "applies": q.id in applicable,
                    "value": answer.value if answer else "",
                    "evidence": answer.evidence if answer else "",
                    "version": answer.version if answer else 0,
                }
            )
    context = _context(
        request,
        case.inspection,
        case=case,
        questions=questions,
        classifications=[("", "Not judged yet"), *[(c, c.capitalize()) for c in ("low", "medium", "high", "very high")]],
        **_case_access(request, case),
        **more,
    )
    return render(request, "inspections/case.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment page; without JavaScript its form posts here and saves everything that changed."""
    case = access.case_for(request.user, pk, Action.VIEW_CASE)
    if request.method != "POST":
        return _case_page(request, case)
    case = access.case_for(request.user, pk, Action.ASSESS_CASE)
    if selectors.is_legacy(case.inspection):
        return _legacy_case_save(request, case)
    stale: list[str] = []
    try:
        try:
            assessment.case_facts_save(
                by=request.user,
                case=case,
                changes=_facts_from(request.POST),
                expected_version=_int(request.POST.get("case_version"), "Case version"),
            )
        except StaleWriteError:
            stale.append("the case judgements")
        case.refresh_from_db()
        for prompt in (
            (p for q in selectors.applicable_questions(case) for p in q.prompts) if case.harm_factors is not None else []
        ):
            if f"answer-{prompt.id}" in request.POST:
                try:
                    assessment.answer_save(by=request.user, case=case, question_id=prompt.id, value=request.POST[f"answer-{prompt.id}"],
                                           evidence="", expected_version=_int(request.POST.get(f"version-{prompt.id}", "0"), "Answer version"))  # fmt: skip
                except StaleWriteError:
                    stale.append(prompt.id)
        for question in selectors.applicable_questions(case) if case.harm_factors is not None else []:
            value = request.POST.get(f"answer-{question.id}", "")
            evidence = request.POST.get(f"evidence-{question.id}", "")
            version = _int(request.POST.get(f"version-{question.id}", "0"), "Answer version")
            try:
                assessment.answer_save(
                    by=request.user, case=case, question_id=question.id, value=value, evidence=evidence, expected_version=version
                )
            except StaleWriteError:
                stale.append(question.id)
    except ServiceError as error:
        _failed(request, error)
        return redirect("case", pk=pk)
    _saved_or_stale(request, stale)
    return redirect("case", pk=pk)


def _legacy_case_save(request: HttpRequest, case: SampledCase) -> HttpResponse:
    """Save an earlier programme's case form: the setting (SQS) and every answer that changed."""
    stale: list[str] = []
    try:
        if "setting" in request.POST:
            try:
                assessment.case_facts_save(by=request.user, case=case, changes={"setting": request.POST["setting"]},
                                           expected_version=_int(request.POST.get("case_version"), "Case version"))  # fmt: skip
            except StaleWriteError:
                stale.append("the setting")
        for _, question in load_legacy_framework(case.inspection.framework_id).scoring_questions():
            if f"answer-{question.id}" not in request.POST and f"evidence-{question.id}" not in request.POST:
                continue
            try:
                assessment.answer_save(by=request.user, case=case, question_id=question.id,
                                       value=request.POST.get(f"answer-{question.id}", ""), evidence=request.POST.get(f"evidence-{question.id}", ""),
                                       expected_version=_int(request.POST.get(f"version-{question.id}", "0"), "Answer version"))  # fmt: skip
            except StaleWriteError:
                stale.append(question.id)
    except ServiceError as error:
        _failed(request, error)
        return redirect("case", pk=case.pk)
    _saved_or_stale(request, stale)
    return redirect("case", pk=case.pk)


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


def _facts_from(data: Any) -> dict[str, Any]:
    def flag(name: str) -> bool | None:
        return {"yes": True, "no": False}.get(data.get(name, ""))

    return {
        "harm_factors": flag("harm_factors"),
        "safety_wellbeing_factors": flag("safety_wellbeing_factors"),
        "inspector_rosh": data.get("inspector_rosh", ""),
        "inspector_safety_wellbeing": data.get("inspector_safety_wellbeing", ""),
        "practice_example": data.get("practice_example") == "yes",
        "pseudonym": data.get("pseudonym", "").strip(),
        "real_names": data.get("real_names", "").strip(),
        "offence_type": data.get("offence_type", "").strip(),
    }


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
            changes = (
                {"setting": str(payload.get("setting", ""))} if selectors.is_legacy(case.inspection) else _facts_from(payload)
            )
            updated = assessment.case_facts_save(
                by=request.user, case=case, changes=changes, expected_version=int(payload["version"])
            )
            if selectors.is_legacy(case.inspection):
                return JsonResponse({"saved": True, "version": updated.version})
            applicable = [q.id for q in selectors.applicable_questions(updated)]
            return JsonResponse({"saved": True, "version": updated.version, "applicable": applicable})
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
                    expected_version=_int(request.POST.get("version"), "Version"),
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
    if selectors.is_legacy(inspection):
        return _legacy_scores(request, inspection)
    framework = load_framework(inspection.framework_id)
    result = selectors.inspection_result(inspection)
    team_ratings = {t.standard_id: t for t in TeamRating.objects.filter(inspection=inspection)}
    rows = []
    for standard in result.standards:
        definition = framework.standard(standard.id)
        questions = [
            {
                "result": q,
                "text": framework.key_question(q.id).text if framework.key_question(q.id) else "",  # type: ignore[union-attr]
                "near": selectors.near_boundary(framework, q.percent),
                "decides": q.id == standard.deciding_question,
            }
            for q in standard.key_questions
        ]
        rows.append(
            {"standard": standard, "definition": definition, "questions": questions, "team": team_ratings.get(standard.id)}
        )
    rating_choices = [r.value for r in Rating]
    return render(
        request,
        "inspections/ratings.html",
        _context(
            request,
            inspection,
            result=result,
            rows=rows,
            rating_choices=rating_choices,
            not_rated=NOT_RATED,
            agreement=selectors.classification_agreement(inspection),
        ),
    )


def _legacy_scores(request: HttpRequest, inspection: Any) -> HttpResponse:
    """An earlier programme's scores (CCI), case assessment scores with the team's judgements (FJI) or counts (SQS)."""
    framework = load_legacy_framework(inspection.framework_id)
    result = selectors.legacy_result(inspection)
    team = {t.standard_id: t for t in TeamRating.objects.filter(inspection=inspection)}
    themes = [{"theme": t, "found": result.themes.get(t.id), "team": team.get(t.id)} for t in framework.themes]
    counts = [
        {"theme": t, "rows": [{"criterion": c, "count": result.counts.get(t.id, {}).get(c.id)} for c in framework.criteria]}
        for t in framework.themes
    ]
    sections = [
        {"section": s, "score": result.cci.sections[s.id], "criteria": [(c, result.cci.criteria[c.id]) for c in s.criteria]}
        for s in framework.sections
    ] if result.cci else []  # fmt: skip
    headlines = [(t, result.cci.headlines[t.id]) for t in framework.headline_themes] if result.cci else []
    return render(request, "inspections/legacy_scores.html", _context(
        request, inspection, result=result, themes=themes, counts=counts, sections=sections, headlines=headlines,
    ))  # fmt: skip


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
