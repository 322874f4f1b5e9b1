"""After publication: the service's improvement plan, the lead inspector's review, progress and reminders.

Publishing creates the plan (`plan_create`, one call in `report._publish_store`): one entry per
recommendation in the narrative, numbered in the narrative's order (the report's order), with the body it
is addressed to. The service's contact, and the people from the service they name (`contributor_add`),
write each entry's actions (`entry_save`, version-checked per entry) and submit the plan (`plan_submit`);
the lead inspector returns entries with comments (`entry_return`) or accepts the plan (`plan_accept`).
After acceptance the service reports progress per action (`progress_save`) and sends each update
(`progress_update_submit`) at the interval the inspectorate sets (`schedule_save`). `reminders_send`
e-mails before a plan or an update is due and when it is overdue, once per event (`SentReminder`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yjinspect.web.accounts.models import Profile, display_name
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import (
    ActionStatus,
    ImprovementPlan,
    Inspection,
    Membership,
    PlanAction,
    PlanContributor,
    PlanEntry,
    PlanState,
    Role,
    SentReminder,
)
from yjinspect.web.inspections.selectors import programme_of
from yjinspect.web.inspections.services.common import ServiceError, history_record, versioned_update
from yjinspect.web.limits import COMMENT_MAX_CHARS, EVIDENCE_MAX_CHARS, text_problem

REMIND_DAYS_BEFORE = 7  # a reminder goes this many days before a plan or an update is due
MONTHS_MAX = 24


def months_after(start: date, months: int) -> date:
    """Return the date `months` calendar months after `start` (the month's last day where it is shorter)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def plan_start(*, by: Any, inspection: Inspection) -> ImprovementPlan:
    """Make the plan of a report published before improvement plans were kept (publishing makes it since),
    due from the day the report was published."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not inspection.published:
        raise ServiceError("The report is not published yet: its improvement plan is made when it is.")
    if ImprovementPlan.objects.filter(inspection=inspection).exists():
        raise ServiceError("This inspection already has its improvement plan.")
    published = publishing.published_version(inspection)
    published_on = timezone.localdate(published.created_at) if published is not None else timezone.localdate()
    return plan_create(by=by, inspection=inspection, published_on=published_on)


def plan_create(*, by: Any, inspection: Inspection, published_on: date) -> ImprovementPlan:
    """Create the inspection's improvement plan at publication: one entry per recommendation, due the
    programme's number of weeks later. Called inside publishing's transaction."""
    weeks = programme_of(inspection).improvement_plan_weeks
    plan, created = ImprovementPlan.objects.get_or_create(
        inspection=inspection,
        defaults={"published_on": published_on, "due_on": published_on + timedelta(weeks=weeks)},
    )
    if not created:
        return plan
    items = programme_of(inspection).recommendations(publishing.report_of(inspection).narrative) or ()
    entries = [
        PlanEntry(plan=plan, number=number, addressed_to=item.to[:300], recommendation=item.text)
        for number, item in enumerate(items, start=1)
    ]
    PlanEntry.objects.bulk_create(entries)
    history_record(
        inspection, by, "improvement plan created", None, f"{len(entries)} recommendation(s), due {plan.due_on:%-d %B %Y}"
    )
    return plan


@transaction.atomic
def contributor_add(*, by: Any, inspection: Inspection, username: str) -> PlanContributor:
    """Name someone from the inspected service as a contributor to its plan (the service's contact does)."""
    plan = _plan_locked(inspection)
    user = get_user_model().objects.filter(username=username.strip()).first()
    profile = Profile.objects.filter(user=user).first() if user is not None else None
    if user is None or profile is None or profile.home_service_id != inspection.service_id:
        # One message whether the account is missing or of another service: a contact learns no one's name.
        raise ServiceError(
            f"No one of {inspection.service.name} has the username {username.strip()!r}: only the service's own"
            " people write its plan (an administrator sets a person's home service)."
        )
    contributor, created = PlanContributor.objects.get_or_create(plan=plan, user=user)
    if not created:
        raise ServiceError(f"{display_name(user)} already contributes to the plan.")
    history_record(inspection, by, "improvement plan: contributor named", None, display_name(user))
    return contributor


@transaction.atomic
def contributor_remove(*, by: Any, contributor: PlanContributor) -> None:
    """Stop someone writing the plan (the service's contact does); what they wrote stays, with their name in history."""
    contributor = PlanContributor.objects.select_for_update().select_related("plan__inspection", "user").get(pk=contributor.pk)
    name = display_name(contributor.user)
    history_record(contributor.plan.inspection, by, "improvement plan: contributor removed", name, None)
    contributor.delete()


@dataclass(frozen=True)
class ActionInput:
    """One action as the plan's form gives it: every field as typed."""

    text: str
    owner: str
    target_date: str
    success_measure: str

    def blank(self) -> bool:
        return not any(v.strip() for v in (self.text, self.owner, self.target_date, self.success_measure))


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """Return a date typed as 2026-09-30 or 30/9/2026, else None."""
    text = text.strip()
    try:
        if found := _DAY_MONTH_YEAR.match(text):
            return date(int(found[3]), int(found[2]), int(found[1]))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _checked_actions(number: int, actions: Sequence[ActionInput]) -> list[tuple[str, str, date, str]]:
    """Return the actions typed (blank rows left out), or refuse naming every field that is wrong."""
    problems: list[str] = []
    checked: list[tuple[str, str, date, str]] = []
    for position, typed in enumerate((a for a in actions if not a.blank()), start=1):
        where = f"Recommendation {number}, action {position}"
        text, owner, success = typed.text.strip(), typed.owner.strip(), typed.success_measure.strip()
        target = parse_date(typed.target_date)
        if not text:
            problems.append(f"{where}: say what will be done.")
        if not owner:
            problems.append(f"{where}: name who owns it.")
        elif len(owner) > 200:
            problems.append(f"{where}: the owner at most 200 characters (this has {len(owner):,}).")
        if target is None:
            problems.append(f"{where}: a target date such as 30/9/2026, not {typed.target_date.strip()!r}.")
        if not success:
            problems.append(f"{where}: say how success will be known.")
        for label, value in (("the action", text), ("how success will be known", success)):
            if problem := text_problem(f"{where}, {label}", value, EVIDENCE_MAX_CHARS):
                problems.append(problem)
        if target is not None:
            checked.append((text, owner, target, success))
    if problems:
        raise ServiceError("The actions were not saved.", problems)
    return checked


_EDITABLE = (PlanState.DRAFT, PlanState.RETURNED)


@transaction.atomic
def entry_save(*, by: Any, entry: PlanEntry, actions: Sequence[ActionInput], expected_version: int) -> PlanEntry:
    """Save one recommendation's actions (each with owner, target date, how success will be known); refuse
    if anyone saved the entry since the writer loaded it, or once the plan is submitted or accepted."""
    plan = ImprovementPlan.objects.select_for_update().select_related("inspection").get(pk=entry.plan_id)
    inspection = plan.inspection
    if plan.state not in _EDITABLE:
        raise ServiceError(f"The plan is {plan.get_state_display().lower()}, so its actions cannot be changed now.")
    checked = _checked_actions(entry.number, actions)

    def revised(row: PlanEntry) -> dict[str, Any]:
        return {"returned": False} if row.returned else {}

    saved = versioned_update(
        PlanEntry,
        where={"pk": entry.pk},
        by=by,
        expected_version=expected_version,
        changes=revised,
        history={"returned": f"improvement plan: recommendation {entry.number} returned"},
        inspection=inspection,
        savepoint=False,
    )
    before = {a.position: a for a in PlanAction.objects.filter(entry=saved)}
    labels = ("action", "owner", "target date", "how success will be known")
    for position, (text, owner, target, success) in enumerate(checked, start=1):
        old = before.pop(position, None)
        old_values = (old.text, old.owner, _words(old.target_date), old.success_measure) if old else ("",) * 4
        for label, was, now in zip(labels, old_values, (text, owner, _words(target), success), strict=True):
            if was != now:
                history_record(
                    inspection, by, f"improvement plan: recommendation {entry.number}, action {position}, {label}", was, now
                )
        if old is None:
            PlanAction.objects.create(
                entry=saved, position=position, text=text, owner=owner, target_date=target, success_measure=success
            )
        else:
            old.text, old.owner, old.target_date, old.success_measure = text, owner, target, success
            old.save(update_fields=["text", "owner", "target_date", "success_measure"])
    for position, gone in before.items():
        history_record(
            inspection, by, f"improvement plan: recommendation {entry.number}, action {position}", gone.text, "removed"
        )
        gone.delete()
    return saved


def _words(value: Any) -> Any:
    """Return a value as the history shows it: a state or progress in words, a date or time as people write it."""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bytes | memoryview):
        return "a file"
    for choices in (PlanState, ActionStatus):
        if isinstance(value, str) and value in choices.values:
            return choices(value).label
    return value


def _in_words(old: Any, new: Any) -> tuple[Any, Any]:
    return ("" if isinstance(new, bytes | memoryview) else _words(old)), _words(new)


def _plan_versioned(
    *, by: Any, inspection: Inspection, expected_version: int, changes: Any, history: dict[str, str], check: Any
) -> ImprovementPlan:
    return versioned_update(
        ImprovementPlan,
        summary=_in_words,
        where={"inspection": inspection},
        by=by,
        expected_version=expected_version,
        changes=changes,
        history=history,
        inspection=inspection,
        check=check,
        savepoint=False,
    )


@transaction.atomic
def plan_submit(*, by: Any, inspection: Inspection, expected_version: int) -> ImprovementPlan:
    """Submit the plan to the lead inspector; refuse while a recommendation has no action."""

    def check(plan: ImprovementPlan) -> None:
        if plan.state not in _EDITABLE:
            raise ServiceError(f"The plan is {plan.get_state_display().lower()}: there is nothing to submit.")
        missing = [e.number for e in plan.entries.all() if not e.actions.exists()]
        if missing:
            raise ServiceError("The plan cannot be submitted yet.", [f"Recommendation {n} has no action." for n in missing])
        still_returned = [e.number for e in plan.entries.filter(returned=True)]
        if still_returned:
            raise ServiceError(
                "The plan cannot be submitted yet.",
                [f"Recommendation {n} was returned and has not been revised." for n in still_returned],
            )

    return _plan_versioned(
        by=by,
        inspection=inspection,
        expected_version=expected_version,
        check=check,
        changes={"state": PlanState.SUBMITTED, "submitted_at": timezone.now()},
        history={"state": "improvement plan", "submitted_at": "improvement plan submitted"},
    )


@transaction.atomic
def entry_return(*, by: Any, entry: PlanEntry, comment: str) -> PlanEntry:
    """Return one recommendation's actions to the service with comments (the lead inspector's review)."""
    plan = ImprovementPlan.objects.select_for_update().select_related("inspection").get(pk=entry.plan_id)
    if plan.state not in (PlanState.SUBMITTED, PlanState.RETURNED):
        raise ServiceError("Only a submitted plan can be returned.")
    if not comment.strip():
        raise ServiceError(f"Say what needs to change in recommendation {entry.number} when returning it.")
    if problem := text_problem(f"The comment on recommendation {entry.number}", comment.strip(), COMMENT_MAX_CHARS):
        raise ServiceError(problem)
    entry = PlanEntry.objects.select_for_update().get(pk=entry.pk)
    history_record(
        plan.inspection, by, f"improvement plan: recommendation {entry.number} returned", entry.review_comment, comment.strip()
    )
    entry.returned, entry.review_comment = True, comment.strip()
    entry.version += 1  # a page with the entry's old form must not save over the comment unseen
    entry.save(update_fields=["returned", "review_comment", "version"])
    if plan.state != PlanState.RETURNED:
        history_record(plan.inspection, by, "improvement plan", _words(plan.state), PlanState.RETURNED.label)
        plan.state, plan.version = PlanState.RETURNED, plan.version + 1
        plan.save(update_fields=["state", "version"])
    return entry


@transaction.atomic
def plan_accept(*, by: Any, inspection: Inspection, expected_version: int) -> ImprovementPlan:
    """Accept the submitted plan; the first progress update falls due one interval later."""

    def check(plan: ImprovementPlan) -> None:
        if plan.state != PlanState.SUBMITTED:
            raise ServiceError(f"The plan is {plan.get_state_display().lower()}: only a submitted plan can be accepted.")

    def changes(plan: ImprovementPlan) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "state": PlanState.ACCEPTED,
            "accepted_at": timezone.now(),
            "next_update_due": months_after(today, plan.update_every_months),
        }

    return _plan_versioned(
        by=by,
        inspection=inspection,
        expected_version=expected_version,
        check=check,
        changes=changes,
        history={
            "state": "improvement plan",
            "accepted_at": "improvement plan accepted",
            "next_update_due": "improvement plan: next progress update due",
        },
    )


