"""Ratings: the team's ratings of judged standards, and the ratings panel's decisions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction

from yjinspect.engine.discretion import PanelDecision as EnginePanelDecision
from yjinspect.engine.framework import Rating
from yjinspect.web.inspections.models import Inspection, PanelDecision, TeamRating
from yjinspect.web.inspections.selectors import programme_inspection, programme_of
from yjinspect.web.inspections.services.common import (
    ServiceError,
    StaleWriteError,
    history_record,
    require_offered,
    versioned_update,
)
from yjinspect.web.limits import COMMENT_MAX_CHARS, EVIDENCE_MAX_CHARS, text_problem


@transaction.atomic
def team_rating_save(
    *, by: Any, inspection: Inspection, standard_id: str, rating: str, evidence: str, expected_version: int
) -> TeamRating:
    """Record the team's rating of a judged standard (or an FJI theme's judgement) with its evidence notes."""
    programme = programme_of(inspection)
    choice = next((c for c in programme.team_rating_choices() if c.id == standard_id), None)
    if choice is None:
        raise ServiceError(f"{standard_id} is not rated by the team's judgement in {programme.title}.")
    allowed = list(choice.choices)
    if rating and rating not in allowed:
        raise ServiceError(f"{rating!r} is not a rating for {standard_id}: choose {', '.join(allowed)}.")
    if problem := text_problem(f"Evidence for {standard_id}", evidence, EVIDENCE_MAX_CHARS):
        raise ServiceError(problem)
    return versioned_update(
        TeamRating,
        where={"inspection": inspection, "standard_id": standard_id},
        create=True,
        by=by,
        expected_version=expected_version,
        changes={"rating": rating, "evidence": evidence},
        history={"rating": f"team rating {standard_id}", "evidence": f"team rating evidence {standard_id}"},
        inspection=inspection,
    )


def _panel_decision_locked(inspection: Inspection, standard_id: str, expected_version: int) -> PanelDecision | None:
    """Lock the inspection and the decision on a standard; refuse if it is not the version the writer started from.

    No decision is version 0; each record bumps the version. The inspection's row is locked too, so
    that two first decisions on one standard cannot both pass the check."""
    Inspection.objects.select_for_update().get(pk=inspection.pk)
    existing = PanelDecision.objects.select_for_update().filter(inspection=inspection, standard_id=standard_id).first()
    current = existing.version if existing else 0
    if current != expected_version:
        newer = {"rating": existing.rating, "reason": existing.reason} if existing else {"rating": "", "reason": ""}
        raise StaleWriteError(newer | {"version": current})
    return existing


@transaction.atomic
def panel_decision_record(
    *, by: Any, inspection: Inspection, standard_id: str, rating: str, reason: str, expected_version: int
) -> PanelDecision:
    """Record the ratings panel's decision; refused when it breaks the framework's guard, or if stale."""
    programme = programme_of(inspection)
    require_offered(inspection, programme.has_ratings_panel, "ratings panel")
    if programme.framework.standard(standard_id) is None:
        raise ServiceError(f"{standard_id[:20]!r} is not a standard of {programme.title}.")
    if rating not in {r.value for r in Rating}:
        raise ServiceError(f"{rating!r} is not a rating.")
    if problem := text_problem(f"The reason for the decision on {standard_id}", reason, COMMENT_MAX_CHARS):
        raise ServiceError(problem)
    existing = _panel_decision_locked(inspection, standard_id, expected_version)
    stored = programme_inspection(inspection)
    decisions = [d for d in stored.panel_decisions if d.standard != standard_id]
    decisions.append(EnginePanelDecision(standard_id, Rating(rating), reason))
    # The plug-in's rating applies the guard (PD-1 to PD-5) to the decisions as they would stand; one
    # this decision's standard fails is this decision's refusal (another's lapse is not).
    result = stored.programme.rate(replace(stored, panel_decisions=tuple(decisions), provisional=True))
    mine = [why for why in stored.programme.lapsed_decisions(result) if f"standard {standard_id}" in why]
    if mine:
        raise ServiceError("The ratings panel decision was refused.", mine)
    old = f"{existing.rating}: {existing.reason}" if existing else None
    decision, _ = PanelDecision.objects.update_or_create(
        inspection=inspection,
        standard_id=standard_id,
        defaults={"rating": rating, "reason": reason, "decided_by": by, "version": expected_version + 1},
    )
    history_record(inspection, by, f"panel decision {standard_id}", old, f"{rating}: {reason}")
    return decision


@transaction.atomic
def panel_decision_withdraw(*, by: Any, inspection: Inspection, standard_id: str, expected_version: int) -> None:
    """Withdraw the ratings panel's decision on a standard; refused if someone changed it since."""
    existing = _panel_decision_locked(inspection, standard_id, expected_version)
    if existing is None:
        raise ServiceError(f"There is no panel decision on {standard_id[:20]}.")
    history_record(inspection, by, f"panel decision {standard_id}", f"{existing.rating}: {existing.reason}", "withdrawn")
    existing.delete()
