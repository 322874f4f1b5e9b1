"""A survey of an inspection, its invitation codes and its anonymous responses. Writes go through services/.

Anonymous by design (docs/decisions/0013-surveys.md): an `Invitation` holds a respondent's answers only
while they are answering (so that they can come back with the same link, and their own word on another
device); submitting moves the answers to a `Response` that has no link to the code, no account, no address,
no browser and no time finer than the day, and resets the invitation to "used" and nothing else. Nobody,
the team included, can tell from the application which code gave which response.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from yjinspect.web.inspections.models import Inspection

USER = settings.AUTH_USER_MODEL


class Survey(models.Model):
    """One questionnaire sent out for an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="surveys")
    instrument_id = models.CharField(max_length=80)  # a frameworks/surveys/ file, from the programme's list
    closes_on = models.DateField()  # the last day answers are taken (Europe/London)
    # Below this many who answered a question, counts only (docs/surveys.md, SU-3).
    small_number = models.PositiveSmallIntegerField(default=5)
    opened_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opened_at", "id"]


class InvitationState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "Started"
    SUBMITTED = "submitted", "Submitted"


class Invitation(models.Model):
    """One respondent's link: a code handed out by the service, good for one submission."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    number = models.PositiveIntegerField()  # its place on the printable list (1, 2, ...)
    code = models.CharField(max_length=20, unique=True)
    state = models.CharField(max_length=20, choices=InvitationState.choices, default=InvitationState.NOT_STARTED)
    answers = models.JSONField(default=dict)  # while answering only; emptied on submission
    passed = models.JSONField(default=list)  # questions passed over without an answer, while answering
    language = models.CharField(max_length=2, default="en")
    version = models.PositiveIntegerField(default=0)
    # Rate limit against flooding: how many answers this link posted since the window began.
    window_started = models.DateTimeField(null=True, blank=True)
    window_posts = models.PositiveIntegerField(default=0)
    # The respondent's own word for carrying on (a hash of it, with the code): the service hands the codes out,
    # so a code alone must not open someone's unsent answers. Set at the first answer, cleared on sending.
    resume_hash = models.CharField(max_length=64, blank=True)
    wrong_words = models.PositiveSmallIntegerField(default=0)  # since the last right one; too many wipes the answers

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_number_per_survey_invitation")]


class ResponseSource(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper, keyed in by the team"


class Response(models.Model):
    """One submitted questionnaire: answers only. A random id, so that neither its order nor its key tells
    when it came or from which code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)
    language = models.CharField(max_length=2, default="en")
    source = models.CharField(max_length=10, choices=ResponseSource.choices)
    submitted_on = models.DateField()

    class Meta:
        ordering = ["id"]