@transaction.atomic
def schedule_save(*, by: Any, inspection: Inspection, months: int, expected_version: int) -> ImprovementPlan:
    """Set how often the service reports progress (in months); an accepted plan's next update moves with it."""
    if not 1 <= months <= MONTHS_MAX:
        raise ServiceError(f"Progress is reported every 1 to {MONTHS_MAX} months, not {months}.")

    def changes(plan: ImprovementPlan) -> dict[str, Any]:
        if plan.state != PlanState.ACCEPTED:
            return {"update_every_months": months}
        since = plan.last_update_on or (plan.accepted_at.date() if plan.accepted_at else timezone.localdate())
        return {"update_every_months": months, "next_update_due": months_after(since, months)}

    return _plan_versioned(
        by=by,
        inspection=inspection,
        expected_version=expected_version,
        check=None,
        changes=changes,
        history={
            "update_every_months": "improvement plan: months between progress updates",
            "next_update_due": "improvement plan: next progress update due",
        },
    )


@transaction.atomic
def status_publicity_save(*, by: Any, inspection: Inspection, public: bool, expected_version: int) -> ImprovementPlan:
    """Choose whether the plan's status (its state, and how many of its actions are done) is shown publicly."""
    return _plan_versioned(
        by=by, inspection=inspection, expected_version=expected_version, check=None,
        changes={"status_public": public},
        history={"status_public": "improvement plan: status shown on the public pages"},
    )  # fmt: skip


