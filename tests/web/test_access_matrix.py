"""Every role through every page and action: what is allowed works, what is not is refused.

The expectations are written out here by hand from the roles' descriptions, not derived from
access.MATRIX, so that a wrong matrix fails this test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.web.world import ROLES, World
from yjinspect.web.accounts.models import Profile
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import ImprovementPlan, Inspection, PlanContributor, PlanState, Report
from yjinspect.web.inspections.services import agreement, improvement_plan, report
from yjinspect.web.inspections.services.published_results import result_from_inspection
from yjinspect.web.surveys.models import Survey
from yjinspect.web.surveys.services import survey as survey_services

pytestmark = pytest.mark.django_db

TEAM = {"admin", "lead", "inspector", "assessor"}
EVERYONE_IN_IT = {*TEAM, "panel", "contact", "quality"}

# name -> (request maker, the usernames allowed). Case pages use a case allocated to "inspector".
Request = Callable[[Client, World], Any]


def _get(name: str, *, case: bool = False) -> Request:
    def make(client: Client, world: World) -> Any:
        pk = world.cases("inspector")[0].pk if case else world.inspection.pk
        return client.get(reverse(name, args=[pk]))

    return make


def _post(name: str, data: dict[str, Any], *, case: bool = False, as_json: bool = False) -> Request:
    def make(client: Client, world: World) -> Any:
        pk = world.cases("inspector")[0].pk if case else world.inspection.pk
        if as_json:
            return client.post(reverse(name, args=[pk]), json.dumps(data), content_type="application/json")
        return client.post(reverse(name, args=[pk]), data)

    return make


def _resolve_a_comment(client: Client, world: World) -> Any:
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    paragraph = publishing.draft_paragraphs(version)[0][0]
    comment = report.comment_add(by=world.users["contact"], version=version, paragraph=paragraph, text="Not 2 but 3.")
    url = reverse("comment_resolve", args=[world.inspection.pk, comment.pk])
    return client.post(url, {"resolution": "Corrected."})


def _post_member(name: str, data: dict[str, Any]) -> Request:
    """Post a team action about the panel member (who holds no case, so the action can succeed)."""

    def make(client: Client, world: World) -> Any:
        member = world.inspection.memberships.get(user=world.users["panel"])
        return client.post(reverse(name, args=[world.inspection.pk, member.pk]), data)

    return make


def _replace_a_case(client: Client, world: World) -> Any:
    url = reverse("case_replace", args=[world.inspection.pk, world.cases("inspector")[0].pk])
    return client.post(url, {"reason": "Moved out of the area before the disposal."})


def _published_plan(world: World, *, published: bool = True) -> Any:
    """Publish the world's inspection as far as its improvement plan needs: two recommendations, the first
    with an action written (so that progress on it has something to be about). Made once per world."""
    if (made := ImprovementPlan.objects.filter(inspection=world.inspection).first()) is not None:
        return made
    recommendations = [{"to": "The board", "text": "Understand the risks."}, {"to": "The head", "text": "Plan better."}]
    Report.objects.update_or_create(inspection=world.inspection, defaults={"narrative": {"recommendations": recommendations}})
    Inspection.objects.filter(pk=world.inspection.pk).update(published=published)
    plan = improvement_plan.plan_create(by=world.users["lead"], inspection=world.inspection, published_on=date(2026, 5, 4))
    first = plan.entries.get(number=1)
    row = improvement_plan.ActionInput("Train staff", "Head of service", "30/9/2026", "Audits")
    improvement_plan.entry_save(by=world.users["contact"], entry=first, actions=[row], expected_version=0)
    return plan


def _plan_get(name: str) -> Request:
    def make(client: Client, world: World) -> Any:
        _published_plan(world)
        return client.get(reverse(name, args=[world.inspection.pk]))

    return make


def _start_a_plan(client: Client, world: World) -> Any:
    """Post "make the plan" for a report published before plans were kept (published, no plan)."""
    Report.objects.update_or_create(inspection=world.inspection, defaults={"narrative": {"recommendations": []}})
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    return client.post(reverse("plan_start", args=[world.inspection.pk]))


def _plan_post(name: str, data: dict[str, Any], *, on: str = "", accepted: bool = False) -> Request:
    """Post a plan action (on its first entry or action when `on` says so), with the plan accepted if asked."""

    def make(client: Client, world: World) -> Any:
        plan = _published_plan(world)
        if accepted:
            ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.ACCEPTED)
        entry = plan.entries.get(number=1)
        args = [world.inspection.pk, *([entry.pk] if on == "entry" else [entry.actions.get().pk] if on == "action" else [])]
        return client.post(reverse(name, args=args), data)

    return make


def _remove_a_contributor(client: Client, world: World) -> Any:
    plan = _published_plan(world)
    someone = get_user_model().objects.create_user("board-member", first_name="Bo", last_name="Member")
    Profile.objects.create(user=someone, home_service=world.northmoor)
    named = PlanContributor.objects.create(plan=plan, user=someone)
    return client.post(reverse("plan_contributor_remove", args=[world.inspection.pk, named.pk]))


def _survey(name: str, data: dict[str, Any] | None = None) -> Request:
    """Request a page (or, with data, post an action) of a survey of the world's inspection, opened once."""

    def make(client: Client, world: World) -> Any:
        survey = Survey.objects.filter(inspection=world.inspection).first() or survey_services.survey_open(
            by=world.users["lead"], inspection=world.inspection, instrument_id="children-and-young-people",
            closes_on="2099-12-31", invitations="2",
        )  # fmt: skip
        url = reverse(name, args=[world.inspection.pk, survey.pk])
        return client.get(url) if data is None else client.post(url, data)

    return make


