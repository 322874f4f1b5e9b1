"""Results-only programmes (the 2025 framework, `hmip-youth-2025`): published ratings, no rules.

Its reports rate two areas (work with children, work with victims) and give an overall rating; how
the inspectors reach them is not public. The plug-in lets the published record, the public
comparisons and `frameworks --unverified` name the programme, read its reports' ratings and hold its
results; everything that would run or rate an inspection refuses, saying why (`runs_inspections`
keeps the set-up form and the bundle reader from offering it at all).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, NoReturn

from yjinspect.bundle import Problem
from yjinspect.engine.loading import validate_framework
from yjinspect.engine.results_only import ResultsFramework
from yjinspect.importing.published_reports import read_results_figures
from yjinspect.programmes.base import (
    Body,
    CaseQuestion,
    CaseRecord,
    Inspection,
    NarrativeField,
    Programme,
    PublishedFigures,
    programme_kind,
)
from yjinspect.reporting.document import ReportDocument


class ResultsOnlyError(ValueError):
    """Asked to run or rate an inspection under a programme held for its published results only."""


def _no_report(inputs: Any) -> ReportDocument:
    raise ResultsOnlyError("a results-only programme has no report shape: its rules are not public")


@programme_kind
class ResultsOnly(Programme[ResultsFramework, None, None]):
    kind: ClassVar[str] = "results"
    label: ClassVar[str] = "published results only"
    era: ClassVar[str] = "results only: rules not public"
    runs_inspections: ClassVar[bool] = False
    results_title: ClassVar[str] = "Published ratings"
    results_explanation: ClassVar[str] = "Ratings as the published reports give them; the rules behind them are not public."
    body_keys: ClassVar[frozenset[str]] = frozenset()
    figures_reader = read_results_figures

    composer = _no_report

    @classmethod
    def parse(cls, data: dict[str, Any], *, source: str) -> ResultsFramework:
        return validate_framework(ResultsFramework, data, source=source)

    def _refuse(self, what: str) -> NoReturn:
        raise ResultsOnlyError(
            f"{self.id}: cannot {what}: {self.framework.title} is held for its published results only "
            "(its inspection rules are not public)"
        )

    def unverified_items(self) -> list[tuple[str, str]]:
        return self.framework.unverified_items()

    def rated_items(self) -> dict[str, str]:
        """Return every area and part a published result may rate, id to name, in the file's order."""
        return {a.id: a.name for a in self.framework.rated_items()}

    def case_questions(self) -> tuple[CaseQuestion, ...]:
        return ()  # no question of the 2025 framework is public

    def case_from_record(self, record: CaseRecord) -> None:
        self._refuse("rate a case")

    def case_record(self, case: None) -> CaseRecord:
        self._refuse("record a case")

    def case_gaps(self, record: CaseRecord) -> list[str]:
        self._refuse("list what a case needs")

    def read_body(
        self, data: Mapping[str, Any], header: Mapping[str, Any], *, provisional: bool, problems: list[Problem]
    ) -> Body[None] | None:
        problems.append(
            Problem("inspection.framework", f"{self.id} is held for its published results only; a bundle cannot use it")
        )
        return None

    def write_body(self, inspection: Inspection[None]) -> dict[str, Any]:
        self._refuse("write a bundle")

    def rate(self, inspection: Inspection[None]) -> None:
        self._refuse("rate an inspection")

    def rating_record(self, result: None) -> dict[str, Any]:
        self._refuse("give a rating record")

    def ratings_table(self, result: None, service: str) -> str:
        self._refuse("print a ratings table")

    def published_figures(self, result: None) -> PublishedFigures:
        self._refuse("compute published figures")

    def narrative_fields(self) -> tuple[NarrativeField, ...]:
        return ()  # no report is written here under this programme
