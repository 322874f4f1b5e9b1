"""Who may do what: the one place access is decided. Views reach objects only through here.

Someone with no part in an inspection gets "not found", not "forbidden", so that a service contact
cannot even learn that another service's inspection exists.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from yjinspect.web.inspections.models import (
    AssessmentState,
    Inspection,
    Membership,
    PlanContributor,
    Role,
    SampledCase,
    SecondAssessment,
)
from yjinspect.web.surveys.models import Survey


class Action(StrEnum):
    VIEW_INSPECTION = "view inspection"
    CREATE_INSPECTION = "create inspection"
    MANAGE_TEAM = "manage team"
    VIEW_DATA_RETURN = "view data return"
    SUBMIT_DATA_RETURN = "submit data return"
    DRAW_SAMPLE = "draw sample"
    ALLOCATE = "allocate cases"
    VIEW_CASES = "view case list"
    VIEW_CASE = "view case"
    ASSESS_CASE = "assess case"
    REVIEW_CASE = "review case"
    VIEW_RATINGS = "view ratings"
    RECORD_TEAM_RATINGS = "record team ratings"
    RECORD_PANEL_DECISION = "record panel decision"
    EXPORT = "export bundle"
    IMPORT = "import bundle"
    VIEW_HISTORY = "view history"
    VIEW_REPORT = "view the report in progress"
    EDIT_REPORT = "write the report"
    SHARE_DRAFT = "share the draft report"
    VIEW_DRAFT = "read the shared draft"
    COMMENT_DRAFT = "comment on the draft"
    RESOLVE_COMMENT = "resolve comments"
    PUBLISH = "publish the report"
    VIEW_SURVEYS = "see the surveys and their results"
    OPEN_SURVEY = "open a survey and hand out its invitation codes"
    VIEW_SURVEY_CODES = "see a survey's invitation codes"
    READ_SURVEY_TEXT = "read what respondents wrote"
    KEY_PAPER_SURVEY = "key in a paper questionnaire"
    EXPORT_SURVEY = "export a survey's responses"
    VIEW_PLAN = "read the improvement plan"
    EDIT_PLAN = "write the improvement plan"
    NAME_PLAN_CONTRIBUTORS = "name the plan's contributors"
    REVIEW_PLAN = "review the improvement plan"
    SCHEDULE_PLAN_UPDATES = "set when progress is reported"
    PUBLISH_PLAN_STATUS = "choose whether the plan's status is public"
    REPORT_PROGRESS = "report progress on the plan"
    DOUBLE_MARK = "choose cases for a second assessment"
    SECOND_ASSESS = "make a second assessment"
    RESOLVE_DISAGREEMENT = "resolve disagreements between assessors"
    VIEW_AGREEMENT = "see how far assessors agree"
    QUALITY_REVIEW = "dip-sample assessors' cases for quality"


ADMIN, LEAD, INSPECTOR, LOCAL_ASSESSOR, PANEL, CONTACT, CONTRIBUTOR, QUALITY = (
    "admin",
    "lead",
    "inspector",
    "local_assessor",
    "panel",
    "service_contact",
    "plan_contributor",  # someone from the service its contact named to write the improvement plan
    "quality_lead",  # the inspectorate's quality lead (Profile.quality_lead): every inspection but their own service's
)
TEAM = {ADMIN, LEAD, INSPECTOR, LOCAL_ASSESSOR}

# The matrix. Case-level actions are further limited to the case's assessor (see allowed()).
# The administrator sets inspections up, moves them in and out, and can see everything; the
# inspectorial decisions (sample, allocation, quality assurance, ratings) are the lead inspector's.
MATRIX: dict[Action, frozenset[str]] = {
    Action.VIEW_INSPECTION: frozenset({*TEAM, PANEL, CONTACT, CONTRIBUTOR, QUALITY}),
    Action.CREATE_INSPECTION: frozenset({ADMIN}),
    Action.MANAGE_TEAM: frozenset({ADMIN, LEAD}),
    Action.VIEW_DATA_RETURN: frozenset({ADMIN, LEAD, INSPECTOR, CONTACT}),
    Action.SUBMIT_DATA_RETURN: frozenset({ADMIN, LEAD, CONTACT}),
    Action.DRAW_SAMPLE: frozenset({LEAD}),
    Action.ALLOCATE: frozenset({LEAD}),
    Action.VIEW_CASES: frozenset(TEAM),
    Action.VIEW_CASE: frozenset(TEAM),
    Action.ASSESS_CASE: frozenset({LEAD, INSPECTOR, LOCAL_ASSESSOR}),
    Action.REVIEW_CASE: frozenset({LEAD}),
    Action.VIEW_RATINGS: frozenset({*TEAM, PANEL}),
    Action.RECORD_TEAM_RATINGS: frozenset({LEAD}),
    Action.RECORD_PANEL_DECISION: frozenset({PANEL}),
    Action.EXPORT: frozenset({ADMIN, LEAD}),
    Action.IMPORT: frozenset({ADMIN}),
    Action.VIEW_HISTORY: frozenset({ADMIN, LEAD}),
    Action.VIEW_REPORT: frozenset({*TEAM, PANEL}),
    Action.EDIT_REPORT: frozenset({LEAD}),
    Action.SHARE_DRAFT: frozenset({LEAD}),
    # The service contact reads the shared draft and comments on its facts, and nothing more.
    Action.VIEW_DRAFT: frozenset({ADMIN, LEAD, CONTACT}),
    Action.COMMENT_DRAFT: frozenset({CONTACT}),
    Action.RESOLVE_COMMENT: frozenset({LEAD}),
    Action.PUBLISH: frozenset({LEAD}),
    # Surveys are the inspection team's alone: the inspected service hands out the codes but sees nothing of
    # the answers (decision 0013). Free text, which may identify someone, stays with the team too.
    Action.VIEW_SURVEYS: frozenset(TEAM),
    Action.OPEN_SURVEY: frozenset({LEAD}),
    Action.VIEW_SURVEY_CODES: frozenset({ADMIN, LEAD}),
    Action.READ_SURVEY_TEXT: frozenset(TEAM),
    Action.KEY_PAPER_SURVEY: frozenset({LEAD, INSPECTOR, LOCAL_ASSESSOR}),
    Action.EXPORT_SURVEY: frozenset({ADMIN, LEAD}),
    # After publication the plan is the service's to write; the inspectorate reads it, the lead reviews it.
    Action.VIEW_PLAN: frozenset({ADMIN, LEAD, INSPECTOR, CONTACT, CONTRIBUTOR}),
    Action.EDIT_PLAN: frozenset({CONTACT, CONTRIBUTOR}),
    Action.NAME_PLAN_CONTRIBUTORS: frozenset({CONTACT}),
    Action.REVIEW_PLAN: frozenset({LEAD}),
    Action.SCHEDULE_PLAN_UPDATES: frozenset({ADMIN, LEAD}),
    Action.PUBLISH_PLAN_STATUS: frozenset({ADMIN, LEAD}),
    Action.REPORT_PROGRESS: frozenset({CONTACT, CONTRIBUTOR}),
    # Double marking: the lead chooses and resolves; the second assessor (an inspector or local assessor
    # named on the case's SecondAssessment, see second_assessment_for) answers blind.
    Action.DOUBLE_MARK: frozenset({LEAD}),
    Action.SECOND_ASSESS: frozenset({INSPECTOR, LOCAL_ASSESSOR}),
    Action.RESOLVE_DISAGREEMENT: frozenset({LEAD}),
    Action.VIEW_AGREEMENT: frozenset({ADMIN, LEAD, QUALITY}),
    Action.QUALITY_REVIEW: frozenset({QUALITY}),
}
# Inspectors and local assessors see and assess only the cases allocated to them.
_OWN_CASES_ONLY = {INSPECTOR, LOCAL_ASSESSOR}


def roles(user: Any, inspection: Inspection | None) -> set[str]:
    """Return the user's roles for an inspection (or, with None, the roles that need no inspection)."""
    if not user.is_authenticated:
        return set()
    found = {ADMIN} if user.is_superuser else set()
    profile = getattr(user, "profile", None)
    if inspection is None:
        return found
    # Someone from the inspected service (its contact, or a person whose home service it is) holds no team
    # role in its inspection, whatever a membership made before that rule says: never an assessor of it.
    if profile is None or not profile.conflicts_with(inspection.service_id):
        found.update(_member_roles(user, inspection))
    if profile is not None and profile.contact_for_id == inspection.service_id:
        found.add(CONTACT)
    if profile is not None and profile.home_service_id == inspection.service_id and _named_contributor(user, inspection):
        found.add(CONTRIBUTOR)
    # A quality lead reviews others' work: not in an inspection of their own service, nor one whose team they are in.
    if profile is not None and profile.quality_lead and not profile.conflicts_with(inspection.service_id) and not found:
        found.add(QUALITY)
    return found


