"""The demo's surveys: questionnaires opened for an inspection, with synthetic responses (made up here, from a
seeded random generator), so that the results page and the report's section can be seen at once.

Some codes are left unused, one half-answered, so the respondent's pages can be tried with the demo too.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.engine.surveys import AnswerValue, Instrument, Question, QuestionType, json_answers, load_instrument, shown_answers
from yjinspect.web.inspections.models import Inspection
from yjinspect.web.surveys.models import Invitation, InvitationState, Response, ResponseSource, Survey
from yjinspect.web.surveys.services.survey import survey_open

# Made-up comments; a few name someone or give a number, as real ones do, so the flag can be seen.
_COMMENTS = (
    "It helped me a lot.",
    "Staff listened and did what they said they would.",
    "Sometimes appointments were moved at short notice.",
    "My worker Alex helped me get back into college.",
    "I would like more help finding work.",
    "Meetings at the office were hard to get to by bus.",
    "I have been coming for 14 months and things are better at home.",
    "Good service overall.",
)


_MOSTLY_NO = frozenset({"afraid"})


def _answer(rng: random.Random, question: Question) -> AnswerValue | None:
    if rng.random() < 0.08:  # left out
        return None
    if question.type is QuestionType.TEXT:
        return rng.choice(_COMMENTS) if rng.random() < 0.4 else None
    if question.type is QuestionType.SCALE:
        assert question.scale is not None
        low, high = question.scale.min, question.scale.max
        return round(rng.triangular(low, high, high - (high - low) / 5))
    ids = [c.id for c in question.options]
    if question.type is QuestionType.MULTIPLE:
        return tuple(i for i in ids if rng.random() < 0.35)
    # Mostly the first (the more positive) answers, as the seeds' surveys found; where "no" is the usual answer
    # (something made them afraid: seed 002's 12 of 92), mostly that.
    weights = [max(1, 8 - 3 * index) for index in range(len(ids))]
    if question.id in _MOSTLY_NO:
        weights = [1, 9, 1]
    return rng.choices(ids, weights)[0]


def synthetic_answers(rng: random.Random, instrument: Instrument) -> dict[str, AnswerValue]:
    """Return one made-up respondent's answers, asked as the instrument's show-if rules ask them."""
    answers: dict[str, AnswerValue] = {}
    for question in instrument.questions:
        value = _answer(rng, question)
        if value not in (None, ()):
            answers[question.id] = value
    return shown_answers(instrument, answers)


@transaction.atomic
def demo_surveys(inspection: Inspection, *, lead: Any, plan: tuple[tuple[str, int, int], ...]) -> list[Survey]:
    """Open each (instrument, codes, responses) of `plan` for the inspection, as its lead inspector, with that many
    synthetic responses (a fifth of them keyed from paper); one more code is left half-answered."""
    rng = random.Random(f"yjinspect-demo-surveys-{inspection.pk}")
    closes = (timezone.localdate() + timedelta(days=21)).isoformat()
    opened = []
    for instrument_id, codes, responses in plan:
        survey = survey_open(
            by=lead, inspection=inspection, instrument_id=instrument_id, closes_on=closes, invitations=str(codes)
        )
        instrument = load_instrument(instrument_id)
        Response.objects.bulk_create(
            Response(
                survey=survey,
                answers=json_answers(synthetic_answers(rng, instrument)),
                source=ResponseSource.PAPER if index % 5 == 4 else ResponseSource.ONLINE,
                submitted_on=timezone.localdate() - timedelta(days=rng.randint(0, 6)),
            )
            for index in range(responses)
        )
        online = responses - responses // 5
        invitations = list(survey.invitations.order_by("number"))
        used = [i.pk for i in invitations[:online]]
        Invitation.objects.filter(pk__in=used).update(state=InvitationState.SUBMITTED)
        if len(invitations) > online + 1:
            started = invitations[online]
            started.answers = (
                json_answers({instrument.questions[0].id: instrument.questions[0].options[0].id})
                if instrument.questions[0].options
                else {}
            )
            started.state = InvitationState.IN_PROGRESS
            started.save(update_fields=["answers", "state"])
        opened.append(survey)
    return opened
