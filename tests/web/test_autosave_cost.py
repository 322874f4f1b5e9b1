"""What one answer save costs in database queries (issue 10, item 8: flat-out capacity is bounded by a save's cost).

An autosave is the request the application serves most; each query is a round trip and a Django query
compile. The count is pinned so that a change adding a query to every save fails here and is weighed.
The behaviour these queries serve (two-factor, access, stale refusal, history) is tested elsewhere;
here only what the cheaper path must still do.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.world import World
from yjinspect.web.inspections.models import Answer, HistoryEntry
from yjinspect.web.inspections.selectors import applicable_questions

pytestmark = pytest.mark.django_db

# The user (with their profile and what two-factor needs), the case (with the caller's role), the case
# locked, the answer locked, the history entry, the answer updated; and the transaction's begin and commit.
QUERIES_PER_SAVE = 8


def _save(client: Client, case_pk: int, question: str, value: str, version: int) -> Any:
    body = {"kind": "answer", "question": question, "value": value, "evidence": "seen", "version": version}
    return client.post(reverse("case_autosave", args=[case_pk]), json.dumps(body), content_type="application/json")


@pytest.fixture
def saving(world: World, client: Client, settings: Any) -> tuple[Client, Any, str]:
    """An inspector (no device) signed in with two-factor required, as in production, whose answer exists."""
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = True
    case = world.cases("inspector")[0]
    question = applicable_questions(case)[0].id
    client.force_login(world.users["inspector"])
    assert _save(client, case.pk, question, "yes", 0).status_code == 200
    return client, case, question


def test_one_answer_save_costs_at_most_the_pinned_queries(saving: tuple[Client, Any, str]) -> None:
    client, case, question = saving
    with CaptureQueriesContext(connection) as queries:
        saved = _save(client, case.pk, question, "no", 1)
    assert saved.json() == {"saved": True, "version": 2}
    listed = "\n".join(q["sql"][:150] for q in queries.captured_queries)
    assert len(queries) <= QUERIES_PER_SAVE, f"{len(queries)} queries for one save:\n{listed}"
    entry = HistoryEntry.objects.filter(case=case).latest("pk")
    assert (entry.what, entry.old, entry.new) == (f"case {case.case_ref}: answer {question}", "yes", "no")


def test_the_cheaper_save_still_refuses_a_stale_version_with_the_newer_value(saving: tuple[Client, Any, str]) -> None:
    client, case, question = saving
    stale = _save(client, case.pk, question, "no", 0)
    assert stale.status_code == 409
    assert stale.json()["current"]["value"] == "yes"
    assert Answer.objects.get(case=case, question_id=question).version == 1


def test_a_device_confirmed_after_sign_in_still_stops_the_next_save(saving: tuple[Client, Any, str], world: World) -> None:
    client, case, question = saving
    TOTPDevice.objects.create(user=world.users["inspector"], name="phone", confirmed=True)
    refused = _save(client, case.pk, question, "no", 1)
    assert refused.status_code == 302
    assert refused.url == reverse("sign_in_code")
    assert Answer.objects.get(case=case, question_id=question).value == "yes"


def test_a_lead_made_so_after_sign_in_is_sent_to_set_up_a_device(saving: tuple[Client, Any, str], world: World) -> None:
    client, case, question = saving
    world.inspection.memberships.filter(user=world.users["inspector"]).update(role="lead")
    refused = _save(client, case.pk, question, "no", 1)
    assert refused.status_code == 302
    assert refused.url == reverse("two_factor")
    assert Answer.objects.get(case=case, question_id=question).value == "yes"


def test_someone_without_the_case_gets_not_found_and_the_administrator_forbidden(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    question = applicable_questions(case)[0].id
    client.force_login(world.users["outsider"])
    assert _save(client, case.pk, question, "yes", 0).status_code == 404
    client.force_login(world.users["panel"])  # in the inspection, but not one who sees cases
    assert _save(client, case.pk, question, "yes", 0).status_code == 404
    client.force_login(world.users["assessor"])  # a team member, not this case's assessor
    assert _save(client, case.pk, question, "yes", 0).status_code == 404
    client.force_login(world.users["admin"])  # sees every case, assesses none
    assert _save(client, case.pk, question, "yes", 0).status_code == 403
    assert not Answer.objects.filter(case=case).exists()


def test_a_save_changing_the_answer_and_its_evidence_records_both_in_the_same_cost(saving: tuple[Client, Any, str]) -> None:
    client, case, question = saving
    body = {"kind": "answer", "question": question, "value": "no", "evidence": "read the plan", "version": 1}
    with CaptureQueriesContext(connection) as queries:
        saved = client.post(reverse("case_autosave", args=[case.pk]), json.dumps(body), content_type="application/json")
    assert saved.json() == {"saved": True, "version": 2}
    # One more than an answer alone: free text is checked for names recorded as real. Both entries go
    # in one insert.
    assert len(queries) <= QUERIES_PER_SAVE + 1, "\n".join(q["sql"][:150] for q in queries.captured_queries)
    recorded = {(e.what, e.old, e.new) for e in HistoryEntry.objects.filter(case=case).order_by("-pk")[:2]}
    assert recorded == {
        (f"case {case.case_ref}: answer {question}", "yes", "no"),
        (f"case {case.case_ref}: evidence {question}", "seen", "read the plan"),
    }
