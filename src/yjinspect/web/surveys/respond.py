"""A respondent's pages: answering a questionnaire with an invitation code, without an account.

One question to a page, GOV.UK style, working without JavaScript and on a phone; answers are saved at
every step so the same link carries on later; the answers are checked, then sent once. A refused link
(unknown, used, closed, or flooded) gets a page saying so plainly. Nothing about the respondent is kept
but their answers: no session, no address, no browser (decision 0013).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from yjinspect.web.surveys.services import survey as services
from yjinspect.web.surveys.services.survey import Link, LinkRefusedError, code_display, code_normalised
from yjinspect.web.surveys.words import words_for

_STATUS = {"unknown": 404, "used": 410, "closed": 410, "busy": 429}


def _refused(request: HttpRequest, refusal: LinkRefusedError) -> HttpResponse:
    context = {
        "reason": refusal.kind,
        "message": str(refusal),
        "closes_on": refusal.closes_on,
        "lang": "en",
        "w": words_for("en"),
    }
    return render(request, "surveys/respond/refused.html", context, status=_STATUS[refusal.kind])


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
        link = services.link_for(code)
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
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
        services.language_choose(code=code, language=request.POST.get("language", ""))
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
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
        link = services.link_for(code)
        question = link.instrument.question(question_id)
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
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
        link, problem = services.answer_save(code=code, question_id=question_id, values=values)
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
    question = link.instrument.question(question_id)
    if problem:
        return _question_page(
            request, link, question, typed=values, error=_problem_words(question, link.invitation.language), status=422
        )
    following = next_question(link.instrument, link.answers, question.id)
    if request.GET.get("from") == "check" or following is None:
        return redirect("respond_check", code=link.invitation.code)
    return redirect(_after(link, following))


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
        link = services.link_for(code)
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
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
        link = services.link_for(code)
        language = link.invitation.language
        services.response_submit(code=code)
    except LinkRefusedError as refusal:
        return _refused(request, refusal)
    except ServiceError:
        message = (
            "Atebwch o leiaf un cwestiwn cyn anfon eich atebion."
            if language == "cy"
            else "Answer at least one question before sending your answers."
        )
        return _check_page(request, link, error=message, status=422)
    return redirect(f"{reverse('respond_thanks')}?lang={language}")


@never_cache
@require_GET
def respond_thanks(request: HttpRequest) -> HttpResponse:
    language = "cy" if request.GET.get("lang") == "cy" else "en"
    return render(request, "surveys/respond/thanks.html", {"lang": language, "w": words_for(language)})
