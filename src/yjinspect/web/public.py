"""Public pages: published results and comparisons across inspections, for anyone."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from yjinspect.comparison import framework_changes, over_time, rating_distribution, score_spread, spreads
from yjinspect.importing.public_record import DATA_SETS
from yjinspect.programmes import programme_for, programme_ids
from yjinspect.reporting.charts import distribution_chart, spread_chart
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.context import failed
from yjinspect.web.inspections.models import Inspection, PublishedResult, ReportVersion
from yjinspect.web.inspections.plan_selectors import PlanStatus, plan_status
from yjinspect.web.inspections.services.audit import event_record
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.inspections.services.published_results import result_import_report, results_import_csv
from yjinspect.web.inspections.templatetags.words import programme_title


@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Published results, the distribution of ratings, each figure's range, and one service's results over time."""
    results = list(PublishedResult.objects.select_related("inspection"))  # a service's timeline reads each one's inspection
    programmes = sorted({r.programme for r in results})
    programme = request.GET.get("programme") or (
        "hmip-youth-2018" if "hmip-youth-2018" in programmes else (programmes[0] if programmes else "")
    )
    chosen = [r for r in results if r.programme == programme]
    records = [{**r.as_record(), "max": r.max_score} for r in chosen]  # the score spread reads each maximum
    services = sorted({r.service for r in chosen})
    service = request.GET.get("service") if request.GET.get("service") in services else None
    distribution = rating_distribution(records)
    # Which figure a programme compares across inspections is the plug-in's to say.
    field = programme_for(programme).compared_figure if programme in programme_ids() else None
    spread_rows = (
        [(s.item, s.lowest, s.highest, s.average, s.own) for s in spreads(records, field, service=service)] if field else []
    )
    if not spread_rows and (overall := score_spread(records, service=service)) is not None:
        # Results that state ratings and a score but no key question's figure (the open data): the score's range.
        spread_rows = [(overall.item, overall.lowest, overall.highest, overall.average, overall.own)]
    charts = []
    if distribution:
        charts.append(distribution_chart(distribution))
    if spread_rows:
        charts.append(
            spread_chart(
                spread_rows, f"Range across inspections: {programme_title(programme)}" + (f", with {service}" if service else "")
            )
        )
    # A result links to its report only where the report was published here, its files frozen: a result
    # imported, or the demo's example inspection (imported with its results only), has no report to show.
    reports = set(ReportVersion.objects.filter(kind=ReportVersion.Kind.PUBLISHED).values_list("inspection_id", flat=True))
    return render(request, "public/published.html", {
        "results": results, "programmes": programmes, "programme": programme, "services": services, "service": service,
        "reports": reports,
        "charts": [(c, mark_safe(c.svg)) for c in charts],
        "timeline": _timeline(results, service) if service else [],
        "data_sets": _data_sets(results),
        "open_data_chosen": any(r.source_name in _OPEN_DATA for r in chosen),
    })  # fmt: skip


_OPEN_DATA = {d.file for d in DATA_SETS if d.open_data}  # scraped data: its blanks are not stated


def _data_sets(results: list[PublishedResult]) -> list[dict[str, object]]:
    """Return each shipped data set the results hold, with its source, licence and how many results it gave."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.source_name] = counts.get(r.source_name, 0) + 1
    return [{"set": d, "results": counts[d.file]} for d in DATA_SETS if d.file in counts]


def _timeline(results: list[PublishedResult], service: str) -> list[dict[str, object]]:
    """Return one service's inspections over time under every programme (a service inspected under the 2018
    framework and again under the 2021 one is one story), each with its improvement plan's status where the
    inspectorate chose to publish it (issue 13, item 3)."""
    records = [{**r.as_record(), "inspection": r.inspection, "source_name": r.source_name} for r in results]
    history = over_time(records, service)
    # Where the framework changed between two inspections the page says so: their ratings are not one scale.
    return [
        {
            **record,
            "plan": public_plan_status(record["inspection"]) if record["inspection"] is not None else None,
            "changed_from": changed,
        }
        for record, changed in zip(history, framework_changes(history), strict=True)
    ]


def public_plan_status(inspection: Inspection) -> PlanStatus | None:
    """Return the improvement plan's status of an inspection published here, only where the inspectorate chose
    to show it on the public pages (`PlanStatus.public`); None elsewhere."""
    status = plan_status(inspection)
    return status if status.public else None


def csv_cell(value: object) -> str:
    """Return a value as a CSV cell a spreadsheet will not run: text starting =, +, -, @, tab or CR gets a leading '.

    A service name or rating imported from a file could otherwise be a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def results_csv(request: HttpRequest) -> HttpResponse:
    """Every published result as CSV: one row per inspection with its standards' ratings."""
    results = list(PublishedResult.objects.select_related("inspection"))  # a service's timeline reads each one's inspection
    standards = sorted(
        # Standards by number ("1.1" before "1.10"), then the areas a results-only programme rates ("children").
        {k for r in results for k in (r.figures.get("standards") or {})},
        key=lambda s: (0, [int(p) for p in s.split(".")], "") if s.replace(".", "").isdigit() else (1, [], s),
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_cell(c) for c in ("service", "date", "programme", "overall_rating", "score", "max", "source", *standards))
    for r in results:
        ratings = r.figures.get("standards") or {}
        row = [r.service, r.date, r.programme, r.overall_rating, r.score, r.max_score or "", r.source]
        writer.writerow(csv_cell(c) for c in [*row, *(ratings.get(s) or "" for s in standards)])
    event_record(by=request.user, what="published results exported (CSV)", detail=f"{len(results)} result(s)")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="published-results.csv"'
    return response


@login_required
@require_GET
def import_results(request: HttpRequest) -> HttpResponse:
    """Administrators import published reports (text or PDF) and CSV files of published ratings."""
    access.require(request.user, Action.IMPORT)
    return render(request, "public/import.html", {})


@login_required
@require_POST
def import_report(request: HttpRequest) -> HttpResponse:
    """Import one published report (text or PDF): its programme, service, date and figures."""
    access.require(request.user, Action.IMPORT)
    upload = request.FILES.get("report")
    try:
        if upload is None:
            raise ServiceError("Choose a report or a ratings file to import.")
        result, replaced = result_import_report(by=request.user, filename=upload.name or "report", content=upload.read())
    except ServiceError as error:
        failed(request, error)
    else:
        again = " It replaces the result an earlier import of the same file recorded." if replaced else ""
        messages.success(request, f"Imported {result.service}, {result.date} ({result.programme}).{again}")
    return redirect("import_results")


@login_required
@require_POST
def import_ratings(request: HttpRequest) -> HttpResponse:
    """Import a CSV file of published ratings: all its rows, or none if one is wrong."""
    access.require(request.user, Action.IMPORT)
    upload = request.FILES.get("ratings")
    try:
        if upload is None:
            raise ServiceError("Choose a report or a ratings file to import.")
        count, told = results_import_csv(by=request.user, filename=upload.name or "ratings.csv", content=upload.read())
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, f"Imported {count} published result(s).")
        for line in told:  # the open data's rows: imported in part, or not imported and why
            messages.warning(request, line)
    return redirect("import_results")
