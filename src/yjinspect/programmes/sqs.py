"""Short quality screenings (2010-2012, seeds 000 and 004): counts per theme and aspect of work, by setting."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

from yjinspect.engine.intervals import wilson_interval
from yjinspect.engine.scored.scoring import ScoredResult
from yjinspect.engine.scoring import round_percent
from yjinspect.importing.published_reports import read_sqs_figures
from yjinspect.programmes.base import FigureInterval, NarrativeField, PublishedFigures, programme_kind
from yjinspect.programmes.scored import LINES_HINT, ScoredProgramme
from yjinspect.reporting.compose.sqs import compose_sqs_report


@programme_kind
class ShortQualityScreening(ScoredProgramme):
    kind: ClassVar[str] = "sqs"
    label: ClassVar[str] = "short quality screening"
    results_title: ClassVar[str] = "Counts"
    results_explanation: ClassVar[str] = (
        "A screening gives no scores or ratings: each count is how many of the relevant cases were sufficient."
    )
    composer = compose_sqs_report
    figures_reader = read_sqs_figures

    def figures(self, result: ScoredResult) -> dict[str, Any]:
        counts = {
            theme: {
                c: {
                    "sufficient": n.sufficient,
                    "answered": n.answered,
                    "phrase": n.phrase,
                    "by_setting": {s: {"sufficient": k, "answered": a} for s, (k, a) in n.by_setting.items()},
                }
                for c, n in by.items()
            }
            for theme, by in result.counts.items()
        }
        return {"counts": counts}

    def figure_intervals(self, result: ScoredResult) -> tuple[FigureInterval, ...]:
        # Each count is of cases (a case answers one question per theme and aspect of work), so each is a
        # share of cases with an interval; a screening states no eligible population, so none is corrected.
        confidence = self.interval_confidence(result)
        found = []
        for theme in self.framework.themes:
            for criterion in self.framework.criteria:
                count = result.counts.get(theme.id, {}).get(criterion.id)
                if count is None:
                    continue
                found.append(
                    FigureInterval(
                        id=f"{theme.id}.{criterion.id}",
                        label=f"{theme.name}: {criterion.name}",
                        successes=count.sufficient,
                        cases=count.answered,
                        percent=round_percent(Fraction(100 * count.sufficient, count.answered), "half_up"),
                        interval=wilson_interval(count.sufficient, count.answered, confidence),
                        confidence=confidence,
                        eligible=None,
                    )
                )
        return tuple(found)

    def table_lines(self, result: ScoredResult) -> list[str]:
        lines = []
        for theme in self.framework.themes:
            lines += ["", theme.name]
            for criterion in self.framework.criteria:
                count = result.counts.get(theme.id, {}).get(criterion.id)
                split = "; ".join(f"{s}: {n} out of {a}" for s, (n, a) in count.by_setting.items()) if count else ""
                text = f"{count.phrase}{f'  ({split})' if split else ''}" if count else "no relevant cases"
                lines.append(f"  {criterion.name:<22} {text}")
        return lines

    def published_figures(self, result: ScoredResult) -> PublishedFigures:
        # Counted per theme and aspect of work; named "theme_counts" so that it is never read as the
        # per-paragraph counts an imported screening report states (import-report's "counts").
        return PublishedFigures(figures={"theme_counts": self.figures(result)["counts"]})

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        themes = self.framework.themes
        return (
            NarrativeField("to", ("to",), "To (the chair of the YOS management board)"),
            NarrativeField("from", ("from",), "From (the assistant chief inspector)"),
            NarrativeField("summary", ("summary",), "Summary"),
            *(
                NarrativeField(f"commentary-{t.id}", ("commentary", t.id), f"{t.name}: commentary after the counts")
                for t in themes
            ),
            NarrativeField("operational_management", ("operational_management",), "Operational management"),
            NarrativeField("strengths", ("strengths",), "Key strengths", "lines", LINES_HINT),
            NarrativeField("improvements", ("improvements",), "Areas requiring improvement", "lines", LINES_HINT),
            NarrativeField("copy_to", ("copy_to",), "Copy to", "lines", LINES_HINT),
            self.recommendations_field(),
        )
