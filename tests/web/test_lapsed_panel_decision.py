"""A panel decision the answers no longer support: the pages say so, publishing refuses, nothing gives a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.report_ready import ready_to_publish
from tests.web.world import World
from yjinspect.web.inspections.models import Answer, PanelDecision
from yjinspect.web.inspections.publishing import publishing_problems
from yjinspect.web.inspections.selectors import inspection_result
from yjinspect.web.inspections.services import ratings
from yjinspect.web.inspections.services.common import ServiceError

pytestmark = pytest.mark.django_db


def test_a_decision_the_answers_no_longer_support_is_left_out_and_stops_publishing(world: World) -> None:
    ready_to_publish(world)
    lead = world.users["lead"]
    result = inspection_result(world.inspection)
    standard = next(s for s in result.standards if s.rating is not None and s.deciding_question)
    # A decision the guard refuses outright is refused when recorded...
    with pytest.raises(ServiceError, match="refused"):
        ratings.panel_decision_record(by=lead, inspection=world.inspection, standard_id=standard.id, rating="Inadequate",
                                      reason="Too far", expected_version=0)  # fmt: skip
    # ...but one stored before the answers changed can lapse: store one for a standard that then has no figure.
    PanelDecision.objects.create(inspection=world.inspection, standard_id=standard.id, rating=standard.rating.value,
                                 reason="Confirmed", decided_by=lead)  # fmt: skip
    Answer.objects.filter(case__inspection=world.inspection, question_id__startswith=standard.id + ".").update(value="n/a")
    lapsed = inspection_result(world.inspection)
    assert lapsed.lapsed_decisions
    assert lapsed.standard(standard.id).panel_decision is None
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("ratings", args=[world.inspection.pk]))
    assert page.status_code == 200
    assert "no longer allows it" in page.content.decode()
    assert any("A ratings panel decision no longer stands" in p for p in publishing_problems(world.inspection))