def _mark_a_case(client: Client, world: World) -> Any:
    case = world.cases("inspector")[0]
    return client.post(
        reverse("double_marking_mark", args=[world.inspection.pk]), {"case": case.pk, "assessor": world.users["assessor"].pk}
    )


def _second_assessment(name: str, *, get: bool = False) -> Request:
    """Request a page or action of the second assessment of an inspector's case, made by the local assessor."""

    def make(client: Client, world: World) -> Any:
        case = world.cases("inspector")[0]
        agreement.second_assessment_mark(by=world.users["lead"], case=case, assessor=world.users["assessor"])
        url = reverse(name, args=[case.pk])
        return client.get(url) if get else client.post(url, {"question": "2.1.1", "value": "yes", "reason": "x"})

    return make


# Pages are read with GET at their own URL; each action posts to its own URL (one URL per action).
MATRIX: dict[str, tuple[Request, set[str]]] = {
    "task list": (_get("overview"), EVERYONE_IN_IT),
    "team page": (_get("team"), TEAM),
    "add to team": (_post("team_member_add", {"username": "outsider", "role": "inspector"}), {"admin", "lead"}),
    "change a role": (_post_member("team_member_role_change", {"role": "inspector"}), {"admin", "lead"}),
    "remove from the team": (_post_member("team_member_remove", {}), {"admin", "lead"}),
    "data return page": (_get("data_return"), {"admin", "lead", "inspector", "contact"}),
    "upload caseload": (_post("caseload_upload", {}), {"admin", "lead", "contact"}),
    "save contextual facts": (_post("facts_save", {"version": "0", "staff_fte": "12"}), {"admin", "lead", "contact"}),
    "sample page": (_get("sample"), TEAM),
    "draw sample": (_post("sample_draw", {"seed": "3"}), {"lead"}),
    "confirm sample": (_post("sample_confirm", {}), {"lead"}),
    "replace a sampled case": (_replace_a_case, {"lead"}),
    "allocation page": (_get("allocation"), {"lead"}),
    "allocate": (_post("allocation_save", {}), {"lead"}),
    "allocate evenly": (_post("allocation_evenly", {}), {"lead"}),
    "case list": (_get("cases"), TEAM),
    "add a case": (_post("case_add", {"case_ref": "X1"}), {"lead"}),
    "accept several cases": (_post("cases_accept", {"case": ["1"]}), {"lead"}),
    "case page": (_get("case", case=True), {"admin", "lead", "inspector"}),
    "save the case page": (_post("case_save", {"case_version": "0"}, case=True), {"lead", "inspector"}),
    "autosave an answer": (
        _post(
            "case_autosave",
            {"kind": "answer", "question": "2.1.1", "value": "yes", "evidence": "", "version": 0},
            case=True,
            as_json=True,
        ),
        {"lead", "inspector"},
    ),
    "mark a case complete": (_post("case_complete", {}, case=True), {"lead", "inspector"}),
    "review a case": (_post("case_review", {"decision": "accept"}, case=True), {"lead"}),
    "ratings page": (_get("ratings"), {*TEAM, "panel"}),
    "record a team rating": (
        _post("team_rating_save", {"standard": "1.1", "rating": "Good", "evidence": "", "version": "0"}),
        {"lead"},
    ),
    "record a panel decision": (
        _post("panel_decision_record", {"standard": "2.1", "rating": "Good", "reason": "x"}),
        {"panel"},
    ),
    "withdraw a panel decision": (_post("panel_decision_withdraw", {"standard": "2.1"}), {"panel"}),
    "history": (_get("history"), {"admin", "lead"}),
    "report page": (_get("report"), {*TEAM, "panel"}),
    "report preview": (_get("report_preview"), {*TEAM, "panel"}),
    "write the narrative": (_post("narrative_save", {"version": "0", "foreword": "x"}), {"lead"}),
    "share the draft": (_post("draft_share", {}), {"lead"}),
    "resolve a comment": (_resolve_a_comment, {"lead"}),
    "publish": (_post("report_publish", {}), {"lead"}),
    "choose the table of intervals": (_post("intervals_table_save", {"intervals_table": "yes"}), {"lead"}),
    "draft page": (_get("draft"), {"admin", "lead", "contact"}),
    "comment on the draft": (_post("draft_comment_add", {"paragraph": "p-1", "text": "x"}), {"contact"}),
    "export bundle": (_get("export_bundle"), {"admin", "lead"}),
    # Double marking and quality dip-sampling (can the ratings be trusted).
    "double marking page": (_get("double_marking"), {"lead"}),
    "draw cases for double marking": (_post("double_marking_draw", {"percent": "10"}), {"lead"}),
    "mark a case for a second assessment": (_mark_a_case, {"lead"}),
    "second assessment page": (_second_assessment("second_assessment", get=True), {"assessor"}),
    "save a second assessment": (_second_assessment("second_assessment_save"), {"assessor"}),
    "submit a second assessment": (_second_assessment("second_assessment_submit"), {"assessor"}),
    "take back a second assessment": (_second_assessment("second_assessment_remove"), {"lead"}),
    "compare two assessments": (_second_assessment("comparison", get=True), {"lead"}),
    "resolve a disagreement": (_second_assessment("disagreement_resolve"), {"lead"}),
    "agreement page": (_get("agreement"), {"admin", "lead", "quality"}),
    "quality dip-sample page": (_get("quality"), {"quality"}),
    "set the dip-sample share": (_post("quality_share_save", {"percent": "20"}), {"quality"}),
    "review a dip-sampled case": (_post("quality_review_save", {"verdict-2.1.1": "agree"}, case=True), {"quality"}),
    # After publication: the service writes its plan; the inspectorate reads it and the lead reviews it.
    "improvement plan page": (_plan_get("plan"), {"admin", "lead", "inspector", "contact"}),
    "improvement plan as CSV": (_plan_get("plan_csv"), {"admin", "lead", "inspector", "contact"}),
    "improvement plan as Word": (_plan_get("plan_docx"), {"admin", "lead", "inspector", "contact"}),
    "write a plan entry": (
        _plan_post(
            "plan_entry_save",
            {"version": "1", "text-1": "x", "owner-1": "y", "target-1": "1/1/2027", "success-1": "z"},
            on="entry",
        ),
        {"contact"},
    ),
    "submit the plan": (_plan_post("plan_submit", {"version": "0"}), {"contact"}),
    "name a plan contributor": (_plan_post("plan_contributor_add", {"username": "outsider"}), {"contact"}),
    "remove a plan contributor": (_remove_a_contributor, {"contact"}),
    "return a plan entry": (_plan_post("plan_entry_return", {"comment": "Say when."}, on="entry"), {"lead"}),
    "accept the plan": (_plan_post("plan_accept", {"version": "0"}), {"lead"}),
    "make the plan of a report published before plans": (_start_a_plan, {"lead"}),
    "set how often progress is reported": (_plan_post("plan_schedule_save", {"version": "0", "months": "6"}), {"admin", "lead"}),
    "show the plan's status publicly": (
        _plan_post("plan_status_publicity_save", {"version": "0", "status_public": "yes"}),
        {"admin", "lead"},
    ),
    "report progress on an action": (
        _plan_post("plan_progress_save", {"version": "0", "status": "done"}, on="action", accepted=True),
        {"contact"},
    ),
    "send a progress update": (_plan_post("plan_update_submit", {"version": "0"}, accepted=True), {"contact"}),
    # Surveys: the inspection team's alone; the inspected service sees nothing of the answers (decision 0013).
    "see the surveys": (_get("surveys"), TEAM),
    "open a survey": (
        _post("survey_open", {"instrument": "victims", "closes_on": "2099-12-31", "invitations": "3"}),
        {"lead"},
    ),
    "see a survey's results": (_survey("survey_results"), TEAM),
    "print a survey's invitation codes": (_survey("survey_invitations"), {"admin", "lead"}),
    "make more invitation codes": (_survey("survey_invitations_add", {"invitations": "2"}), {"lead"}),
    "open the paper questionnaire form": (_survey("survey_paper"), {"lead", "inspector", "assessor"}),
    "key in a paper questionnaire": (_survey("survey_paper_save", {"know_why": "yes"}), {"lead", "inspector", "assessor"}),
    "export a survey's responses": (_survey("survey_csv"), {"admin", "lead"}),
}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_against_page(role: str, action: str, world: World, client: Client) -> None:
    make, allowed = MATRIX[action]
    client.force_login(world.users[role])
    response = make(client, world)
    if role in allowed:
        assert response.status_code in (200, 302, 409, 422), f"{role} should be able to: {action} ({response.status_code})"
        if response.status_code == 302:
            assert "/sign-in/" not in response["Location"]
    else:
        assert response.status_code in (403, 404), f"{role} should not be able to: {action} ({response.status_code})"
        if role in ("contact-eastvale", "outsider"):
            assert response.status_code == 404, "someone with no part in the inspection must not learn it exists"


