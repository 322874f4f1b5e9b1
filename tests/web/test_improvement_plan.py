"""After publication (issue 13, items 1, 2 and 4): the improvement plan's states, the lead inspector's review,
progress, the inspectorate's dashboard, reminders sent once per event, roles, history and exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.web.report_ready import ready_to_publish
from tests.web.world import World
from yjinspect.programmes.standards import Standards
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.accounts.models import Profile
from yjinspect.web.inspections.models import (
    HistoryEntry,
    ImprovementPlan,
    Inspection,
    PlanAction,
    PlanEntry,
    PlanState,
    Report,
    SentReminder,
)
from yjinspect.web.inspections.plan_selectors import plan_dashboard, plan_docx, plan_status
from yjinspect.web.inspections.services import improvement_plan as plans
from yjinspect.web.inspections.services import report
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError

pytestmark = pytest.mark.django_db

PUBLISHED = date(2026, 5, 4)
RECOMMENDATIONS = [
    {"to": "The YOT management board", "text": "Make sure that the board understands the risks children face."},
    {"to": "The head of service", "text": "Improve the quality of planning to keep other people safe."},
]


def published_with_plan(world: World, recommendations: list[dict[str, str]] = RECOMMENDATIONS) -> ImprovementPlan:
    """Mark the world's inspection published with a narrative's recommendations, and make its plan as publishing does."""
    Report.objects.update_or_create(inspection=world.inspection, defaults={"narrative": {"recommendations": recommendations}})
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    world.inspection.refresh_from_db()
    return plans.plan_create(by=world.users["lead"], inspection=world.inspection, published_on=PUBLISHED)


def action(
    text: str = "Train every case manager", owner: str = "Head of service", target: str = "30/9/2026"
) -> plans.ActionInput:
    return plans.ActionInput(text, owner, target, "Audits show planning is sufficient in 8 of 10 cases")


def write_every_entry(world: World, plan: ImprovementPlan) -> None:
    for entry in plan.entries.all():
        plans.entry_save(by=world.users["contact"], entry=entry, actions=[action()], expected_version=entry.version)


def submitted(world: World) -> ImprovementPlan:
    plan = published_with_plan(world)
    write_every_entry(world, plan)
    plan.refresh_from_db()
    return plans.plan_submit(by=world.users["contact"], inspection=world.inspection, expected_version=plan.version)


def accepted(world: World) -> ImprovementPlan:
    plan = submitted(world)
    return plans.plan_accept(by=world.users["lead"], inspection=world.inspection, expected_version=plan.version)


# --- creation at publication ---------------------------------------------------------------------------


def test_the_plan_has_one_entry_per_recommendation_numbered_with_its_body_due_four_weeks_on(world: World) -> None:
    plan = published_with_plan(world)
    entries = list(plan.entries.values_list("number", "addressed_to", "recommendation"))
    assert entries == [
        (1, "The YOT management board", RECOMMENDATIONS[0]["text"]),
        (2, "The head of service", RECOMMENDATIONS[1]["text"]),
    ]
    assert plan.due_on == PUBLISHED + timedelta(weeks=4)
    assert plan.state == PlanState.DRAFT
    assert plan_status(world.inspection, PUBLISHED).state == "due"
    assert HistoryEntry.objects.filter(inspection=world.inspection, what="improvement plan created").exists()


def test_the_due_date_is_the_programmes_to_set(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Standards, "improvement_plan_weeks", 6)
    assert published_with_plan(world).due_on == PUBLISHED + timedelta(weeks=6)


def test_a_report_without_recommendations_gives_a_plan_without_entries_and_says_so(world: World, client: Client) -> None:
    published_with_plan(world, [])
    client.force_login(world.users["contact"])
    page = client.get(reverse("plan", args=[world.inspection.pk])).content.decode()
    assert "The published report made no recommendations" in page


def test_a_programme_whose_reports_make_no_recommendations_says_so(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every shipped programme's narrative has a recommendations box; a programme without one is asked of the plug-in.
    fields = Standards.narrative_fields
    monkeypatch.setattr(Standards, "narrative_fields", lambda self: tuple(f for f in fields(self) if f.name != "recommendations"))
    plan = published_with_plan(world, [])
    assert plan.entries.count() == 0
    client.force_login(world.users["contact"])
    page = client.get(reverse("plan", args=[world.inspection.pk])).content.decode()
    assert "This programme's reports make no recommendations, so the plan has no entries to write." in page


def test_before_publication_there_is_no_plan(world: World) -> None:
    assert plan_status(world.inspection).state == "none"


# --- writing, submitting, returning, accepting ----------------------------------------------------------


def test_the_service_saves_actions_per_recommendation_and_each_change_is_in_history(world: World) -> None:
    plan = published_with_plan(world)
    entry = plan.entries.get(number=1)
    saved = plans.entry_save(
        by=world.users["contact"], entry=entry, actions=[action(), plans.ActionInput("", "", "", "")], expected_version=0
    )
    assert saved.version == 1
    assert list(entry.actions.values_list("text", "owner", "target_date")) == [
        ("Train every case manager", "Head of service", date(2026, 9, 30))
    ]
    whats = set(HistoryEntry.objects.filter(inspection=world.inspection).values_list("what", flat=True))
    assert "improvement plan: recommendation 1, action 1, owner" in whats
    assert "improvement plan: recommendation 1, action 1, target date" in whats


def test_bad_actions_are_refused_naming_each_field_and_change_nothing(world: World) -> None:
    entry = published_with_plan(world).entries.get(number=1)
    with pytest.raises(ServiceError) as refused:
        plans.entry_save(
            by=world.users["contact"],
            entry=entry,
            actions=[plans.ActionInput("Train", "", "next spring", "")],
            expected_version=0,
        )
    assert refused.value.problems == [
        "Recommendation 1, action 1: name who owns it.",
        "Recommendation 1, action 1: a target date such as 30/9/2026, not 'next spring'.",
        "Recommendation 1, action 1: say how success will be known.",
    ]
    entry.refresh_from_db()
    assert (entry.version, entry.actions.count()) == (0, 0)


def test_a_stale_save_of_an_entry_is_refused(world: World) -> None:
    entry = published_with_plan(world).entries.get(number=1)
    plans.entry_save(by=world.users["contact"], entry=entry, actions=[action()], expected_version=0)
    with pytest.raises(StaleWriteError):
        plans.entry_save(by=world.users["contact"], entry=entry, actions=[action("Something else")], expected_version=0)
    assert entry.actions.get().text == "Train every case manager"


def test_a_plan_with_a_recommendation_without_action_cannot_be_submitted(world: World) -> None:
    plan = published_with_plan(world)
    plans.entry_save(by=world.users["contact"], entry=plan.entries.get(number=1), actions=[action()], expected_version=0)
    with pytest.raises(ServiceError) as refused:
        plans.plan_submit(by=world.users["contact"], inspection=world.inspection, expected_version=0)
    assert refused.value.problems == ["Recommendation 2 has no action."]
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_submitted_returned_revised_and_accepted(world: World) -> None:
    plan = submitted(world)
    assert plan.state == PlanState.SUBMITTED
    assert plan_status(world.inspection).state == "submitted"
    entry = plan.entries.get(number=2)
    with pytest.raises(ServiceError, match="cannot be changed now"):
        plans.entry_save(by=world.users["contact"], entry=entry, actions=[action()], expected_version=entry.version)
    with pytest.raises(ServiceError, match="Say what needs to change"):
        plans.entry_return(by=world.users["lead"], entry=entry, comment=" ")
    plans.entry_return(by=world.users["lead"], entry=entry, comment="Name a date for the first audit.")
    plan.refresh_from_db()
    entry.refresh_from_db()
    assert (plan.state, entry.returned, entry.review_comment) == (PlanState.RETURNED, True, "Name a date for the first audit.")
    with pytest.raises(ServiceError, match="only a submitted plan can be accepted"):
        plans.plan_accept(by=world.users["lead"], inspection=world.inspection, expected_version=plan.version)
    with pytest.raises(ServiceError) as unrevised:
        plans.plan_submit(by=world.users["contact"], inspection=world.inspection, expected_version=plan.version)
    assert unrevised.value.problems == ["Recommendation 2 was returned and has not been revised."]
    plans.entry_save(
        by=world.users["contact"], entry=entry, actions=[action(target="2026-07-31")], expected_version=entry.version
    )
    entry.refresh_from_db()
    assert not entry.returned
    plan.refresh_from_db()
    plan = plans.plan_submit(by=world.users["contact"], inspection=world.inspection, expected_version=plan.version)
    plan = plans.plan_accept(by=world.users["lead"], inspection=world.inspection, expected_version=plan.version)
    assert plan.state == PlanState.ACCEPTED
    assert plan.next_update_due is not None
    whats = list(HistoryEntry.objects.filter(inspection=world.inspection, what="improvement plan").values_list("new", flat=True))
    assert set(whats) >= {"Submitted for review", "Returned with comments", "Accepted"}, "states in words, not codes"


def test_a_stale_submit_or_accept_is_refused(world: World) -> None:
    plan = published_with_plan(world)
    write_every_entry(world, plan)
    plans.plan_submit(by=world.users["contact"], inspection=world.inspection, expected_version=0)
    with pytest.raises(StaleWriteError):
        plans.plan_accept(by=world.users["lead"], inspection=world.inspection, expected_version=0)


# --- progress ----------------------------------------------------------------------------------------


def test_progress_is_reported_once_the_plan_is_accepted_and_a_stale_report_is_refused(world: World, settings: Any) -> None:
    plan = submitted(world)
    first = PlanAction.objects.filter(entry__plan=plan).first()
    assert first is not None

    def report(version: int, **more: Any) -> PlanAction:
        values = {"status": "in_progress", "note": "Half the team trained", "evidence_text": "", "evidence_file": None} | more
        return plans.progress_save(by=world.users["contact"], action=first, expected_version=version, **values)

    with pytest.raises(ServiceError, match="once the lead inspector has accepted"):
        report(0)
    plans.plan_accept(by=world.users["lead"], inspection=world.inspection, expected_version=plan.version)
    saved = report(0, evidence_file=plans.EvidenceFile("../attendance.pdf", b"%PDF-1.4"))
    assert (saved.status, saved.progress_note, saved.evidence_name, bytes(saved.evidence_file)) == (
        "in_progress",
        "Half the team trained",
        "attendance.pdf",
        b"%PDF-1.4",
    )
    with pytest.raises(StaleWriteError):
        report(0, status="done")
    with pytest.raises(ServiceError) as refused:
        report(1, status="finished")
    assert refused.value.problems == ["Recommendation 1, action 1: the status is one of Not started, In progress, Done."]
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ServiceError) as too_big:
        report(1, evidence_file=plans.EvidenceFile("big.pdf", b"x" * (1024 * 1024 + 1)))
    assert too_big.value.problems == ["Recommendation 1, action 1: the evidence file is at most 1 MB."]
    assert plan_status(world.inspection).actions_done == 0
    report(1, status="done")
    assert (plan_status(world.inspection).actions, plan_status(world.inspection).actions_done) == (2, 1)
    assert HistoryEntry.objects.filter(
        what="improvement plan: recommendation 1, action 1, evidence file content", new="a file"
    ).exists()


def test_an_update_sent_sets_the_next_one_interval_later_and_the_inspectorate_sets_the_interval(world: World) -> None:
    plan = accepted(world)
    plan = plans.schedule_save(by=world.users["lead"], inspection=world.inspection, months=6, expected_version=plan.version)
    assert plan.update_every_months == 6
    with pytest.raises(ServiceError, match="every 1 to 24 months, not 0"):
        plans.schedule_save(by=world.users["lead"], inspection=world.inspection, months=0, expected_version=plan.version)
    plan = plans.progress_update_submit(by=world.users["contact"], inspection=world.inspection, expected_version=plan.version)
    assert plan.next_update_due == plans.months_after(plan.last_update_on, 6)


def test_the_inspectorate_chooses_whether_the_status_is_public(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    assert not plan_status(world.inspection).public
    plans.status_publicity_save(by=world.users["lead"], inspection=world.inspection, public=True, expected_version=0)
    assert plan_status(world.inspection).public
    with pytest.raises(StaleWriteError):
        plans.status_publicity_save(by=world.users["lead"], inspection=world.inspection, public=False, expected_version=0)
    client.force_login(world.users["admin"])
    url = reverse("plan_status_publicity_save", args=[world.inspection.pk])
    page = client.post(url, {"version": "1", "status_public": "maybe"}, follow=True).content.decode()
    assert "Choose whether the plan&#x27;s status is shown on the public pages: yes or no." in page
    assert ImprovementPlan.objects.get(pk=plan.pk).status_public
    assert HistoryEntry.objects.filter(what="improvement plan: status shown on the public pages", new="yes").exists()


def test_months_after_keeps_to_the_end_of_a_shorter_month() -> None:
    assert plans.months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert plans.months_after(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_the_dashboard_lists_returned_plans_with_those_being_written_and_updates_soon_due(world: World) -> None:
    plan = submitted(world)
    plans.entry_return(by=world.users["lead"], entry=plan.entries.get(number=1), comment="Say when.")
    board = plan_dashboard(access.plans_visible_to(world.users["lead"]), plan.due_on - timedelta(days=1))
    assert [r.inspection for r in board["due"]] == [world.inspection]
    # Another service's published inspection, its plan accepted (the services judge states, not who calls them).
    later = accepted(World(world.other, world.inspection, world.users, world.eastvale, world.northmoor))
    assert later.next_update_due is not None
    soon = plan_dashboard(access.plans_visible_to(world.users["admin"]), later.next_update_due - timedelta(weeks=2))
    assert [r.inspection for r in soon["updates_due"]] == [world.other]
    early = plan_dashboard(access.plans_visible_to(world.users["admin"]), later.next_update_due - timedelta(weeks=5))
    assert early["updates_due"] == []


def test_the_dashboard_shows_overdue_plans_late_actions_and_recommendations_without_action(world: World) -> None:
    plan = published_with_plan(world)
    plans.entry_save(
        by=world.users["contact"], entry=plan.entries.get(number=1), actions=[action(target="1/6/2026")], expected_version=0
    )
    later = PUBLISHED + timedelta(weeks=8)
    board = plan_dashboard(access.plans_visible_to(world.users["admin"]), later)
    assert [r.inspection for r in board["overdue"]] == [world.inspection]
    assert [a.text for _, a in board["actions_late"]] == ["Train every case manager"]
    assert [e.number for _, e in board["without_action"]] == [2]
    assert access.plans_visible_to(world.users["inspector"]).count() == 0
    assert list(access.plans_visible_to(world.users["lead"])) == [world.inspection]


def test_the_dashboard_page_says_what_is_late_in_words(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    plans.entry_save(
        by=world.users["contact"], entry=plan.entries.get(number=1), actions=[action(target="1/6/2026")], expected_version=0
    )
    client.force_login(world.users["lead"])
    page = client.get(reverse("plans_dashboard")).content.decode()
    assert "plan due 1 June 2026, not submitted" in page
    assert "Northmoor Youth Justice Service (fieldwork February 2026), recommendation 2" in page
    assert "Train every case manager" in page


# --- roles --------------------------------------------------------------------------------------------


def test_the_contact_names_people_of_their_own_service_who_then_write_the_plan(world: World, client: Client) -> None:
    published_with_plan(world)
    chair = get_user_model().objects.create_user("chair", first_name="Chris", last_name="Chair")
    Profile.objects.create(user=chair, home_service=world.northmoor)
    assert not access.allowed(chair, Action.VIEW_PLAN, world.inspection)
    for someone_else in ("contact-eastvale", "nobody-at-all"):  # another service's person and no one: one message
        with pytest.raises(ServiceError) as refused:
            plans.contributor_add(by=world.users["contact"], inspection=world.inspection, username=someone_else)
        assert str(refused.value).startswith(f"No one of Northmoor Youth Justice Service has the username '{someone_else}'")
        assert "Eve" not in str(refused.value), "a contact learns no one's name by guessing usernames"
    plans.contributor_add(by=world.users["contact"], inspection=world.inspection, username="chair")
    inspection = Inspection.objects.get(pk=world.inspection.pk)  # as the next request reads it
    assert access.allowed(chair, Action.EDIT_PLAN, inspection)
    assert not access.allowed(chair, Action.NAME_PLAN_CONTRIBUTORS, inspection)
    assert not access.allowed(chair, Action.VIEW_CASES, inspection)
    client.force_login(chair)
    assert client.get(reverse("plan", args=[world.inspection.pk])).status_code == 200
    assert f'href="/inspections/{world.inspection.pk}/"' in client.get(reverse("home")).content.decode()
    overview = client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    assert f'href="/inspections/{world.inspection.pk}/plan/">Improvement plan</a>' in overview
    assert client.get(reverse("plan", args=[world.other.pk])).status_code == 404


def test_the_contact_removes_a_contributor_who_then_writes_no_more(world: World, client: Client) -> None:
    published_with_plan(world)
    chair = get_user_model().objects.create_user("chair", first_name="Chris", last_name="Chair")
    Profile.objects.create(user=chair, home_service=world.northmoor)
    named = plans.contributor_add(by=world.users["contact"], inspection=world.inspection, username="chair")
    client.force_login(world.users["contact"])
    url = reverse("plan_contributor_remove", args=[world.inspection.pk, named.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Chris Chair no longer writes the plan." in page
    assert not access.allowed(chair, Action.VIEW_PLAN, Inspection.objects.get(pk=world.inspection.pk))
    assert HistoryEntry.objects.filter(what="improvement plan: contributor removed", old="Chris Chair").exists()
    assert client.post(url).status_code == 404, "removed already"


def test_another_service_sees_nothing_of_the_plan(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    client.force_login(world.users["contact-eastvale"])
    for name in ("plan", "plan_csv", "plan_docx"):
        assert client.get(reverse(name, args=[world.inspection.pk])).status_code == 404
    entry = plan.entries.get(number=1)
    url = reverse("plan_entry_save", args=[world.inspection.pk, entry.pk])
    assert client.post(url, {"version": "0", "text-1": "x"}).status_code == 404
    assert client.get(reverse("plans_dashboard")).status_code == 403


def test_a_refused_entry_save_gives_the_page_back_with_what_was_typed(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    entry = plan.entries.get(number=1)
    client.force_login(world.users["contact"])
    url = reverse("plan_entry_save", args=[world.inspection.pk, entry.pk])
    typed = {"version": "0", "text-1": "Audit twenty cases a quarter", "owner-1": "", "target-1": "30/9/2026", "success-1": "x"}
    page = client.post(url, typed).content.decode()
    assert "Audit twenty cases a quarter" in page
    assert "Recommendation 1, action 1: name who owns it." in page
    assert entry.actions.count() == 0


def test_a_stale_entry_save_keeps_what_was_typed_and_shows_the_colleagues_version(world: World, client: Client) -> None:
    entry = published_with_plan(world).entries.get(number=1)
    plans.entry_save(by=world.users["contact"], entry=entry, actions=[action("The colleague's action")], expected_version=0)
    client.force_login(world.users["contact"])
    url = reverse("plan_entry_save", args=[world.inspection.pk, entry.pk])
    typed = {"version": "0", "text-1": "My own action", "owner-1": "Me", "target-1": "30/9/2026", "success-1": "x"}
    page = client.post(url, typed).content.decode()
    assert "A colleague saved these actions after you opened the page" in page
    assert "The colleague&#x27;s action" in page
    assert ">My own action</textarea>" in page
    assert 'name="version" value="1"' in page, "saving again replaces theirs, knowingly"
    assert entry.actions.get().text == "The colleague's action"


def test_a_refused_progress_save_keeps_what_was_typed(world: World, client: Client) -> None:
    plan = accepted(world)
    first = PlanAction.objects.filter(entry__plan=plan).order_by("entry__number", "position").first()
    assert first is not None
    plans.progress_save(
        by=world.users["contact"],
        action=first,
        status="in_progress",
        note="Theirs",
        evidence_text="",
        evidence_file=None,
        expected_version=0,
    )
    client.force_login(world.users["contact"])
    url = reverse("plan_progress_save", args=[world.inspection.pk, first.pk])
    page = client.post(url, {"version": "0", "status": "done", "note": "Mine", "evidence_text": ""}).content.decode()
    assert "A colleague saved this action's progress after you opened the page: In progress" in page
    assert ">Mine</textarea>" in page
    first.refresh_from_db()
    assert (first.status, first.progress_note) == ("in_progress", "Theirs")
    ok = client.post(url, {"version": "1", "status": "done", "note": "Mine", "evidence_text": ""}, follow=True).content.decode()
    assert "Recommendation 1, action 1: progress saved." in ok


# --- exports ------------------------------------------------------------------------------------------


def test_the_csv_export_escapes_formulas_and_the_word_document_has_every_recommendation(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    entry = plan.entries.get(number=1)
    plans.entry_save(by=world.users["contact"], entry=entry, actions=[action(text='=HYPERLINK("http://x")')], expected_version=0)
    client.force_login(world.users["contact"])
    text = client.get(reverse("plan_csv", args=[world.inspection.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["recommendation", "addressed to", "recommendation text", "action"]
    assert rows[1][3] == '\'=HYPERLINK("http://x")', "a formula is escaped, as every CSV export here escapes it"
    assert rows[2] == ["2", "The head of service", RECOMMENDATIONS[1]["text"]], "a recommendation with no action has its own row"
    document = Document(io.BytesIO(plan_docx(plan)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Recommendation 1 (The YOT management board)" in paragraphs
    assert RECOMMENDATIONS[1]["text"] in paragraphs
    assert document.tables[0].rows[1].cells[1].text == "Head of service"
    client.force_login(world.users["lead"])
    response = client.get(reverse("plan_docx", args=[world.inspection.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert HistoryEntry.objects.filter(
        what="improvement plan exported", new=f"improvement-plan-{world.inspection.pk}.docx"
    ).exists()


# --- reminders ----------------------------------------------------------------------------------------


def _emails(world: World) -> None:
    for username in ("contact", "lead"):
        user = world.users[username]
        user.email = f"{username}@example.org"
        user.save(update_fields=["email"])


def test_reminders_go_once_before_the_plan_is_due_and_once_when_it_is_overdue(world: World) -> None:
    _emails(world)
    plan = published_with_plan(world)
    assert plans.reminders_send(today=plan.due_on - timedelta(days=10)) == []
    sent = plans.reminders_send(today=plan.due_on - timedelta(days=3))
    assert sent == [f"plan-{plan.pk}-due-{plan.due_on}"]
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    assert plans.reminders_send(today=plan.due_on - timedelta(days=2)) == []
    assert plans.reminders_send(today=plan.due_on + timedelta(days=1)) == [f"plan-{plan.pk}-overdue-{plan.due_on}"]
    assert mail.outbox[1].to == ["contact@example.org", "lead@example.org"]
    assert "overdue" in mail.outbox[1].subject
    assert plans.reminders_send(today=plan.due_on + timedelta(days=9)) == []
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2


def test_a_reminder_links_to_the_plan_where_the_installation_says_where_it_is(world: World, settings: Any) -> None:
    _emails(world)
    plan = published_with_plan(world)
    plans.reminders_send(today=plan.due_on - timedelta(days=3))
    assert "Sign in to yjinspect and open the inspection's Improvement plan." in mail.outbox[0].body
    settings.SITE_URL = "https://inspect.example.org"
    plans.reminders_send(today=plan.due_on + timedelta(days=1))
    assert f"Open the plan: https://inspect.example.org/inspections/{plan.inspection_id}/plan/" in mail.outbox[1].body


def test_progress_updates_are_reminded_before_and_when_overdue(world: World) -> None:
    _emails(world)
    plan = accepted(world)
    assert plan.next_update_due is not None
    due = plan.next_update_due
    assert plans.reminders_send(today=due - timedelta(days=1)) == [f"plan-{plan.pk}-update-due-{due}"]
    assert plans.reminders_send(today=due + timedelta(days=1)) == [f"plan-{plan.pk}-update-overdue-{due}"]
    assert plans.reminders_send(today=due + timedelta(days=2)) == []
    assert len(mail.outbox) == 2


def test_the_command_is_safe_to_run_twice(world: World) -> None:
    _emails(world)
    plan = published_with_plan(world)
    overdue = (plan.due_on + timedelta(days=1)).isoformat()
    out = io.StringIO()
    call_command("send_reminders", f"--today={overdue}", stdout=out)
    call_command("send_reminders", f"--today={overdue}", stdout=out)
    assert out.getvalue().splitlines()[0] == "1 reminder(s) sent."
    assert "0 reminder(s) sent." in out.getvalue()
    assert len(mail.outbox) == 1


def test_no_one_with_an_address_means_the_event_waits_for_the_next_run(world: World) -> None:
    plan = published_with_plan(world)
    assert plans.reminders_send(today=plan.due_on + timedelta(days=1)) == []
    _emails(world)
    assert plans.reminders_send(today=plan.due_on + timedelta(days=2)) == [f"plan-{plan.pk}-overdue-{plan.due_on}"]


def test_an_entry_belongs_to_its_inspection(world: World, client: Client) -> None:
    plan = published_with_plan(world)
    entry = PlanEntry.objects.get(plan=plan, number=1)
    client.force_login(world.users["contact-eastvale"])
    assert client.post(reverse("plan_entry_save", args=[world.other.pk, entry.pk]), {"version": "0"}).status_code == 404


def test_publishing_creates_the_plan_from_the_reports_recommendations(world: World) -> None:
    ready_to_publish(world)
    report.report_publish(by=world.users["lead"], inspection=world.inspection)
    plan = ImprovementPlan.objects.get(inspection=world.inspection)
    written = Report.objects.get(inspection=world.inspection).narrative["recommendations"]
    assert [(e.addressed_to, e.recommendation) for e in plan.entries.all()] == [(r["to"], r["text"]) for r in written]
    assert plan.due_on == plan.published_on + timedelta(weeks=4)


def test_text_pasted_from_word_does_not_break_the_word_export(world: World, client: Client) -> None:
    """A vertical tab (Word's line break, pasted) is text Word's own XML cannot hold: the export makes it a space, not a 500."""
    plan = published_with_plan(world)
    entry = plan.entries.get(number=1)
    plans.entry_save(by=world.users["contact"], entry=entry, actions=[action(text="Train\vstaff")], expected_version=0)
    client.force_login(world.users["lead"])
    response = client.get(reverse("plan_docx", args=[world.inspection.pk]))
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).tables[0].rows[1].cells[0].text == "Train staff"  # a space, as in the report


def test_a_contributor_who_moved_service_no_longer_sees_the_inspection_or_gets_its_mail(world: World) -> None:
    published_with_plan(world)
    chair = get_user_model().objects.create_user("chair", first_name="Chris", last_name="Chair", email="chair@example.org")
    Profile.objects.create(user=chair, home_service=world.northmoor)
    plans.contributor_add(by=world.users["contact"], inspection=world.inspection, username="chair")
    assert world.inspection in access.inspections_visible_to(chair)
    Profile.objects.filter(user=chair).update(home_service=world.eastvale)
    chair = get_user_model().objects.get(pk=chair.pk)
    assert world.inspection not in access.inspections_visible_to(chair)
    plan = Inspection.objects.get(pk=world.inspection.pk).improvement_plan
    assert "chair@example.org" not in plans._recipients(plan, to_leads=False)


def test_a_report_published_before_plans_were_kept_gets_its_plan_when_the_lead_makes_it(world: World, client: Client) -> None:
    Report.objects.update_or_create(inspection=world.inspection, defaults={"narrative": {"recommendations": RECOMMENDATIONS}})
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    client.force_login(world.users["lead"])
    page = client.get(reverse("plan", args=[world.inspection.pk])).content.decode()
    assert "published before improvement plans were kept here" in page
    made = client.post(reverse("plan_start", args=[world.inspection.pk]), follow=True).content.decode()
    assert "Improvement plan made: due" in made
    plan = ImprovementPlan.objects.get(inspection=world.inspection)
    assert [e.recommendation for e in plan.entries.order_by("number")] == [r["text"] for r in RECOMMENDATIONS]
    again = client.post(reverse("plan_start", args=[world.inspection.pk]), follow=True).content.decode()
    assert "This inspection already has its improvement plan." in again
    assert ImprovementPlan.objects.filter(inspection=world.inspection).count() == 1


def test_an_unpublished_report_gets_no_plan_made_by_hand(world: World) -> None:
    with pytest.raises(ServiceError, match="not published yet"):
        plans.plan_start(by=world.users["lead"], inspection=world.inspection)
    assert not ImprovementPlan.objects.filter(inspection=world.inspection).exists()
