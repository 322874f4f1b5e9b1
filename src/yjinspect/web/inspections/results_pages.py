"""The results page in the shape of the programme's kind: ratings, scores, judgements or counts.

Each builder reads the inspection's one rating result and returns the template and what it shows;
the view does not ask which programme an inspection runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yjinspect.engine.framework import Population, Rating
from yjinspect.engine.rating import NOT_RATED
from yjinspect.web.inspections import previous_inspections, selectors
from yjinspect.web.inspections.models import Inspection, PanelDecision, TeamRating


def _standards(inspection: Inspection, framework: Any, result: Any) -> tuple[str, dict[str, Any]]:
    team_ratings = {t.standard_id: t for t in TeamRating.objects.filter(inspection=inspection)}
    panel = {d.standard_id: d for d in PanelDecision.objects.filter(inspection=inspection)}
    intervals = {f.id: f for f in selectors.programme_of(inspection).figure_intervals(result)}
    # The service's last inspection, each standard's rating there beside the new one (issue 13, item 3).
    beside = previous_inspections.ratings_beside(
        inspection, framework, {s.id: s.rating.value if s.rating else None for s in result.standards}
    )
    rows = []
    for standard in result.standards:
        questions = [
            {
                "result": q,
                "text": framework.key_question(q.id).text if framework.key_question(q.id) else "",
                "near": selectors.near_boundary(framework, q.percent),
                "decides": q.id == standard.deciding_question,
                "interval": intervals.get(q.id),
            }
            for q in standard.key_questions
        ]
        rows.append(
            {
                "standard": standard,
                "definition": framework.standard(standard.id),
                "questions": questions,
                "team": team_ratings.get(standard.id),
                "panel_version": panel[standard.id].version if standard.id in panel else 0,  # for the stale-write check
                "deciding_interval": intervals.get(standard.deciding_question or ""),
                "beside": beside.standards.get(standard.id) if beside else None,
            }
        )
    return "inspections/ratings.html", {
        "beside": beside,
        "rows": rows,
        "rating_choices": [r.value for r in Rating],
        "not_rated": NOT_RATED,
        "agreement": selectors.classification_agreement(inspection),
        **interval_words(result.confidence, dict(result.eligible)),
    }


def interval_words(confidence: float, eligible: dict[Population, int]) -> dict[str, str]:
    """Return how the page names the intervals' level ("80%") and what corrected them (docs/scoring.md, MI-1, MI-2)."""
    corrected = ", ".join(f"{n} eligible {p.label}" for p, n in sorted(eligible.items(), key=lambda item: item[0].value))
    return {"interval_level": f"{confidence * 100:g}%", "interval_correction": corrected}


def _cci(inspection: Inspection, framework: Any, result: Any) -> tuple[str, dict[str, Any]]:
    sections = [
        {"section": s, "score": result.cci.sections[s.id], "criteria": [(c, result.cci.criteria[c.id]) for c in s.criteria]}
        for s in framework.sections
    ]
    headlines = [(t, result.cci.headlines[t.id]) for t in framework.headline_themes]
    return "inspections/results.html", {"sections": sections, "headlines": headlines}


def _fji(inspection: Inspection, framework: Any, result: Any) -> tuple[str, dict[str, Any]]:
    team = {t.standard_id: t for t in TeamRating.objects.filter(inspection=inspection)}
    themes = [{"theme": t, "found": result.themes.get(t.id), "team": team.get(t.id)} for t in framework.themes]
    return "inspections/results.html", {"themes": themes}


def _sqs(inspection: Inspection, framework: Any, result: Any) -> tuple[str, dict[str, Any]]:
    counts = [
        {"theme": t, "rows": [{"criterion": c, "count": result.counts.get(t.id, {}).get(c.id)} for c in framework.criteria]}
        for t in framework.themes
    ]
    return "inspections/results.html", {"counts": counts}


def _table(inspection: Inspection, framework: Any, result: Any) -> tuple[str, dict[str, Any]]:
    # A kind with no page of its own shows its command-line table: every programme has one.
    table = selectors.programme_of(inspection).ratings_table(result, inspection.service.name)
    return "inspections/results.html", {"table": table}


_PAGES: dict[str, Callable[[Inspection, Any, Any], tuple[str, dict[str, Any]]]] = {
    "standards": _standards,
    "cci": _cci,
    "fji": _fji,
    "sqs": _sqs,
}


def results_page(inspection: Inspection) -> tuple[str, dict[str, Any]]:
    """Return the results page's template and context for the inspection as it stands (rated once)."""
    programme = selectors.programme_of(inspection)
    result = selectors.inspection_result(inspection)
    kind = programme.kind if programme.kind in _PAGES else "table"
    template, context = _PAGES.get(kind, _table)(inspection, programme.framework, result)
    block = f"inspections/_results_{kind}.html"
    return template, {"result": result, "results_block": block, **context}