@pytest.mark.parametrize("belongs", ["contact_for", "home_service"])
@pytest.mark.parametrize("action", list(MATRIX))
def test_an_inspector_from_the_inspected_service_has_only_a_service_contacts_rights(
    belongs: str, action: str, world: World, client: Client
) -> None:
    # A conflict of interest arising after they joined (or a team made before the rule): the inspector becomes
    # the inspected service's contact, or it becomes their home service. They keep their membership and cases,
    # but no team role: a contact's rights, or none at all.
    Profile.objects.filter(user=world.users["inspector"]).update(**{belongs: world.northmoor})
    make, allowed = MATRIX[action]
    client.force_login(world.users["inspector"])
    response = make(client, world)
    if belongs == "contact_for" and "contact" in allowed:
        assert response.status_code in (200, 302, 409, 422), f"as the service contact they may: {action}"
    else:
        assert response.status_code in (403, 404), f"someone from the inspected service should not: {action}"


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("name", ["import_bundle", "create_inspection"])
def test_setting_up_and_importing_inspections_is_for_administrators(name: str, role: str, world: World, client: Client) -> None:
    client.force_login(world.users[role])
    assert client.get(reverse(name)).status_code == (200 if role == "admin" else 403)


def test_a_service_contacts_task_list_shows_only_their_own_task(world: World, client: Client) -> None:
    client.force_login(world.users["contact"])
    page = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert "Data return: caseload and contextual facts" in page
    for hidden in ("Assess cases", "Quality assurance", "Ratings", "Allocate cases"):
        assert hidden not in page


