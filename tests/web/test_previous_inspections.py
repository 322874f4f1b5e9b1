"""The next inspection knows the last (issue 13, item 3): a service's previous inspections, published here or
imported from the public record, on the planning page, the ratings page, the report and the public page."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.report_ready import finish_every_case
from tests.web.world import World
from yjinspect.programmes import read_inspection
from yjinspect.reporting.document import Figure, Paragraph
from yjinspect.synthetic import synthetic_scored_bundle
from yjinspect.web.inspections import previous_inspections, publishing
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import (
    ActionStatus,
    ImprovementPlan,
    Inspection,
    PlanAction,
    PlanEntry,
    PlanState,
    PublishedResult,
    Report,
    ReportVersion,
    Role,
)
from yjinspect.web.inspections.selectors import report_inputs
from yjinspect.web.inspections.services import setup
from yjinspect.web.inspections.services.demo import DEMO_SERVICE, demo_build
from yjinspect.web.inspections.services.exchange import bundle_import

pytestmark = pytest.mark.django_db

STANDARDS_2018 = {"1.1": "Good", "1.2": "Requires improvement", "1.3": "Good", "1.4": "Good", "2.1": "Inadequate",
                  "2.2": "Requires improvement", "2.3": "Good", "2.4": "Requires improvement", "3.1": "Good",
                  "3.2": "Good", "3.3": "Good", "3.4": "Outstanding"}  # fmt: skip


def _imported(
    service: str, when: str, overall: str = "Requires improvement", programme: str = "hmip-youth-2018"
) -> PublishedResult:
    return PublishedResult.objects.create(
        programme=programme, service=service, date=when, overall_rating=overall, score=17, max_score=36,
        figures={"standards": STANDARDS_2018}, source=PublishedResult.Source.CSV, source_name="ratings.csv",
    )  # fmt: skip


def _published_here(world: World, fieldwork: date, when: str) -> Inspection:
    """An earlier inspection of Northmoor published here, with its report's recommendations."""
    earlier = setup.inspection_create(
        by=world.users["admin"], service=world.northmoor, framework_id="hmip-youth-2018",
        announced_on=fieldwork.replace(day=1), fieldwork_start=fieldwork,
    )  # fmt: skip
    Inspection.objects.filter(pk=earlier.pk).update(published=True)
    Report.objects.update_or_create(
        inspection=earlier,
        defaults={"narrative": {"recommendations": [{"to": "The YJS management board", "text": "Improve risk of harm work."}]}},
    )
    PublishedResult.objects.create(
        programme="hmip-youth-2018", service=world.northmoor.name, date=when, overall_rating="Good", score=20, max_score=36,
        figures={"standards": {**STANDARDS_2018, "2.1": "Good"}}, source=PublishedResult.Source.APP, inspection=earlier,
    )  # fmt: skip
    return earlier


def _new_2021(world: World) -> Inspection:
    """Northmoor's next inspection, under the 2021 framework, with the lead of the world's team."""
    inspection = setup.inspection_create(
        by=world.users["admin"], service=world.northmoor, framework_id="hmip-youth-2021",
        announced_on=date(2027, 3, 1), fieldwork_start=date(2027, 3, 15),
    )  # fmt: skip
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["lead"], role=Role.LEAD)
    return inspection


def test_previous_inspections_are_the_services_published_results_before_the_fieldwork(world: World) -> None:
    oldest = _imported("northmoor youth justice service", "2019-06")  # named as the service is, in another case
    here = _published_here(world, date(2023, 5, 8), "2023-10")
    _imported(world.eastvale.name, "2022-01")  # another service
    _imported(world.northmoor.name, "2026-03")  # after the world's fieldwork (February 2026)
    _imported(world.northmoor.name, "2026")  # a year alone, the fieldwork's own: not known to be before it
    found = previous_inspections.earlier_results(world.inspection)
    assert [r.pk for r in found] == [here.published_result.pk, oldest.pk]
    # The earlier inspection's own previous inspections stop before its fieldwork.
    assert [r.pk for r in previous_inspections.earlier_results(here)] == [oldest.pk]


def test_a_first_inspection_has_no_previous_one(world: World) -> None:
    _imported(world.eastvale.name, "2022-01")
    assert previous_inspections.earlier_results(world.inspection) == []
    assert report_inputs(world.inspection).previous is None
    assert previous_inspections.ratings_beside(world.inspection, report_inputs(world.inspection).framework, {}) is None