@dataclass(frozen=True)
class EvidenceFile:
    """A file attached as evidence of progress: its name and content."""

    name: str
    content: bytes


@transaction.atomic
def progress_save(
    *,
    by: Any,
    action: PlanAction,
    status: str,
    note: str,
    evidence_text: str,
    evidence_file: EvidenceFile | None,
    expected_version: int,
) -> PlanAction:
    """Record one action's progress (status, note, evidence as text or a file); refuse a stale write."""
    plan = ImprovementPlan.objects.select_related("inspection").get(entries__actions=action)
    if plan.state != PlanState.ACCEPTED:
        raise ServiceError("Progress is reported once the lead inspector has accepted the plan.")
    where = f"Recommendation {action.entry.number}, action {action.position}"
    problems = []
    if status not in ActionStatus.values:
        problems.append(f"{where}: the status is one of {', '.join(ActionStatus.labels)}.")
    for label, text in (("progress note", note), ("evidence", evidence_text)):
        if problem := text_problem(f"{where}, {label}", text.strip(), EVIDENCE_MAX_CHARS):
            problems.append(problem)
    if evidence_file is not None and len(evidence_file.content) > settings.UPLOAD_MAX_BYTES:
        problems.append(f"{where}: the evidence file is at most {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB.")
    if problems:
        raise ServiceError("The progress was not saved.", problems)
    changes: dict[str, Any] = {"status": status, "progress_note": note.strip(), "evidence_text": evidence_text.strip()}
    if evidence_file is not None:
        name = re.sub(r"[^\w.\- ]", "_", evidence_file.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:200] or "evidence"
        changes |= {"evidence_name": name, "evidence_file": evidence_file.content}
    label = f"improvement plan: recommendation {action.entry.number}, action {action.position}"
    saved = versioned_update(
        PlanAction,
        where={"pk": action.pk},
        by=by,
        expected_version=expected_version,
        changes=changes,
        history={
            "status": f"{label}, progress",
            "progress_note": f"{label}, progress note",
            "evidence_text": f"{label}, evidence",
            "evidence_name": f"{label}, evidence file",
            "evidence_file": f"{label}, evidence file content",
        },
        summary=_in_words,
        inspection=plan.inspection,
        savepoint=False,
    )
    PlanAction.objects.filter(pk=saved.pk).update(progress_at=timezone.now())
    return saved


