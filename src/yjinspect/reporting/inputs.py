"""What a report is composed from: one typed value, built by the web app's selector or from a bundle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from yjinspect.bundle import PreviousInspection, ReportFields
from yjinspect.engine.survey_counts import SurveyCount

FrameworkT = TypeVar("FrameworkT")
CaseT = TypeVar("CaseT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class ReportInputs(Generic[FrameworkT, CaseT, ResultT]):
    """Everything a report prints: the inspection's facts, its one rating result, and the team's words.

    - `result` is the programme's rating result, computed once before composing.
    - `fields` holds the narrative, contextual facts, caseload return, offence types and publication date.
    - `others` are published records of other inspections of the same programme (import-report's keys),
      for reports that compare (a core case inspection's headline scores).
    - `surveys` are the inspection's surveys, counted (the web app's; a bundle carries none), for the section
      the programme names for them.
    - `previous` (from `fields`) is the service's last published inspection before this one, for the
      sentence on how its rating changed.
    """

    service: str
    framework: FrameworkT
    result: ResultT
    cases: tuple[CaseT, ...]
    fieldwork_start: date
    fields: ReportFields = field(default_factory=ReportFields)
    others: tuple[Mapping[str, Any], ...] = ()
    draft: bool = True
    surveys: tuple[SurveyCount, ...] = ()

    @property
    def narrative(self) -> Mapping[str, Any]:
        return self.fields.narrative

    @property
    def previous(self) -> PreviousInspection | None:
        """Return the service's last published inspection before this one: from the bundle's
        `previous_inspection`, or in the web app from `selectors.report_inputs` (the public record)."""
        return self.fields.previous