def _named_contributor(user: Any, inspection: Inspection) -> bool:
    """Return whether the service's contact named this person (from the service) to write its improvement plan.

    Read once per inspection object: a page asks about every action (page_context's `can`)."""
    named: set[int] | None = getattr(inspection, _CONTRIBUTORS_READ, None)
    if named is None:
        named = set(PlanContributor.objects.filter(plan__inspection=inspection).values_list("user_id", flat=True))
        setattr(inspection, _CONTRIBUTORS_READ, named)
    return user.pk in named


_CONTRIBUTORS_READ = "_yj_plan_contributors"  # the user ids named to write the inspection's plan, read by _named_contributor


def _member_roles(user: Any, inspection: Inspection) -> set[str]:
    """Return the user's team role in the inspection: read with the case by case_for, else from the
    memberships inspection_for prefetched."""
    read_with_case: tuple[Any, str | None] | None = getattr(inspection, _ROLE_READ_WITH_CASE, None)
    if read_with_case is not None and read_with_case[0] == user.pk:
        return {read_with_case[1]} if read_with_case[1] else set()
    return {m.role for m in inspection.memberships.all() if m.user_id == user.pk}


_ROLE_READ_WITH_CASE = "_yj_role_read_with_case"  # (user pk, their role or None), set on the inspection by case_for


