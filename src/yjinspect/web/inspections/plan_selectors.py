"""Reads of the improvement plan after publication: its status (which public pages may show), its page,
the inspectorate's dashboard across services, and its exports (CSV, Word). Nothing here writes."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from docx import Document

from yjinspect.reporting.renderers import xml_text
from yjinspect.web.inspections.models import ActionStatus, ImprovementPlan, Inspection, PlanAction, PlanEntry, PlanState
from yjinspect.web.inspections.selectors import programme_of


@dataclass(frozen=True)
class PlanStatus:
    """Where an inspection's improvement plan stands, in a word and in words.

    state: "none" (no plan: not published, or published before plans), "due" (being written, not yet due),
    "overdue" (not submitted by its due date), "submitted", "returned", "accepted"."""

    state: str
    label: str
    due_on: date | None = None
    actions: int = 0
    actions_done: int = 0
    next_update_due: date | None = None
    update_overdue: bool = False
    public: bool = False  # the inspectorate chose to show this status on the public pages


def plan_status(inspection: Inspection, today: date | None = None) -> PlanStatus:
    """Return the status of the inspection's improvement plan, with counts of its actions and those done."""
    today = today or timezone.localdate()
    plan = ImprovementPlan.objects.filter(inspection=inspection).first()
    if plan is None:
        return PlanStatus("none", "No improvement plan")
    actions = PlanAction.objects.filter(entry__plan=plan)
    total, done = actions.count(), actions.filter(status=ActionStatus.DONE).count()
    if plan.state in (PlanState.DRAFT, PlanState.RETURNED) and today > plan.due_on:
        state, label = "overdue", f"Overdue: due {plan.due_on:%-d %B %Y}"
    elif plan.state == PlanState.DRAFT:
        state, label = "due", f"Due {plan.due_on:%-d %B %Y}"
    else:
        state, label = str(plan.state), plan.get_state_display()
    update_overdue = plan.state == PlanState.ACCEPTED and plan.next_update_due is not None and today > plan.next_update_due
    return PlanStatus(state, label, plan.due_on, total, done, plan.next_update_due, update_overdue, plan.status_public)


def plan_with_entries(inspection: Inspection) -> ImprovementPlan | None:
    """Return the inspection's plan with its entries and their actions read in three queries."""
    actions = Prefetch("actions", queryset=PlanAction.objects.defer("evidence_file").order_by("position"))
    entries = Prefetch("entries", queryset=PlanEntry.objects.prefetch_related(actions).order_by("number"))
    return ImprovementPlan.objects.prefetch_related(entries, "contributors__user").filter(inspection=inspection).first()


def has_recommendations(inspection: Inspection) -> bool:
    """Return whether the programme's reports make recommendations (asked of its plug-in)."""
    return programme_of(inspection).recommendations({}) is not None


def plan_page(
    user: Any,
    inspection: Inspection,
    today: date | None = None,
    *,
    kept_entry: int | None = None,
    kept_actions: Sequence[Any] = (),
    kept_progress: tuple[int, Mapping[str, str]] | None = None,
    stale: bool = False,
) -> dict[str, Any]:
    """Return the plan page's context: the plan, each entry with its actions, the rows of its form and each
    action's progress form, and what is overdue. After a refused save the form that was sent shows what was
    typed (`kept_entry` and `kept_actions`, or `kept_progress`: the action and its fields), so that nothing
    typed is lost; `stale` says a colleague saved it meanwhile, and their saved version is shown beside."""
    today = today or timezone.localdate()
    plan = plan_with_entries(inspection)
    entries = []
    for entry in plan.entries.all() if plan else []:
        actions = list(entry.actions.all())
        if entry.pk == kept_entry:
            rows = [
                {"text": a.text, "owner": a.owner, "target": a.target_date, "success": a.success_measure} for a in kept_actions
            ]
        else:
            rows = [
                {"text": a.text, "owner": a.owner, "target": f"{a.target_date:%-d/%-m/%Y}", "success": a.success_measure}
                for a in actions
            ]
        rows.append({"text": "", "owner": "", "target": "", "success": ""})  # room for one more action
        progress = []
        for a in actions:
            typed = kept_progress[1] if kept_progress is not None and kept_progress[0] == a.pk else None
            fields = typed or {"status": a.status, "note": a.progress_note, "evidence_text": a.evidence_text}
            progress.append({"action": a, **fields, "stale": typed is not None and stale})
        entries.append(
            {
                "entry": entry,
                "actions": actions,
                "rows": rows,
                "progress": progress,
                "stale": entry.pk == kept_entry and stale,
                "late": [a for a in actions if a.target_date < today and a.status != ActionStatus.DONE],
            }
        )
    return {
        "plan": plan,
        "entries": entries,
        "status": plan_status(inspection, today),
        "today": today,
        "has_recommendations": has_recommendations(inspection),
        "action_statuses": ActionStatus.choices,
        "editable": plan is not None and plan.state in (PlanState.DRAFT, PlanState.RETURNED),
        "accepted": plan is not None and plan.state == PlanState.ACCEPTED,
        "reviewable": plan is not None and plan.state in (PlanState.SUBMITTED, PlanState.RETURNED),
        "submittable": plan is not None and plan.state in (PlanState.DRAFT, PlanState.RETURNED),
        "accept_ready": plan is not None and plan.state == PlanState.SUBMITTED,
    }


