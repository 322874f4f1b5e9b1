"""Earlier programmes in the web application: cases, assessment, scores and judgements, exchange, report."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import seed_text
from tests.web.report_ready import write_every_box
from tests.web.world import World
from yjinspect.engine.scored.framework import load_scored_framework
from yjinspect.programmes import Inspection as ProgrammeInspection
from yjinspect.programmes import programme_for, read_inspection, read_published_report
from yjinspect.synthetic import synthetic_scored_bundle
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import Answer, HistoryEntry, Inspection, PublishedResult, Role, SampledCase
from yjinspect.web.inspections.selectors import inspection_result, tasks
from yjinspect.web.inspections.services import assessment, common, ratings, report, sample, setup
from yjinspect.web.inspections.services.exchange import bundle_import

pytestmark = pytest.mark.django_db


def _inspection(world: World, framework: str) -> Inspection:
    admin = world.users["admin"]
    inspection = setup.inspection_create(
        by=admin, service=world.northmoor, framework_id=framework, announced_on=date(2014, 1, 6), fieldwork_start=date(2014, 2, 3)
    )
    for username, role in (
        ("lead", Role.LEAD),
        ("inspector", Role.INSPECTOR),
        ("assessor", Role.LOCAL_ASSESSOR),
        ("panel", Role.PANEL),
    ):
        setup.membership_add(by=admin, inspection=inspection, user=world.users[username], role=role)
    return inspection


def _autosave(client: Client, case: SampledCase, **body: Any) -> Any:
    return client.post(reverse("case_autosave", args=[case.pk]), json.dumps(body), content_type="application/json")


def _answer_all(world: World, case: SampledCase, value: str = "yes", **overrides: str) -> None:
    for _, question in load_scored_framework(case.inspection.framework_id).scoring_questions():
        version = Answer.objects.filter(case=case, question_id=question.id).values_list("version", flat=True).first() or 0
        assessment.answer_save(by=world.users["inspector"], case=case, question_id=question.id,
                               value=overrides.get(question.id, value), evidence="", expected_version=version)  # fmt: skip


def test_a_core_case_inspection_from_added_cases_to_scores(world: World) -> None:
    inspection = _inspection(world, "hmip-youth-cci")
    lead, inspector = Client(), Client()
    lead.force_login(world.users["lead"])
    inspector.force_login(world.users["inspector"])
    assert [t.name for t in tasks(inspection)][1] == "Add the inspected cases"
    for ref in ("E001", "E002"):
        assert lead.post(reverse("case_add", args=[inspection.pk]), {"case_ref": ref}).status_code == 302
    duplicate = lead.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "E001"}, follow=True)
    assert "Case E001 is already in this inspection." in duplicate.content.decode()
    assert inspector.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "E003"}).status_code == 403
    first, second = inspection.cases.order_by("case_ref")
    for case in (first, second):
        assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["inspector"])
    page = inspector.get(reverse("case", args=[first.pk])).content.decode()
    assert "1.1.1 Was a Risk of Harm screening completed, on time and accurately?" in page
    assert "key question for: &#x27;Risk of Harm to others&#x27; work" in page
    # Autosave takes a scoring question, refuses a standards key question, and refuses a stale save.
    assert _autosave(
        inspector, first, kind="answer", question="1.1.1", value="no", evidence="screening late", version=0
    ).json() == {"saved": True, "version": 1}
    wrong = _autosave(inspector, first, kind="answer", question="2.1.1x", value="yes", evidence="", version=0)
    assert wrong.status_code == 422
    assert "not a scoring question of hmip-youth-cci" in wrong.json()["error"]
    assert _autosave(lead, first, kind="answer", question="1.1.1", value="yes", evidence="", version=0).status_code == 409
    incomplete = inspector.post(reverse("case_complete", args=[first.pk]), follow=True).content.decode()
    assert "Answer 1.1.2" in incomplete
    _answer_all(world, first, **{"1.1.1": "no"})
    _answer_all(world, second, "yes", **{"1.1.2": "no", "3.2.1": "n/a"})
    for case in (first, second):
        assessment.case_mark_complete(by=world.users["inspector"], case=case)
        assessment.case_review(by=world.users["lead"], case=case, accept=True, comment="")
    result = inspection_result(inspection)
    assert not result.provisional
    assert result.cci is not None
    criterion = result.cci.criteria["1.1"]
    assert (criterion.sufficient, criterion.answered, criterion.percent, criterion.comment) == (6, 8, 75, "MINIMUM")
    scores = inspector.get(reverse("ratings", args=[inspection.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", scores))
    assert "1.1 Risk of Harm to others (RoH) 75% 6 / 8 MINIMUM improvement required" in text
    assert "3.2 Sustaining outcomes 100% 1 / 1" in text
    assert "Comment cut-points (unverified)" in text
    history = HistoryEntry.objects.filter(inspection=inspection, what="case E001: answer 1.1.1")
    assert [h.new for h in history] == ["no"]


def test_a_full_joint_inspection_records_the_teams_judgement_beside_the_score(world: World) -> None:
    inspection = _inspection(world, "hmip-youth-fji")
    assessment.case_add(by=world.users["lead"], inspection=inspection, case_ref="L1")
    case = inspection.cases.get()
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["inspector"])
    _answer_all(world, case, RR1="no")
    lead = Client()
    lead.force_login(world.users["lead"])
    saved = lead.post(reverse("team_rating_save", args=[inspection.pk]),
                      {"standard": "reducing_reoffending", "rating": "satisfactory", "evidence": "Board minutes", "version": "0"})  # fmt: skip
    assert saved.status_code == 302
    refused = lead.post(reverse("team_rating_save", args=[inspection.pk]),
                        {"standard": "protecting_the_public", "rating": "Good", "evidence": "", "version": "0"}, follow=True)  # fmt: skip
    assert (
        "&#x27;Good&#x27; is not a rating for protecting_the_public: choose good, satisfactory, unsatisfactory, poor."
        in refused.content.decode()
    )
    stale = lead.post(reverse("team_rating_save", args=[inspection.pk]),
                      {"standard": "reducing_reoffending", "rating": "poor", "evidence": "", "version": "0"}, follow=True)  # fmt: skip
    assert "Someone else saved a newer version" in stale.content.decode()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lead.get(reverse("ratings", args=[inspection.pk])).content.decode()))
    assert "Reducing reoffending: satisfactory" in page
    assert "Case assessment score: 67% (2 of 3 answers judged sufficient)" in page
    assert "Governance and partnerships: not judged yet Judged without a case assessment score." in page
    assert inspection_result(inspection).themes["reducing_reoffending"].judgement == "satisfactory"
    with pytest.raises(common.ServiceError, match="hmip-youth-fji has no ratings panel"):
        ratings.panel_decision_record(
            by=world.users["lead"],
            inspection=inspection,
            standard_id="reducing_reoffending",
            rating="Good",
            reason="x",
            expected_version=0,
        )


def test_a_short_quality_screening_counts_custody_and_community_cases(world: World) -> None:
    inspection = _inspection(world, "hmip-youth-sqs")
    lead, inspector = Client(), Client()
    lead.force_login(world.users["lead"])
    inspector.force_login(world.users["inspector"])
    lead.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "S1", "setting": "custody"})
    lead.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "S2"})
    bad = lead.post(reverse("case_add", args=[inspection.pk]), {"case_ref": "S3", "setting": "prison"}, follow=True)
    assert "&#x27;prison&#x27; is not a setting of this programme: choose custody or community." in bad.content.decode()
    s1, s2 = inspection.cases.order_by("case_ref")
    for case in (s1, s2):
        assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["inspector"])
    assert _autosave(inspector, s2, kind="facts", version=0, setting="community").json() == {"saved": True, "version": 1}
    _answer_all(world, s1, PC3="no")
    _answer_all(world, s2)
    assert "Say whether this is a custody or a community case." not in assessment.case_gaps(SampledCase.objects.get(pk=s2.pk))
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lead.get(reverse("ratings", args=[inspection.pk])).content.decode()))
    assert "Planning all cases (2 out of 2) 1 of 1 1 of 1" in page
    assert "Planning half of the cases (1 out of 2) 0 of 1 1 of 1" in page  # PC3: planning to protect the child
    assert "%" not in page.split("Counts", 1)[1].split("<footer", 1)[0], "a screening shows no percentages"


def test_exchange_round_trip_and_a_command_line_bundle_imports(world: World) -> None:
    data = synthetic_scored_bundle("hmip-youth-fji", cases=4, seed=2, service="Northmoor Youth Justice Service")
    data["cases"][0]["answers"].pop("RR1")  # one case still in progress
    imported = bundle_import(by=world.users["admin"], text=json.dumps(data), source="fji.json")
    assert imported.framework_id == "hmip-youth-fji"
    assert imported.cases.filter(state="accepted").count() == 3
    assert {t.standard_id: t.rating for t in imported.team_ratings.all()} == data["judgements"]
    exported = bundle_export(imported)
    assert "organisational_ratings" not in exported
    assert exported["judgements"] == data["judgements"]
    assert [c["answers"] for c in exported["cases"]] == [c["answers"] for c in data["cases"]]
    checked = read_inspection(json.dumps(exported), provisional=True)
    assert isinstance(checked, ProgrammeInspection)
    assert (
        checked.programme.rating_record(checked.rate())["themes"]
        == checked.programme.rating_record(inspection_result(imported))["themes"]
    )
    again = bundle_import(by=world.users["admin"], text=json.dumps(exported), source="again.json")
    assert bundle_export(again)["cases"] == exported["cases"]
    broken = json.loads(json.dumps(data))
    broken["judgements"]["interventions"] = "fine"
    before = Inspection.objects.count()
    with pytest.raises(Exception, match="was not imported"):
        bundle_import(by=world.users["admin"], text=json.dumps(broken), source="broken.json")
    assert Inspection.objects.count() == before, "nothing is created from a bundle with a problem"


def test_the_report_compares_with_published_inspections_and_publishing_records_the_figures(world: World) -> None:
    PublishedResult.objects.create(programme="hmip-youth-cci", service="Essex", date="2012-05", source=PublishedResult.Source.REPORT,
                                   figures={"headline_scores": read_published_report(seed_text("002"))["headline_scores"]})  # fmt: skip
    data = synthetic_scored_bundle("hmip-youth-cci", cases=5, seed=4, service="Northmoor Youth Justice Service")
    inspection = bundle_import(by=world.users["admin"], text=json.dumps(data), source="cci.json")
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["lead"], role=Role.LEAD)
    lead = Client()
    lead.force_login(world.users["lead"])
    saved = lead.post(reverse("narrative_save", args=[inspection.pk]), {"foreword": "A fair foreword.",
                      "recommendations": "YOS Head of Service: complete assessments on time", "strengths-1.1": "Screening was prompt."})  # fmt: skip
    assert saved.status_code == 302
    preview = lead.get(reverse("report_preview", args=[inspection.pk])).content.decode()
    assert "Scores compared with the areas inspected to date" in preview
    assert "A fair foreword." in preview
    assert "complete assessments on time (YOS Head of Service)" in preview
    assert "Screening was prompt." in preview
    naming = lead.post(reverse("narrative_save", args=[inspection.pk]), {
                       "practice_examples": "2.2: In case C002 the case manager used laminated cards.\n9.9: nowhere"}, follow=True)  # fmt: skip
    assert "Practice examples, line 2: write it as &#x27;Criterion: example&#x27;" in naming.content.decode()
    lead.post(reverse("narrative_save", args=[inspection.pk]), {"foreword": "A fair foreword.",
              "practice_examples": "2.2: In case C002 the case manager used laminated cards."})  # fmt: skip
    assert (
        "The box \u201cPractice examples (Making a difference)\u201d contains case C002's reference number."
        in publishing.publishing_problems(inspection)
    )
    lead.post(reverse("narrative_save", args=[inspection.pk]), {"version-practice_examples": "1", "foreword": "A fair foreword.",
              "practice_examples": "2.2: Curtis's case manager used laminated cards."})  # fmt: skip
    preview = lead.get(reverse("report_preview", args=[inspection.pk])).content.decode()
    assert "Delivery and review of interventions general criterion:" in preview
    assert (
        "Curtis&#x27;s case manager used laminated cards." in preview or "Curtis's case manager used laminated cards." in preview
    )
    write_every_box(inspection, world.users["lead"])
    report.draft_share(by=world.users["lead"], inspection=inspection)
    report.report_publish(by=world.users["lead"], inspection=inspection)
    record = PublishedResult.objects.get(inspection=inspection)
    assert (
        record.figures["headline_scores"]
        == programme_for("hmip-youth-cci").rating_record(inspection_result(inspection))["headline_scores"]
    )
    assert Client().get(reverse("published_report", args=[inspection.pk])).status_code == 200
    comparison = Client().get(reverse("published") + "?programme=hmip-youth-cci").content.decode()
    assert "Northmoor Youth Justice Service" in comparison


def test_the_screening_case_page_works_as_a_plain_form_without_javascript(world: World) -> None:
    inspection = _inspection(world, "hmip-youth-sqs")
    case = assessment.case_add(by=world.users["lead"], inspection=inspection, case_ref="P1")
    assessment.case_allocate(by=world.users["lead"], case=case, assessor=world.users["inspector"])
    inspector = Client()
    inspector.force_login(world.users["inspector"])
    form = {"case_version": "0", "setting": "custody", "answer-RR1": "yes", "evidence-RR1": "Timely assessment", "version-RR1": "0",
            "answer-RR2": "n/a", "version-RR2": "0"}  # fmt: skip
    done = inspector.post(reverse("case_save", args=[case.pk]), form, follow=True)
    assert "Saved." in done.content.decode()
    case.refresh_from_db()
    assert case.setting == "custody"
    assert {a.question_id: (a.value, a.evidence) for a in case.answers.exclude(value="")} == {
        "RR1": ("yes", "Timely assessment"),
        "RR2": ("n/a", ""),
    }
    again = inspector.post(reverse("case_save", args=[case.pk]), form | {"answer-RR1": "no"}, follow=True)
    assert "yours were not saved for: the setting, RR1" in again.content.decode(), "a stale form never overwrites"
    assert case.answers.get(question_id="RR1").value == "yes"


def test_an_earlier_programme_is_set_up_from_the_form_without_a_data_return_or_sample(world: World) -> None:
    admin = Client()
    admin.force_login(world.users["admin"])
    form = admin.get(reverse("create_inspection")).content.decode()
    assert "Core Case Inspection of youth offending work (earlier programme)" in form
    done = admin.post(reverse("create_inspection"), {"service": "Westbrook YOS", "framework": "hmip-youth-sqs",
                                                       "announced_on": "2014-05-01", "fieldwork_start": "2014-06-02"})  # fmt: skip
    assert done.status_code == 302
    inspection = Inspection.objects.get(service__name="Westbrook YOS")
    assert [t.name for t in tasks(inspection)][:3] == [
        "Set up the inspection and team",
        "Add the inspected cases",
        "Allocate cases",
    ]
    nav = admin.get(reverse("overview", args=[inspection.pk])).content.decode()
    assert "Data return" not in nav
    assert ">Scores<" in nav
    with pytest.raises(common.ServiceError, match="hmip-youth-sqs has no caseload data return"):
        sample.caseload_upload(by=world.users["admin"], inspection=inspection, filename="c.csv", content=b"case_id\n")


def test_a_command_line_screening_without_settings_imports_with_its_complete_cases_accepted(world: World) -> None:
    data = synthetic_scored_bundle("hmip-youth-sqs", cases=3, seed=5, service="Northmoor Youth Justice Service")
    for case in data["cases"]:
        case.pop("setting", None)  # optional in a bundle: the file is complete without it
    data["cases"][2]["answers"].pop("RR1")
    inspection = bundle_import(by=world.users["admin"], text=json.dumps(data), source="sqs.json")
    states = dict(inspection.cases.values_list("case_ref", "state"))
    assert states == {"C001": "accepted", "C002": "accepted", "C003": "in_progress"}
