"""The public page names programmes by their titles, not their ids, and links only to reports it can show
(the demo's published example, imported with its results only, was linked and answered 404)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World
from yjinspect.examples import example_text
from yjinspect.web.inspections.models import Inspection
from yjinspect.web.inspections.services.exchange import bundle_import
from yjinspect.web.inspections.services.published_results import result_from_inspection

pytestmark = pytest.mark.django_db

TITLE = "Inspection of youth offending services (2018 standards framework)"


@pytest.fixture
def published_without_a_report(world: World) -> Inspection:
    # As the demo does: an example inspection marked published, with its results, but no report frozen here.
    inspection = bundle_import(by=world.users["admin"], text=example_text("bury-and-rochdale-2020"), source="example.json")
    Inspection.objects.filter(pk=inspection.pk).update(published=True)
    result_from_inspection(inspection=inspection, published_on="2020-06")
    return inspection


def test_every_link_on_the_public_page_opens(published_without_a_report: Inspection) -> None:
    public = Client()
    page = public.get(reverse("published")).content.decode()
    assert "Bury and Rochdale" in page
    links = set(re.findall(r'href="(/published/[^"]*)"', page))
    assert links, "the page links at least to its CSV"
    for link in sorted(links):
        assert public.get(link).status_code == 200, link


def test_the_public_page_names_the_programme_by_its_title(published_without_a_report: Inspection) -> None:
    page = Client().get(reverse("published"), {"service": "Bury and Rochdale Youth Justice Service"}).content.decode()
    assert ">hmip-youth-2018<" not in page
    assert "across hmip-youth-2018" not in page
    assert f'<option value="hmip-youth-2018" selected>{TITLE}</option>' in page
    assert f'<td class="govuk-table__cell">{TITLE}</td>' in page
    assert f"Range across inspections: {TITLE}, with Bury and Rochdale Youth Justice Service" in page
