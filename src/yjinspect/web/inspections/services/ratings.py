"""Ratings: the team's ratings of judged standards, and the ratings panel's decisions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yjinspect.engine.discretion import PanelDecision as EnginePanelDecision
from yjinspect.engine.framework import Rating
from yjinspect.engine.legacy.framework import load_legacy_framework
from yjinspect.engine.loading import load_framework
from yjinspect.engine.rating import NOT_RATED, PanelDecisionError, rate_inspection
from yjinspect.web.inspections.models import Inspection, PanelDecision, TeamRating
from yjinspect.web.inspections.selectors import engine_inputs, is_legacy
from yjinspect.web.inspections.services.common import ServiceError, _standards_only, history_record, versioned_update


@transaction.atomic
def team_rating_save(
    *, by: Any, inspection: Inspection, standard_id: str, rating: str, evidence: str, expected_version: int
) -> TeamRating:
    """Record the team's rating of a judged standard (or an FJI theme's judgement) with its evidence notes."""
    if is_legacy(inspection):
        legacy = load_legacy_framework(inspection.framework_id)
        if legacy.scoring != "fji" or legacy.item(standard_id) not in legacy.themes:
            raise ServiceError(f"{standard_id} is not a theme judged by the team in {legacy.title}.")
        allowed = list(legacy.judgements)
    else:
        standard = {s.id: s for s in load_framework(inspection.framework_id).judged_standards()}.get(standard_id)
        if standard is None:
            raise ServiceError(f"Standard {standard_id} is not rated by the team's judgement.")
        allowed = [r.value for r in Rating] + ([NOT_RATED] if standard.may_be_not_rated else [])
    if rating and rating not in allowed:
        raise ServiceError(f"{rating!r} is not a rating for {standard_id}: choose {', '.join(allowed)}.")
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


@transaction.atomic
def panel_decision_record(*, by: Any, inspection: Inspection, standard_id: str, rating: str, reason: str) -> PanelDecision:
    """Record the ratings panel's decision; refused when it breaks the framework's guard."""
    _standards_only(inspection, "ratings panel")
    if rating not in {r.value for r in Rating}:
        raise ServiceError(f"{rating!r} is not a rating.")
    framework, cases, recorded, decisions = engine_inputs(inspection)
    decisions = [d for d in decisions if d.standard != standard_id] + [EnginePanelDecision(standard_id, Rating(rating), reason)]
    try:
        rate_inspection(framework, cases, recorded_ratings=recorded, panel_decisions=decisions, provisional=True)
    except PanelDecisionError as refused:
        mine = [r for r in refused.refusals if f"standard {standard_id}" in r] or list(refused.refusals)
        raise ServiceError("The ratings panel decision was refused.", mine) from refused
    existing = PanelDecision.objects.filter(inspection=inspection, standard_id=standard_id).first()
    old = f"{existing.rating}: {existing.reason}" if existing else None
    decision, _ = PanelDecision.objects.update_or_create(
        inspection=inspection, standard_id=standard_id, defaults={"rating": rating, "reason": reason, "decided_by": by}
    )
    history_record(inspection, by, f"panel decision {standard_id}", old, f"{rating}: {reason}")
    return decision


@transaction.atomic
def panel_decision_withdraw(*, by: Any, inspection: Inspection, standard_id: str) -> None:
    """Withdraw the ratings panel's decision on a standard."""
    existing = PanelDecision.objects.filter(inspection=inspection, standard_id=standard_id).first()
    if existing is None:
        raise ServiceError(f"There is no panel decision on {standard_id}.")
    history_record(inspection, by, f"panel decision {standard_id}", f"{existing.rating}: {existing.reason}", "withdrawn")
    existing.delete()
