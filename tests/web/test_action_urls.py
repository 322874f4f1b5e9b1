"""One URL per action: each action has its own URL that takes only POST, each page's URL only shows it,
no view picks a behaviour from a posted field, and each action does what its name says and says so.

Who may take each action is tested role by role in test_access_matrix.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.world import World, answer_everything
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Inspection, PanelDecision, SampleState, TeamRating
from yjinspect.web.inspections.services import report

pytestmark = pytest.mark.django_db

WEB = Path(__file__).resolve().parents[2] / "src" / "yjinspect" / "web"

# Each action's URL name and how many whole numbers its URL takes.
ACTIONS = {
    "team_member_add": 1,
    "team_member_role_change": 2,
    "team_member_remove": 2,
    "caseload_upload": 1,
    "facts_save": 1,
    "sample_draw": 1,
    "sample_confirm": 1,
    "case_replace": 2,
    "allocation_save": 1,
    "allocation_evenly": 1,
    "case_add": 1,
    "cases_accept": 1,
    "case_save": 1,
    "case_autosave": 1,
    "narrative_autosave": 1,
    "case_complete": 1,
    "case_review": 1,
    "team_rating_save": 1,
    "panel_decision_record": 1,
    "panel_decision_withdraw": 1,
    "narrative_save": 1,
    "draft_share": 1,
    "comment_resolve": 2,
    "report_publish": 1,
    "intervals_table_save": 1,
    "draft_comment_add": 1,
    "plan_entry_save": 2,
    "plan_entry_return": 2,
    "plan_submit": 1,
    "plan_accept": 1,
    "plan_start": 1,
    "plan_contributor_add": 1,
    "plan_contributor_remove": 2,
    "plan_schedule_save": 1,
    "plan_status_publicity_save": 1,
    "plan_progress_save": 2,
    "plan_update_submit": 1,
    "two_factor_confirm": 0,
    "two_factor_restart": 0,
    "import_report": 0,
    "import_ratings": 0,
    "survey_open": 1,
    "survey_paper_save": 2,
    "survey_invitations_add": 2,
    "double_marking_draw": 1,
    "double_marking_mark": 1,
    "second_assessment_save": 1,
    "second_assessment_submit": 1,
    "second_assessment_remove": 1,
    "disagreement_resolve": 1,
    "quality_share_save": 1,
    "quality_review_save": 1,
}
# Pages that only show (GET), with how many whole numbers their URL takes.
PAGES = {
    "home": 0,
    "overview": 1,
    "team": 1,
    "data_return": 1,
    "sample": 1,
    "allocation": 1,
    "cases": 1,
    "case": 1,
    "ratings": 1,
    "history": 1,
    "export_bundle": 1,
    "report": 1,
    "report_preview": 1,
    "draft": 1,
    "draft_document": 1,
    "two_factor": 0,
    "import_results": 0,
    "published": 0,
    "results_csv": 0,
    "plan": 1,
    "plan_csv": 1,
    "plan_docx": 1,
    "plan_evidence": 2,
    "plans_dashboard": 0,
    "surveys": 1,
    "survey_results": 2,
    "survey_invitations": 2,
    "survey_paper": 2,
    "survey_csv": 2,
    "double_marking": 1,
    "second_assessment": 1,
    "comparison": 1,
    "agreement": 1,
    "quality": 1,
    "inspectorate_agreement": 0,
}
# A form that is shown again with what was typed when it is refused: one action, on the page that shows it.
SINGLE_FORM_PAGES = {"login", "sign_in_code", "change_password", "create_inspection", "import_bundle"}
OTHERS = {"logout", "published_report", "published_file"}  # sign-out takes only POST; the published files only GET
# A survey respondent's pages and actions: no account (an invitation code is the key), so never sent to sign in;
# tested in test_surveys.py and, in a browser with axe-core, in tests/browser/test_surveys.py.
OTHERS |= {"survey_code", "respond_start", "respond_language", "respond_question", "respond_answer", "respond_check",
           "respond_submit", "respond_thanks", "respond_word", "respond_restart"}  # fmt: skip


def _url(name: str, count: int) -> str:
    return reverse(name, args=list(range(1, count + 1)))


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_rejects_get(name: str, world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    assert client.get(_url(name, ACTIONS[name])).status_code == 405


@pytest.mark.parametrize("name", list(ACTIONS))
def test_an_action_sends_anonymous_visitors_to_sign_in(name: str, client: Client) -> None:
    response = client.post(_url(name, ACTIONS[name]))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_only_shows(name: str, world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    assert client.post(_url(name, PAGES[name])).status_code == 405


def test_every_url_is_a_page_an_action_or_a_single_form() -> None:
    def names(patterns: list[Any]) -> set[str]:
        found: set[str] = set()
        for p in patterns:
            if isinstance(p, URLPattern) and p.name:
                found.add(p.name)
            elif isinstance(p, URLResolver) and p.namespace is None:
                found |= names(p.url_patterns)
        return found

    ours = names(get_resolver().url_patterns)
    assert ours == set(ACTIONS) | set(PAGES) | SINGLE_FORM_PAGES | OTHERS


def test_no_view_picks_a_behaviour_from_a_posted_field() -> None:
    read = re.compile(r"""POST(\.get\(|\[)\s*["'](action|form|withdraw)["']""")
    chooser = re.compile(r"""<input[^>]*type="hidden"[^>]*name="(action|form)\"""")
    for path in WEB.rglob("*.py"):
        assert not read.search(path.read_text(encoding="utf-8")), f"{path} chooses a behaviour from a posted field"
    for path in WEB.rglob("*.html"):
        assert not chooser.search(path.read_text(encoding="utf-8")), f"{path} posts a field that chooses a behaviour"


# --- each action does what its name says, and says so ---------------------------------------------


def _as(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _told(response: Any) -> str:
    assert response.redirect_chain, "an action redirects to its page"
    return response.content.decode()


def test_team_member_add_adds_and_says_so(world: World) -> None:
    page = _told(_as(world, "lead").post(reverse("team_member_add", args=[world.inspection.pk]),
                                         {"username": "outsider", "role": "inspector"}, follow=True))  # fmt: skip
    assert "Outsider Test added to the team." in page
    assert world.inspection.memberships.filter(user=world.users["outsider"], role="inspector").exists()
    unknown = _told(_as(world, "lead").post(reverse("team_member_add", args=[world.inspection.pk]),
                                            {"username": "nobody", "role": "inspector"}, follow=True))  # fmt: skip
    assert "No account has the username &#x27;nobody&#x27;." in unknown


def test_caseload_upload_without_a_file_says_what_to_choose(world: World) -> None:
    page = _told(_as(world, "contact").post(reverse("caseload_upload", args=[world.inspection.pk]), {}, follow=True))
    assert "Choose a caseload file (CSV or XLSX) to upload." in page


def test_facts_save_saves_and_says_so(world: World) -> None:
    url = reverse("facts_save", args=[world.inspection.pk])
    page = _told(_as(world, "contact").post(url, {"version": "0", "staff_fte": "12"}, follow=True))
    assert "Contextual facts saved." in page
    world.inspection.facts.refresh_from_db()
    assert world.inspection.facts.data == {"staff_fte": 12}


def test_sample_draw_then_confirm(world: World) -> None:
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None)
    lead = _as(world, "lead")
    drawn = _told(lead.post(reverse("sample_draw", args=[world.inspection.pk]), {"seed": "3"}, follow=True))
    assert "Sample drawn. Check it, then confirm it to lock it." in drawn
    confirmed = _told(lead.post(reverse("sample_confirm", args=[world.inspection.pk]), follow=True))
    assert "Sample confirmed and locked." in confirmed
    world.inspection.refresh_from_db()
    assert (world.inspection.sample_seed, world.inspection.sample_locked_at is not None) == (3, True)


def test_case_replace_takes_the_next_reserve_and_only_in_its_own_inspection(world: World) -> None:
    case = world.cases("inspector")[0]
    lead = _as(world, "lead")
    url = reverse("case_replace", args=[world.inspection.pk, case.pk])
    page = _told(lead.post(url, {"reason": "Moved out of the area"}, follow=True))
    case.refresh_from_db()
    assert case.sample_state == SampleState.REPLACED
    assert f"Case {case.case_ref} replaced by reserve {case.replacement.case_ref}." in page
    other = world.cases("inspector")[1]
    assert lead.post(reverse("case_replace", args=[world.other.pk, other.pk]), {"reason": "x"}).status_code in (403, 404)


def test_allocation_save_allocates_what_changed(world: World) -> None:
    case = world.cases("inspector")[0]
    url = reverse("allocation_save", args=[world.inspection.pk])
    page = _told(_as(world, "lead").post(url, {f"case-{case.pk}": str(world.users["lead"].pk)}, follow=True))
    assert "1 allocation(s) saved." in page
    case.refresh_from_db()
    assert case.assessor == world.users["lead"]


def test_case_add_is_refused_where_cases_come_from_the_sample(world: World) -> None:
    page = _told(_as(world, "lead").post(reverse("case_add", args=[world.inspection.pk]), {"case_ref": "X1"}, follow=True))
    assert "Cases of this inspection come from the sample; draw it on the sample page." in page


def test_team_rating_save_saves_and_says_so(world: World) -> None:
    url = reverse("team_rating_save", args=[world.inspection.pk])
    page = _told(_as(world, "lead").post(url, {"standard": "1.1", "rating": "Good", "evidence": "", "version": "0"}, follow=True))
    assert "Team rating for 1.1 saved." in page
    assert TeamRating.objects.get(inspection=world.inspection, standard_id="1.1").rating == "Good"


def test_panel_decision_record_then_withdraw_from_the_same_form(world: World) -> None:
    url = reverse("panel_decision_withdraw", args=[world.inspection.pk])
    panel = _as(world, "panel")
    assert "There is no panel decision on 2.1." in _told(panel.post(url, {"standard": "2.1", "version": "0"}, follow=True))
    # 2.1 near a band boundary (60-64%), so that the panel may move it one band.
    court = [c for c in world.cases() if c.population == "court"]
    yes, counted = next((y, d) for d in range(len(court), 0, -1) for y in range(d + 1) if 60 <= (200 * y + d) // (2 * d) <= 64)
    for index, case in enumerate(court):
        answer_everything(case, "yes" if index < yes else "no" if index < counted else "n/a")
    record = reverse("panel_decision_record", args=[world.inspection.pk])
    decision = {"standard": "2.1", "rating": "Good", "reason": "Good is the more accurate fit", "version": "0"}
    assert "Panel decision on 2.1 recorded." in _told(panel.post(record, decision, follow=True))
    page = panel.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    assert f'formaction="{url}"' in page, "the withdraw button posts the panel's form to its own URL"
    assert 'name="version" value="1"' in page, "the form sends the version it shows, for the stale-write check"
    assert "Panel decision on 2.1 withdrawn." in _told(panel.post(url, {"standard": "2.1", "version": "1"}, follow=True))
    assert not PanelDecision.objects.filter(inspection=world.inspection).exists()


def test_draft_share_then_resolve_a_comment(world: World) -> None:
    lead = _as(world, "lead")
    shared = _told(lead.post(reverse("draft_share", args=[world.inspection.pk]), follow=True))
    assert "Draft 1 shared with the service for the factual accuracy check." in shared
    version = publishing.shared_draft(world.inspection)
    assert version is not None
    paragraph = publishing.draft_paragraphs(version)[0][0]
    comment = report.comment_add(by=world.users["contact"], version=version, paragraph=paragraph, text="Not 2 but 3.")
    url = reverse("comment_resolve", args=[world.inspection.pk, comment.pk])
    assert "Say how" in _told(lead.post(url, {"resolution": ""}, follow=True))
    assert "Comment resolved." in _told(lead.post(url, {"resolution": "Corrected."}, follow=True))
    comment.refresh_from_db()
    assert comment.resolved_by == world.users["lead"]
    elsewhere = reverse("comment_resolve", args=[world.other.pk, comment.pk])
    assert _as(world, "admin").post(elsewhere, {"resolution": "x"}).status_code in (403, 404)


def test_report_publish_is_refused_while_something_stops_it(world: World) -> None:
    page = _told(_as(world, "lead").post(reverse("report_publish", args=[world.inspection.pk]), follow=True))
    assert "The report cannot be published yet." in page
    world.inspection.refresh_from_db()
    assert not world.inspection.published


def test_draft_comment_add_needs_a_shared_draft(world: World) -> None:
    url = reverse("draft_comment_add", args=[world.inspection.pk])
    page = _told(_as(world, "contact").post(url, {"paragraph": "p-1", "text": "x"}, follow=True))
    assert "There is no shared draft to comment on yet." in page


def test_two_factor_restart_gives_a_new_key(world: World) -> None:
    inspector = _as(world, "inspector")
    inspector.get(reverse("two_factor"))
    first = TOTPDevice.objects.get(user=world.users["inspector"])
    assert inspector.post(reverse("two_factor_restart"))["Location"] == reverse("two_factor")
    again = TOTPDevice.objects.get(user=world.users["inspector"])
    assert (again.pk != first.pk, again.confirmed) == (True, False)


@pytest.mark.parametrize("name", ["import_report", "import_ratings"])
def test_importing_published_results_is_for_administrators(name: str, world: World) -> None:
    assert _as(world, "lead").post(reverse(name)).status_code == 403
    page = _told(_as(world, "admin").post(reverse(name), follow=True))
    assert "Choose a report or a ratings file to import." in page


def test_import_ratings_reads_the_ratings_file_only(world: World) -> None:
    upload = SimpleUploadedFile("ratings.csv", b"service,date,programme,overall_rating,score\n")
    page = _told(_as(world, "admin").post(reverse("import_report"), {"ratings": upload}, follow=True))
    assert "Choose a report or a ratings file to import." in page, "the report's URL does not take a ratings file"


def _posts_to(page: str, name: str) -> set[str]:
    """Return the URL names a page's forms (and buttons with their own formaction) post to."""
    found: set[str] = set()
    for form in re.findall(r"<form\b[^>]*>", page):
        if 'method="post"' in form:
            target = re.search(r'\baction="([^"]+)"', form)
            assert target, f"{name}: a form without its action's URL: {form}"
            found.add(resolve(target.group(1)).url_name or "")
    return found | {resolve(url).url_name or "" for url in re.findall(r'\bformaction="([^"]+)"', page)}


def test_every_form_on_the_pages_posts_to_an_action(world: World) -> None:
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    pk, case = world.inspection.pk, world.cases("lead")[0].pk
    lead = _as(world, "lead")
    seen = _posts_to(lead.get(reverse("sample", args=[pk])).content.decode(), "sample (locked)")
    Inspection.objects.filter(pk=pk).update(sample_locked_at=None)
    for username, name, pk_ in [("lead", "team", pk), ("lead", "data_return", pk), ("lead", "sample", pk),
                                ("lead", "allocation", pk), ("lead", "cases", pk), ("lead", "case", case),
                                ("lead", "ratings", pk), ("lead", "report", pk), ("panel", "ratings", pk),
                                ("contact", "draft", pk)]:  # fmt: skip
        seen |= _posts_to(_as(world, username).get(reverse(name, args=[pk_])).content.decode(), name)
    seen.discard("logout")  # the header's sign-out button
    assert seen <= set(ACTIONS), seen - set(ACTIONS)
    expected = {"team_member_add", "caseload_upload", "facts_save", "sample_draw", "sample_confirm", "case_replace",
                "allocation_save", "case_save", "case_complete", "team_rating_save", "panel_decision_record",
                "narrative_save", "draft_share", "report_publish", "draft_comment_add", "team_member_role_change",
                "team_member_remove", "allocation_evenly", "cases_accept"}  # fmt: skip
    assert expected <= seen, expected - seen
