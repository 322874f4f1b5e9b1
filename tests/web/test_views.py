"""Views through Django's test client: autosave, the plain form, sign-in, two-factor, exchange."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import EXAMPLES
from tests.web.world import PASSWORD, World, answer_everything
from yjinspect.programmes import read_inspection as read_bundle
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import Answer, HistoryEntry, Inspection
from yjinspect.web.inspections.selectors import inspection_result
from yjinspect.web.inspections.services import ratings, sample
from yjinspect.web.inspections.services.exchange import bundle_import

pytestmark = pytest.mark.django_db


def _autosave(client: Client, case_pk: int, **body: Any) -> Any:
    return client.post(reverse("case_autosave", args=[case_pk]), json.dumps(body), content_type="application/json")


def test_autosave_saves_then_refuses_a_stale_save_and_returns_the_newer_answer(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    facts = _autosave(client, case.pk, kind="facts", version=0, harm_factors="yes", safety_wellbeing_factors="no")
    assert facts.status_code == 200, facts.json()
    assert "2.1.3" in facts.json()["applicable"] or "3.1.3" in facts.json()["applicable"]
    assert not any(q.endswith(".2") for q in facts.json()["applicable"]), (
        "no safety and wellbeing factors: those questions are off"
    )
    question = facts.json()["applicable"][0]
    saved = _autosave(client, case.pk, kind="answer", question=question, value="yes", evidence="Good AssetPlus", version=0)
    assert saved.json() == {"saved": True, "version": 1}
    lead = Client()
    lead.force_login(world.users["lead"])
    stale = _autosave(lead, case.pk, kind="answer", question=question, value="no", evidence="", version=0)
    assert stale.status_code == 409
    assert stale.json()["current"]["value"] == "yes"
    assert stale.json()["current"]["evidence"] == "Good AssetPlus"
    assert Answer.objects.get(case=case, question_id=question).value == "yes"


def test_autosave_rejects_malformed_and_wrong_answers_clearly(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    assert _autosave(client, case.pk, kind="answer", question="2.1.1").status_code == 400
    wrong = _autosave(client, case.pk, kind="answer", question="2.1.1", value="maybe", evidence="", version=0)
    assert wrong.status_code == 422
    assert "'maybe' is not an answer" in wrong.json()["error"]


def test_the_page_works_as_a_plain_form_without_javascript(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert 'name="answer-' in page
    client.post(
        reverse("case_save", args=[case.pk]), {"case_version": "0", "harm_factors": "yes", "safety_wellbeing_factors": "yes"}
    )
    first = "2.1.1" if case.population == "court" else "3.1.1"
    response = client.post(
        reverse("case_save", args=[case.pk]),
        {"case_version": "1", "harm_factors": "yes", "safety_wellbeing_factors": "yes",
         f"answer-{first}": "no", f"evidence-{first}": "No analysis of offending", f"version-{first}": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    answer = Answer.objects.get(case=case, question_id=first)
    assert (answer.value, answer.evidence) == ("no", "No analysis of offending")
    stale = client.post(
        reverse("case_save", args=[case.pk]),
        {"case_version": "2", "harm_factors": "yes", "safety_wellbeing_factors": "yes",
         f"answer-{first}": "yes", f"evidence-{first}": "", f"version-{first}": "0"},
    )  # fmt: skip
    assert stale.status_code == 302
    assert Answer.objects.get(case=case, question_id=first).value == "no", "a stale form post does not overwrite"
    shown = client.get(reverse("case", args=[case.pk])).content.decode()
    assert f"yours were not saved for: {first}" in shown


def test_mark_complete_lists_what_is_missing(world: World, client: Client) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    page = client.post(reverse("case_complete", args=[case.pk]), follow=True).content.decode()
    assert "is not complete yet" in page
    assert "Say whether there are factors related to harm." in page


def test_five_failed_sign_ins_lock_the_account_from_that_address(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": "inspector", "password": "wrong password"})
    locked = client.post(reverse("login"), {"username": "inspector", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(reverse("login"), {"username": "lead", "password": PASSWORD}).status_code == 302


def test_sign_in_asks_for_a_code_once_two_factor_is_on(world: World, client: Client, settings: Any) -> None:
    # django-otp throttles a code tried straight after a wrong one; the test tries both at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = world.users["lead"]
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    assert response["Location"] == reverse("sign_in_code")
    assert client.get(reverse("home")).status_code == 302, "not signed in before the code"
    wrong = client.post(reverse("sign_in_code"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert client.post(reverse("sign_in_code"), {"code": code})["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_turning_two_factor_on_needs_a_working_code(world: World, client: Client, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code then the right one, at once
    client.force_login(world.users["inspector"])
    page = client.get(reverse("two_factor")).content.decode()
    assert "Add this key to an authenticator app" in page
    device = TOTPDevice.objects.get(user=world.users["inspector"])
    right = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    wrong = client.post(reverse("two_factor_confirm"), {"code": f"{(right + 500_000) % 1_000_000:06d}"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    code = f"{right:06d}"
    client.post(reverse("two_factor_confirm"), {"code": code})
    device.refresh_from_db()
    assert device.confirmed


def _without_ids(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data))


def test_export_then_import_keeps_everything(world: World) -> None:
    for case in world.cases()[:6]:
        answer_everything(case, "yes")
    ratings.team_rating_save(by=world.users["lead"], inspection=world.inspection, standard_id="1.1", rating="Good",
                             evidence="Board minutes", expected_version=0)  # fmt: skip
    sample.facts_save(by=world.users["contact"], inspection=world.inspection, data={"staff_fte": "30"}, expected_version=0)
    sample.case_replace(by=world.users["lead"], case=world.cases()[7], reason="moved away")
    exported = bundle_export(world.inspection)
    imported = bundle_import(by=world.users["admin"], text=json.dumps(exported), source="round-trip.json")
    again = bundle_export(imported)
    assert _without_ids(again) == _without_ids(exported)
    assert inspection_result(imported) == inspection_result(world.inspection)
    assert HistoryEntry.objects.filter(inspection=imported, what="imported from round-trip.json").exists()


def test_the_example_bundle_imports_with_the_published_ratings(world: World) -> None:
    text = (EXAMPLES / "bury-and-rochdale-2020.json").read_text()
    inspection = bundle_import(by=world.users["admin"], text=text, source="example.json")
    result = inspection_result(inspection)
    assert not result.provisional
    assert (result.overall.score, result.overall.rating.value if result.overall.rating else None) == (23, "Good")


def test_a_bad_bundle_creates_nothing_and_says_why(world: World, client: Client) -> None:
    data = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text())
    data["cases"][0]["answers"]["2.1.1"] = "perhaps"
    data["team"] = [{"username": "nobody-here", "role": "lead"}]
    before = Inspection.objects.count()
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("bad.json", json.dumps(data).encode(), content_type="application/json")
    page = client.post(reverse("import_bundle"), {"bundle": upload}, follow=True).content.decode()
    assert "bad.json was not imported: nothing has changed." in page
    assert "case C01, question 2.1.1: answer &#x27;perhaps&#x27; is not one of" in page
    assert Inspection.objects.count() == before


def test_the_export_is_a_bundle_the_command_line_can_rate(world: World, client: Client, tmp_path: Any) -> None:
    for case in world.cases():
        answer_everything(case, "yes")
    client.force_login(world.users["lead"])
    response = client.get(reverse("export_bundle", args=[world.inspection.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    inspection = read_bundle(response.content.decode(), provisional=True)
    assert len(inspection.cases) == len(world.cases())


def test_an_administrator_sets_up_an_inspection_and_every_problem_is_listed(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    bad = client.post(
        reverse("create_inspection"),
        {"service": "", "framework": "hmip-youth-1999", "announced_on": "soon", "fieldwork_start": ""},
        follow=True,
    )
    page = bad.content.decode()
    for message in (
        "Service: enter the name",
        "Framework: choose one of hmip-youth-2018",
        "Announcement date: &#x27;soon&#x27; is not a date",
        "Fieldwork start: &#x27;&#x27; is not a date",
    ):
        assert message in page
    created = client.post(reverse("create_inspection"), {"service": "Westdale Youth Justice Service", "framework": "hmip-youth-2021",
                                                         "announced_on": "2026-03-02", "fieldwork_start": "2026-03-23"})  # fmt: skip
    inspection = Inspection.objects.get(service__name="Westdale Youth Justice Service")
    assert created["Location"] == reverse("team", args=[inspection.pk])
    assert inspection.framework_id == "hmip-youth-2021"
    client.force_login(world.users["lead"])
    assert client.get(reverse("create_inspection")).status_code == 403


def test_a_weak_password_is_refused(world: World, client: Client) -> None:
    client.force_login(world.users["inspector"])
    response = client.post(
        reverse("change_password"), {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"}
    )
    page = response.content.decode()
    assert "This password is too short. It must contain at least 12 characters." in page
    assert "This password is too common." in page
    strong = "Quiet-harbour-lantern-1987"
    assert (
        client.post(
            reverse("change_password"), {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
        ).status_code
        == 302
    )
    world.users["inspector"].refresh_from_db()
    assert world.users["inspector"].check_password(strong)
