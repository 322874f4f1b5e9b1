"""Core case inspections (2009-2012, seed 002): criterion, section and headline shares with improvement comments."""

from __future__ import annotations

from typing import Any, ClassVar

from yjinspect.engine.scored.scoring import ScoredResult
from yjinspect.importing.published_reports import check_cci_report, read_cci_figures
from yjinspect.programmes.base import NarrativeField, SurveySection, programme_kind
from yjinspect.programmes.scored import LINES_HINT, ScoredProgramme, score_record, score_text, tagged_field
from yjinspect.reporting.compose.cci import compose_cci_report

_EXAMPLES_FORM = "'Criterion: example', for example '2.2: Curtis’s case manager ...'"


@programme_kind
class CoreCaseInspection(ScoredProgramme):
    kind: ClassVar[str] = "cci"
    label: ClassVar[str] = "core case inspection"
    compared_figure: ClassVar[str | None] = "headline_scores"
    # Seed 002 gathers the views of children and young people and of victims, and prints them after the
    # practice examples under "Service users' perspective"; parents and carers are asked as seed 001 did.
    survey_instruments: ClassVar[tuple[str, ...]] = ("children-and-young-people", "victims", "parents-and-carers")
    survey_section: ClassVar[SurveySection] = SurveySection(
        "service-users", "Service users' perspective", after="making-a-difference", narrative_box="foreword"
    )
    composer = compose_cci_report
    figures_reader = read_cci_figures
    checker = check_cci_report

    def figures(self, result: ScoredResult) -> dict[str, Any]:
        assert result.cci is not None  # rate_scored fills it for a framework with sections
        return {
            "headline_scores": {k: score_record(v) for k, v in result.cci.headlines.items()},
            "sections": {k: score_record(v) for k, v in result.cci.sections.items()},
            "criteria": {k: score_record(v) for k, v in result.cci.criteria.items()},
        }

    def table_lines(self, result: ScoredResult) -> list[str]:
        assert result.cci is not None
        framework = self.framework
        lines = ["", "Headline scores"]
        lines += [f"  {t.name:<70} {score_text(result.cci.headlines[t.id])}" for t in framework.headline_themes]
        for section in framework.sections:
            lines += ["", f"{section.id}. {section.name:<68} {score_text(result.cci.sections[section.id])}"]
            lines += [f"  {c.id} {c.name:<66} {score_text(result.cci.criteria[c.id])}" for c in section.criteria]
        return lines

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        framework = self.framework
        criteria = [c for s in framework.sections for c in s.criteria]
        fields = self.foreword_and_recommendations()
        note = "Use a pseudonym, never a real name or the case reference."
        allowed = tuple(c.id for c in criteria)
        examples = tagged_field("practice_examples", "Practice examples (Making a difference)", _EXAMPLES_FORM,
                                tags=("criterion", "text"), allowed=allowed, note=note)  # fmt: skip
        fields.append(examples)
        for c in criteria:
            fields.append(
                NarrativeField(
                    f"strengths-{c.id}", ("criteria", c.id, "strengths"), f"{c.id} {c.name}: strengths", "lines", LINES_HINT
                )
            )
            fields.append(NarrativeField(f"improvements-{c.id}", ("criteria", c.id, "improvements"), f"{c.id} {c.name}: areas for improvement", "lines", LINES_HINT))  # fmt: skip
        return tuple(fields)  # fmt: skip

    def compares_with_others(self) -> bool:
        return True
