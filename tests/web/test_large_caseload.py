"""A large caseload keeps the sample page small and quick (issue 11, item 6): the page shows the draw as it was
recorded and the sample, and counts the eligible population instead of listing it; its queries do not grow
with the caseload or the replacements; a redraw still removes the old cases' answers and keeps their history.
How fast is bench/caseload.py's to print, not a test's."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.world import FIELDWORK, World, answer_everything
from yjinspect.synthetic import synthetic_caseload
from yjinspect.web.inspections.models import Answer, HistoryEntry, Inspection, SampleState
from yjinspect.web.inspections.services import sample

pytestmark = pytest.mark.django_db

LARGE = 5_000


def _redrawn_from(world: World, rows: int, *, seed: int = 1) -> Inspection:
    """The world's inspection with its sample unlocked, a caseload of `rows` rows uploaded and drawn again."""
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None, sample_locked_by=None)
    content = synthetic_caseload(rows, fieldwork_start=FIELDWORK, seed=7).encode()
    sample.caseload_upload(by=world.users["contact"], inspection=world.inspection, filename="caseload.csv", content=content)
    sample.sample_draw(by=world.users["lead"], inspection=world.inspection, seed=seed)
    world.inspection.refresh_from_db()
    return world.inspection


def _court_drawn(inspection: Inspection) -> tuple[int, int]:
    """How many court disposals were sampled, and how many were eligible (drawn: sampled or reserves)."""
    court = inspection.cases.filter(population="court")
    return court.filter(sample_state=SampleState.SAMPLED).count(), court.count()


def _sample_page(world: World) -> tuple[str, int]:
    """The sample page as the lead inspector sees it, and how many queries it took."""
    client = Client()
    client.force_login(world.users["lead"])
    url = reverse("sample", args=[world.inspection.pk])
    client.get(url)  # the first view of a process reads what every page reads once (sessions, programmes)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_sample_page_of_a_large_caseload_counts_the_population_instead_of_listing_it(world: World) -> None:
    inspection = _redrawn_from(world, LARGE)
    sample.sample_confirm(by=world.users["lead"], inspection=inspection)  # each sampled case gets its replace form
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED).count()
    reserves = inspection.cases.filter(sample_state=SampleState.RESERVE).count()
    assert reserves > 500  # a population far larger than the sample
    assert inspection.caseload.count() == LARGE

    page, _ = _sample_page(world)

    assert len(page.encode()) < 500_000
    named = set(re.findall(r"YJ\d{6}", page))
    assert len(named) < sampled + 100, f"the page names {len(named)} of the caseload's {LARGE} cases"
    excluded = LARGE - inspection.cases.count()  # the cases drawn are the eligible ones: the sample and its reserves
    assert f"{excluded} caseload rows outside the eligibility windows" in page
    court = inspection.cases.filter(sample_state=SampleState.RESERVE, population="court").count()
    assert f"Court disposals: {court} reserves; the next 10:" in page


def test_the_sample_page_explains_the_draw_that_was_made_when_the_caseload_is_replaced_after_it(world: World) -> None:
    inspection = _redrawn_from(world, 80)
    court = _court_drawn(inspection)
    # A new caseload with no eligible case at all: drawing from it again would fail, and would not be this draw.
    outside = "case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing\nZ1,referral order,2019-01-01,male,low,low\n"
    sample.caseload_upload(by=world.users["contact"], inspection=inspection, filename="new.csv", content=outside.encode())

    page, _ = _sample_page(world)

    assert f"Court disposals: {court[0]} of {court[1]} eligible" in page


def test_a_sample_drawn_before_explanations_were_recorded_is_explained_by_drawing_it_again(world: World) -> None:
    inspection = _redrawn_from(world, 80)
    court = _court_drawn(inspection)
    Inspection.objects.filter(pk=inspection.pk).update(sample_explanation=None)

    page, _ = _sample_page(world)

    assert f"Court disposals: {court[0]} of {court[1]} eligible" in page


def test_the_sample_page_reads_the_same_number_of_queries_whatever_the_caseload_and_the_replacements(world: World) -> None:
    lead = world.users["lead"]
    _, small = _sample_page(world)
    sample.sample_confirm(by=lead, inspection=_redrawn_from(world, LARGE))
    _, large = _sample_page(world)
    sample.case_replace(by=lead, case=world.cases()[0], reason="moved away")
    _, one_replaced = _sample_page(world)
    for case in world.cases()[:3]:
        sample.case_replace(by=lead, case=case, reason="moved away")
    _, four_replaced = _sample_page(world)

    assert small == large
    assert one_replaced == four_replaced, "each replaced case reads its replacement again"


def test_a_redraw_removes_the_old_cases_answers_and_keeps_their_history(world: World) -> None:
    case = world.cases("inspector")[0]
    answer_everything(case)
    answers = set(Answer.objects.filter(case=case).values_list("pk", flat=True))
    kept = set(HistoryEntry.objects.filter(case=case).values_list("pk", flat=True))
    assert answers
    assert kept

    _redrawn_from(world, 80, seed=2)

    assert not Answer.objects.filter(pk__in=answers).exists()
    assert HistoryEntry.objects.filter(pk__in=kept, case=None, case_ref=case.case_ref).count() == len(kept)
