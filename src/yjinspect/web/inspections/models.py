"""An inspection and everything recorded in it. Writes go through services/, never direct saves."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yjinspect.web.accounts.models import Service

USER = settings.AUTH_USER_MODEL


class Inspection(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="inspections")
    framework_id = models.CharField(max_length=60)
    announced_on = models.DateField()
    fieldwork_start = models.DateField()
    sample_seed = models.IntegerField(null=True, blank=True)
    # How the sample was drawn (draw_explanation.explanation_record), recorded with the seed: recomputing
    # it would read the whole caseload at every view of the sample page. None for a sample not drawn here.
    sample_explanation = models.JSONField(null=True, blank=True)
    sample_locked_at = models.DateTimeField(null=True, blank=True)
    sample_locked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Whole percentages of the sampled cases drawn for a blind second assessment, and of each assessor's
    # completed cases a quality lead dip-samples (services/agreement.py draws both reproducibly).
    double_mark_percent = models.PositiveSmallIntegerField(default=10)
    quality_sample_percent = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["-fieldwork_start"]

    def __str__(self) -> str:
        return f"{self.service.name}, fieldwork {self.fieldwork_start:%B %Y}"


class Role(models.TextChoices):
    LEAD = "lead", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    LOCAL_ASSESSOR = "local_assessor", "Local assessor"
    PANEL = "panel", "Ratings panel member"


class Membership(models.Model):
    """A person's role in one inspection's team."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="one_role_per_inspection")]


class CaseloadRow(models.Model):
    """One row of the service's eligible caseload return (no names)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="caseload")
    row = models.IntegerField()
    case_ref = models.CharField(max_length=60)
    population = models.CharField(max_length=20)
    disposal_type = models.CharField(max_length=60)
    disposal_date = models.DateField()
    gender = models.CharField(max_length=40)
    rosh = models.CharField(max_length=20)
    safety_wellbeing = models.CharField(max_length=20)

    class Meta:
        ordering = ["row"]
        constraints = [models.UniqueConstraint(fields=["inspection", "case_ref"], name="unique_case_ref")]


class ContextualFacts(models.Model):
    """The service's contextual facts, as a checked set of named figures."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="facts")
    data = models.JSONField(default=dict)
    version = models.IntegerField(default=0)


class SampleState(models.TextChoices):
    SAMPLED = "sampled", "Sampled"
    RESERVE = "reserve", "Reserve"
    REPLACED = "replaced", "Replaced"


class AssessmentState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Ready for review"
    RETURNED = "returned", "Returned with comments"
    ACCEPTED = "accepted", "Accepted"


class Classification(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very high", "Very high"


class SampledCase(models.Model):
    """A drawn case (sampled or reserve) and its assessment's case-level facts."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    case_ref = models.CharField(max_length=60)
    population = models.CharField(max_length=20)
    disposal_type = models.CharField(max_length=60)
    gender = models.CharField(max_length=40)
    service_rosh = models.CharField(max_length=20)
    service_safety_wellbeing = models.CharField(max_length=20)
    draw_position = models.IntegerField()
    sample_state = models.CharField(max_length=10, choices=SampleState.choices)
    replaced_reason = models.TextField(blank=True)
    replacement = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases")
    state = models.CharField(max_length=12, choices=AssessmentState.choices, default=AssessmentState.NOT_STARTED)
    review_comment = models.TextField(blank=True)
    # The inspector's judgement: switches questions on and off (engine rule KQ-1).
    harm_factors = models.BooleanField(null=True)
    safety_wellbeing_factors = models.BooleanField(null=True)
    inspector_rosh = models.CharField(max_length=20, blank=True, choices=Classification.choices)
    inspector_safety_wellbeing = models.CharField(max_length=20, blank=True, choices=Classification.choices)
    practice_example = models.BooleanField(default=False)
    pseudonym = models.CharField(max_length=60, blank=True)
    # Real names met in the case record, kept only so that publishing can refuse a report that
    # prints one. Comma-separated; never exported, never shown outside the case page.
    real_names = models.CharField(max_length=300, blank=True)
    # The main offence, as the inspector records it: the report counts offence types in the sample.
    offence_type = models.CharField(max_length=80, blank=True)
    # A short quality screening counts custody and community cases apart; blank elsewhere.
    setting = models.CharField(max_length=20, blank=True)
    version = models.IntegerField(default=0)

    class Meta:
        ordering = ["population", "draw_position"]
        constraints = [models.UniqueConstraint(fields=["inspection", "case_ref"], name="unique_sampled_ref")]

    def __str__(self) -> str:
        return self.case_ref


class Answer(models.Model):
    """An answer to one key question for one case, with its evidence note."""

    case = models.ForeignKey(SampledCase, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=12)
    value = models.CharField(max_length=4, blank=True)  # yes, no, n/a, or blank while unanswered
    evidence = models.TextField(blank=True)
    version = models.IntegerField(default=0)
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question_id"], name="one_answer_per_question")]


class SecondAssessment(models.Model):
    """A blind second assessment of a sampled case by another member of the team (double marking).

    The second assessor answers the case's questions without seeing the first assessor's answers or
    evidence; the lead inspector resolves each disagreement (AnswerResolution) before accepting the case."""

    class ChosenBy(models.TextChoices):
        LEAD = "lead", "Chosen by the lead inspector"
        DRAW = "draw", "Drawn at the inspection's share"

    case = models.OneToOneField(SampledCase, on_delete=models.CASCADE, related_name="second_assessment")
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="second_assessments")
    chosen_by = models.CharField(max_length=4, choices=ChosenBy.choices)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The first assessor's answers (question id -> value) as they stood when both assessments were first done:
    # what the two are compared on, whatever the case's answers become after a return (None until then).
    first_answers = models.JSONField(null=True, blank=True)


class SecondAnswer(models.Model):
    """The second assessor's answer to one question, with their own evidence note."""

    second = models.ForeignKey(SecondAssessment, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=12)
    value = models.CharField(max_length=4, blank=True)
    evidence = models.TextField(blank=True)
    version = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["second", "question_id"], name="one_second_answer_per_question")]