def test_the_report_is_composed_with_the_last_inspection_and_the_export_carries_it(world: World) -> None:
    _imported(world.northmoor.name, "2019-06", overall="Inadequate")
    _published_here(world, date(2023, 5, 8), "2023-10")
    previous = report_inputs(world.inspection).previous
    assert previous is not None
    assert (previous.programme, previous.date, previous.overall_rating) == ("hmip-youth-2018", "2023-10", "Good")
    assert previous.standards["2.1"] == "Good"
    exported = bundle_export(world.inspection)
    assert exported["previous_inspection"]["date"] == "2023-10"
    assert read_inspection(json.dumps(exported), provisional=True).report.previous == previous


def test_the_web_report_states_the_change_since_the_last_inspection_as_checked_figures(world: World, client: Client) -> None:
    _imported(world.northmoor.name, "2019-06", overall="Inadequate")
    finish_every_case(world)
    document = publishing.report_document(world.inspection)
    assert report_inputs(world.inspection).result.overall.rating.value in ("Outstanding", "Good")  # every answer yes
    sentence = next(b for s in document.walk() for b in s.blocks if isinstance(b, Paragraph) and b.anchor == "summary-change")
    assert {r.source: r.text for r in sentence.runs if isinstance(r, Figure)} == {
        ("overall_change",): "an improvement",
        ("previous_date",): "June 2019",
        ("previous_overall_rating",): "Inadequate",
    }
    client.force_login(world.users["lead"])
    page = client.get(reverse("report_preview", args=[world.inspection.pk])).content.decode()
    assert "This is an improvement since the last inspection, published in June 2019, when it was rated" in page


def test_across_frameworks_only_corresponding_standards_stand_beside_each_other(world: World) -> None:
    _imported(world.northmoor.name, "2024-02")
    inspection = _new_2021(world)
    framework = report_inputs(inspection).framework
    beside = previous_inspections.ratings_beside(
        inspection, framework, {"2.1": "Good", "1.2": "Requires improvement", "3.4": "Good"}
    )
    assert beside is not None
    assert (beside.standards["2.1"].previous, beside.standards["2.1"].change) == ("Inadequate", "an improvement")
    assert (beside.standards["1.2"].previous, beside.standards["1.2"].change) == ("Requires improvement", "unchanged")
    # 2021's 3.4 is out-of-court policy and provision; 2018's 3.4 was joint working: no correspondence.
    assert beside.standards["3.4"].previous_id is None
    assert "new in 2021" in beside.standards["3.4"].why
    assert [(d.standard_id, d.previous) for d in beside.dropped] == [("3.4", "Outstanding")]


def test_the_ratings_page_shows_each_standards_previous_rating_and_where_none_corresponds(world: World, client: Client) -> None:
    _imported(world.northmoor.name, "2024-02")
    inspection = _new_2021(world)
    client.force_login(world.users["lead"])
    page = client.get(reverse("ratings", args=[inspection.pk])).content.decode()
    assert "Beside the last inspection" in page
    assert "published in February 2024" in page
    assert "Its framework differs from this inspection's" in page
    row = page[page.index('id="beside-2.1"') : page.index("</tr>", page.index('id="beside-2.1"'))]
    assert "Inadequate" in row
    row = page[page.index('id="beside-3.4"') : page.index("</tr>", page.index('id="beside-3.4"'))]
    assert "No standard corresponds" in row
    row = page[page.index('id="beside-4.1"') : page.index("</tr>", page.index('id="beside-4.1"'))]
    assert "No standard corresponds: Resettlement policy and provision is new in 2021" in row
    assert 'id="beside-dropped"' in page
    assert "standard 3.4, rated Outstanding at the last inspection" in page
    assert 'id="previous-2.1"' in page