def allowed(user: Any, action: Action, inspection: Inspection | None, case: SampledCase | None = None) -> bool:
    """Return whether the user may take the action (on the case, for case-level actions)."""
    held = roles(user, inspection) & MATRIX[action]
    if not held:
        return False
    if case is None or held & {ADMIN, LEAD, QUALITY}:  # a quality lead reviews answers of any dip-sampled case
        return True
    if action is Action.ASSESS_CASE and case.state == AssessmentState.ACCEPTED:
        return False
    return bool(held & _OWN_CASES_ONLY) and case.assessor_id == user.pk


def inspection_for(user: Any, pk: int, action: Action) -> Inspection:
    """Return the inspection if the user may take the action; 404 if they have no part in it, else 403."""
    try:
        inspection = Inspection.objects.select_related("service").prefetch_related("memberships").get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection") from None
    return _check(user, action, inspection, None)


def case_for(user: Any, pk: int, action: Action) -> SampledCase:
    """Return the case if the user may take the action on it."""
    # The caller's role comes with the case, in its query (a person has one role an inspection), rather
    # than the inspection's whole team in a second one: every autosave comes through here.
    role = Membership.objects.filter(inspection=OuterRef("inspection_id"), user_id=user.pk).values("role")[:1]
    try:
        case = SampledCase.objects.select_related("inspection").annotate(yj_caller_role=Subquery(role)).get(pk=pk)
    except SampledCase.DoesNotExist:
        raise Http404("No such case") from None
    setattr(case.inspection, _ROLE_READ_WITH_CASE, (user.pk, case.yj_caller_role))
    _check(user, action, case.inspection, case)
    return case


def survey_for(user: Any, pk: int, survey_pk: int, action: Action) -> Survey:
    """Return an inspection's survey if the user may take the action on it (404 for another inspection's)."""
    inspection = inspection_for(user, pk, action)
    survey = Survey.objects.filter(inspection=inspection, pk=survey_pk).first()
    if survey is None:
        raise Http404("No such survey")
    survey.inspection = inspection  # read once, with its team, by inspection_for
    return survey