def test_a_service_contact_sees_only_their_own_service(world: World, client: Client) -> None:
    client.force_login(world.users["contact-eastvale"])
    home = client.get(reverse("home")).content.decode()
    assert "Eastvale Youth Justice Service" in home
    assert "Northmoor" not in home
    for name in ("overview", "data_return", "ratings"):
        assert client.get(reverse(name, args=[world.inspection.pk])).status_code == 404
    assert client.get(reverse("data_return", args=[world.other.pk])).status_code == 200


def test_a_local_assessor_sees_only_the_cases_allocated_to_them(world: World, client: Client) -> None:
    client.force_login(world.users["assessor"])
    page = client.get(reverse("cases", args=[world.inspection.pk])).content.decode()
    for case in world.cases("assessor"):
        assert case.case_ref in page
    for case in world.cases("inspector"):
        assert f">{case.case_ref}<" not in page
        assert client.get(reverse("case", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("name", ["overview", "ratings", "data_return"])
def test_anonymous_visitors_are_sent_to_sign_in(name: str, world: World, client: Client) -> None:
    response = client.get(reverse(name, args=[world.inspection.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_anonymous_visitors_see_published_results_only(world: World, client: Client) -> None:
    assert client.get(reverse("published")).status_code == 200
    assert "Northmoor" not in client.get(reverse("published")).content.decode()
    result_from_inspection(inspection=world.inspection, published_on="2026-03")
    assert "Northmoor Youth Justice Service" in client.get(reverse("published")).content.decode()
    assert client.get(reverse("import_results")).status_code == 302, "importing needs an administrator"


# What someone of the inspected service whom its contact named to write the plan may do: the contact's plan
# rights, bar naming others; of the inspection, its task list.
CONTRIBUTOR = {
    "task list",
    "improvement plan page",
    "improvement plan as CSV",
    "improvement plan as Word",
    "write a plan entry",
    "submit the plan",
    "report progress on an action",
    "send a progress update",
}


@pytest.mark.parametrize("action", list(MATRIX))
def test_a_plan_contributor_writes_the_plan_and_does_nothing_else(action: str, world: World, client: Client) -> None:
    plan = _published_plan(world, published=False)  # the report's actions (resolve a comment) still open to try
    chair = get_user_model().objects.create_user("chair", first_name="Chris", last_name="Chair")
    Profile.objects.create(user=chair, home_service=world.northmoor)
    PlanContributor.objects.create(plan=plan, user=chair)
    make, _ = MATRIX[action]
    client.force_login(chair)
    response = make(client, world)
    if action in CONTRIBUTOR:
        assert response.status_code in (200, 302), f"a plan contributor may: {action} ({response.status_code})"
    else:
        assert response.status_code in (403, 404), f"a plan contributor may not: {action} ({response.status_code})"


@pytest.mark.parametrize("role", list(ROLES))
def test_the_improvement_plans_dashboard_is_for_administrators_and_lead_inspectors(
    role: str, world: World, client: Client
) -> None:
    client.force_login(world.users[role])
    assert client.get(reverse("plans_dashboard")).status_code == (200 if role in ("admin", "lead") else 403)


@pytest.mark.parametrize("role", list(ROLES))
def test_agreement_across_the_inspectorate_is_for_quality_leads_and_administrators(
    role: str, world: World, client: Client
) -> None:
    client.force_login(world.users[role])
    assert client.get(reverse("inspectorate_agreement")).status_code == (200 if role in ("admin", "quality") else 403)


def test_a_quality_lead_has_no_part_in_their_own_services_inspection(world: World, client: Client) -> None:
    Profile.objects.filter(user=world.users["quality"]).update(home_service=world.northmoor)
    client.force_login(world.users["quality"])
    assert client.get(reverse("quality", args=[world.inspection.pk])).status_code == 404
    assert client.get(reverse("quality", args=[world.other.pk])).status_code == 200
