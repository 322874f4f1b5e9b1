"""A respondent's pages: answering a questionnaire with an invitation code, without an account.

One question to a page, GOV.UK style, working without JavaScript and on a phone; answers are saved at
every step so the same link carries on later; the answers are checked, then sent once. A refused link
(unknown, used, closed, or flooded) gets a page saying so plainly. Nothing about the respondent is kept
but their answers: no session, no address, no browser (decision 0013).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yjinspect.engine.surveys import (
    Question,
    QuestionType,
    answer_text,
    first_unanswered,
    is_shown,
    next_question,
    previous_question,
)
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.surveys.selectors import respondent_language
from yjinspect.web.surveys.services import survey as services
from yjinspect.web.surveys.services.survey import Link, LinkRefusedError, code_display, code_normalised
from yjinspect.web.surveys.words import words_for

_STATUS = {"unknown": 404, "used": 410, "closed": 410, "busy": 429}
# The respondent's word for carrying on, kept in this browser for their link only (the cookie's path is the
# link's): this browser carries on unasked, another asks for the word.
WORD_COOKIE = "yj_survey_word"


def _cookie(code: str) -> str:
    """Return the name of a link's word cookie: one per link (a short hash, not the code), so that two links
    answered in one browser never share one, whatever a client does with cookie paths."""
    return f"{WORD_COOKIE}_{hashlib.sha256(code_normalised(code).encode()).hexdigest()[:12]}"


def _word(request: HttpRequest) -> str | None:
    code = request.resolver_match.kwargs.get("code", "") if request.resolver_match else ""
    return request.COOKIES.get(_cookie(code))


def _keeping_word(request: HttpRequest, response: HttpResponse, link: Link) -> HttpResponse:
    """Keep the link's word in this browser until the survey closes (only on the link's own pages)."""
    if link.word and link.word != _word(request):
        until = timezone.make_aware(datetime.combine(link.survey.closes_on + timedelta(days=1), time()))
        response.set_cookie(
            _cookie(link.invitation.code), link.word, expires=until, path=f"/survey/{link.invitation.code}/",
            secure=request.is_secure(), httponly=True, samesite="Lax",
        )  # fmt: skip
    return response


def _refused(request: HttpRequest, refusal: LinkRefusedError, code: str = "") -> HttpResponse:
    if refusal.reason == "elsewhere":
        return _word_page(request, code)
    # In the respondent's language where the link knows it (a used link is reset to English: decision 0013).
    language = respondent_language(code) if code else "en"
    w = words_for(language)
    when = refusal.closes_on
    body = {
        "used": w["used_body"],
        "closed": w["closed_body"].format(date=date_format(when, "j F Y") if when else ""),
        "busy": w["busy_body"],
    }.get(refusal.reason, w["unknown_body"])
    heading = w.get(f"{refusal.reason}_title", w["unknown_title"])
    context = {"reason": refusal.reason, "heading": heading, "body": body, "lang": language, "w": w}
    return render(request, "surveys/respond/refused.html", context, status=_STATUS[refusal.reason])


def _context(link: Link, **more: Any) -> dict[str, Any]:
    language = link.invitation.language
    instrument = link.instrument
    return {
        "lang": language,
        "w": words_for(language),
        "code": link.invitation.code,
        "code_shown": code_display(link.invitation.code),
        "title": instrument.title_cy if language == "cy" and instrument.title_cy else instrument.title,
        "instrument": instrument,
        "word_note": words_for(language)["word_note"].format(word=link.word) if link.word else "",
        **more,
    }


@never_cache
@require_GET
def survey_code(request: HttpRequest) -> HttpResponse:
    """Ask for the code printed on a paper invitation; a code given goes to its questionnaire."""
    typed = request.GET.get("code", "")
    if typed:
        code = code_normalised(typed)
        if len(code) == services.CODE_LENGTH:
            return redirect("respond_start", code=code)
    error = "Enter the code you were given, for example ABCD-EFGH-JKMN." if typed else ""
    return render(request, "surveys/respond/code.html", {"typed": typed, "error": error, "lang": "en", "w": words_for("en")})


@never_cache
@require_GET
def respond_start(request: HttpRequest, code: str) -> HttpResponse:
    try:
        link = services.link_for(code, word=_word(request))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    answers = link.answers
    started = bool(answers) or bool(link.invitation.passed)
    first = first_unanswered(link.instrument, answers, link.invitation.passed)
    intro = link.instrument.intro_cy if link.invitation.language == "cy" and link.instrument.intro_cy else link.instrument.intro
    goes_to = (
        reverse("respond_question", args=[link.invitation.code, first.id])
        if first
        else reverse("respond_check", args=[link.invitation.code])
    )
    if not started:
        goes_to = reverse("respond_question", args=[link.invitation.code, link.instrument.questions[0].id])
    return render(request, "surveys/respond/start.html", _context(link, intro=intro, started=started, goes_to=goes_to))


@require_POST
def respond_language(request: HttpRequest, code: str) -> HttpResponse:
    try:
        services.language_choose(code=code, language=request.POST.get("language", ""), word=_word(request))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    except ServiceError:
        pass  # a language the questionnaire does not have: the page stays as it was
    return redirect("respond_start", code=code_normalised(code))


def _question_page(
    request: HttpRequest, link: Link, question: Question, *, typed: list[str] | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    language = link.invitation.language
    answers = link.answers
    if typed is None:
        value = answers.get(question.id)
        typed = list(value) if isinstance(value, tuple) else [] if value is None else [str(value)]
    text, hint = question.words(language)
    shown = [q for q in link.instrument.questions if is_shown(link.instrument, q, answers)]
    number = next((i for i, q in enumerate(shown, start=1) if q.id == question.id), 1)
    before = previous_question(link.instrument, answers, question.id)
    back = (
        reverse("respond_question", args=[link.invitation.code, before.id])
        if before
        else reverse("respond_start", args=[link.invitation.code])
    )
    options = [(c.id, question.label(c.id, language)) for c in question.options]
    scale = question.scale
    scale_points: list[int] = []
    scale_words: dict[str, str] = {}
    if scale is not None:
        if scale.max - scale.min <= 10:
            scale_points = list(range(scale.min, scale.max + 1))
        low = scale.min_label_cy if language == "cy" and scale.min_label_cy else scale.min_label
        high = scale.max_label_cy if language == "cy" and scale.max_label_cy else scale.max_label
        scale_words = {"low": low, "high": high, "hint": words_for(language)["number_hint"].format(min=scale.min, max=scale.max)}
    context = _context(
        link,
        question=question,
        text=text,
        hint=hint,
        typed=typed,
        error=error,
        number=number,
        total=len(shown),
        back=back,
        options=options,
        scale=scale,
        scale_points=scale_points,
        scale_words=scale_words,
        question_type=question.type.value,
    )
    return render(request, "surveys/respond/question.html", context, status=status)


@never_cache
@require_GET
def respond_question(request: HttpRequest, code: str, question_id: str) -> HttpResponse:
    try:
        link = services.link_for(code, word=_word(request))
        question = link.instrument.question(question_id)
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    except KeyError:
        return _refused(request, LinkRefusedError("unknown", "This questionnaire has no such question."))
    if not is_shown(link.instrument, question, link.answers):
        # A follow-up the respondent's answers no longer ask: on to the next question that is asked.
        following = next_question(link.instrument, link.answers, question.id)
        return redirect(_after(link, following))
    return _question_page(request, link, question)


def _after(link: Link, following: Question | None) -> str:
    if following is None:
        return reverse("respond_check", args=[link.invitation.code])
    return reverse("respond_question", args=[link.invitation.code, following.id])


@require_POST
def respond_answer(request: HttpRequest, code: str, question_id: str) -> HttpResponse:
    values = request.POST.getlist("answer")
    try:
        link, problem = services.answer_save(code=code, question_id=question_id, values=values, word=_word(request))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    question = link.instrument.question(question_id)
    if problem:
        return _question_page(
            request, link, question, typed=values, error=_problem_words(question, link.invitation.language), status=422
        )
    following = next_question(link.instrument, link.answers, question.id)
    if request.GET.get("from") == "check" or following is None:
        return _keeping_word(request, redirect("respond_check", code=link.invitation.code), link)
    return _keeping_word(request, redirect(_after(link, following)), link)


def _problem_words(question: Question, language: str) -> str:
    """Say what a respondent must fix in plain words (the service's message is for the team)."""
    cy = language == "cy"
    if question.type is QuestionType.SCALE and question.scale is not None:
        return (f"Teipiwch rif cyfan o {question.scale.min} i {question.scale.max}" if cy
                else f"Type a whole number from {question.scale.min} to {question.scale.max}")  # fmt: skip
    if question.type is QuestionType.TEXT:
        return "Mae eich ateb yn rhy hir" if cy else f"Your answer is too long: write at most {2000:,} characters"
    return "Dewiswch un o'r atebion" if cy else "Choose one of the answers"


@never_cache
@require_GET
def respond_check(request: HttpRequest, code: str) -> HttpResponse:
    try:
        link = services.link_for(code, word=_word(request))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    return _check_page(request, link)


def _check_page(request: HttpRequest, link: Link, *, error: str = "", status: int = 200) -> HttpResponse:
    language = link.invitation.language
    answers = link.answers
    shown = [q for q in link.instrument.questions if is_shown(link.instrument, q, answers)]
    rows = [{"question": q, "text": q.words(language)[0], "answer": answer_text(q, answers.get(q.id), language)} for q in shown]
    last = shown[-1].id if shown else link.instrument.questions[0].id
    back = reverse("respond_question", args=[link.invitation.code, last])
    return render(request, "surveys/respond/check.html", _context(link, rows=rows, error=error, back=back), status=status)


@require_POST
def respond_submit(request: HttpRequest, code: str) -> HttpResponse:
    try:
        link = services.link_for(code, word=_word(request))
        language = link.invitation.language
        services.response_submit(code=code, word=_word(request))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    except ServiceError:
        message = (
            "Atebwch o leiaf un cwestiwn cyn anfon eich atebion."
            if language == "cy"
            else "Answer at least one question before sending your answers."
        )
        return _check_page(request, link, error=message, status=422)
    done = redirect(f"{reverse('respond_thanks')}?lang={language}")
    done.delete_cookie(
        _cookie(link.invitation.code), path=f"/survey/{link.invitation.code}/"
    )  # nothing of the link stays in the browser
    return done


@never_cache
@require_GET
def respond_thanks(request: HttpRequest) -> HttpResponse:
    language = "cy" if request.GET.get("lang") == "cy" else "en"
    return render(request, "surveys/respond/thanks.html", {"lang": language, "w": words_for(language)})


def _word_page(request: HttpRequest, code: str, *, error: str = "", status: int = 200) -> HttpResponse:
    """Ask for the respondent's word on a browser that has not got it, or offer to start again (deleting, unseen,
    the answers saved with this link)."""
    language = respondent_language(code)
    context = {"code": code_normalised(code), "error": error, "lang": language, "w": words_for(language)}
    return render(request, "surveys/respond/word.html", context, status=status)


@require_POST
def respond_word(request: HttpRequest, code: str) -> HttpResponse:
    """Carry on with the respondent's word on another browser: the word kept here from now on."""
    try:
        tried = services.word_enter(code=code, typed=request.POST.get("word", ""))
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    w = words_for(respondent_language(code))
    if tried.wiped:
        return _word_page(request, code, error=w["word_wiped"], status=422)
    if not tried.word:
        return _word_page(request, code, error=w["word_wrong"].format(left=tried.left), status=422)
    try:
        link = services.link_for(code, word=tried.word)
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    return _keeping_word(request, redirect("respond_start", code=link.invitation.code), link)


@require_POST
def respond_restart(request: HttpRequest, code: str) -> HttpResponse:
    """Start the link again here: the answers saved with it are deleted without being shown."""
    try:
        services.link_restart(code=code)
    except LinkRefusedError as refusal:
        return _refused(request, refusal, code)
    return redirect("respond_start", code=code_normalised(code))
