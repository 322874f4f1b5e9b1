"""The demo: a fictional service mid-inspection, and one account per role. Everything is synthetic.

Built through the same services as real use, so its history, versions and rules are the real ones;
`web/demo.py` loads it once and keeps the accounts' passwords.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yjinspect.engine.framework import Population
from yjinspect.examples import example_text
from yjinspect.synthetic import synthetic_caseload, synthetic_scored_bundle
from yjinspect.web.accounts.models import Profile, Service
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Answer, Inspection, PlanAction, Role, SampledCase, SampleState, SecondAssessment
from yjinspect.web.inspections.selectors import applicable_questions, case_record, programme_of
from yjinspect.web.inspections.services import agreement, assessment, improvement_plan, ratings, report, sample, setup
from yjinspect.web.inspections.services.exchange import bundle_import
from yjinspect.web.inspections.services.published_results import result_from_inspection, results_import_public_record
from yjinspect.web.surveys.services.demo import demo_surveys

_LETTERS = "abcdefghijkmnpqrstuvwxyz23456789"  # no look-alikes (l, 1, o, 0) in printed passwords
_CLASSES = ("low", "medium", "high", "very high")
DEMO_SERVICE = "Northmoor Youth Justice Service"
OTHER_SERVICE = "Eastvale Youth Justice Service"
FIELDWORK_START = date(2026, 2, 2)
# username, first name, last name, role description
ACCOUNTS = (
    ("admin", "Ada", "Administrator", "administrator"),
    ("lead", "Lena", "Lead", "lead inspector"),
    ("inspector", "Ian", "Inspector", "inspector"),
    ("inspector2", "Iris", "Inspector", "inspector"),
    ("assessor", "Luca", "Assessor", "local assessor (home service: Eastvale)"),
    ("panel", "Pat", "Panel", "ratings panel member"),
    ("contact", "Sam", "Contact", "service contact, Northmoor"),
    ("contact-eastvale", "Eve", "Contact", "service contact, Eastvale (another service)"),
    ("quality", "Quinn", "Quality", "the inspectorate's quality lead"),
)


@transaction.atomic
def demo_build() -> list[tuple[str, str, str]]:
    """Build the demo in one transaction; return (username, password, role) for every account."""
    rng = random.Random("yjinspect-demo")
    northmoor, _ = Service.objects.get_or_create(name=DEMO_SERVICE)
    eastvale, _ = Service.objects.get_or_create(name=OTHER_SERVICE)
    users: dict[str, Any] = {}
    accounts = []
    for username, first, last, role in ACCOUNTS:
        password = "-".join("".join(secrets.choice(_LETTERS) for _ in range(5)) for _ in range(4))
        user = get_user_model().objects.create_user(
            username,
            password=password,
            email=f"{username}@example.org",  # reminders about improvement plans go here (the console in the demo)
            first_name=first,
            last_name=last,
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        Profile.objects.create(
            user=user,
            home_service=eastvale if username == "assessor" else None,
            contact_for=northmoor if username == "contact" else eastvale if username == "contact-eastvale" else None,
            panel_member=username == "panel",
            quality_lead=username == "quality",
        )
        users[username] = user
        accounts.append((username, password, role))
    admin, lead = users["admin"], users["lead"]
    inspection = setup.inspection_create(
        by=admin,
        service=northmoor,
        framework_id="hmip-youth-2018",
        announced_on=date(2026, 1, 12),
        fieldwork_start=FIELDWORK_START,
    )
    for username, role in (
        ("lead", Role.LEAD),
        ("inspector", Role.INSPECTOR),
        ("inspector2", Role.INSPECTOR),
        ("assessor", Role.LOCAL_ASSESSOR),
        ("panel", Role.PANEL),
    ):
        setup.membership_add(by=admin, inspection=inspection, user=users[username], role=role)
    caseload = synthetic_caseload(150, fieldwork_start=FIELDWORK_START, seed=11).encode()
    sample.caseload_upload(by=users["contact"], inspection=inspection, filename="northmoor-caseload.csv", content=caseload)
    sample.facts_save(
        by=users["contact"],
        inspection=inspection,
        expected_version=0,
        data={
            "caseload_court": "118",
            "caseload_out_of_court": "86",
            "staff_fte": "34",
            "budget_total": "1850000",
            "in_education_percent": "71",
            "looked_after_percent": "18",
        },
    )
    sample.sample_draw(by=lead, inspection=inspection, seed=1)
    sample.sample_confirm(by=lead, inspection=inspection)
    sampled = list(inspection.cases.filter(sample_state=SampleState.SAMPLED).order_by("population", "draw_position"))
    assessors = [users["lead"], users["inspector"], users["inspector2"], users["assessor"]]
    for index, case in enumerate(sampled):
        assessment.case_allocate(by=lead, case=case, assessor=assessors[index % len(assessors)])
    # One case in five assessed twice, blind (drawn as the lead would draw them), so the agreement page has figures.
    agreement.double_marking_draw(by=lead, inspection=inspection, percent=20)
    marking = random.Random("yjinspect-demo-double-marking")  # its own draws: the first assessments stay as they were
    for index, case in enumerate(sampled):
        case.refresh_from_db()
        share = index / len(sampled)
        if share < 0.6:
            _assess(rng, case, complete=True)
            _second_assessment(marking, case, lead=lead, resolve=True)
            assessment.case_review(by=lead, case=case, accept=True, comment="")
        elif share < 0.75:
            _assess(rng, case, complete=True)
            _second_assessment(marking, case, lead=lead, resolve=False)  # its disagreements wait for the lead
        elif share < 0.9:
            _assess(rng, case, complete=False)
    _quality_dip_sample(marking, inspection, users["quality"])
    # The team's ratings of the standards the framework has it judge (domain 1 in 2018), one not "Good".
    judged = [c.id for c in programme_of(inspection).team_rating_choices()]
    for standard_id, rating in zip(judged, ("Good", "Good", "Requires improvement", "Good"), strict=False):
        ratings.team_rating_save(
            by=lead,
            inspection=inspection,
            standard_id=standard_id,
            rating=rating,
            expected_version=0,
            evidence="From the board chair's presentation, meetings with managers and partners, and the staff survey.",
        )
    # Surveys with synthetic responses: the 2018 inspection's domain 1 evidence (children, staff, and a court
    # survey too small for shares), and below the 2011 core case inspection's "Service users' perspective".
    demo_surveys(inspection, lead=lead, plan=(("children-and-young-people", 40, 23), ("staff-and-volunteers", 45, 31),
                                              ("sentencers-and-court-staff", 8, 4)))  # fmt: skip
    published = bundle_import(by=admin, text=example_text("bury-and-rochdale-2020"), source="bury-and-rochdale-2020.json")
    Inspection.objects.filter(pk=published.pk).update(published=True)
    result_from_inspection(inspection=published, published_on="2020-06")
    # An earlier programme's inspection too, so its pages can be seen: a core case inspection of the
    # same made-up service, with made-up answers.
    earlier = synthetic_scored_bundle("hmip-youth-cci", cases=40, seed=3, service=DEMO_SERVICE, fieldwork_start=date(2011, 10, 3))
    cci = bundle_import(by=admin, text=json.dumps(earlier), source="synthetic core case inspection")
    setup.membership_add(by=admin, inspection=cci, user=lead, role=Role.LEAD)
    demo_surveys(cci, lead=lead, plan=(("children-and-young-people", 60, 46), ("victims", 20, 12)))
    # The service's first core case inspection, published, its improvement plan in progress: the pages after
    # publication can be seen (the 2011 one stays unpublished, for the user guide's walk to publish).
    first_bundle = synthetic_scored_bundle(
        "hmip-youth-cci", cases=40, seed=1, service=DEMO_SERVICE, fieldwork_start=date(2009, 10, 5)
    )
    first_cci = bundle_import(by=admin, text=json.dumps(first_bundle), source="synthetic core case inspection, 2009")
    setup.membership_add(by=admin, inspection=first_cci, user=lead, role=Role.LEAD)
    _improvement_plan_in_progress(first_cci, lead=lead, contact=users["contact"])
    # The real public record (open data 2021-2025, the 2025 framework's results), with its source and licence.
    results_import_public_record(by=admin)
    return accounts


_DEMO_RECOMMENDATIONS = (
    ("The YOS management board", "Make sure that the board understands the risks the children it supervises face."),
    ("The YOS head of service", "Improve the quality of planning to keep other people safe."),
    ("The YOS head of service", "Review every case with a risk of serious harm at least every three months."),
)
# (recommendation, action, owner, days from today to its target, progress, note): the second is past its target.
_DEMO_ACTIONS = (
    (1, "A risk briefing at every board meeting", "Board chair", 60, "in_progress", "Two briefings held so far."),
    (2, "Train every case manager in planning for safety", "Head of service", -14, "in_progress", "Half the team trained."),
    (2, "Audit ten plans a quarter", "Practice manager", 90, "not_started", ""),
    (3, "A review date on every high-risk case", "Operations manager", 30, "done", "All 23 cases have one."),
)


def _improvement_plan_in_progress(inspection: Inspection, *, lead: Any, contact: Any) -> None:
    """Publish the made-up service's first inspection with recommendations, and take its improvement plan
    through writing, submission and acceptance to progress: one action past its target date and not done."""
    current = publishing.report_of(inspection)
    narrative = {**current.narrative, "recommendations": [{"to": to, "text": text} for to, text in _DEMO_RECOMMENDATIONS]}
    report.narrative_save(by=lead, inspection=inspection, narrative=narrative, expected_version=current.version)
    Inspection.objects.filter(pk=inspection.pk).update(published=True)
    today = timezone.localdate()
    plan = improvement_plan.plan_create(by=lead, inspection=inspection, published_on=today - timedelta(days=120))
    for entry in plan.entries.all():
        rows = [
            improvement_plan.ActionInput(text, owner, (today + timedelta(days=days)).isoformat(), "The next audit shows it.")
            for number, text, owner, days, _, _ in _DEMO_ACTIONS
            if number == entry.number
        ]
        improvement_plan.entry_save(by=contact, entry=entry, actions=rows, expected_version=entry.version)
    plan = improvement_plan.plan_submit(by=contact, inspection=inspection, expected_version=0)
    plan = improvement_plan.plan_accept(by=lead, inspection=inspection, expected_version=plan.version)
    actions = PlanAction.objects.filter(entry__plan=plan).order_by("entry__number", "position")
    for action, (_, _, _, _, status, note) in zip(actions, _DEMO_ACTIONS, strict=True):
        if status != "not_started":
            improvement_plan.progress_save(
                by=contact,
                action=action,
                status=status,
                note=note,
                evidence_text="",
                evidence_file=None,
                expected_version=action.version,
            )


def _second_assessment(rng: random.Random, case: SampledCase, *, lead: Any, resolve: bool) -> None:
    """Make a double-marked case's second assessment, differing now and then from the first, and resolve each
    disagreement as a lead would (if `resolve`): mostly with the first assessor, sometimes with the second."""
    second = SecondAssessment.objects.filter(case=case).first()
    if second is None:
        return
    firsts = dict(Answer.objects.filter(case=case).values_list("question_id", "value"))
    changes = []
    for question in programme_of(case.inspection).second_assessment_questions(case_record(case)):
        value = firsts.get(question.id) or "n/a"
        if value != "n/a" and rng.random() < 0.12:
            value = "no" if value == "yes" else "yes"
        changes.append(agreement.SecondAnswerChange(question.id, value, "Read in the case record.", 0))
    agreement.second_answers_save(by=second.assessor, second=second, changes=changes)
    agreement.second_assessment_submit(by=second.assessor, second=second)
    if not resolve:
        return
    for compared in agreement.comparison(case):
        if compared.unresolved:
            value, why = (
                (compared.first, "the first assessor's evidence of a review is in the record")
                if rng.random() < 0.7
                else (compared.second, "the plan was not updated after the change in circumstances")
            )
            agreement.disagreement_resolve(by=lead, case=case, question_id=compared.question_id, value=value, reason=why)


def _quality_dip_sample(rng: random.Random, inspection: Inspection, quality_lead: Any) -> None:
    """Review the dip-sampled answers as a quality lead would: agreeing with most, questioning a few."""
    rated = [q.id for q in programme_of(inspection).case_questions()]
    for cases in agreement.quality_sample(inspection).values():
        for case in cases:
            verdicts = {
                question_id: ("agree", "")
                if rng.random() < 0.92
                else ("disagree", "The evidence note does not support the answer.")
                for question_id in Answer.objects.filter(case=case, question_id__in=rated)
                .exclude(value="")
                .values_list("question_id", flat=True)
            }
            agreement.quality_review_save(by=quality_lead, case=case, verdicts=verdicts)


def _assess(rng: random.Random, case: SampledCase, *, complete: bool) -> None:
    assessor = case.assessor
    harm = rng.random() < (0.8 if case.population == Population.COURT else 0.5)
    wellbeing = rng.random() < 0.85
    # The inspector mostly agrees with the service's classification; a blank one they judge themselves.
    rosh = case.service_rosh if case.service_rosh in _CLASSES and rng.random() < 0.8 else "medium"
    wellbeing_class = (
        case.service_safety_wellbeing if case.service_safety_wellbeing in _CLASSES and rng.random() < 0.85 else "high"
    )
    case = assessment.case_facts_save(
        by=assessor,
        case=case,
        expected_version=case.version,
        changes={
            "harm_factors": harm,
            "safety_wellbeing_factors": wellbeing,
            "inspector_rosh": rosh,
            "inspector_safety_wellbeing": wellbeing_class,
        },
    )
    questions = applicable_questions(case)
    if not complete:
        questions = questions[: len(questions) // 2]
    for question in questions:
        value = "yes" if rng.random() < 0.76 else "no"
        assessment.answer_save(
            by=assessor,
            case=case,
            question_id=question.id,
            value=value,
            expected_version=0,
            evidence="Seen in the case record and discussed with the case manager.",
        )
    if complete:
        assessment.case_mark_complete(by=assessor, case=case)
