"""Every action that takes an id checks it against the inspection in the URL, and the bundle import gives
only roles the team page could give.

The access matrix (test_access_matrix.py) asks "may this role take this action on this inspection?";
these ask the other question: "is the object the form names part of that inspection?". A lead of
inspection B holds every right over B, and none over A's cases, comments or team.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.web.test_bad_input import snapshot
from tests.web.world import World
from yjinspect.web.accounts.models import Profile
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import Inspection, Role, SampledCase, SampleState
from yjinspect.web.inspections.services import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_of_b(world: World) -> Any:
    """The lead inspector of the other inspection (B), who has no part in the world's inspection (A)."""
    user = get_user_model().objects.create_user("lead-b", password="x" * 20)
    Profile.objects.create(user=user)
    world.other.memberships.create(user=user, role=Role.LEAD)
    return user


def _case_of_b(world: World) -> SampledCase:
    return world.other.cases.create(
        case_ref="B1", population="court", disposal_type="referral order", gender="male", service_rosh="low",
        service_safety_wellbeing="low", draw_position=0, sample_state=SampleState.SAMPLED,
    )  # fmt: skip


def test_a_lead_of_b_cannot_replace_a_case_of_a_through_bs_url(world: World, client: Client, lead_of_b: Any) -> None:
    case_of_a = world.cases("inspector")[0]
    before = snapshot()
    client.force_login(lead_of_b)
    url = reverse("case_replace", args=[world.other.pk, case_of_a.pk])
    assert client.post(url, {"reason": "Moved away."}).status_code == 404
    assert snapshot() == before


def test_a_lead_of_a_cannot_replace_a_case_of_b_through_as_url(world: World, client: Client) -> None:
    case_of_b = _case_of_b(world)
    before = snapshot()
    client.force_login(world.users["lead"])
    url = reverse("case_replace", args=[world.inspection.pk, case_of_b.pk])
    assert client.post(url, {"reason": "Moved away."}).status_code == 404
    assert snapshot() == before


def test_a_lead_of_b_cannot_resolve_a_comment_on_as_draft(world: World, client: Client, lead_of_b: Any) -> None:
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    paragraph = publishing.draft_paragraphs(version)[0][0]
    comment = report.comment_add(by=world.users["contact"], version=version, paragraph=paragraph, text="Not 2 but 3.")
    before = snapshot()
    client.force_login(lead_of_b)
    url = reverse("comment_resolve", args=[world.other.pk, comment.pk])
    assert client.post(url, {"resolution": "Corrected."}).status_code == 404
    assert snapshot() == before


def test_an_allocation_naming_a_case_of_another_inspection_leaves_it_alone(world: World, client: Client, lead_of_b: Any) -> None:
    case_of_b = _case_of_b(world)
    before = snapshot()
    client.force_login(world.users["lead"])
    url = reverse("allocation_save", args=[world.inspection.pk])
    client.post(url, {f"case-{case_of_b.pk}": str(world.users["inspector"].pk)})
    assert snapshot() == before


def test_an_allocation_to_a_member_of_another_inspection_is_refused(world: World, client: Client, lead_of_b: Any) -> None:
    case = world.cases("inspector")[0]
    before = snapshot()
    client.force_login(world.users["lead"])
    url = reverse("allocation_save", args=[world.inspection.pk])
    page = client.post(url, {f"case-{case.pk}": str(lead_of_b.pk)}, follow=True).content.decode()
    assert "is not a member of this inspection&#x27;s team" in page
    assert snapshot() == before


def test_a_panel_decision_withdrawal_names_a_standard_of_this_inspection_only(world: World, client: Client) -> None:
    before = snapshot()
    client.force_login(world.users["panel"])
    url = reverse("panel_decision_withdraw", args=[world.inspection.pk])
    page = client.post(url, {"standard": "2.1", "version": "0"}, follow=True).content.decode()
    assert "There is no panel decision on 2.1" in page
    assert snapshot() == before


def test_a_draft_comment_must_name_a_paragraph_of_the_shared_draft(world: World, client: Client) -> None:
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    before = snapshot()
    client.force_login(world.users["contact"])
    url = reverse("draft_comment_add", args=[world.inspection.pk])
    page = client.post(url, {"paragraph": "p-99999", "text": "Wrong."}, follow=True).content.decode()
    assert "Paragraph: there is no paragraph &#x27;p-99999&#x27;: draft 1 has paragraphs 1 to" in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("username", "role", "why"),
    [
        ("outsider", "superuser", "Unknown role &#x27;superuser&#x27;"),
        ("outsider", "panel", "is not a ratings panel member"),
    ],
)
def test_the_team_page_gives_only_roles_that_exist_and_fit(
    world: World, client: Client, username: str, role: str, why: str
) -> None:
    before = snapshot()
    client.force_login(world.users["lead"])
    url = reverse("team_member_add", args=[world.inspection.pk])
    page = client.post(url, {"username": username, "role": role}, follow=True).content.decode()
    assert why in page
    assert snapshot() == before


# --- the bundle import's team ---------------------------------------------------------------------


def _import_with_team(world: World, client: Client, team: list[dict[str, Any]]) -> str:
    data = bundle_export(world.inspection)
    data["team"] = team
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("bundle.json", json.dumps(data).encode())
    return client.post(reverse("import_bundle"), {"bundle": upload}, follow=True).content.decode()


@pytest.mark.parametrize(
    ("member", "why"),
    [
        ({"username": "outsider", "role": "owner"}, "Unknown role &#x27;owner&#x27;"),
        ({"username": "outsider", "role": None}, "Unknown role None"),
        ({"username": "outsider", "role": "panel"}, "is not a ratings panel member"),
        ({"username": "nobody-here", "role": "inspector"}, "no account with the username &#x27;nobody-here&#x27;"),
    ],
)
def test_an_imported_bundle_grants_no_role_the_team_page_would_refuse(
    world: World, client: Client, member: dict[str, Any], why: str
) -> None:
    before = Inspection.objects.count()
    page = _import_with_team(world, client, [{"username": "lead", "role": "lead"}, member])
    assert "bundle.json was not imported: nothing has changed." in page
    assert why in page
    assert Inspection.objects.count() == before


def test_an_imported_bundle_cannot_make_a_local_assessor_of_the_inspected_service(world: World, client: Client) -> None:
    # The world's local assessor comes from Eastvale; a bundle of an Eastvale inspection may not name them one.
    data = bundle_export(world.inspection)
    data["inspection"]["service"] = world.eastvale.name
    data["team"] = [{"username": "assessor", "role": "local_assessor"}]
    client.force_login(world.users["admin"])
    before = Inspection.objects.count()
    upload = SimpleUploadedFile("bundle.json", json.dumps(data).encode())
    page = client.post(reverse("import_bundle"), {"bundle": upload}, follow=True).content.decode()
    assert "is from the inspected service" in page
    assert Inspection.objects.count() == before


def test_an_imported_bundle_with_a_fitting_team_is_imported(world: World, client: Client) -> None:
    page = _import_with_team(world, client, [{"username": "lead", "role": "lead"}, {"username": "panel", "role": "panel"}])
    assert "Imported:" in page
    imported = Inspection.objects.order_by("-pk").first()
    assert imported is not None
    assert sorted(imported.memberships.values_list("user__username", "role")) == [("lead", "lead"), ("panel", "panel")]
