"""What the inspection pages show: each page's context is built here, so that a view only renders it.

`page_context` is what every inspection page has (the inspection, what the person may do there, the
programme); the other functions read one page each. The case page's shape is `case_pages.py`'s, the
results page's `results_pages.py`'s and the report's `report_pages.py`'s. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from yjinspect.engine.framework import Population
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.programmes import inspection_programme_ids, programme_for
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections import plan_selectors, previous_inspections, selectors
from yjinspect.web.inspections.case_pages import case_page_for
from yjinspect.web.inspections.models import (
    AssessmentState,
    HistoryEntry,
    Inspection,
    Role,
    SampledCase,
    SampleState,
    SecondAssessment,
)
from yjinspect.web.inspections.services.agreement import SECOND_ASSESSMENT, double_marking_gaps


def page_context(user: Any, inspection: Inspection, **more: Any) -> dict[str, Any]:
    """Return what every inspection page shows: the inspection, what the user may do there, its programme."""
    programme = selectors.programme_of(inspection)
    return {
        "inspection": inspection,
        "can": {action.name: access.allowed(user, action, inspection) for action in Action},
        "framework": programme.framework,
        "programme": programme,
        **more,
    }


def create_page(values: dict[str, str]) -> dict[str, Any]:
    """Return the set-up form: the values given so far, the frameworks and the services already known."""
    # The programmes without a data return are the earlier ones (2009-2017), named so on the form; one
    # held for its published results only (rules not public) is not offered.
    offered = [programme_for(i) for i in inspection_programme_ids()]
    frameworks = [(p.id, f"{p.title} ({p.era})" if p.era else p.title) for p in offered]
    services_known = Service.objects.order_by("name").values_list("name", flat=True)
    return {"values": values, "frameworks": frameworks, "services_known": services_known}


# Which action a task's page needs, so that the task list links only to pages the person may open.
_TASK_ACTIONS = {
    "team": Action.VIEW_CASES,
    "data_return": Action.VIEW_DATA_RETURN,
    "sample": Action.VIEW_CASES,
    "allocation": Action.ALLOCATE,
    "cases": Action.VIEW_CASES,
    "ratings": Action.VIEW_RATINGS,
    "report": Action.VIEW_REPORT,
    "surveys": Action.VIEW_SURVEYS,
    "draft": Action.VIEW_DRAFT,
}


def task_list_page(user: Any, inspection: Inspection) -> dict[str, Any]:
    """Return the task list, each task with whether the user may open its page."""
    tasks = [
        {"task": t, "allowed": t.url_name is not None and access.allowed(user, _TASK_ACTIONS[t.url_name], inspection)}
        for t in selectors.tasks(inspection)
    ]
    if not access.allowed(user, Action.VIEW_CASES, inspection):
        # A service contact sees their own tasks, not how the inspection team's work is going.
        tasks = [t for t in tasks if t["allowed"]]
    # The service's previous inspections, for the team planning this one (issue 13, item 3).
    earlier = (
        previous_inspections.earlier_inspections(inspection, plan_selectors.plan_status)
        if access.allowed(user, Action.VIEW_RATINGS, inspection)
        else []
    )
    return {"tasks": tasks, "earlier": earlier}


def team_page(inspection: Inspection) -> dict[str, Any]:
    """Return the team and the roles someone may be given."""
    members = inspection.memberships.select_related("user", "user__profile").order_by("role")
    return {"members": members, "roles": Role.choices}


def data_return_page(
    inspection: Inspection,
    *,
    typed: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
    version: str | None = None,
    newer: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the caseload (its first 200 rows and how many there are) and the contextual facts' form.

    After a refused save the form gives back what was `typed` (never the old saved figures), each
    problem beside its figure, and the `version` the typing started from; after a stale save, the
    `newer` figures a colleague saved stand beside the typed ones, with their version, so that
    saving again is a choice made knowing them."""
    rows = inspection.caseload.all()
    saved = inspection.facts.data
    if newer is not None:
        version = str(newer.get("version", ""))
    fields = []
    for key, label in FACT_LABELS.items():
        value = typed.get(key, "") if typed is not None else saved.get(key, "")
        # check_facts names each problem by its figure's label, so the label finds the field it belongs beside.
        error = next((p.removeprefix(f"{label}: ") for p in problems if p.startswith(f"{label}: ")), "")
        theirs = (newer.get("data") or {}).get(key, "") if newer is not None else None
        fields.append((key, label, value, error, theirs if theirs is not None and str(theirs) != str(value) else None))
    return {
        "rows": rows[:200],
        "row_count": rows.count(),
        "facts": inspection.facts,
        "facts_version": inspection.facts.version if version is None else version,
        "fact_fields": fields,
    }


