"""Full joint inspections (2009-2012, seed 001): theme scores with the team's judgement recorded beside each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from yjinspect.bundle import Problem
from yjinspect.engine.scored.scoring import ScoredCase, ScoredResult
from yjinspect.importing.published_reports import check_fji_report, read_fji_figures
from yjinspect.programmes.base import Inspection, NarrativeField, TeamRatingChoice, programme_kind
from yjinspect.programmes.scored import ScoredProgramme, score_text
from yjinspect.reporting.compose.fji import compose_fji_report


@programme_kind
class FullJointInspection(ScoredProgramme):
    kind: ClassVar[str] = "fji"
    label: ClassVar[str] = "full joint inspection"
    results_title: ClassVar[str] = "Scores and judgements"
    compared_figure: ClassVar[str | None] = "themes"
    body_keys: ClassVar[frozenset[str]] = frozenset({"cases", "judgements"})
    composer = compose_fji_report
    figures_reader = read_fji_figures
    checker = check_fji_report

    def team_rating_choices(self) -> tuple[TeamRatingChoice, ...]:
        return tuple(TeamRatingChoice(t.id, t.name, self.framework.judgements) for t in self.framework.themes)

    def read_team_ratings(self, data: Mapping[str, Any], *, provisional: bool, problems: list[Problem]) -> dict[str, str]:
        framework = self.framework
        raw = data.get("judgements")
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            problems.append(Problem("judgements", "expected an object of theme id to judgement"))
            return {}
        themes = [t.id for t in framework.themes]
        found: dict[str, str] = {}
        for theme, value in raw.items():
            where = f"judgements.{theme}"
            if theme not in themes:
                problems.append(Problem(where, f"{theme!r} is not a theme of {framework.id} ({', '.join(themes)})"))
            elif value not in framework.judgements:
                problems.append(Problem(where, f"{value!r} is not one of {', '.join(framework.judgements)}"))
            else:
                found[theme] = value
        missing = [t for t in themes if t not in raw]
        if missing and not provisional:
            problems.append(
                Problem("judgements", f"no judgement recorded for {', '.join(missing)} (rate provisionally to leave them open)")
            )
        return found

    def write_body(self, inspection: Inspection[ScoredCase]) -> dict[str, Any]:
        return super().write_body(inspection) | {"judgements": dict(inspection.team_ratings)}

    def figures(self, result: ScoredResult) -> dict[str, Any]:
        themes = {
            k: {"score": v.score.percent if v.score else None, "judgement": v.judgement}
            | ({"sufficient": v.score.sufficient, "answered": v.score.answered} if v.score else {})
            for k, v in result.themes.items()
        }
        return {"themes": themes}

    def table_lines(self, result: ScoredResult) -> list[str]:
        lines = []
        for theme in self.framework.themes:
            found = result.themes[theme.id]
            score = score_text(found.score) if theme.case_based else "judged without a case score"
            lines.append(f"  {theme.name:<45} {found.judgement or 'no judgement yet':<15} {score}")
        return lines

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        fields = self.foreword_and_recommendations()
        fields += [NarrativeField(f"theme-{t.id}", ("themes", t.id), f"{t.name}: summary") for t in self.framework.themes]
        return tuple(fields)
