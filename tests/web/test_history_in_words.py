"""The history in words people read (issue 11's walk): judgements by name, people by name, each contextual
fact on its own line, the sample's variables in words, and every entry reachable page by page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World
from yjinspect.web.inspections.models import HistoryEntry
from yjinspect.web.inspections.pages import HISTORY_PAGE
from yjinspect.web.inspections.services import assessment, sample
from yjinspect.web.inspections.services.common import history_record

pytestmark = pytest.mark.django_db


def _lead(world: World) -> Client:
    client = Client()
    client.force_login(world.users["lead"])
    return client


def test_a_judgement_is_named_in_words_not_by_its_field(world: World) -> None:
    case = world.cases("inspector")[0]
    assessment.case_facts_save(by=world.users["inspector"], case=case, expected_version=0,
                               changes={"inspector_rosh": "medium", "harm_factors": True})  # fmt: skip
    whats = set(HistoryEntry.objects.filter(case=case).values_list("what", flat=True))
    assert f"case {case.case_ref}: inspector's risk of serious harm classification" in whats
    assert f"case {case.case_ref}: factors related to harm" in whats
    assert not any("inspector rosh" in w or "harm factors" in w for w in whats)


def test_an_allocation_names_people_not_usernames(world: World) -> None:
    case = world.cases("inspector")[0]
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["assessor"])
    entry = HistoryEntry.objects.filter(case=case, what__endswith="allocated").latest("pk")
    assert (entry.old, entry.new) == ("Inspector Test (inspector)", "Assessor Test (assessor)")


def test_each_contextual_fact_that_changed_is_its_own_entry_in_words(world: World) -> None:
    facts = {"caseload_court": "40", "caseload_out_of_court": "20", "staff_fte": "41.5", "budget_total": "1000",
             "in_education_percent": "80", "looked_after_percent": "10"}  # fmt: skip
    sample.facts_save(by=world.users["contact"], inspection=world.inspection, data=facts, expected_version=0)
    sample.facts_save(by=world.users["contact"], inspection=world.inspection, data=facts | {"budget_total": "1200"},
                      expected_version=1)  # fmt: skip
    entries = HistoryEntry.objects.filter(inspection=world.inspection, what__startswith="contextual facts").order_by("-pk")
    latest = entries.first()
    assert latest is not None
    assert latest.what.startswith("contextual facts: ")
    assert "budget" in latest.what.lower()
    assert (latest.old, latest.new) == ("1000", "1200")
    assert not any("{" in e.old or "{" in e.new for e in entries), "never a Python dict"


def test_the_sample_explanation_names_its_variables_in_words(world: World) -> None:
    page = _lead(world).get(reverse("sample", args=[world.inspection.pk])).content.decode()
    assert "Disposal type" in page
    assert ">disposal_type<" not in page
    assert ">safety_wellbeing<" not in page


def test_every_history_entry_can_be_reached_page_by_page(world: World) -> None:
    for number in range(HISTORY_PAGE + 5):
        history_record(world.inspection, world.users["lead"], f"test entry {number}", None, str(number))
    total = HistoryEntry.objects.filter(inspection=world.inspection).count()
    first = _lead(world).get(reverse("history", args=[world.inspection.pk])).content.decode()
    assert f"entries 1 to {HISTORY_PAGE} of {total}" in first
    assert 'href="?page=2">Older changes' in first
    second = _lead(world).get(reverse("history", args=[world.inspection.pk]) + "?page=2").content.decode()
    assert f"entries {HISTORY_PAGE + 1} to {total} of {total}" in second
    assert "test entry 0" in second, "the oldest entry is on the last page"
    assert _lead(world).get(reverse("history", args=[world.inspection.pk]) + "?page=x").status_code == 200