@transaction.atomic
def progress_update_submit(*, by: Any, inspection: Inspection, expected_version: int) -> ImprovementPlan:
    """Send the progress recorded so far as this period's update; the next falls due one interval later."""

    def check(plan: ImprovementPlan) -> None:
        if plan.state != PlanState.ACCEPTED:
            raise ServiceError("Progress is reported once the lead inspector has accepted the plan.")

    def changes(plan: ImprovementPlan) -> dict[str, Any]:
        today = timezone.localdate()
        return {"last_update_on": today, "next_update_due": months_after(today, plan.update_every_months)}

    return _plan_versioned(
        by=by,
        inspection=inspection,
        expected_version=expected_version,
        check=check,
        changes=changes,
        history={
            "last_update_on": "improvement plan: progress update sent",
            "next_update_due": "improvement plan: next progress update due",
        },
    )


def _plan_locked(inspection: Inspection) -> ImprovementPlan:
    plan = ImprovementPlan.objects.select_for_update().filter(inspection=inspection).first()
    if plan is None:
        raise ServiceError("This inspection has no improvement plan: one is made when its report is published.")
    return plan


# --- Reminders --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One event a reminder is sent for: its key (unique for ever), subject and text."""

    key: str
    subject: str
    body: str
    to_leads: bool  # overdue: the lead inspector is told too


