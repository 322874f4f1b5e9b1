"""Reads of a service's previous inspections, for the next one (issue 13, item 3): what the lead inspector
sees while planning, each standard's previous rating beside the new one, and the report's comparison.

A new inspection links to its service's previous inspections by its service and date, not by a stored
link: the previous inspections are the service's published results before this inspection's fieldwork,
whether published here (a `PublishedResult` tied to an inspection of the same service) or imported
from the public record (a report or a ratings file, named with the service's name). Nothing here
writes; `selectors.report_fields` takes the last one into the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from yjinspect.bundle import RATINGS, PreviousInspection
from yjinspect.engine.correspondence import dropped_standards, earlier_standard, rating_change
from yjinspect.engine.framework import Framework
from yjinspect.programmes import programme_for, programme_ids
from yjinspect.programmes.base import Recommendation
from yjinspect.web.inspections import selectors
from yjinspect.web.inspections.models import ImprovementPlan, Inspection, PublishedResult, Report, ReportVersion

if TYPE_CHECKING:
    from yjinspect.web.inspections.plan_selectors import PlanStatus


@dataclass(frozen=True)
class EarlierInspection:
    """One of the service's published inspections before this one, as the planning page shows it.

    `recommendations` are the report's (each with `to` and `text`) where it was published here; an
    imported result holds none. `plan` is the improvement plan's progress where it was published here;
    `report_published` whether its published report is here to read (its files frozen when published)."""

    result: PublishedResult
    recommendations: tuple[Recommendation, ...] = ()
    published_here: bool = False
    plan: PlanStatus | None = None
    standards: tuple[tuple[str, str, str | None], ...] = ()  # id, name (where its framework is known here), rating
    report_published: bool = False


@dataclass(frozen=True)
class StandardBeside:
    """A standard's previous rating beside its new one on the ratings page.

    `previous_id` is the earlier framework's standard it continues (None: none does, and `why` says so);
    `previous` its published rating there (None: not rated or not published); `change` as the report says it."""

    previous_id: str | None
    previous: str | None = None
    change: str | None = None
    why: str = ""
    renumbered: bool = False


@dataclass(frozen=True)
class RatingsBeside:
    """The last inspection's ratings for the ratings page: by standard, and the earlier standards dropped."""

    earlier: PublishedResult
    standards: Mapping[str, StandardBeside]
    dropped: tuple[Dropped, ...] = ()

    @property
    def any_corresponds(self) -> bool:
        """Return whether any standard has an earlier counterpart (not so after a core case inspection)."""
        return any(b.previous_id is not None for b in self.standards.values())


@dataclass(frozen=True)
class Dropped:
    """An earlier standard no standard of this framework continues: its id, its rating then, and why."""

    standard_id: str
    previous: str | None
    why: str


def earlier_results(inspection: Inspection) -> list[PublishedResult]:
    """Return the service's published results before this inspection, the latest first.

    Published here: an inspection of the same service whose fieldwork came first, with the result its
    publishing recorded (or, for one marked published without it, as the demo's earlier inspection is,
    its figures rated now and dated by its improvement plan's publication, else left undated: "").
    Imported: a result named with the service's name (spelled as the service is, in any case) published
    before the fieldwork's month. The inspection's own result is never its own previous one."""
    month = f"{inspection.fieldwork_start:%Y-%m}"
    here = Q(inspection__service=inspection.service, inspection__fieldwork_start__lt=inspection.fieldwork_start)
    imported = Q(inspection__isnull=True, service__iexact=inspection.service.name)
    found = PublishedResult.objects.filter(here | imported).exclude(inspection=inspection).select_related("inspection")
    # A year alone ("2019") stands before any month of a later year; within its own year it is not known to.
    earlier = [
        r for r in found if r.inspection is not None or (r.date[:7] < month and not (len(r.date) == 4 and r.date == month[:4]))
    ]
    unrecorded = Inspection.objects.filter(
        service=inspection.service, published=True, fieldwork_start__lt=inspection.fieldwork_start, published_result__isnull=True
    ).exclude(pk=inspection.pk)
    earlier.extend(_result_rated_now(e) for e in unrecorded)
    return sorted(earlier, key=_when, reverse=True)


def _when(result: PublishedResult) -> tuple[str, int]:
    """Return when a result was published, for the order: its month, else its inspection's fieldwork month."""
    dated = result.date or (f"{result.inspection.fieldwork_start:%Y-%m}" if result.inspection else "")
    return dated, result.pk or 0


