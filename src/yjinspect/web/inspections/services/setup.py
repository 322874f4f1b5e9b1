"""Setting an inspection up: creating it, and its team."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from yjinspect.programmes import inspection_programme_ids, programme_for
from yjinspect.web.accounts.models import Service, display_name
from yjinspect.web.inspections.models import (
    AssessmentState,
    ContextualFacts,
    Inspection,
    Membership,
    Role,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.services.common import ServiceError, history_record


@transaction.atomic
def inspection_create(*, by: Any, service: Service, framework_id: str, announced_on: date, fieldwork_start: date) -> Inspection:
    """Create an inspection of a service under a shipped framework (of any programme)."""
    programme = programme_for(framework_id)  # raises FrameworkError for an unknown id
    if not programme.runs_inspections:
        raise ServiceError(
            "The inspection was not set up.",
            [f"{framework_id} is held for its published results only: its rules are not public."],
        )
    if problem := dates_problem(announced_on, fieldwork_start):
        raise ServiceError("The inspection was not set up.", [problem])
    inspection = Inspection.objects.create(
        service=service, framework_id=framework_id, announced_on=announced_on, fieldwork_start=fieldwork_start
    )
    ContextualFacts.objects.create(inspection=inspection)
    history_record(inspection, by, "inspection created", None, f"{service.name}, {framework_id}, fieldwork {fieldwork_start}")
    return inspection


def dates_problem(announced_on: date, fieldwork_start: date) -> str | None:
    """Return why an inspection's dates make no sense, or None: fieldwork starts once the inspection is announced
    (the one rule for the set-up form and an imported bundle; publishing after fieldwork is publishing's)."""
    if fieldwork_start < announced_on:
        return (
            f"Fieldwork start: {fieldwork_start:%-d %B %Y} is before the announcement date, {announced_on:%-d %B %Y}; "
            "fieldwork starts on or after the day the inspection is announced."
        )
    return None


@transaction.atomic
def inspection_create_from_form(*, by: Any, service: str, framework: str, announced_on: str, fieldwork_start: str) -> Inspection:
    """Check the set-up form's text and create the inspection; every problem is listed at once."""
    problems = []
    if not service:
        problems.append("Service: enter the name of the service being inspected.")
    if framework not in (known := inspection_programme_ids()):
        problems.append(f"Framework: choose one of {', '.join(known)}.")
    dates: dict[str, date] = {}
    for name, label, value in (
        ("announced_on", "Announcement date", announced_on),
        ("fieldwork_start", "Fieldwork start", fieldwork_start),
    ):
        try:
            dates[name] = date.fromisoformat(value)
        except ValueError:
            problems.append(f"{label}: {value!r} is not a date (expected YYYY-MM-DD).")
    if problems:
        raise ServiceError("The inspection was not set up.", problems)
    record, _ = Service.objects.get_or_create(name=service)
    return inspection_create(by=by, service=record, framework_id=framework, **dates)


def membership_problem(user: Any, role: Any, service_id: int | None) -> str | None:
    """Return why a person cannot have a role in an inspection of a service, or None if they can.

    The one rule for every way a team is made: the team page (adding someone, changing a role), and
    importing a bundle. Allocation and access apply the conflict rule too (`Profile.conflicts_with`)."""
    name = display_name(user)
    if role == "":  # the team page's picker left at "Choose a role"
        return "Choose the person's role in the team."
    if role not in Role.values:
        return f"Unknown role {role!r}: choose one of {', '.join(Role.labels).lower()}."
    profile = getattr(user, "profile", None)
    # A conflict of interest, whatever the role: nobody judges, rates or assesses their own service.
    if profile is not None and profile.conflicts_with(service_id):
        if profile.contact_for_id == service_id:
            return (
                f"{name} is a service contact of the inspected service, so may not be {_role_label(role)} in its "
                "inspection (a conflict of interest): they take part as the service contact only."
            )
        return (
            f"{name} is from the inspected service, so may not be {_role_label(role)} in its inspection "
            "(a conflict of interest): nobody from the inspected service may hold a role in its team."
        )
    if role == Role.PANEL and not (profile and profile.panel_member):
        return f"{name} is not a ratings panel member."
    return None


def _team_locked(inspection: Inspection) -> dict[int, Membership]:
    """Lock the inspection's row and return its team by user id: team changes of one inspection take turns,
    so that two of them cannot together leave it without a lead inspector."""
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    members = (
        Membership.objects.select_for_update(of=("self",)).filter(inspection=inspection).select_related("user", "user__profile")
    )
    return {m.user_id: m for m in members}


def _role_label(role: str) -> str:
    return Role(role).label.lower() if role in Role.values else role


@transaction.atomic
def membership_add(*, by: Any, inspection: Inspection, user: Any, role: str) -> Membership:
    """Add a person to the inspection team in a role; refuse someone already in it (their role is changed
    by `membership_role_change`, never by adding them again)."""
    team = _team_locked(inspection)
    if (existing := team.get(user.pk)) is not None:
        raise ServiceError(
            f"{display_name(user)} is already {_role_label(existing.role)} in this team: nothing has changed. "
            "Change their role with “Change role” beside their name."
        )
    if problem := membership_problem(user, role, inspection.service_id):
        raise ServiceError(problem)
    membership = Membership.objects.create(inspection=inspection, user=user, role=role)
    history_record(inspection, by, f"team: {user.username}", None, role)
    return membership


_ASSESSING_ROLES = (Role.LEAD, Role.INSPECTOR, Role.LOCAL_ASSESSOR)


def _open_cases(inspection: Inspection, user: Any) -> list[str]:
    """Return the references of the cases allocated to a person that are not accepted yet."""
    held = SampledCase.objects.filter(inspection=inspection, sample_state=SampleState.SAMPLED, assessor=user)
    return list(held.exclude(state=AssessmentState.ACCEPTED).order_by("case_ref").values_list("case_ref", flat=True))


def _last_lead_problem(team: dict[int, Membership], user: Any, doing: str) -> str | None:
    leads = [m for m in team.values() if m.role == Role.LEAD]
    if leads == [team[user.pk]]:
        return f"{display_name(user)} is the only lead inspector: add another lead inspector before you {doing}."
    return None


@transaction.atomic
def membership_role_change(*, by: Any, inspection: Inspection, user: Any, role: str) -> Membership:
    """Change a team member's role; never leave the inspection without a lead inspector, nor a case allocated to
    someone whose new role does not assess."""
    team = _team_locked(inspection)
    membership = team.get(user.pk)
    if membership is None:
        raise ServiceError(f"{display_name(user)} is not in this inspection's team: add them instead.")
    if membership.role == role:
        raise ServiceError(f"{display_name(user)} is already {_role_label(role)}: nothing has changed.")
    if problem := membership_problem(user, role, inspection.service_id):
        raise ServiceError(problem)
    if membership.role == Role.LEAD and (problem := _last_lead_problem(team, user, "change their role")):
        raise ServiceError(problem)
    if role not in _ASSESSING_ROLES and (held := _open_cases(inspection, user)):
        raise ServiceError(
            f"{display_name(user)} still has cases to assess, which a {_role_label(role)} does not do: allocate them to "
            "someone else first. Nothing has changed.",
            [f"Case {ref}" for ref in held],
        )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    history_record(inspection, by, f"team: {user.username}", old, role)
    return membership


@transaction.atomic
def membership_remove(*, by: Any, inspection: Inspection, user: Any) -> None:
    """Take a person out of the team; never the last lead inspector, nor someone with cases not yet accepted.

    Their cases are not unallocated behind the lead inspector's back: an assessment in progress is work
    someone must pick up knowingly, so the lead reallocates them first. Accepted cases keep their assessor."""
    team = _team_locked(inspection)
    membership = team.get(user.pk)
    if membership is None:
        raise ServiceError(f"{display_name(user)} is not in this inspection's team.")
    if membership.role == Role.LEAD and (problem := _last_lead_problem(team, user, "remove them")):
        raise ServiceError(problem)
    if held := _open_cases(inspection, user):
        raise ServiceError(
            f"{display_name(user)} still has cases not yet accepted: allocate them to someone else on the allocation page "
            "first. Nothing has changed.",
            [f"Case {ref}" for ref in held],
        )
    membership.delete()
    history_record(inspection, by, f"team: {user.username}", membership.role, "removed")
