"""Setting an inspection up: creating it, and its team."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from yjinspect.programmes import programme_for, programme_ids
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.models import ContextualFacts, Inspection, Membership, Role
from yjinspect.web.inspections.services.common import ServiceError, history_record


@transaction.atomic
def inspection_create(*, by: Any, service: Service, framework_id: str, announced_on: date, fieldwork_start: date) -> Inspection:
    """Create an inspection of a service under a shipped framework (of any programme)."""
    programme_for(framework_id)  # raises FrameworkError for an unknown id
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
    if framework not in (known := programme_ids()):
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

    The one rule for every way a team is made: the team page, and importing a bundle."""
    name = user.get_full_name() or user.username
    if role not in Role.values:
        return f"Unknown role {role!r}: choose one of {', '.join(Role.values)}."
    profile = getattr(user, "profile", None)
    if role == Role.PANEL and not (profile and profile.panel_member):
        return f"{name} is not a ratings panel member."
    if role == Role.LOCAL_ASSESSOR and profile and service_id is not None and profile.home_service_id == service_id:
        return f"{name} is a local assessor from the inspected service and may not assess its cases."
    return None


@transaction.atomic
def membership_set(*, by: Any, inspection: Inspection, user: Any, role: str) -> Membership:
    """Give a person a role in the inspection team (replacing any role they had)."""
    if problem := membership_problem(user, role, inspection.service_id):
        raise ServiceError(problem)
    membership, created = Membership.objects.get_or_create(inspection=inspection, user=user, defaults={"role": role})
    old = None if created else membership.role
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    history_record(inspection, by, f"team: {user.username}", old, role)
    return membership