def test_the_ratings_page_of_a_first_inspection_has_no_comparison(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    page = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    assert "Beside the last inspection" not in page


def test_the_lead_sees_the_previous_ratings_and_recommendations_while_planning(world: World, client: Client) -> None:
    _imported(world.northmoor.name, "2019-06")
    _published_here(world, date(2023, 5, 8), "2023-10")
    client.force_login(world.users["lead"])
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert "Previous inspections of Northmoor Youth Justice Service" in page
    assert page.index("Published October 2023") < page.index("Published June 2019")  # the latest first
    assert "Improve risk of harm work." in page
    assert "The YJS management board" in page
    assert "2.1 Assessment" in page
    assert "Not held here: the result was imported without its report's words" in page
    assert "No improvement plan" in page  # published here before plans were made
    assert "Read the published report" not in page  # no frozen report here yet
    earlier = Inspection.objects.get(service=world.northmoor, published=True)
    ReportVersion.objects.create(
        inspection=earlier, kind=ReportVersion.Kind.PUBLISHED, number=1, html="<p>report</p>", sha256="0" * 64,
        created_by=world.users["lead"],
    )  # fmt: skip
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert f'href="{reverse("published_report", args=[earlier.pk])}"' in page
    # The service's contact plans nothing: the overview shows them their own tasks only.
    client.force_login(world.users["contact"])
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert "Previous inspections of" not in page


def test_the_lead_sees_the_progress_of_the_previous_inspections_improvement_plan(world: World, client: Client) -> None:
    earlier = _published_here(world, date(2023, 5, 8), "2023-10")
    plan = ImprovementPlan.objects.create(
        inspection=earlier, published_on=date(2023, 10, 2), due_on=date(2023, 10, 30), state=PlanState.ACCEPTED
    )
    entry = PlanEntry.objects.create(plan=plan, number=1, recommendation="Improve risk of harm work.")
    for position, status in enumerate((ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.DONE)):
        PlanAction.objects.create(
            entry=entry, position=position, text="Train case managers", owner="Head of service",
            target_date=date(2024, 3, 1), success_measure="Audits", status=status,
        )  # fmt: skip
    client.force_login(world.users["lead"])
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert "Accepted: 2 of 3 actions done" in page


def test_an_inspection_marked_published_without_its_result_is_a_previous_one_rated_as_publishing_would(
    world: World, client: Client
) -> None:
    # As the demo's earlier core case inspection: imported from a bundle and marked published, no result recorded.
    bundle = synthetic_scored_bundle(
        "hmip-youth-cci", cases=12, seed=3, service=world.northmoor.name, fieldwork_start=date(2011, 10, 3)
    )
    earlier = bundle_import(by=world.users["admin"], text=json.dumps(bundle), source="synthetic core case inspection")
    Inspection.objects.filter(pk=earlier.pk).update(published=True)
    found = previous_inspections.earlier_results(world.inspection)
    assert [(r.inspection_id, r.programme, r.date, r.pk) for r in found] == [(earlier.pk, "hmip-youth-cci", "", None)]
    assert report_inputs(world.inspection).previous is None  # no month to say it was published in
    client.force_login(world.users["lead"])
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert "Fieldwork October 2011, publication month not recorded: Core Case Inspection" in page
    ratings = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    assert "No standard of this framework corresponds to one of that inspection" in ratings
    assert 'id="beside-last-table"' not in ratings
    assert 'id="previous-2.1"' not in ratings


def test_the_public_page_shows_a_services_inspections_over_time_under_every_programme(world: World) -> None:
    _imported(world.northmoor.name, "2019-06")
    _imported(world.northmoor.name, "2024-02", overall="Good", programme="hmip-youth-2021")
    page = Client().get(reverse("published"), {"programme": "hmip-youth-2018", "service": world.northmoor.name}).content.decode()
    table = page[page.index('id="over-time"') : page.index("</table>", page.index('id="over-time"'))]
    assert table.index("June 2019") < table.index("February 2024")
    assert "Inspection of youth offending services (2021 standards framework)" in table
    assert "Improvement plan" in table


def test_the_public_page_shows_a_plans_status_only_where_the_inspectorate_chose_to(world: World) -> None:
    earlier = _published_here(world, date(2023, 5, 8), "2023-10")
    plan = ImprovementPlan.objects.create(
        inspection=earlier, published_on=date(2023, 10, 2), due_on=date(2023, 10, 30), state=PlanState.ACCEPTED
    )
    query = {"programme": "hmip-youth-2018", "service": world.northmoor.name}

    def plan_cell() -> str:
        page = Client().get(reverse("published"), query).content.decode()
        row = page[page.index("October 2023", page.index('id="over-time"')) :]
        return row[: row.index("</tr>")]

    assert "Not published" in plan_cell()
    assert "Accepted" not in plan_cell()
    ImprovementPlan.objects.filter(pk=plan.pk).update(status_public=True)
    assert "Accepted" in plan_cell()


def test_the_demos_inspection_knows_the_services_earlier_core_case_inspection_and_its_plan(client: Client) -> None:
    demo_build()
    current = Inspection.objects.get(service__name=DEMO_SERVICE, framework_id="hmip-youth-2018")
    client.force_login(current.memberships.get(role=Role.LEAD).user)
    page = client.get(reverse("overview", args=[current.pk])).content.decode()
    assert "Previous inspections of Northmoor Youth Justice Service" in page
    assert "Core Case Inspection" in page
    assert "Accepted: 1 of 4 actions done" in page
    assert "Make sure that the board understands the risks the children it supervises face." in page
    ratings = client.get(reverse("ratings", args=[current.pk])).content.decode()
    assert "Beside the last inspection" in ratings
    assert "No standard of this framework corresponds to one of that inspection" in ratings