def _due_events(plan: ImprovementPlan, today: date) -> list[Reminder]:
    service = plan.inspection.service.name
    events: list[Reminder] = []
    if plan.state in _EDITABLE:
        due = plan.due_on
        if today > due:
            events.append(
                Reminder(
                    f"plan-{plan.pk}-overdue-{due}",
                    f"Improvement plan overdue: {service}",
                    f"The improvement plan for {service} was due on {due:%-d %B %Y} and has not been "
                    "submitted. Please submit it as soon as possible.",
                    True,
                )
            )
        elif today >= due - timedelta(days=REMIND_DAYS_BEFORE):
            events.append(
                Reminder(
                    f"plan-{plan.pk}-due-{due}",
                    f"Improvement plan due {due:%-d %B %Y}: {service}",
                    f"The improvement plan for {service} is due on {due:%-d %B %Y}.",
                    False,
                )
            )
    elif plan.state == PlanState.ACCEPTED and plan.next_update_due is not None:
        due = plan.next_update_due
        if today > due:
            events.append(
                Reminder(
                    f"plan-{plan.pk}-update-overdue-{due}",
                    f"Progress update overdue: {service}",
                    f"The progress update on the improvement plan for {service} was due on {due:%-d %B %Y}.",
                    True,
                )
            )
        elif today >= due - timedelta(days=REMIND_DAYS_BEFORE):
            events.append(
                Reminder(
                    f"plan-{plan.pk}-update-due-{due}",
                    f"Progress update due {due:%-d %B %Y}: {service}",
                    f"The next progress update on the improvement plan for {service} is due on {due:%-d %B %Y}.",
                    False,
                )
            )
    return events


def _recipients(plan: ImprovementPlan, *, to_leads: bool) -> list[str]:
    service_id = plan.inspection.service_id
    users = [p.user for p in Profile.objects.select_related("user").filter(contact_for_id=service_id)]
    # A contributor who has since moved to another service is no longer written to.
    users += [c.user for c in plan.contributors.select_related("user").filter(user__profile__home_service_id=service_id)]
    if to_leads:
        users += [m.user for m in Membership.objects.select_related("user").filter(inspection=plan.inspection, role=Role.LEAD)]
    return sorted({u.email for u in users if u.email and u.is_active})


def reminders_send(*, today: date | None = None) -> list[str]:
    """Send every reminder now due that was never sent; return the keys sent. Safe to run again: each
    event is recorded (unique key) in the transaction that sends it, and an event recorded is skipped."""
    today = today or timezone.localdate()
    sent: list[str] = []
    for plan in ImprovementPlan.objects.select_related("inspection__service").exclude(state=PlanState.SUBMITTED):
        for event in _due_events(plan, today):
            if _remind(plan, event):
                sent.append(event.key)
    return sent


@transaction.atomic
def _remind(plan: ImprovementPlan, event: Reminder) -> bool:
    # The plan's lock makes two runs at once take turns; the second finds the event recorded.
    ImprovementPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if SentReminder.objects.filter(key=event.key).exists():
        return False
    recipients = _recipients(plan, to_leads=event.to_leads)
    if not recipients:
        return False  # no one to tell yet: tried again on the next run, once someone has an address
    SentReminder.objects.create(key=event.key, plan=plan, recipients=", ".join(recipients))
    page = reverse("plan", args=[plan.inspection_id])
    where = (
        f"Open the plan: {settings.SITE_URL}{page}"
        if settings.SITE_URL
        else "Sign in to yjinspect and open the inspection's Improvement plan."
    )
    body = f"{event.body}\n\n{where}\n"
    send_mail(event.subject, body, None, recipients)  # an error rolls the record back: sent next run
    history_record(
        plan.inspection, None, "improvement plan: reminder sent", None, f"{event.subject} ({len(recipients)} recipient(s))"
    )
    return True