RESERVES_SHOWN = 10  # the next reserves named per population; the rest are counted


def sample_page(inspection: Inspection) -> dict[str, Any]:
    """Return the draw explained, the cases sampled and replaced, and the reserves: counted per population,
    the next few named. The eligible population is summarised, never listed: a large caseload's reserves
    run to tens of thousands, and listing them made a page of megabytes."""
    cases = inspection.cases.all()
    reserves = cases.filter(sample_state=SampleState.RESERVE).order_by()
    left = dict(reserves.values_list("population").annotate(left=Count("id")))
    place = Window(RowNumber(), partition_by=F("population"), order_by=F("draw_position").asc())
    following: dict[str, list[str]] = {}
    for population, ref in (
        reserves.annotate(place=place)
        .filter(place__lte=RESERVES_SHOWN)
        .order_by("draw_position")
        .values_list("population", "case_ref")
    ):
        following.setdefault(population, []).append(ref)
    return {
        "draw": selectors.sample_explanation(inspection),
        "sampled": list(cases.filter(sample_state=SampleState.SAMPLED)),
        "replaced": list(cases.filter(sample_state=SampleState.REPLACED).select_related("replacement")),
        "reserves": [
            {"population": population, "count": left[population.value], "next": following[population.value]}
            for population in Population
            if left.get(population.value)
        ],
    }


def allocation_page(inspection: Inspection) -> dict[str, Any]:
    """Return the sampled cases with their assessors, and the team members who may be allocated cases."""
    cases = inspection.cases.filter(sample_state=SampleState.SAMPLED).select_related("assessor")
    return {"cases": cases, "assessors": selectors.eligible_assessors(inspection)}


def case_list_page(user: Any, inspection: Inspection) -> dict[str, Any]:
    """Return the sampled cases the user may open, and the settings a case may be added with."""
    visible = [
        c
        for c in inspection.cases.filter(sample_state=SampleState.SAMPLED).select_related("assessor", "inspection")
        if access.allowed(user, Action.VIEW_CASE, inspection, c)
    ]
    seconds = SecondAssessment.objects.filter(case__inspection=inspection, assessor_id=user.pk).select_related("case")
    return {
        "cases": visible,
        "settings": selectors.programme_of(inspection).case_settings(),
        "second_assessments": list(seconds.order_by("case__case_ref")),
    }


def case_page(user: Any, case: SampledCase) -> tuple[str, dict[str, Any]]:
    """Return the case page's template (in its programme's shape) and context, with what the user may do there."""
    page = case_page_for(case)
    can_review = access.allowed(user, Action.REVIEW_CASE, case.inspection, case)
    history = case.history.select_related("user")
    if not access.allowed(user, Action.RESOLVE_DISAGREEMENT, case.inspection, case):
        # A double-marked case's first assessor must not read the blind second assessment in the history.
        history = history.exclude(what__contains=SECOND_ASSESSMENT)
    return page.template, {
        **page.context(case),
        "can_assess": access.allowed(user, Action.ASSESS_CASE, case.inspection, case)
        and case.state in (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS, AssessmentState.RETURNED),
        "can_review": can_review,
        "answer_choices": [("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable")],
        "history": history[:50],
        "double_marking": double_marking_gaps(case) if can_review else [],
        "double_marked": can_review and SecondAssessment.objects.filter(case=case).exists(),
    }


HISTORY_PAGE = 200  # entries a history page shows; older ones are on the next page, none is left out


def history_page(inspection: Inspection, page: int = 1) -> dict[str, Any]:
    """Return one page of the inspection's history, newest first, and whether there are newer and older pages."""
    page = max(page, 1)
    start = (page - 1) * HISTORY_PAGE
    entries = HistoryEntry.objects.filter(inspection=inspection).select_related("user", "case")
    shown = list(entries[start : start + HISTORY_PAGE + 1])  # one more: is there an older page?
    total = entries.count()
    return {
        "entries": shown[:HISTORY_PAGE],
        "page": page,
        "older": page + 1 if len(shown) > HISTORY_PAGE else None,
        "newer": page - 1 if page > 1 else None,
        "first_shown": start + 1 if shown else 0,
        "last_shown": start + len(shown[:HISTORY_PAGE]),
        "total": total,
    }