def _result_rated_now(earlier: Inspection) -> PublishedResult:
    """Return the result of an inspection marked published without one, as publishing would record it (not saved)."""
    programme = selectors.programme_of(earlier)
    published = programme.published_figures(selectors.programme_inspection(earlier).result)
    plan = ImprovementPlan.objects.filter(inspection=earlier).first()
    return PublishedResult(
        programme=earlier.framework_id,
        service=earlier.service.name,
        date=f"{plan.published_on:%Y-%m}" if plan else "",
        overall_rating=published.overall_rating,
        score=published.score,
        max_score=published.max_score,
        figures=dict(published.figures),
        source=PublishedResult.Source.APP,
        inspection=earlier,
    )


def earlier_inspections(
    inspection: Inspection, plan_status: Callable[[Inspection], PlanStatus] | None = None
) -> list[EarlierInspection]:
    """Return the service's previous inspections for the planning page: ratings, recommendations, and with
    `plan_status` (`plan_selectors.plan_status`, given by the page: plan_selectors reads the selectors,
    which read this module) each improvement plan's progress where the inspection was published here."""
    results = earlier_results(inspection)
    narratives = dict(
        Report.objects.filter(inspection_id__in=[r.inspection_id for r in results if r.inspection_id]).values_list(
            "inspection_id", "narrative"
        )
    )
    ids = [r.inspection_id for r in results if r.inspection_id]
    reports = set(
        ReportVersion.objects.filter(inspection_id__in=ids, kind=ReportVersion.Kind.PUBLISHED).values_list(
            "inspection_id", flat=True
        )
    )
    found = []
    for result in results:
        earlier = result.inspection  # None: imported from the public record
        narrative = (narratives.get(earlier.pk) if earlier else None) or {}
        recommendations = (selectors.programme_of(earlier).recommendations(narrative) or ()) if earlier else ()
        names = _standard_names(result.programme)
        standards = tuple((str(k), names.get(str(k), ""), v) for k, v in (result.figures.get("standards") or {}).items())
        plan = plan_status(earlier) if earlier and plan_status else None
        read = earlier is not None and earlier.pk in reports
        found.append(EarlierInspection(result, recommendations, earlier is not None, plan, standards, read))
    return found


def _standard_names(framework_id: str) -> dict[str, str]:
    """Return the standards' names of a framework known here (none for a framework without standards)."""
    if framework_id not in programme_ids():
        return {}
    return {s.id: s.name for s in getattr(programme_for(framework_id).framework, "standards", ())}


def last_published(inspection: Inspection) -> PreviousInspection | None:
    """Return the service's last published inspection before this one as the report compares with it."""
    results = earlier_results(inspection)
    if not results:
        return None
    last = results[0]
    if not last.date:  # published here before its month was recorded: the report cannot say when
        return None
    standards = last.figures.get("standards") or {}
    return PreviousInspection(
        programme=last.programme,
        date=last.date,
        overall_rating=last.overall_rating if last.overall_rating in RATINGS else None,
        # A published result may hold words other than a rating ("Not rated"): the report takes ratings only.
        standards={str(k): (v if v in RATINGS else None) for k, v in standards.items()},
    )


def ratings_beside(
    inspection: Inspection, framework: Framework, standard_ratings: Mapping[str, str | None]
) -> RatingsBeside | None:
    """Return each standard's previous rating beside its new one (`standard_ratings`: the new, by standard id),
    through the framework file's correspondence; None where the service has no previous inspection."""
    results = earlier_results(inspection)
    if not results:
        return None
    last = results[0]
    published: Mapping[str, Any] = last.figures.get("standards") or {}
    beside = {}
    for standard_id, current in standard_ratings.items():
        counterpart = earlier_standard(framework, last.programme, standard_id)
        if counterpart.standard_id is None:
            beside[standard_id] = StandardBeside(None, why=counterpart.why)
            continue
        previous = published.get(counterpart.standard_id)
        previous = previous if previous in RATINGS else None
        beside[standard_id] = StandardBeside(
            counterpart.standard_id,
            previous,
            rating_change(framework, previous, current),
            why="" if previous else "Not rated, or not published, at the last inspection.",
            renumbered=counterpart.standard_id != standard_id,
        )
    dropped = tuple(
        Dropped(standard_id, published.get(standard_id) if published.get(standard_id) in RATINGS else None, why)
        for standard_id, why in dropped_standards(framework, last.programme).items()
    )
    return RatingsBeside(last, beside, dropped)
