"""Every write of a survey: opening it with its invitation codes, a respondent's answers and their one
submission, a paper questionnaire keyed in by the team. One transaction each.

A respondent has no account: their invitation code is their only key. What they send is checked here
against the instrument (engine.surveys), never trusted; nothing about them is recorded but their answers
(no address, no browser, no account, no time finer than the day): decision 0013.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from yjinspect.engine.loading import FrameworkError
from yjinspect.engine.surveys import (
    Instrument,
    is_answered,
    json_answers,
    load_instrument,
    read_answer,
    shown_answers,
    stored_answers,
)
from yjinspect.importing.survey_export import read_bundle_surveys
from yjinspect.web.inspections import selectors as inspection_selectors
from yjinspect.web.inspections.models import Inspection
from yjinspect.web.inspections.services.common import ServiceError, history_record
from yjinspect.web.surveys.models import Invitation, InvitationState, Response, ResponseSource, Survey

# Letters and digits nobody mistakes for one another on paper (no 0/O, 1/I/L): 12 of them, about 10^18 codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_INVITATIONS = 2_000  # at one time: a large service's children, staff and courts together are fewer
WINDOW = timedelta(minutes=10)


def posts_per_window() -> int:
    """Return how many answers one link may post in ten minutes (YJINSPECT_SURVEY_POSTS_PER_WINDOW; 60)."""
    return int(settings.SURVEY_POSTS_PER_WINDOW)


def code_display(code: str) -> str:
    """Return a code as it is printed: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_normalised(typed: str) -> str:
    """Return a typed code as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _whole(text: str, what: str, low: int, high: int) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ServiceError(f"{what}: give a whole number from {low:,} to {high:,} (not {text!r}).")
    return int(value)


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ServiceError(f"{what}: give a date as YYYY-MM-DD, such as 2026-06-30 (not {text!r}).") from None


@transaction.atomic
def survey_open(
    *, by: Any, inspection: Inspection, instrument_id: str, closes_on: str, invitations: str, small_number: str = "5"
) -> Survey:
    """Open a survey of one of the programme's questionnaires, with its invitation codes; refuse a questionnaire the
    programme does not use, a closing date already past, or a number of codes out of range (every problem at once)."""
    _refuse_after_publication(inspection, "open another")
    offered = inspection_selectors.programme_of(inspection).survey_instruments
    problems = []
    if instrument_id not in offered:
        problems.append(f"Questionnaire: choose one of {', '.join(offered)}.")
    closing: date | None = None
    count = threshold = 0
    try:
        closing = _date(closes_on, "Closing date")
        if closing < timezone.localdate():
            problems.append(f"Closing date: {closing:%-d %B %Y} has passed; give today or a later date.")
    except ServiceError as error:
        problems.append(str(error))
    try:
        count = _whole(invitations, "Invitation codes", 1, MAX_INVITATIONS)
    except ServiceError as error:
        problems.append(str(error))
    try:
        threshold = _whole(small_number, "Small-number threshold", 1, 50)
    except ServiceError as error:
        problems.append(str(error))
    if problems:
        raise ServiceError("The survey was not opened.", problems)
    assert closing is not None
    survey = Survey.objects.create(
        inspection=inspection, instrument_id=instrument_id, closes_on=closing, small_number=threshold, opened_by=by
    )
    _invitations_make(survey, count)
    title = load_instrument(instrument_id).title
    history_record(inspection, by, "survey opened", "", f"{title}: {count} invitation codes, closes {closing:%-d %B %Y}")
    return survey


@transaction.atomic
def invitations_add(*, by: Any, survey: Survey, invitations: str) -> int:
    """Make more invitation codes for an open survey (numbered on from the last); refuse a closed survey or a
    number out of range. Return how many were made."""
    survey = Survey.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=survey.pk)
    _refuse_after_publication(survey.inspection, "make more codes")
    if closed(survey):
        raise ServiceError(f"The survey closed on {survey.closes_on:%-d %B %Y}: open another survey to ask more people.")
    made = survey.invitations.count()
    count = _whole(invitations, "More invitation codes", 1, MAX_INVITATIONS - made) if made < MAX_INVITATIONS else 0
    if count == 0:
        raise ServiceError(f"A survey has at most {MAX_INVITATIONS:,} invitation codes.")
    _invitations_make(survey, count, first=made + 1)
    title = load_instrument(survey.instrument_id).title
    history_record(survey.inspection, by, "survey invitation codes added", str(made), f"{title}: {made + count} invitation codes")
    return count


def _invitations_make(survey: Survey, count: int, *, first: int = 1) -> None:
    codes: set[str] = set()
    while len(codes) < count:
        codes |= {_new_code() for _ in range(count - len(codes))}
        codes -= set(Invitation.objects.filter(code__in=codes).values_list("code", flat=True))
    Invitation.objects.bulk_create(
        Invitation(survey=survey, number=number, code=code) for number, code in enumerate(sorted(codes), start=first)
    )


# --- answering -------------------------------------------------------------------------------------


class LinkRefusedError(ServiceError):
    """A link that may not be used now: `reason` is unknown, used, closed, busy (too many posts) or elsewhere (started
    on another browser: the respondent's word is needed)."""

    def __init__(self, reason: str, message: str, *, closes_on: date | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.closes_on = closes_on


@dataclass(frozen=True)
class Link:
    """An invitation as a respondent's pages read it, with the respondent's word for carrying on ("" before
    their first answer): the pages show it, and keep it in a cookie so that this browser carries on unasked."""

    invitation: Invitation
    survey: Survey
    instrument: Instrument
    word: str = ""

    @property
    def answers(self) -> dict[str, Any]:
        return stored_answers(self.instrument, self.invitation.answers)


def closed(survey: Survey, today: date | None = None) -> bool:
    """Return whether the survey takes no more answers (its closing day has passed)."""
    return (today or timezone.localdate()) > survey.closes_on


def _refuse_after_publication(inspection: Inspection, doing: str) -> None:
    """Refuse changing a published inspection's surveys: its report, survey figures included, is frozen."""
    if inspection.published:
        raise ServiceError(f"The report has been published: its surveys are closed, so you cannot {doing}.")


# The respondent's word: a short everyday word and a number, easy for a child to keep, which the service that
# handed the code out never sees. 120 words x 90 numbers; MAX_WRONG_WORDS wrong tries wipe the unsent answers,
# so a guesser has about one chance in a thousand (docs/decisions/0013-surveys.md).
RESUME_WORDS = (
    "apple", "anchor", "badger", "banana", "beach", "bicycle", "biscuit", "blanket", "boat", "bridge", "bubble",
    "bucket", "butter", "button", "camel", "candle", "carrot", "castle", "cherry", "circle", "cloud", "coconut",
    "comet", "cookie", "crayon", "dolphin", "donkey", "dragon", "drum", "eagle", "falcon", "feather", "forest",
    "fox", "garden", "giraffe", "glove", "goose", "guitar", "hammer", "harbour", "hedgehog", "helmet", "honey",
    "island", "jacket", "jelly", "kettle", "kite", "ladder", "lemon", "lighthouse", "lion", "lizard", "mango",
    "marble", "meadow", "melon", "mirror", "monkey", "moon", "mountain", "muffin", "needle", "octopus", "orange",
    "otter", "owl", "paddle", "panda", "parrot", "peach", "pebble", "pencil", "penguin", "pepper", "piano",
    "pillow", "pirate", "planet", "pocket", "pony", "puffin", "pumpkin", "puzzle", "rabbit", "rainbow", "river",
    "robin", "rocket", "saddle", "sandal", "shell", "sledge", "snail", "spider", "spoon", "squirrel", "star",
    "tiger", "toast", "tomato", "tractor", "trumpet", "tulip", "turtle", "umbrella", "unicorn", "valley",
    "violin", "wagon", "walrus", "whale", "window", "wizard", "yoghurt", "zebra", "acorn", "balloon", "cactus",
    "daisy", "engine",
)  # fmt: skip
MAX_WRONG_WORDS = 10


def word_normalised(typed: str) -> str:
    """Return a typed word as stored: lower case, letters then digits, one dash between ("Tiger 47" -> "tiger-47")."""
    letters = "".join(ch for ch in typed.lower() if ch.isalpha())
    digits = "".join(ch for ch in typed if ch.isdigit())
    return f"{letters}-{digits}" if letters and digits else ""


def _word_hash(code: str, word: str) -> str:
    return hashlib.sha256(f"{code}:{word_normalised(word)}".encode()).hexdigest()


def _new_word() -> str:
    return f"{secrets.choice(RESUME_WORDS)}-{secrets.randbelow(90) + 10}"


def link_for(code: str, *, lock: bool = False, word: str | None = None) -> Link:
    """Return the invitation a code opens, or refuse it: unknown, already used, or its survey closed; or, once
    the respondent has started, without their word ("elsewhere": the code alone opens no one's answers)."""
    found = Invitation.objects.select_related("survey", "survey__inspection")
    if lock:
        found = found.select_for_update(of=("self",))  # this link alone: its survey's other respondents go on
    invitation = found.filter(code=code_normalised(code)).first() if code else None
    if invitation is None:
        raise LinkRefusedError("unknown", "We cannot find this link. Check the code you were given.")
    if invitation.state == InvitationState.SUBMITTED:
        raise LinkRefusedError("used", "This link has already been used to send answers. Each link can be used once.")
    survey = invitation.survey
    if closed(survey) or survey.inspection.published:
        raise LinkRefusedError("closed", "This survey has closed.", closes_on=survey.closes_on)
    try:
        instrument = load_instrument(survey.instrument_id)
    except FrameworkError:
        raise LinkRefusedError("unknown", "This survey is not available.") from None
    if invitation.resume_hash:
        if not word or not secrets.compare_digest(_word_hash(invitation.code, word), invitation.resume_hash):
            raise LinkRefusedError(
                "elsewhere", "This link was started on another phone or computer: enter your word to carry on."
            )
        return Link(invitation, survey, instrument, word_normalised(word))
    return Link(invitation, survey, instrument)


def _with_word(link: Link) -> Link:
    """Give a link its respondent's word at their first answer (stored only as a hash, with the code)."""
    if link.word:
        return link
    word = _new_word()
    link.invitation.resume_hash = _word_hash(link.invitation.code, word)
    return Link(link.invitation, link.survey, link.instrument, word)


def _wipe(invitation: Invitation) -> None:
    """Put an invitation back as handed out: no answers, no word, English; its use and its post count stay."""
    invitation.answers, invitation.passed, invitation.language = {}, [], "en"
    invitation.resume_hash, invitation.wrong_words = "", 0
    invitation.state = InvitationState.NOT_STARTED
    invitation.version += 1


@dataclass(frozen=True)
class WordTry:
    """What a typed word did: opened the answers (the word to keep), or not, and whether they were wiped."""

    word: str = ""
    wiped: bool = False
    left: int = 0  # tries left before the answers are wiped


@transaction.atomic
def word_enter(*, code: str, typed: str) -> WordTry:
    """Check a respondent's word on another device. A wrong word is counted (not raised, so that the count is kept);
    the MAX_WRONG_WORDS-th wipes the unsent answers, so that guessing opens nothing."""
    invitation = _unsent(code)
    _count_post(invitation, timezone.now())
    if invitation.resume_hash and secrets.compare_digest(_word_hash(invitation.code, typed), invitation.resume_hash):
        invitation.wrong_words = 0
        invitation.save(update_fields=["wrong_words", "window_started", "window_posts"])
        return WordTry(word=word_normalised(typed))
    invitation.wrong_words += 1
    if invitation.wrong_words >= MAX_WRONG_WORDS:
        _wipe(invitation)
        invitation.save()
        return WordTry(wiped=True)
    invitation.save(update_fields=["wrong_words", "window_started", "window_posts"])
    return WordTry(left=MAX_WRONG_WORDS - invitation.wrong_words)


@transaction.atomic
def link_restart(*, code: str) -> None:
    """Start a link again on this device: the unsent answers are deleted unseen (whoever has only the code can
    do this, never read them), and the next answer gives a new word."""
    invitation = _unsent(code)
    _count_post(invitation, timezone.now())
    _wipe(invitation)
    invitation.save()


def _unsent(code: str) -> Invitation:
    """Return a code's invitation, locked, if it may still be answered (its word not asked: the caller decides)."""
    try:
        return link_for(code, lock=True, word=None).invitation
    except LinkRefusedError as refusal:
        if refusal.reason != "elsewhere":
            raise
        return Invitation.objects.select_related("survey").select_for_update(of=("self",)).get(code=code_normalised(code))


def _count_post(invitation: Invitation, now: datetime) -> None:
    """Count one post of a link, refusing it (unchanged) once the link has posted its limit in the window."""
    if invitation.window_started is None or now - invitation.window_started > WINDOW:
        invitation.window_started, invitation.window_posts = now, 0
    if invitation.window_posts >= posts_per_window():
        raise LinkRefusedError(
            "busy", "Too many answers have been sent with this link in the last few minutes. Wait ten minutes and try again."
        )
    invitation.window_posts += 1


@transaction.atomic
def answer_save(*, code: str, question_id: str, values: Sequence[str], word: str | None = None) -> tuple[Link, str | None]:
    """Save one answer (or, with no values, pass over the question); return the link (with the respondent's word,
    new at their first answer) and the problem in words if the values are no answer to the question (nothing is
    then saved but the post's count)."""
    link = link_for(code, lock=True, word=word)
    invitation = link.invitation
    _count_post(invitation, timezone.now())
    try:
        question = link.instrument.question(question_id)
    except KeyError:
        invitation.save(update_fields=["window_started", "window_posts"])
        raise LinkRefusedError("unknown", "This questionnaire has no such question.") from None
    answer, problem = read_answer(question, values)
    if problem is None:
        link = _with_word(link)
        answers = link.answers
        if answer is None:
            answers.pop(question.id, None)
            invitation.passed = sorted({*invitation.passed, question.id})
        else:
            answers[question.id] = answer
            invitation.passed = [q for q in invitation.passed if q != question.id]
        invitation.answers = json_answers(answers)
        invitation.state = InvitationState.IN_PROGRESS
        invitation.version += 1
    invitation.save()
    return link, problem


@transaction.atomic
def language_choose(*, code: str, language: str, word: str | None = None) -> Link:
    """Set the language the respondent answers in (Welsh only where the questionnaire has Welsh wording)."""
    link = link_for(code, lock=True, word=word)
    if language not in ("en", "cy") or (language == "cy" and not link.instrument.welsh):
        raise ServiceError("This questionnaire is not available in that language.")
    _count_post(link.invitation, timezone.now())
    link.invitation.language = language
    link.invitation.save(update_fields=["language", "window_started", "window_posts"])
    return link


@transaction.atomic
def response_submit(*, code: str, word: str | None = None) -> Survey:
    """Send a respondent's answers: they become an anonymous response, unlinked from the code, and the link is
    used up. Refuse a link with no answer to send."""
    link = link_for(code, lock=True, word=word)
    invitation = link.invitation
    _count_post(invitation, timezone.now())
    answers = shown_answers(link.instrument, link.answers)
    if not any(is_answered(v) for v in answers.values()):
        invitation.save(update_fields=["window_started", "window_posts"])
        raise ServiceError("Answer at least one question before sending your answers.")
    Response.objects.create(
        survey=link.survey,
        answers=json_answers(answers),
        language=invitation.language,
        source=ResponseSource.ONLINE,
        submitted_on=timezone.localdate(),
    )
    # Nothing of the answering stays with the code (answers, word, language, how often it posted, a version
    # counting them): only that it was used, so that the response cannot be traced back to it.
    _wipe(invitation)
    invitation.state, invitation.version = InvitationState.SUBMITTED, 0
    invitation.window_started, invitation.window_posts = None, 0
    invitation.save()
    return link.survey


@transaction.atomic
def unsent_answers_delete(*, today: date | None = None) -> int:
    """Delete the answers never sent on the links of every closed survey (with their words); return how many links
    held some. Unsent answers stay with their code, so they are kept no longer than the survey is open
    (`yjinspect manage delete_unsent_answers`, run daily)."""
    today = today or timezone.localdate()
    waiting = Invitation.objects.select_for_update().filter(survey__closes_on__lt=today).exclude(state=InvitationState.SUBMITTED)
    held = [i for i in waiting if i.answers or i.passed or i.resume_hash]
    for invitation in held:
        _wipe(invitation)
        invitation.save()
    return len(held)


# --- paper ---------------------------------------------------------------------------------------


@transaction.atomic
def paper_response_add(*, by: Any, survey: Survey, values: Mapping[str, Sequence[str]], paper_id: str = "") -> Response:
    """Key in one paper questionnaire: each question's values as the form gave them; refuse every problem at once
    (an answer that is no answer, a follow-up answered where the paper's earlier answer does not ask it, nothing
    answered at all). The response records no one: the history says a paper questionnaire was keyed in, and by whom.

    `paper_id` is the random id the paper form was shown with, which becomes the response's own: a form sent twice
    (Save pressed twice, a page sent again) is refused the second time instead of keying the paper in twice."""
    _refuse_after_publication(survey.inspection, "key in another paper questionnaire")
    try:
        form_id = uuid.UUID(paper_id) if paper_id else uuid.uuid4()
    except ValueError:
        raise ServiceError("The form was not one this page made: open the paper questionnaire page again.") from None
    if Response.objects.filter(pk=form_id).exists():
        raise ServiceError("This paper questionnaire was already saved (the form was sent twice): it is not keyed in again.")
    instrument = load_instrument(survey.instrument_id)
    problems = []
    answers: dict[str, Any] = {}
    for question in instrument.questions:
        answer, problem = read_answer(question, values.get(question.id, []))
        if problem:
            problems.append(f"{question.text} {problem[:1].upper()}{problem[1:]}.")
        elif answer is not None:
            answers[question.id] = answer
    shown = shown_answers(instrument, answers)
    for question_id in answers.keys() - shown.keys():
        question = instrument.question(question_id)
        assert question.show_if is not None
        opener = instrument.question(question.show_if.question)
        wanted = " or ".join(f"‘{opener.label(a)}’" for a in question.show_if.answers)
        problems.append(
            f"{question.text} Is asked only of those who answered {wanted} to ‘{opener.text}’: leave it empty or check that answer."
        )
    if not problems and not shown:
        problems.append("Nothing was answered: key in at least one answer.")
    if problems:
        raise ServiceError("The questionnaire was not saved.", problems)
    try:
        response = Response.objects.create(
            id=form_id,
            survey=survey,
            answers=json_answers(shown),
            language="en",
            source=ResponseSource.PAPER,
            submitted_on=timezone.localdate(),
        )
    except IntegrityError:  # the same form sent twice at once: the other one saved it
        raise ServiceError(
            "This paper questionnaire was already saved (the form was sent twice): it is not keyed in again."
        ) from None
    history_record(survey.inspection, by, "paper questionnaire keyed in", "", instrument.title)
    return response


# --- a bundle's surveys ----------------------------------------------------------------------------


def bundle_problems(data: Mapping[str, Any], offered: Sequence[str]) -> list[str]:
    """Return every problem with a bundle's `surveys` field (importing/survey_export.py reads it)."""
    return read_bundle_surveys(data.get("surveys"), offered)[1]


def bundle_surveys_create(inspection: Inspection, data: Mapping[str, Any]) -> int:
    """Create a checked bundle's surveys with their responses (in the import's transaction); no invitation codes
    travel, so an imported survey has none until the lead inspector makes some. Return how many responses."""
    surveys, _ = read_bundle_surveys(data.get("surveys"), inspection_selectors.programme_of(inspection).survey_instruments)
    made = 0
    for found in surveys:
        survey = Survey.objects.create(
            inspection=inspection,
            instrument_id=found.instrument.id,
            closes_on=date.fromisoformat(found.closes_on),
            small_number=found.small_number,
        )
        Response.objects.bulk_create(
            Response(
                survey=survey,
                answers=json_answers(row.answers),
                language=row.language,
                source=row.source,
                submitted_on=date.fromisoformat(row.submitted_on),
            )
            for row in found.responses
        )
        made += len(found.responses)
    return made
