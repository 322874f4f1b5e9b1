"""A programme kind the web app has never heard of runs through its pages by the contract alone."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.world import World
from yjinspect.web.inspections.models import Role
from yjinspect.web.inspections.services import assessment, setup

pytestmark = pytest.mark.django_db


def test_a_new_kind_is_set_up_assessed_scored_and_reported_in_the_browser_pages(world: World, tally: str) -> None:
    admin, lead = world.users["admin"], world.users["lead"]
    inspection = setup.inspection_create_from_form(
        by=admin,
        service="Testshire Youth Justice Service",
        framework=tally,
        announced_on="2030-04-01",
        fieldwork_start="2030-05-06",
    )
    setup.membership_add(by=admin, inspection=inspection, user=lead, role=Role.LEAD)
    client = Client()
    client.force_login(lead)
    overview = client.get(reverse("overview", args=[inspection.pk])).content.decode()
    assert "Add the inspected cases" in overview, "no data return or sample: the plug-in has none"
    client.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "A1"})
    case = inspection.cases.get(case_ref="A1")
    page = client.get(reverse("case", args=[case.pk]))
    assert page.status_code == 200
    assert "Was the child seen within five working days?" in page.content.decode()
    saved = client.post(
        reverse("case_autosave", args=[case.pk]),
        json.dumps({"kind": "answer", "question": "T1", "value": "yes", "evidence": "", "version": 0}),
        content_type="application/json",
    )
    assert saved.json()["saved"] is True
    assert assessment.case_gaps(case) == ["T2"]
    results = client.get(reverse("ratings", args=[inspection.pk]))
    assert results.status_code == 200
    assert "T1 1" in results.content.decode(), "the plug-in's own table"
    preview = client.get(reverse("report_preview", args=[inspection.pk])).content.decode()
    assert "Tally in Testshire Youth Justice Service" in preview