class AnswerResolution(models.Model):
    """The lead inspector's resolution of a question the two assessors answered differently: both originals,
    the answer that is rated, and why."""

    case = models.ForeignKey(SampledCase, on_delete=models.CASCADE, related_name="resolutions")
    question_id = models.CharField(max_length=12)
    first_value = models.CharField(max_length=4)
    second_value = models.CharField(max_length=4)
    resolved_value = models.CharField(max_length=4)
    reason = models.TextField()
    resolved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question_id"], name="one_resolution_per_question")]


class QualityReview(models.Model):
    """A quality lead's dip-sample judgement of one answer: agree, or disagree with a reason. Separate from
    the lead inspector's accept or return of the case, and never changes the rated answer."""

    case = models.ForeignKey(SampledCase, on_delete=models.CASCADE, related_name="quality_reviews")
    question_id = models.CharField(max_length=12)
    answer_value = models.CharField(max_length=4)  # the answer as the quality lead reviewed it
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")  # whose answer it was
    agrees = models.BooleanField()
    reason = models.TextField(blank=True)
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question_id"], name="one_quality_review_per_answer")]


class TeamRating(models.Model):
    """The team's rating of a judged standard (domain 1), or a full joint inspection's judgement of a
    theme, with its evidence notes."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team_ratings")
    standard_id = models.CharField(max_length=40)  # a standard id, or an FJI theme id
    rating = models.CharField(max_length=30, blank=True)
    evidence = models.TextField(blank=True)
    version = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "standard_id"], name="one_team_rating")]


class PanelDecision(models.Model):
    """The ratings panel's decision on a standard, with the reason the report footnotes."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="panel_decisions")
    standard_id = models.CharField(max_length=8)
    rating = models.CharField(max_length=30)
    reason = models.TextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    version = models.IntegerField(default=0)  # a stale decision or withdrawal is refused (services/ratings.py)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "standard_id"], name="one_panel_decision")]


class HistoryEntry(models.Model):
    """Who changed what, when, from what to what. Written only by services/ (common.history_record)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="history")
    # A redrawn sample deletes its cases; their history stays, naming the case by its reference.
    case = models.ForeignKey(SampledCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    case_ref = models.CharField(max_length=60, blank=True)
    user = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=120)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]


class Report(models.Model):
    """The team's narrative for the report: one document with a version, and a version for each box of the
    narrative form, so that colleagues writing different boxes never refuse each other's saves."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="report")
    narrative = models.JSONField(default=dict)
    version = models.IntegerField(default=0)
    box_versions = models.JSONField(default=dict)  # form box name -> its version (absent: 0)


