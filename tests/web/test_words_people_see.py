"""Words, not codes, and enough detail to tell things apart, on the pages people read (issue 11, item 7)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World
from yjinspect.engine.framework import Population
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.models import AssessmentState, PublishedResult, Role, SampledCase
from yjinspect.web.inspections.services import sample, setup
from yjinspect.web.inspections.services.common import history_record

pytestmark = pytest.mark.django_db


def test_the_home_page_tells_apart_inspections_of_the_same_service(world: World, client: Client) -> None:
    northmoor: Service = world.northmoor
    again = setup.inspection_create(
        by=world.users["admin"], service=northmoor, framework_id="hmip-youth-2021", announced_on=date(2027, 5, 3),
        fieldwork_start=date(2027, 6, 7),
    )  # fmt: skip
    client.force_login(world.users["admin"])
    page = client.get(reverse("home")).content.decode()
    links = re.findall(r'<a class="govuk-link" href="/inspections/\d+/">(.*?)</a>', page)
    names = [re.sub(r"<[^>]+>", "", link) for link in links]
    assert len(names) == len(set(names)) == 3, names
    assert again.framework_id not in page, "the framework's title, not its id"
    assert "3 May 2027" in page
    assert "7 June 2027" in page
    assert "12 January 2026" in page  # the first inspection's announcement


def test_the_history_shows_states_and_roles_in_words(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    lead = world.users["lead"]
    history_record(world.inspection, lead, f"case {case.case_ref}: state", "in_progress", AssessmentState.COMPLETE, case=case)
    history_record(world.inspection, lead, f"case {case.case_ref}: review", "complete", "returned: add the plan", case=case)
    history_record(world.inspection, lead, "team: someone", None, Role.LOCAL_ASSESSOR)
    client.force_login(lead)
    page = client.get(reverse("history", args=[world.inspection.pk])).content.decode()
    for code in ("in_progress", ">complete<", "local_assessor", ">returned"):
        assert code not in page
    assert "In progress" in page
    assert "Ready for review" in page
    assert "Returned with comments: add the plan" in page
    assert "Local assessor" in page
    case_page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert "In progress" in case_page
    assert "in_progress" not in case_page


def test_the_case_page_names_the_population_in_words(world: World, client: Client) -> None:
    case = SampledCase.objects.filter(inspection=world.inspection, population=Population.OUT_OF_COURT).first()
    assert case is not None
    client.force_login(world.users["admin"])
    page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert "out_of_court" not in page
    assert f"{case.disposal_type} (out-of-court disposal)" in page


@pytest.mark.parametrize("page_name", ["sample", "allocation", "cases"])
def test_the_sample_allocation_and_cases_pages_name_populations_in_words(world: World, client: Client, page_name: str) -> None:
    client.force_login(world.users["lead"])
    page = client.get(reverse(page_name, args=[world.inspection.pk])).content.decode()
    codes = {p.value for p in Population}
    cells = set(re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', page))
    assert not codes & cells, f"population codes shown as cells: {codes & cells}"
    assert "out_of_court" not in page
    if page_name == "sample":
        assert '<td class="govuk-table__cell">out-of-court disposal</td>' in page
        assert '<td class="govuk-table__cell">court disposal</td>' in page


def test_the_public_service_picker_asks_for_a_choice_rather_than_reading_none(world: World) -> None:
    PublishedResult.objects.create(programme="hmip-youth-2018", service="Westdale", date="2021-02", source="csv")
    page = Client().get(reverse("published")).content.decode()
    assert '<option value="">None</option>' not in page
    assert '<option value="">Choose a service</option>' in page


def _facts_group(page: str, key: str) -> str:
    found = re.search(rf'<div class="govuk-form-group[^"]*"><label class="govuk-label" for="{key}">.*?</div>', page, re.S)
    assert found is not None, key
    return found.group(0)


def test_the_facts_form_gives_back_what_was_typed_with_the_error_beside_its_figure(world: World, client: Client) -> None:
    contact = world.users["contact"]
    sample.facts_save(by=contact, inspection=world.inspection, data={"caseload_court": "40", "budget_total": "900000"},
                      expected_version=0)  # fmt: skip
    client.force_login(contact)
    typed = {"version": "1", "caseload_court": "45", "budget_total": "950000", "looked_after_percent": "140"}
    page = client.post(reverse("facts_save", args=[world.inspection.pk]), typed).content.decode()
    assert 'value="45"' in _facts_group(page, "caseload_court")
    assert 'value="950000"' in _facts_group(page, "budget_total")
    looked_after = _facts_group(page, "looked_after_percent")
    assert "govuk-form-group--error" in looked_after
    assert "&#x27;140&#x27; is not a whole number from 0 to 100" in looked_after
    assert 'value="140"' in looked_after
    assert 'aria-describedby="looked_after_percent-error' in looked_after
    assert "govuk-form-group--error" not in _facts_group(page, "caseload_court")
    assert 'name="version" value="1"' in page
    world.inspection.facts.refresh_from_db()
    assert world.inspection.facts.data == {"caseload_court": 40, "budget_total": 900000}


def test_a_stale_facts_save_keeps_what_was_typed_beside_the_colleagues_figure(world: World, client: Client) -> None:
    sample.facts_save(by=world.users["contact"], inspection=world.inspection, data={"caseload_court": "40"}, expected_version=0)
    client.force_login(world.users["lead"])
    page = client.post(
        reverse("facts_save", args=[world.inspection.pk]), {"version": "0", "caseload_court": "52"}
    ).content.decode()
    court = _facts_group(page, "caseload_court")
    assert 'value="52"' in court
    assert "A colleague saved 40 here" in court
    assert 'name="version" value="1"' in page, "saving again is a choice made knowing the newer figure"
    world.inspection.facts.refresh_from_db()
    assert world.inspection.facts.data == {"caseload_court": 40}