def case_refusal(user: Any, pk: int) -> str:
    """Say why someone may not (or no longer) assess a case, in words for them: the page they have open may
    be older than a reallocation or the lead's acceptance. Tells nobody outside the inspection that it exists."""
    case = SampledCase.objects.select_related("inspection").filter(pk=pk).first()
    if case is None or not roles(user, case.inspection):
        return "This case is not available to you."
    if case.state == AssessmentState.ACCEPTED:
        return "This case has been accepted by the lead inspector, so it can no longer be changed."
    if case.assessor_id != getattr(user, "pk", None) and bool(roles(user, case.inspection) & _OWN_CASES_ONLY):
        return "This case has been reallocated to someone else since you opened it, so your changes cannot be saved here."
    return "Your role in this inspection no longer lets you assess this case."


def _check(user: Any, action: Action, inspection: Inspection, case: SampledCase | None) -> Inspection:
    if allowed(user, action, inspection, case):
        return inspection
    if not roles(user, inspection) or (case is not None and not allowed(user, Action.VIEW_CASE, inspection, case)):
        raise Http404("Not found")
    raise PermissionDenied(f"Your role in this inspection does not allow you to {action.value}.")


def second_assessment_for(user: Any, pk: int) -> SecondAssessment:
    """Return the second assessment of case `pk` if the user is its second assessor and may still make it.

    Anyone else gets "not found": the second assessment is no one else's to open, and its page shows
    nothing of the first assessor's answers."""
    second = SecondAssessment.objects.select_related("case", "case__inspection", "assessor").filter(case_id=pk).first()
    if second is None or second.assessor_id != getattr(user, "pk", None):
        raise Http404("Not found")
    inspection = Inspection.objects.prefetch_related("memberships").select_related("service").get(pk=second.case.inspection_id)
    second.case.inspection = inspection
    if not allowed(user, Action.SECOND_ASSESS, inspection):
        raise Http404("Not found")
    return second


def may_see_inspectorate_agreement(user: Any) -> bool:
    """Return whether the user reads the agreement figures across every inspection (for training): the
    inspectorate's quality leads and administrators only."""
    if not user.is_authenticated:
        return False
    profile = getattr(user, "profile", None)
    return bool(user.is_superuser or (profile is not None and profile.quality_lead))


def require(user: Any, action: Action, inspection: Inspection | None = None) -> None:
    """Refuse (403) unless the user may take an action that needs no particular case."""
    if not allowed(user, action, inspection):
        raise PermissionDenied(f"You may not {action.value}.")


def inspections_visible_to(user: Any) -> QuerySet[Inspection]:
    """Return the inspections a user has some part in."""
    everything = Inspection.objects.select_related("service")
    if not user.is_authenticated:
        return everything.none()
    if user.is_superuser:
        return everything
    profile = getattr(user, "profile", None)
    contact_for = profile.contact_for_id if profile else None
    member = Q(memberships__user=user)
    if profile is not None and profile.home_service_id is not None:  # a conflict: no part in their own service's
        member &= ~Q(service_id=profile.home_service_id)
    # A plan's contributor sees their own service's inspection only while it is still their service.
    home = profile.home_service_id if profile else None
    named = Q(improvement_plan__contributors__user=user, service_id=home) if home is not None else Q(pk__in=[])
    # A quality lead dip-samples in every inspection but their own service's.
    quality = (
        ~Q(service_id__in=[s for s in (home, contact_for) if s is not None]) if profile and profile.quality_lead else Q(pk__in=[])
    )
    return everything.filter(member | Q(service_id=contact_for) | named | quality).distinct()


def may_see_plans_dashboard(user: Any) -> bool:
    """Return whether the user is of the inspectorate that follows plans up: an administrator or a lead inspector."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or Membership.objects.filter(user=user, role=Role.LEAD).exists())


def plans_visible_to(user: Any) -> QuerySet[Inspection]:
    """Return the published inspections whose improvement plans the user reads as the inspectorate: every
    one for an administrator, those they lead for a lead inspector (never their own service's)."""
    published = Inspection.objects.select_related("service", "improvement_plan").filter(published=True)
    if not user.is_authenticated:
        return published.none()
    if user.is_superuser:
        return published
    profile = getattr(user, "profile", None)
    led = published.filter(memberships__user=user, memberships__role=Role.LEAD)
    if profile is not None:
        led = led.exclude(service_id__in=[s for s in (profile.home_service_id, profile.contact_for_id) if s is not None])
    return led.distinct()