UPDATES_DUE_WEEKS = 4  # the dashboard lists progress updates due within this many weeks


@dataclass
class DashboardRow:
    """One published inspection's plan on the inspectorate's dashboard."""

    inspection: Inspection
    status: PlanStatus
    actions_late: list[PlanAction] = field(default_factory=list)
    without_action: list[PlanEntry] = field(default_factory=list)


def plan_dashboard(inspections: QuerySet[Inspection], today: date | None = None) -> dict[str, Any]:
    """Return the dashboard across services: plans due and overdue, updates overdue, actions past their target
    date (not done), and recommendations with no action."""
    today = today or timezone.localdate()
    rows = []
    for inspection in inspections.order_by("service__name", "-fieldwork_start"):
        status = plan_status(inspection, today)
        row = DashboardRow(inspection, status)
        plan = plan_with_entries(inspection)
        if plan is not None:
            for entry in plan.entries.all():
                actions = list(entry.actions.all())
                if not actions:
                    row.without_action.append(entry)
                row.actions_late += [a for a in actions if a.target_date < today and a.status != ActionStatus.DONE]
        rows.append(row)
    return {
        "rows": rows,
        "today": today,
        "overdue": [r for r in rows if r.status.state == "overdue" or r.status.update_overdue],
        "due": [r for r in rows if r.status.state in ("due", "returned")],
        "updates_due": [
            r
            for r in rows
            if r.status.next_update_due is not None
            and not r.status.update_overdue
            and r.status.next_update_due <= today + timedelta(weeks=UPDATES_DUE_WEEKS)
        ],
        "awaiting_review": [r for r in rows if r.status.state == "submitted"],
        "actions_late": [(r, a) for r in rows for a in r.actions_late],
        "without_action": [(r, e) for r in rows for e in r.without_action],
    }


_CSV_HEADER = ("recommendation", "addressed to", "recommendation text", "action", "owner", "target date",
               "how success will be known", "progress", "progress note", "evidence")  # fmt: skip


def plan_table(plan: ImprovementPlan) -> list[tuple[object, ...]]:
    """Return the plan as the CSV export's rows, its header first: one row per action (a recommendation with
    none has one row of its own). The view writes them, each cell escaped as every CSV export here is."""
    rows: list[tuple[object, ...]] = [_CSV_HEADER]
    for entry, action in _rows(plan):
        cells: Iterable[object] = (entry.number, entry.addressed_to, entry.recommendation)
        if action is not None:
            evidence = action.evidence_text or action.evidence_name
            cells = (*cells, action.text, action.owner, action.target_date.isoformat(), action.success_measure,
                     action.get_status_display(), action.progress_note, evidence)  # fmt: skip
        rows.append(tuple(cells))
    return rows


def _rows(plan: ImprovementPlan) -> list[tuple[PlanEntry, PlanAction | None]]:
    rows: list[tuple[PlanEntry, PlanAction | None]] = []
    for entry in plan.entries.all():
        actions = list(entry.actions.all())
        rows += [(entry, a) for a in actions] or [(entry, None)]
    return rows


def plan_docx(plan: ImprovementPlan) -> bytes:
    """Return the plan as a Word document for the management board's meeting: each recommendation with its
    actions in a table (owner, target date, how success is known, progress)."""
    inspection = plan.inspection
    document = Document()
    document.add_heading(xml_text(f"Improvement plan: {inspection.service.name}"), level=0)
    document.add_paragraph(
        f"Inspection report published {plan.published_on:%-d %B %Y}. Plan due {plan.due_on:%-d %B %Y}; "
        f"status: {plan.get_state_display().lower()}."
    )
    if plan.next_update_due:
        document.add_paragraph(f"Next progress update due {plan.next_update_due:%-d %B %Y}.")
    entries = list(plan.entries.all())
    if not entries:
        document.add_paragraph("The report made no recommendations, so the plan has no entries.")
    for entry in entries:
        # Typed text may hold what Word's XML cannot (a vertical tab pasted from Word): xml_text makes it a space.
        to = f" ({entry.addressed_to})" if entry.addressed_to else ""
        document.add_heading(xml_text(f"Recommendation {entry.number}{to}"), level=1)
        document.add_paragraph(xml_text(entry.recommendation))
        actions = list(entry.actions.all())
        if not actions:
            document.add_paragraph("No action written yet.")
            continue
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, heading in zip(
            table.rows[0].cells, ("Action", "Owner", "Target date", "How success will be known", "Progress"), strict=True
        ):
            cell.text = heading
        for action in actions:
            progress = action.get_status_display() + (f": {action.progress_note}" if action.progress_note else "")
            values = (action.text, action.owner, f"{action.target_date:%-d %B %Y}", action.success_measure, progress)
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = xml_text(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
