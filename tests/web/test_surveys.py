"""Surveys in the web application: opening one, answering without an account, the one submission, the
closing date, the rate limit, paper keying, who sees what, the CSV export, and that nothing identifies a
respondent (decision 0013)."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.world import World
from yjinspect.importing.survey_export import read_export, read_survey_export
from yjinspect.reporting.document import Figure
from yjinspect.web.inspections.models import HistoryEntry
from yjinspect.web.inspections.selectors import programme_of, report_inputs
from yjinspect.web.structured_log import JsonLinesFormatter
from yjinspect.web.surveys.models import Invitation, InvitationState, Response, Survey
from yjinspect.web.surveys.services import survey as services
from yjinspect.web.surveys.services.survey import code_display

pytestmark = pytest.mark.django_db

CHILDREN = "children-and-young-people"


def _open(world: World, *, instrument: str = CHILDREN, codes: int = 3, closes: date | None = None) -> Survey:
    closes = closes or timezone.localdate() + timedelta(days=14)
    return services.survey_open(
        by=world.users["lead"], inspection=world.inspection, instrument_id=instrument,
        closes_on=closes.isoformat(), invitations=str(codes),
    )  # fmt: skip


def _codes(survey: Survey) -> list[str]:
    return list(survey.invitations.order_by("number").values_list("code", flat=True))


def _answer(client: Client, code: str, question: str, *values: str, **extra: Any) -> Any:
    return client.post(reverse("respond_answer", args=[code, question]), {"answer": list(values)}, **extra)


def test_the_lead_inspector_opens_a_survey_and_gets_its_codes(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    closes = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        reverse("survey_open", args=[world.inspection.pk]),
        {"instrument": CHILDREN, "closes_on": closes, "invitations": "25", "small_number": "5"},
    )
    survey = Survey.objects.get(inspection=world.inspection)
    assert response["Location"] == reverse("survey_invitations", args=[world.inspection.pk, survey.pk])
    codes = _codes(survey)
    assert len(codes) == len(set(codes)) == 25
    assert all(len(c) == services.CODE_LENGTH and set(c) <= set(services.CODE_ALPHABET) for c in codes)
    page = client.get(response["Location"]).content.decode()
    assert code_display(codes[0]) in page
    assert f"/survey/{codes[0]}/" in page
    entry = HistoryEntry.objects.filter(inspection=world.inspection, what="survey opened").get()
    assert "25 invitation codes" in entry.new


def test_opening_a_survey_with_bad_input_says_every_problem_and_opens_nothing(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("survey_open", args=[world.inspection.pk]),
        {"instrument": "pupils", "closes_on": yesterday, "invitations": "lots"},
        follow=True,
    )
    page = response.content.decode()
    assert "Questionnaire: choose one of" in page
    assert "has passed; give today or a later date" in page
    assert "Invitation codes: give a whole number from 1 to 2,000 (not &#x27;lots&#x27;)" in page
    assert not Survey.objects.exists()


def test_a_programme_offers_its_own_questionnaires(world: World) -> None:
    assert set(programme_of(world.inspection).survey_instruments) >= {CHILDREN, "staff-and-volunteers"}


def test_a_child_answers_comes_back_with_the_same_link_and_sends_once(world: World) -> None:
    survey = _open(world)
    code = _codes(survey)[0]
    child = Client()  # no account, no session
    start = child.get(reverse("respond_start", args=[code]))
    assert start.status_code == 200
    assert "Start now" in start.content.decode()
    assert _answer(child, code, "know_why", "yes")["Location"] == reverse("respond_question", args=[code, "told_what_happens"])
    _answer(child, code, "told_what_happens")  # left out
    _answer(child, code, "listened", "mostly")
    # A follow-up only for those who know their plan: "no" goes past it.
    assert _answer(child, code, "know_plan", "no")["Location"] == reverse("respond_question", args=[code, "afraid"])
    assert child.get(reverse("respond_question", args=[code, "plan_copy"]))["Location"].endswith("/questions/afraid/")

    same = child.get(reverse("respond_start", args=[code])).content.decode()  # later, in the same browser: unasked
    assert "Carry on where you left off" in same
    word = re.search(r"Your word for carrying on: ([a-z]+-\d+)\.", same)
    assert word is not None, "the respondent is shown their word"

    later = Client()  # another day, another browser: the same link carries on with the child's word
    asked = later.get(reverse("respond_start", args=[code])).content.decode()
    assert "Enter your word to carry on" in asked
    assert "Most of the time" not in asked
    assert later.post(reverse("respond_word", args=[code]), {"word": word.group(1).upper().replace("-", " ")}).status_code == 302
    page = later.get(reverse("respond_start", args=[code])).content.decode()
    assert "Carry on where you left off" in page
    assert reverse("respond_question", args=[code, "afraid"]) in page
    page = later.get(reverse("respond_question", args=[code, "listened"])).content.decode()
    assert 'value="mostly" checked' in page

    check = later.get(reverse("respond_check", args=[code])).content.decode()
    assert "Most of the time" in check
    assert "Not answered" in check
    sent = later.post(reverse("respond_submit", args=[code]))
    assert sent["Location"].startswith(reverse("respond_thanks"))

    response = Response.objects.get(survey=survey)
    assert response.answers == {"know_why": "yes", "listened": "mostly", "know_plan": "no"}
    invitation = Invitation.objects.get(code=code)
    assert (invitation.state, invitation.answers) == (InvitationState.SUBMITTED, {})

    again = later.post(reverse("respond_submit", args=[code]))
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert child.get(reverse("respond_start", args=[code])).status_code == 410
    assert _answer(child, code, "know_why", "no").status_code == 410
    assert Response.objects.count() == 1


def test_the_code_alone_neither_shows_nor_sends_someone_elses_unsent_answers(world: World, settings: Any) -> None:
    """The service hands the codes out: someone there with a child's code must not read or send the child's answers."""
    code = _codes(_open(world))[0]
    child = Client()
    _answer(child, code, "know_why", "no")
    _answer(child, code, "anything_else", "My worker Sam shouted at me.")
    worker = Client()
    for page in ("respond_start", "respond_check"):
        shown = worker.get(reverse(page, args=[code])).content.decode()
        assert "Enter your word to carry on" in shown
        assert "shouted" not in shown
    assert "shouted" not in worker.get(reverse("respond_question", args=[code, "anything_else"])).content.decode()
    assert "Enter your word" in worker.post(reverse("respond_submit", args=[code])).content.decode()
    assert "Enter your word" in _answer(worker, code, "know_why", "yes").content.decode()
    assert not Response.objects.exists()
    assert Invitation.objects.get(code=code).answers["know_why"] == "no", "nothing the worker did changed the answers"

    # Guessing: each wrong word is counted, and the tenth deletes the unsent answers unseen.
    for left in range(services.MAX_WRONG_WORDS - 1, 0, -1):
        wrong = worker.post(reverse("respond_word", args=[code]), {"word": f"guess-{left}"})
        assert wrong.status_code == 422
        assert f"You can try {left} more times" in wrong.content.decode()
    last = worker.post(reverse("respond_word", args=[code]), {"word": "guess-0"}).content.decode()
    assert "the answers saved with this link have been deleted, unseen" in last
    invitation = Invitation.objects.get(code=code)
    assert (invitation.answers, invitation.resume_hash, invitation.state) == ({}, "", InvitationState.NOT_STARTED)


def test_starting_again_deletes_the_saved_answers_unseen_and_gives_a_new_word(world: World) -> None:
    code = _codes(_open(world))[0]
    _answer(Client(), code, "know_why", "no")
    before = Invitation.objects.get(code=code).resume_hash
    elsewhere = Client()
    assert elsewhere.post(reverse("respond_restart", args=[code]))["Location"] == reverse("respond_start", args=[code])
    assert Invitation.objects.get(code=code).answers == {}
    _answer(elsewhere, code, "know_why", "yes")
    after = Invitation.objects.get(code=code)
    assert after.answers == {"know_why": "yes"}
    assert after.resume_hash not in ("", before)


def test_a_wrong_answer_is_refused_in_plain_words_and_changes_nothing(world: World) -> None:
    code = _codes(_open(world))[0]
    client = Client()
    _answer(client, code, "score", "80")
    refused = _answer(client, code, "score", "lots")
    assert refused.status_code == 422
    assert "Type a whole number from 0 to 100" in refused.content.decode()
    assert Invitation.objects.get(code=code).answers == {"score": 80}
    assert _answer(client, code, "know_why", "<script>").status_code == 422


def test_sending_nothing_is_refused(world: World) -> None:
    code = _codes(_open(world))[0]
    response = Client().post(reverse("respond_submit", args=[code]))
    assert response.status_code == 422
    assert "Answer at least one question" in response.content.decode()
    assert not Response.objects.exists()


def test_a_closed_survey_takes_no_more_answers(world: World) -> None:
    survey = _open(world)
    code = _codes(survey)[0]
    _answer(Client(), code, "know_why", "yes")
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    for response in (Client().get(reverse("respond_start", args=[code])), _answer(Client(), code, "know_why", "no"),
                     Client().post(reverse("respond_submit", args=[code]))):  # fmt: skip
        assert response.status_code == 410
        assert "This survey has closed" in response.content.decode()
    assert Invitation.objects.get(code=code).answers == {"know_why": "yes"}


def test_an_unknown_code_is_not_found_and_a_typed_code_finds_its_link(world: World) -> None:
    code = _codes(_open(world))[0]
    assert Client().get(reverse("respond_start", args=["AAAABBBBCCCC"])).status_code == 404
    typed = code_display(code).lower().replace("-", " ")
    assert Client().get(reverse("survey_code"), {"code": typed})["Location"] == reverse("respond_start", args=[code])
    assert "Enter the code you were given" in Client().get(reverse("survey_code"), {"code": "x"}).content.decode()


def test_a_link_is_rate_limited_against_flooding(world: World, settings: Any) -> None:
    settings.SURVEY_POSTS_PER_WINDOW = 3
    code = _codes(_open(world))[0]
    client = Client()
    for value in ("yes", "no", "not_sure"):
        assert _answer(client, code, "know_why", value).status_code == 302
    flooded = _answer(client, code, "know_why", "yes")
    assert flooded.status_code == 429
    assert "Wait ten minutes" in flooded.content.decode()
    assert Invitation.objects.get(code=code).answers == {"know_why": "not_sure"}
    # Another link is not held up by this one.
    assert _answer(client, _codes(Survey.objects.get())[1], "know_why", "yes").status_code == 302
    Invitation.objects.filter(code=code).update(window_started=timezone.now() - timedelta(minutes=11))
    assert _answer(client, code, "know_why", "yes").status_code == 302


def test_welsh_answering_where_the_questionnaire_has_welsh_wording(world: World) -> None:
    code = _codes(_open(world))[0]
    client = Client()
    client.post(reverse("respond_language", args=[code]), {"language": "cy"})
    page = client.get(reverse("respond_question", args=[code, "know_why"])).content.decode()
    assert '<html lang="cy"' in page
    assert "Ydych chi&#x27;n gwybod pam" in page
    assert "Parhau" in page
    _answer(client, code, "know_why", "yes")
    client.post(reverse("respond_submit", args=[code]))
    assert Response.objects.get().language == "cy"
    victims = _codes(_open(world, instrument="victims"))[0]
    client.post(reverse("respond_language", args=[victims]), {"language": "cy"})
    assert Invitation.objects.get(code=victims).language == "en"


def test_nothing_that_could_identify_a_respondent_is_stored_or_logged(world: World, caplog: pytest.LogCaptureFixture) -> None:
    survey = _open(world)
    code = _codes(survey)[0]
    address, agent = "203.0.113.77", "IdentifyingBrowser/9.9 (Testing)"
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent, HTTP_X_FORWARDED_FOR=address)
    client.force_login(world.users["inspector"])  # even someone signed in answers anonymously
    caplog.set_level(logging.DEBUG)
    _answer(client, code, "know_why", "yes")
    _answer(client, code, "score", "oops")  # a refused answer is logged as a 4xx
    client.post(reverse("respond_submit", args=[code]))
    client.post(reverse("respond_submit", args=[code]))  # refused: the link is used
    stored = serializers.serialize("json", [obj for model in apps.get_models() for obj in model._default_manager.all()])
    assert address not in stored
    assert agent not in stored
    response = Response.objects.get()
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "survey", "answers", "language", "source", "submitted_on"}
    assert json.loads(serializers.serialize("json", [response]))[0]["fields"]["answers"] == {"know_why": "yes"}
    assert not any(code in entry.new or code in entry.old for entry in HistoryEntry.objects.all())
    formatter = JsonLinesFormatter()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert address not in logged
    assert agent not in logged
    assert code not in logged, "the code would tie a log line to the person the service gave it to"
    assert "/survey/[a respondent's page]" in logged, "the refused answer's warning is logged, its page unnamed"
    invitation = Invitation.objects.get(code=code)
    assert (invitation.language, invitation.version, invitation.window_posts, invitation.resume_hash) == ("en", 0, 0, "")


def test_paper_questionnaires_are_keyed_in_by_the_team(world: World, client: Client) -> None:
    survey = _open(world)
    client.force_login(world.users["inspector"])
    url = reverse("survey_paper_save", args=[world.inspection.pk, survey.pk])
    refused = client.post(url, {"know_plan": "no", "plan_copy": "yes", "score": "150"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Give a whole number from 0 to 100" in page
    assert "Is asked only of those who answered ‘Yes’ to ‘Do you know what your plan is?" in page
    assert 'value="no" checked' in page  # what was typed is shown again
    assert not Response.objects.exists()
    saved = client.post(url, {"know_plan": "yes", "plan_copy": "yes", "score": "90", "helped_with": ["family", "stress"]})
    assert saved.status_code == 302
    response = Response.objects.get()
    assert (response.source, response.answers["helped_with"]) == ("paper", ["family", "stress"])
    entry = HistoryEntry.objects.get(what="paper questionnaire keyed in")
    assert entry.user == world.users["inspector"]


def _respond(survey: Survey, answers: list[dict[str, list[str]]]) -> None:
    for code, given in zip(_codes(survey), answers, strict=False):
        client = Client()
        for question, values in given.items():
            assert _answer(client, code, question, *values).status_code == 302
        assert client.post(reverse("respond_submit", args=[code])).status_code == 302


def test_the_results_page_counts_with_denominators_and_keeps_free_text_to_the_team(world: World, client: Client) -> None:
    survey = _open(world, codes=8)
    _respond(survey, [{"know_plan": ["yes"], "plan_copy": ["yes"], "anything_else": ["My worker Jordan was great <b>x</b>"]}] * 6
             + [{"know_plan": ["no"]}] * 2)  # fmt: skip
    client.force_login(world.users["assessor"])
    page = client.get(reverse("survey_results", args=[world.inspection.pk, survey.pk])).content.decode()
    assert "8 children completed the questionnaire." in page
    assert "6 children answered (of 6 asked)." in page  # the follow-up's denominator
    assert "Three-quarters of the children who answered (6 out of 8) knew what their plan was." in page
    assert "All children who answered (6 out of 6) remembered being given a copy of their plan to keep." in page
    assert "Could identify someone" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # what a respondent types never becomes markup
    assert "Jordan" in page


@pytest.mark.parametrize("role", ["contact", "contact-eastvale", "outsider", "panel"])
def test_the_service_and_those_outside_the_team_see_nothing_of_the_responses(world: World, role: str) -> None:
    survey = _open(world)
    _respond(survey, [{"anything_else": ["Private words"]}])
    client = Client()
    client.force_login(world.users[role])
    for name in ("survey_results", "survey_csv", "survey_invitations", "survey_paper"):
        response = client.get(reverse(name, args=[world.inspection.pk, survey.pk]))
        assert response.status_code in (403, 404), (role, name)
        assert b"Private words" not in response.content
    assert client.get(reverse("surveys", args=[world.inspection.pk])).status_code in (403, 404)


def test_a_survey_of_another_inspection_is_not_found(world: World, client: Client) -> None:
    survey = _open(world)
    client.force_login(world.users["admin"])
    assert client.get(reverse("survey_results", args=[world.other.pk, survey.pk])).status_code == 404


def test_the_csv_export_is_anonymous_safe_in_a_spreadsheet_and_reads_back(world: World, client: Client) -> None:
    survey = _open(world, codes=2)
    _respond(survey, [{"know_why": ["yes"], "helped_with": ["family", "stress"], "anything_else": ["=HYPERLINK(1)"]},
                      {"score": ["40"]}])  # fmt: skip
    client.force_login(world.users["lead"])
    response = client.get(reverse("survey_csv", args=[world.inspection.pk, survey.pk]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in text
    assert "family|stress" in text
    for code in _codes(survey):
        assert code not in text
    instrument, responses = read_export(text, source="export.csv")
    assert instrument.id == CHILDREN
    assert sorted(r.get("score", 0) for r in responses) == [0, 40]  # type: ignore[type-var]
    assert {"anything_else": "=HYPERLINK(1)", "know_why": "yes", "helped_with": ("family", "stress")} in responses
    assert HistoryEntry.objects.filter(what="survey responses exported").exists()
    assert read_survey_export(text, source="export.csv").small_number == survey.small_number, "the threshold travels"


def test_the_report_has_the_programmes_section_with_figures_from_the_responses(world: World) -> None:
    survey = _open(world, codes=6)
    _respond(survey, [{"know_why": ["yes"]}] * 5 + [{"know_why": ["no"]}])
    inputs = report_inputs(world.inspection)
    assert [s.respondents for s in inputs.surveys] == [6]
    document = programme_of(world.inspection).compose(inputs)
    domain = next(s for s in document.sections if s.id == "domain-1")
    section = domain.children[-1]
    assert section.title == "What people told us"
    figures = {r.source: r.text for s in section.walk() for b in s.blocks for r in _runs(b) if isinstance(r, Figure)}
    assert figures[("survey_respondents", CHILDREN)] == "6"
    assert figures[("survey_count_of", CHILDREN, "know_why", "yes")] == "5 out of 6"


def _runs(block: Any) -> Any:
    from yjinspect.reporting.document import block_runs  # noqa: PLC0415

    return block_runs(block)


def test_the_demo_has_surveys_with_synthetic_responses_in_its_reports() -> None:
    from yjinspect.web.inspections.models import Inspection  # noqa: PLC0415
    from yjinspect.web.inspections.services.demo import demo_build  # noqa: PLC0415

    demo_build()
    standards = Inspection.objects.get(
        framework_id="hmip-youth-2018", published=False, service__name="Northmoor Youth Justice Service"
    )
    counted = {s.instrument.id: s.respondents for s in report_inputs(standards).surveys}
    assert counted == {CHILDREN: 23, "staff-and-volunteers": 31, "sentencers-and-court-staff": 4}
    assert Invitation.objects.filter(survey__inspection=standards, state=InvitationState.NOT_STARTED).exists()
    cci = Inspection.objects.get(framework_id="hmip-youth-cci", fieldwork_start__year=2011)
    document = programme_of(cci).compose(report_inputs(cci))
    titles = [s.title for s in document.sections]
    assert titles[titles.index("Making a difference") + 1] == "Service users' perspective"


def test_the_report_page_offers_the_surveys_sentences_beside_the_programmes_box(world: World, client: Client) -> None:
    survey = _open(world, codes=6)
    _respond(survey, [{"know_why": ["yes"]}] * 5 + [{"know_why": ["no"]}])
    client.force_login(world.users["lead"])
    page = client.get(reverse("report", args=[world.inspection.pk])).content.decode()
    offered = page[page.index('aria-label="Suggested sentences for') :]
    assert "6 children completed the questionnaire." in page
    assert "All but one of the children who answered (5 out of 6) knew why they had to see the service." in offered


def test_the_lead_makes_more_codes_for_an_open_survey_but_not_a_closed_one(world: World, client: Client) -> None:
    survey = _open(world, codes=3)
    client.force_login(world.users["lead"])
    url = reverse("survey_invitations_add", args=[world.inspection.pk, survey.pk])
    page = client.post(url, {"invitations": "2"}, follow=True).content.decode()
    assert "2 more invitation codes made" in page
    assert list(survey.invitations.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert (
        "More invitation codes: give a whole number from 1 to 1,995"
        in client.post(url, {"invitations": "0"}, follow=True).content.decode()
    )
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert "open another survey to ask more people" in client.post(url, {"invitations": "2"}, follow=True).content.decode()
    assert survey.invitations.count() == 5


def test_changing_an_answer_from_the_check_page_goes_back_to_it(world: World) -> None:
    code = _codes(_open(world))[0]
    client = Client()
    _answer(client, code, "know_why", "yes")
    check = client.get(reverse("respond_check", args=[code])).content.decode()
    change = reverse("respond_question", args=[code, "know_why"]) + "?from=check"
    assert change in check
    page = client.get(change).content.decode()
    assert f'action="{reverse("respond_answer", args=[code, "know_why"])}?from=check"' in page
    back = client.post(reverse("respond_answer", args=[code, "know_why"]) + "?from=check", {"answer": ["no"]})
    assert back["Location"] == reverse("respond_check", args=[code])
    # Every question answered or passed over: the start page carries on at the check page.
    for question in ("told_what_happens", "listened", "know_plan", "afraid", "helped_with", "less_likely",
                     "describe_service", "score", "anything_else"):  # fmt: skip
        _answer(client, code, question)
    assert reverse("respond_check", args=[code]) in client.get(reverse("respond_start", args=[code])).content.decode()


def test_the_task_list_has_the_surveys_for_the_team_only(world: World, client: Client) -> None:
    from yjinspect.web.inspections.selectors import tasks  # noqa: PLC0415

    def state() -> str:
        return next(t.state for t in tasks(world.inspection) if t.url_name == "surveys")

    assert state() == "Not yet started"
    survey = _open(world)
    assert state() == "In progress"
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert state() == "Completed"
    client.force_login(world.users["inspector"])
    assert (
        reverse("surveys", args=[world.inspection.pk])
        in client.get(reverse("overview", args=[world.inspection.pk])).content.decode()
    )
    client.force_login(world.users["contact"])
    assert "Surveys" not in client.get(reverse("overview", args=[world.inspection.pk])).content.decode()


def test_surveys_travel_in_the_bundle_without_their_codes(world: World) -> None:
    from yjinspect.web.inspections.exchange import bundle_export  # noqa: PLC0415
    from yjinspect.web.inspections.services.exchange import bundle_import  # noqa: PLC0415

    survey = _open(world, codes=4)
    _respond(survey, [{"know_why": ["yes"], "helped_with": ["family", "stress"]}, {"score": ["70"]}, {"know_why": ["no"]}])
    text = json.dumps(bundle_export(world.inspection))
    for code in _codes(survey):
        assert code not in text
    imported = bundle_import(by=world.users["admin"], text=text, source="export.json")
    copy = Survey.objects.get(inspection=imported)
    assert (copy.instrument_id, copy.closes_on, copy.small_number) == (CHILDREN, survey.closes_on, 5)
    assert not copy.invitations.exists()  # codes are keys to answer with: they stay where they were handed out

    def answers(of: Survey) -> list[str]:
        return sorted(json.dumps(r.answers, sort_keys=True) for r in of.responses.all())

    assert answers(copy) == answers(survey)
    assert [s.respondents for s in report_inputs(imported).surveys] == [3]


def test_a_bundle_with_a_bad_survey_is_refused_naming_the_place_and_nothing_is_created(world: World) -> None:
    from yjinspect.web.inspections.exchange import bundle_export  # noqa: PLC0415
    from yjinspect.web.inspections.models import Inspection  # noqa: PLC0415
    from yjinspect.web.inspections.services.exchange import BundleImportError, bundle_import  # noqa: PLC0415

    data = bundle_export(world.inspection)
    data["surveys"] = [
        {"instrument": "pupils", "closes_on": "2026-03-01", "small_number": 5, "responses": []},
        {"instrument": CHILDREN, "closes_on": "soon", "small_number": 5,
         "responses": [{"answers": {"score": 101, "colour": "red"}, "language": "fr", "source": "online", "submitted_on": "2026-03-01"}]},
    ]  # fmt: skip
    before = Inspection.objects.count()
    with pytest.raises(BundleImportError) as refused:
        bundle_import(by=world.users["admin"], text=json.dumps(data), source="bad.json")
    problems = "\n".join(refused.value.problems)
    assert "surveys[0].instrument: expected one of children-and-young-people" in problems
    assert "surveys[1].closes_on: expected a date as YYYY-MM-DD, found 'soon'" in problems
    assert "surveys[1].responses[0].answers.score: give a whole number from 0 to 100" in problems
    assert "surveys[1].responses[0].answers.colour: not a question of children-and-young-people" in problems
    assert "surveys[1].responses[0].language: expected en or cy, found 'fr'" in problems
    assert Inspection.objects.count() == before


def test_answers_never_sent_are_deleted_once_the_survey_has_closed(world: World) -> None:
    from django.core.management import call_command  # noqa: PLC0415

    survey = _open(world, codes=2)
    started, sent = _codes(survey)
    _answer(Client(), started, "know_why", "no")
    finisher = Client()
    _answer(finisher, sent, "know_why", "yes")
    finisher.post(reverse("respond_submit", args=[sent]))
    assert services.unsent_answers_delete(today=survey.closes_on) == 0, "not while the survey is open"
    out = io.StringIO()
    call_command("delete_unsent_answers", f"--today={survey.closes_on + timedelta(days=1)}", stdout=out)
    assert out.getvalue().strip() == "Unsent answers deleted from 1 link(s) of closed surveys."
    left = Invitation.objects.get(code=started)
    assert (left.answers, left.resume_hash) == ({}, "")
    assert Response.objects.count() == 1, "a sent response is kept"
    assert services.unsent_answers_delete(today=survey.closes_on + timedelta(days=2)) == 0


def test_a_paper_form_sent_twice_is_keyed_in_once(world: World, client: Client) -> None:
    survey = _open(world)
    client.force_login(world.users["inspector"])
    page = client.get(reverse("survey_paper", args=[world.inspection.pk, survey.pk])).content.decode()
    form = re.search(r'name="paper_id" value="([0-9a-f-]{36})"', page)
    assert form is not None
    url = reverse("survey_paper_save", args=[world.inspection.pk, survey.pk])
    assert client.post(url, {"paper_id": form.group(1), "know_why": "yes"}).status_code == 302
    again = client.post(url, {"paper_id": form.group(1), "know_why": "yes"}, follow=True).content.decode()
    assert "already saved (the form was sent twice)" in again
    assert Response.objects.count() == 1


def test_a_published_inspections_surveys_take_nothing_more(world: World) -> None:
    survey = _open(world, codes=1)
    code = _codes(survey)[0]
    world.inspection.published = True
    world.inspection.save(update_fields=["published"])
    assert Client().get(reverse("respond_start", args=[code])).status_code == 410
    with pytest.raises(services.ServiceError, match="has been published"):
        services.paper_response_add(by=world.users["lead"], survey=Survey.objects.get(), values={"know_why": ["yes"]})
    with pytest.raises(services.ServiceError, match="has been published"):
        services.invitations_add(by=world.users["lead"], survey=survey, invitations="2")
    assert not Response.objects.exists()


def test_a_line_break_counts_as_the_browser_counts_it() -> None:
    from yjinspect.engine.surveys import TEXT_MAX_CHARS, load_instrument, read_answer  # noqa: PLC0415

    question = load_instrument(CHILDREN).question("anything_else")
    typed = "a\r\n" * (TEXT_MAX_CHARS // 2)  # what the box allows (its line breaks count once), as the browser sends it
    answer, problem = read_answer(question, [typed])
    assert problem is None
    assert answer == "a\n" * (TEXT_MAX_CHARS // 2 - 1) + "a"