class ReportVersion(models.Model):
    """A frozen rendering: a draft shared for the factual accuracy check, or the published report."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft for factual accuracy check"
        PUBLISHED = "published", "Published"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="report_versions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.IntegerField()
    html = models.TextField()
    pdf = models.BinaryField(null=True)
    docx = models.BinaryField(null=True)
    sha256 = models.CharField(max_length=64)  # of the version: HTML, PDF and Word file together
    # Each file's own SHA-256, checked every time the file is served: an edited stored file is refused.
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="one_number_per_report_version")]


class DraftComment(models.Model):
    """A service contact's factual accuracy comment on one paragraph of a shared draft."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.CharField(max_length=40)
    quoted = models.TextField()  # the paragraph as it read, so the comment stays readable after edits
    text = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def number(self) -> str:
        """Return the paragraph's number as the draft shows it beside the paragraph ("12" for "p-12")."""
        return self.paragraph.removeprefix("p-")


class PublishedResult(models.Model):
    """Published results of one inspection, for the public comparisons: from this app, a report, or a CSV."""

    class Source(models.TextChoices):
        APP = "app", "Published here"
        REPORT = "report", "Imported from a published report"
        CSV = "csv", "Imported from a ratings file"

    programme = models.CharField(max_length=40)
    service = models.CharField(max_length=200)
    date = models.CharField(max_length=7)  # YYYY-MM, or YYYY when only the year is known
    overall_rating = models.CharField(max_length=30, blank=True)
    score = models.IntegerField(null=True)
    max_score = models.IntegerField(null=True)
    # standards, key_questions, headline_scores, criteria, themes, sections, counts: as import-report gives them;
    # theme_counts: a screening published here, counted per theme and aspect of work
    figures = models.JSONField(default=dict)
    partial = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_name = models.CharField(max_length=200, blank=True)
    inspection = models.OneToOneField(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="published_result"
    )
    imported_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "service", "date"]

    def as_record(self) -> dict[str, object]:
        """Return the plain record comparison.py reads."""
        return {"service": self.service, "date": self.date, "programme": self.programme,
                "overall_rating": self.overall_rating or None, "score": self.score, **self.figures}  # fmt: skip


class AuditEvent(models.Model):
    """Who imported or exported what, when, where no inspection's history holds it (published results,
    the public results file). Written only by services/audit.py."""

    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=120)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]


# --- After publication: the improvement plan and its follow-up (services/improvement_plan.py) ---------


class PlanState(models.TextChoices):
    DRAFT = "draft", "Being written"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned with comments"
    ACCEPTED = "accepted", "Accepted"


class ImprovementPlan(models.Model):
    """The service's plan for acting on the report's recommendations: written after publication, reviewed
    by the lead inspector, then followed up at intervals the inspectorate sets."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="improvement_plan")
    published_on = models.DateField()
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    update_every_months = models.PositiveSmallIntegerField(default=3)
    next_update_due = models.DateField(null=True, blank=True)  # set when the plan is accepted
    last_update_on = models.DateField(null=True, blank=True)
    # Whether the inspectorate chose to show the plan's status on the public pages (plan_status(...).public).
    status_public = models.BooleanField(default=False)
    version = models.IntegerField(default=0)


class PlanContributor(models.Model):
    """Someone from the inspected service whom its contact named to write the plan with them."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="contributors")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="one_contribution_per_plan")]


class PlanEntry(models.Model):
    """One recommendation of the report, numbered as there, with the body it is addressed to."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="entries")
    number = models.IntegerField()
    addressed_to = models.CharField(max_length=300, blank=True)
    recommendation = models.TextField()
    returned = models.BooleanField(default=False)  # the lead inspector returned it; cleared when it is revised
    review_comment = models.TextField(blank=True)
    version = models.IntegerField(default=0)  # of its actions as the service writes them

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_entry_per_number")]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class PlanAction(models.Model):
    """One action the service will take for a recommendation, and its progress once the plan is accepted."""

    entry = models.ForeignKey(PlanEntry, on_delete=models.CASCADE, related_name="actions")
    position = models.IntegerField()
    text = models.TextField()
    owner = models.CharField(max_length=200)
    target_date = models.DateField()
    success_measure = models.TextField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    progress_note = models.TextField(blank=True)
    evidence_text = models.TextField(blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_file = models.BinaryField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    version = models.IntegerField(default=0)  # of its progress

    class Meta:
        ordering = ["entry__number", "position"]


class SentReminder(models.Model):
    """A reminder e-mail sent, one row per event (its key), so that no event is reminded twice."""

    key = models.CharField(max_length=120, unique=True)  # "plan-7-overdue-2026-04-28"
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()
