"""A small inspection built through the services, with one account per role (synthetic data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from yjinspect.synthetic import synthetic_caseload
from yjinspect.web.accounts.models import Profile, Service
from yjinspect.web.inspections.models import Inspection, Role, SampledCase, SampleState
from yjinspect.web.inspections.selectors import applicable_questions
from yjinspect.web.inspections.services import assessment, sample, setup

PASSWORD = "a-long-Test-passphrase-42"
FIELDWORK = date(2026, 2, 2)


@dataclass
class World:
    inspection: Inspection
    other: Inspection  # another service's inspection
    users: dict[str, Any]
    northmoor: Service
    eastvale: Service

    def cases(self, username: str | None = None) -> list[SampledCase]:
        sampled = self.inspection.cases.filter(sample_state=SampleState.SAMPLED).order_by("population", "draw_position")
        return [c for c in sampled if username is None or c.assessor_id == self.users[username].pk]


ROLES = {
    "admin": None,
    "lead": Role.LEAD,
    "inspector": Role.INSPECTOR,
    "assessor": Role.LOCAL_ASSESSOR,
    "panel": Role.PANEL,
    "contact": None,
    "contact-eastvale": None,
    "outsider": None,
    "quality": None,  # the inspectorate's quality lead: no team role, dip-samples any inspection but their own service's
}


def build_world(rows: int = 80) -> World:
    northmoor = Service.objects.create(name="Northmoor Youth Justice Service")
    eastvale = Service.objects.create(name="Eastvale Youth Justice Service")
    users: dict[str, Any] = {}
    for username in ROLES:
        user = get_user_model().objects.create_user(
            username, password=PASSWORD, first_name=username.title(), last_name="Test", is_superuser=username == "admin"
        )
        Profile.objects.create(
            user=user,
            panel_member=username == "panel",
            quality_lead=username == "quality",
            home_service=eastvale if username == "assessor" else None,
            contact_for={"contact": northmoor, "contact-eastvale": eastvale}.get(username),
        )
        users[username] = user
    admin = users["admin"]
    inspection = setup.inspection_create(
        by=admin, service=northmoor, framework_id="hmip-youth-2018", announced_on=date(2026, 1, 12), fieldwork_start=FIELDWORK
    )
    for username, role in ROLES.items():
        if role is not None:
            setup.membership_add(by=admin, inspection=inspection, user=users[username], role=role)
    content = synthetic_caseload(rows, fieldwork_start=FIELDWORK, seed=5).encode()
    sample.caseload_upload(by=users["contact"], inspection=inspection, filename="caseload.csv", content=content)
    sample.sample_draw(by=users["lead"], inspection=inspection, seed=1)
    sample.sample_confirm(by=users["lead"], inspection=inspection)
    sampled = list(inspection.cases.filter(sample_state=SampleState.SAMPLED).order_by("population", "draw_position"))
    for index, case in enumerate(sampled):
        assessment.case_allocate(
            by=users["lead"], case=case, assessor=[users["inspector"], users["assessor"], users["lead"]][index % 3]
        )
    other = setup.inspection_create(
        by=admin, service=eastvale, framework_id="hmip-youth-2018", announced_on=date(2026, 1, 12), fieldwork_start=FIELDWORK
    )
    return World(inspection, other, users, northmoor, eastvale)


def answer_everything(case: SampledCase, value: str = "yes", *, harm: bool = True, wellbeing: bool = True) -> SampledCase:
    """Judge and answer every applicable question of a case, as its assessor."""
    case.refresh_from_db()
    case = assessment.case_facts_save(
        by=case.assessor,
        case=case,
        expected_version=case.version,
        changes={"harm_factors": harm, "safety_wellbeing_factors": wellbeing},
    )
    for question in applicable_questions(case):
        current = case.answers.filter(question_id=question.id).first()
        assessment.answer_save(
            by=case.assessor,
            case=case,
            question_id=question.id,
            value=value,
            evidence="seen",
            expected_version=current.version if current else 0,
        )
    return case
