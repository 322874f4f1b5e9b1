"""Issue 11, items 1 and 2: nothing unwritten is published, and nothing typed is lost (the narrative form,
box by box; the autosaves; a stale save; a reallocated case)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.web.report_ready import finish_every_case, ready_to_publish, write_every_box
from tests.web.world import World, answer_everything
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Answer, HistoryEntry, Inspection, Report, ReportVersion, SampledCase
from yjinspect.web.inspections.selectors import applicable_questions, report_boxes
from yjinspect.web.inspections.services import assessment, report
from yjinspect.web.inspections.services.common import ServiceError

pytestmark = pytest.mark.django_db


def _lead(world: World) -> Client:
    client = Client()
    client.force_login(world.users["lead"])
    return client


def _ready_but_the_foreword(world: World) -> None:
    finish_every_case(world)
    write_every_box(world.inspection, world.users["lead"])
    report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={"foreword": ""},
                                versions=publishing.report_of(world.inspection).box_versions)  # fmt: skip
    report.draft_share(by=world.users["lead"], inspection=world.inspection)


# --- item 1: publishing refuses what is not finished --------------------------------------------------


def test_publishing_refuses_while_a_placeholder_remains_and_names_it(world: World) -> None:
    _ready_but_the_foreword(world)
    with pytest.raises(ServiceError) as refused:
        report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert refused.value.problems == [
        "Draft 1, the one the service checked, still had parts to be written: share the draft again now that every part is written.",
        "Still to be written: the foreword (in Foreword).",
    ]
    assert not Inspection.objects.get(pk=world.inspection.pk).published
    assert not ReportVersion.objects.filter(inspection=world.inspection, kind=ReportVersion.Kind.PUBLISHED).exists()


def test_the_report_page_lists_what_is_unwritten_with_a_link_to_its_box(world: World) -> None:
    _ready_but_the_foreword(world)
    page = _lead(world).get(reverse("report", args=[world.inspection.pk])).content.decode()
    listed = page[page.index('id="still-to-be-written"') :]
    assert "Still to be written (1)" in listed
    assert '<a class="govuk-link" href="#field-foreword">the foreword</a>' in listed
    assert 'id="field-foreword"' in page, "the link goes to the box"
    assert "1 part(s) of the report are still to be written (listed above" in page, "the checklist counts them too"


def test_every_box_of_a_fresh_report_is_listed_and_each_link_finds_its_box(world: World) -> None:
    page = _lead(world).get(reverse("report", args=[world.inspection.pk])).content.decode()
    links = re.findall(r'href="#(field-[^"]+)"', page)
    assert len(links) > 40, "every empty box of the 2018 standards report is listed"
    for target in links:
        assert f'id="{target}"' in page, target


def test_a_published_report_holds_no_placeholder(world: World) -> None:
    _ready_but_the_foreword(world)
    report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={"foreword": "A foreword."},
                                versions=publishing.report_of(world.inspection).box_versions)  # fmt: skip
    with pytest.raises(ServiceError) as unseen:  # the draft the service checked had no foreword
        report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert unseen.value.problems == [
        "Draft 1, the one the service checked, still had parts to be written: share the draft again now that every part is written."
    ]
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    published = report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert "To be written" not in published.html
    words = "\n".join(p.text for p in Document(io.BytesIO(bytes(published.docx))).paragraphs)
    assert "To be written" not in words


def test_the_draft_page_shows_the_lead_what_is_still_to_be_written(world: World) -> None:
    _ready_but_the_foreword(world)
    lead_page = _lead(world).get(reverse("draft", args=[world.inspection.pk])).content.decode()
    assert "Still to be written" in lead_page
    assert "the foreword" in lead_page
    contact = Client()
    contact.force_login(world.users["contact"])
    assert "Still to be written" not in contact.get(reverse("draft", args=[world.inspection.pk])).content.decode()


# --- item 2: the narrative form gives back everything typed ----------------------------------------------


def _every_box_typed(world: World) -> dict[str, str]:
    return {box.name: f"Typed for {box.name}." for box in report_boxes(world.inspection) if box.kind in ("text", "optional")}


def test_a_malformed_line_gives_back_every_box_as_typed_with_the_problem_beside_its_box(world: World) -> None:
    typed = _every_box_typed(world) | {"summary-2": "Long. " * 20_000, "recommendations": "no colon on this line"}
    response = _lead(world).post(reverse("narrative_save", args=[world.inspection.pk]), typed)
    assert response.status_code == 200
    page = response.content.decode()
    for name, text in typed.items():
        assert f'name="{name}"' in page
        assert text.strip()[:60] in page, f"{name}: what was typed is not on the page"
    box = page[page.index('data-save="recommendations"') :]
    box = box[: box.index('data-save="', 20)]
    assert "govuk-error-message" in box
    assert "Recommendations, line 1: write it as" in box
    assert (
        Report.objects.filter(inspection=world.inspection).first() is None or not publishing.report_of(world.inspection).narrative
    )


def test_colleagues_writing_different_boxes_never_refuse_each_other(world: World) -> None:
    # Both opened the page when every box was at version 0.
    first = _lead(world).post(
        reverse("narrative_save", args=[world.inspection.pk]), {"foreword": "Mine.", "version-foreword": "0"}
    )
    assert first.status_code == 302
    second = report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={"background": "Theirs."},
                                         versions={"background": 0})  # fmt: skip
    assert second.stale == {}
    assert second.saved == {"background": 1}
    narrative = publishing.report_of(world.inspection).narrative
    assert (narrative["foreword"], narrative["background"]) == ("Mine.", "Theirs.")


def test_a_box_a_colleague_saved_meanwhile_shows_their_text_and_keeps_the_writers_beside_it(world: World) -> None:
    report.narrative_boxes_save(by=world.users["inspector"], inspection=world.inspection, typed={"foreword": "The colleague's."},
                                versions={})  # fmt: skip
    stale = _lead(world).post(
        reverse("narrative_save", args=[world.inspection.pk]),
        {
            "foreword": "The writer's own words.",
            "version-foreword": "0",
            "background": "Saved anyway.",
            "version-background": "0",
        },
    )
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "A colleague saved some boxes after you opened the page." in page
    kept = page[page.index('data-kept="foreword"') :]
    assert "Inspector Test saved this box after you opened the page" in kept
    assert "The writer&#x27;s own words." in kept
    box = page[page.index('id="field-foreword"') :]
    assert box[box.index(">") + 1 :].startswith("The colleague&#x27;s."), "the newer text is in the box"
    assert re.search(r'name="version-foreword" value="1"', page), "the next save starts from the newer version"
    narrative = publishing.report_of(world.inspection).narrative
    assert (narrative["foreword"], narrative["background"]) == ("The colleague's.", "Saved anyway.")


def test_an_unchanged_box_sent_back_with_an_old_version_is_not_stale(world: World) -> None:
    report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={"foreword": "Same."}, versions={})
    again = report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={"foreword": "Same.  "},
                                        versions={"foreword": 0})  # fmt: skip
    assert again.stale == {}
    assert again.saved == {}


def test_each_changed_box_is_in_the_history_with_its_old_and_new_text(world: World) -> None:
    lead = world.users["lead"]
    report.narrative_boxes_save(by=lead, inspection=world.inspection, typed={"foreword": "One."}, versions={})
    report.narrative_boxes_save(by=lead, inspection=world.inspection, typed={"foreword": "Two.", "background": ""},
                                versions={"foreword": 1})  # fmt: skip
    entries = HistoryEntry.objects.filter(inspection=world.inspection, what__startswith="report narrative").order_by("pk")
    assert [(e.what, e.old, e.new) for e in entries] == [
        ("report narrative: Foreword", "", "One."),
        ("report narrative: Foreword", "One.", "Two."),
    ]


# --- the narrative's autosave ----------------------------------------------------------------------------


def _box_save(client: Client, world: World, body: Any) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(reverse("narrative_autosave", args=[world.inspection.pk]), raw, content_type="application/json")


def test_a_box_saves_as_it_is_typed_and_a_stale_one_answers_the_newer_text(world: World) -> None:
    lead = _lead(world)
    assert _box_save(lead, world, {"box": "foreword", "text": "Typed.", "version": 0}).json() == {"saved": True, "version": 1}
    stale = _box_save(lead, world, {"box": "foreword", "text": "Typed from an older page.", "version": 0})
    assert stale.status_code == 409
    assert stale.json()["current"] == {"text": "Typed.", "version": 1, "by": "Lead Test"}
    bad = _box_save(lead, world, {"box": "recommendations", "text": "no colon", "version": 0})
    assert bad.status_code == 422
    assert "Recommendations, line 1" in bad.json()["problems"][0]
    assert publishing.report_of(world.inspection).narrative == {"foreword": "Typed."}


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", {"box": "foreword", "text": {"a": 1}, "version": 0}, {"box": "foreword", "text": "x", "version": "1"},
     {"box": "no-such-box", "text": "x", "version": 0}],
)  # fmt: skip
def test_a_malformed_box_save_is_told_and_changes_nothing(world: World, body: Any) -> None:
    answered = _box_save(_lead(world), world, body)
    assert answered.status_code in (400, 422)
    assert answered.json()["saved"] is False
    assert answered.json()["error"]
    assert not Report.objects.filter(inspection=world.inspection).exists()


def test_only_the_lead_writes_the_narrative(world: World) -> None:
    inspector = Client()
    inspector.force_login(world.users["inspector"])
    assert _box_save(inspector, world, {"box": "foreword", "text": "x", "version": 0}).status_code == 403


# --- the case autosave ------------------------------------------------------------------------------------


def _case_save(client: Client, case: SampledCase, body: Any) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(reverse("case_autosave", args=[case.pk]), raw, content_type="application/json")


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'"text"', {"kind": "answer", "question": "2.1.1", "value": "yes",
                                  "evidence": {"nested": "object"}, "version": 0}])  # fmt: skip
def test_a_malformed_answer_save_is_a_400_and_stores_nothing(world: World, body: Any) -> None:
    case = world.cases("inspector")[0]
    client = Client()
    client.force_login(world.users["inspector"])
    answered = _case_save(client, case, body)
    assert answered.status_code == 400
    assert answered.json()["error"].startswith("Malformed save request")
    assert not Answer.objects.filter(case=case).exists()


def test_a_reallocated_case_tells_its_old_assessor_plainly_and_stops(world: World) -> None:
    case = world.cases("inspector")[0]
    question = applicable_questions(case)[0].id
    client = Client()
    client.force_login(world.users["inspector"])
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["lead"])
    answered = _case_save(client, case, {"kind": "answer", "question": question, "value": "yes", "evidence": "x", "version": 0})
    assert answered.status_code == 404
    assert answered.json() == {
        "saved": False,
        "gone": True,
        "error": "This case has been reallocated to someone else since you opened it, so your changes cannot be saved here.",
    }
    outsider = Client()
    outsider.force_login(world.users["outsider"])
    told = _case_save(outsider, case, {"kind": "answer", "question": question, "value": "yes", "evidence": "", "version": 0})
    assert told.json()["error"] == "This case is not available to you.", "nobody outside learns the case exists"


def test_an_accepted_case_says_so_to_its_assessor(world: World) -> None:
    case = answer_everything(world.cases("inspector")[0])
    assessment.case_mark_complete(by=case.assessor, case=case)
    assessment.case_review(by=world.users["lead"], case=case, accept=True, comment="")
    client = Client()
    client.force_login(world.users["inspector"])
    answered = _case_save(client, case, {"kind": "facts", "version": case.version, "offence_type": "Theft"})
    assert answered.status_code == 403
    assert answered.json()["gone"] is True
    assert "accepted" in answered.json()["error"]


def _facts(case: SampledCase, **changes: str) -> dict[str, Any]:
    page = {"harm_factors": "", "safety_wellbeing_factors": "", "inspector_rosh": "", "inspector_safety_wellbeing": "",
            "practice_example": "", "pseudonym": "", "real_names": "", "offence_type": ""}  # fmt: skip
    return {"kind": "facts", "version": 0, **page, **changes, "was": dict(page)}


def test_a_change_to_one_judgement_passes_a_colleagues_change_to_another(world: World) -> None:
    case = world.cases("lead")[0]
    lead = _lead(world)
    assert _case_save(lead, case, _facts(case, harm_factors="yes")).status_code == 200  # the colleague, from version 0
    mine = _case_save(lead, case, _facts(case, offence_type="Theft"))  # the writer's page, also from version 0
    assert mine.status_code == 200, mine.json()
    case.refresh_from_db()
    assert (case.harm_factors, case.offence_type) == (True, "Theft"), "neither change is lost"


def test_a_change_to_the_same_judgement_is_refused_with_the_newer_value(world: World) -> None:
    case = world.cases("lead")[0]
    lead = _lead(world)
    assert _case_save(lead, case, _facts(case, offence_type="Robbery")).status_code == 200
    mine = _case_save(lead, case, _facts(case, offence_type="Theft"))
    assert mine.status_code == 409
    assert mine.json()["current"]["offence_type"] == "Robbery"
    case.refresh_from_db()
    assert case.offence_type == "Robbery"


def test_a_box_longer_than_any_report_needs_is_refused_beside_it_and_nothing_is_saved(world: World) -> None:
    response = _lead(world).post(reverse("narrative_save", args=[world.inspection.pk]),
                                 {"foreword": "Kept as typed.", "background": "x" * 200_001})  # fmt: skip
    page = response.content.decode()
    box = page[page.index('data-save="background"') :]
    assert "Background: at most 200,000 characters (this has 200,001)." in box[: box.index("</textarea>") + 2000]
    assert "Kept as typed." in page
    assert publishing.report_of(world.inspection).narrative == {}


def test_a_box_sent_again_unchanged_from_an_old_page_answers_the_current_version(world: World) -> None:
    lead = _lead(world)
    _box_save(lead, world, {"box": "foreword", "text": "Typed.", "version": 0})
    _box_save(lead, world, {"box": "foreword", "text": "Typed again.", "version": 1})
    again = _box_save(lead, world, {"box": "foreword", "text": "Typed again.", "version": 1})  # e.g. kept on the device
    assert again.json() == {"saved": True, "version": 2}, "the page catches up, so its next change is not refused"


def test_the_narrative_of_a_published_report_cannot_be_changed(world: World) -> None:
    ready_to_publish(world)
    report.report_publish(by=world.users["lead"], inspection=world.inspection)
    before = publishing.report_of(world.inspection).narrative
    answered = _box_save(_lead(world), world, {"box": "foreword", "text": "Changed afterwards.", "version": 1})
    assert answered.status_code == 422
    assert answered.json()["error"] == "The report is published: its narrative can no longer be changed."
    with pytest.raises(ServiceError, match="published"):
        report.narrative_save(by=world.users["lead"], inspection=world.inspection, narrative={}, expected_version=99)
    assert publishing.report_of(world.inspection).narrative == before


def test_boxes_given_back_unsaved_are_marked_for_the_page_to_send(world: World) -> None:
    typed = {"foreword": "Well formed.", "recommendations": "no colon"}
    page = _lead(world).post(reverse("narrative_save", args=[world.inspection.pk]), typed).content.decode()
    assert 'data-save="foreword" data-unsaved' in page
    assert 'data-save="recommendations" data-unsaved' in page
    assert 'data-save="background" data-unsaved' not in page, "a box left as it was is not unsaved"


def test_a_lead_no_longer_allowed_to_write_is_told_in_json_and_the_page_stops(world: World) -> None:
    lead = _lead(world)
    world.inspection.memberships.filter(user=world.users["lead"]).update(role="inspector")
    answered = _box_save(lead, world, {"box": "foreword", "text": "Typed.", "version": 0})
    assert answered.status_code == 403
    assert answered.json()["gone"] is True
    assert "may no longer write" in answered.json()["error"]


def test_a_stale_practice_example_box_names_who_saved_it(world: World) -> None:
    case = world.cases()[0]
    SampledCase.objects.filter(pk=case.pk).update(practice_example=True, pseudonym="Jordan")
    box = f"example-text-{case.case_ref}"
    report.narrative_boxes_save(by=world.users["inspector"], inspection=world.inspection, typed={box: "Theirs."}, versions={})
    stale = report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed={box: "Mine."}, versions={})
    assert stale.stale[box].by == "Inspector Test"
