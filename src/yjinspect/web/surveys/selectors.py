"""What the survey pages show and what the report reads: counting through the engine, never here. Nothing writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from yjinspect.engine.survey_counts import (
    QuestionCount,
    SurveyCount,
    count_survey,
    identifying_reasons,
    point_words,
    respondents_sentence,
    suggested_sentences,
)
from yjinspect.engine.surveys import Instrument, QuestionType, load_instrument, stored_answers
from yjinspect.importing.survey_export import BundleSurvey, ExportRow, bundle_surveys_data, export_text
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.inspections import selectors as inspection_selectors
from yjinspect.web.inspections.models import Inspection
from yjinspect.web.surveys.models import Invitation, InvitationState, Response, ResponseSource, Survey
from yjinspect.web.surveys.services.survey import closed, code_display, code_normalised


def instrument_of(survey: Survey) -> Instrument:
    return load_instrument(survey.instrument_id)


def survey_count(survey: Survey) -> SurveyCount:
    """Return the survey's responses counted question by question (docs/surveys.md)."""
    instrument = instrument_of(survey)
    responses = [stored_answers(instrument, r.answers) for r in survey.responses.all()]
    return count_survey(instrument, responses, survey.small_number)


def report_surveys(inspection: Inspection) -> tuple[SurveyCount, ...]:
    """Return the inspection's surveys that have responses, counted, for the report's section on them."""
    surveys = Survey.objects.filter(inspection=inspection).prefetch_related("responses")
    return tuple(survey_count(s) for s in surveys if s.responses.all())


def report_sentences(inspection: Inspection) -> list[str]:
    """Return the sentences the report page offers for the narrative: each survey's respondents, then what each
    question found, in the report's words with the counts beside them."""
    sentences = []
    for counted in report_surveys(inspection):
        sentences.append(respondents_sentence(counted.instrument, counted.respondents))
        for result in counted.questions:
            sentences += suggested_sentences(result, counted.instrument)
    return sentences


def surveys_page(user: Any, inspection: Inspection) -> dict[str, Any]:
    """Return the inspection's surveys (codes handed out, started, sent; responses by source) and the form to open one."""
    programme = inspection_selectors.programme_of(inspection)
    rows = []
    surveys = Survey.objects.filter(inspection=inspection).annotate(
        codes=Count("invitations", distinct=True),
        started=Count("invitations", filter=Q(invitations__state=InvitationState.IN_PROGRESS), distinct=True),
        sent=Count("invitations", filter=Q(invitations__state=InvitationState.SUBMITTED), distinct=True),
    )
    for survey in surveys:
        by_source = dict(survey.responses.values_list("source").annotate(n=Count("id")))
        rows.append(
            {
                "survey": survey,
                "instrument": instrument_of(survey),
                "closed": closed(survey),
                "online": by_source.get(ResponseSource.ONLINE, 0),
                "paper": by_source.get(ResponseSource.PAPER, 0),
            }
        )
    offered = [(i, load_instrument(i).title) for i in programme.survey_instruments]
    return {"rows": rows, "offered": offered, "section": programme.survey_section}


@dataclass(frozen=True)
class Bar:
    """One answer's row of the results table, with its bar's width (a share, or the count where shares are not shown)."""

    label: str
    count: int
    percent: int | None
    width: int  # 0 to 100


@dataclass(frozen=True)
class QuestionResult:
    counted: QuestionCount
    phrase: str  # "Of the 51 children who answered"
    bars: tuple[Bar, ...]
    sentences: tuple[str, ...]
    texts: tuple[tuple[str, tuple[str, ...]], ...]  # each free-text answer with why it could identify someone


def results_page(user: Any, survey: Survey) -> dict[str, Any]:
    """Return the results page: respondents, then each question's counts and shares with its denominator, the
    sentences the team may use, and free text (for the team only) with what could identify someone flagged."""
    counted = survey_count(survey)
    instrument = counted.instrument
    may_read_text = access.allowed(user, Action.READ_SURVEY_TEXT, survey.inspection)
    questions = []
    for result in counted.questions:
        bars = []
        for option in result.options:
            if option.share is not None:
                found = option.share
                width = found.percent if found.percent is not None else 0
                bars.append(Bar(option.label, found.count, found.percent, width))
        for point in result.at_least:
            if point.share is not None:
                found = point.share
                bars.append(Bar(point_words(result.question, point.point), found.count, found.percent, found.percent or 0))
        texts = (
            tuple((text, tuple(identifying_reasons(text))) for text in result.texts)
            if may_read_text and result.question.type is QuestionType.TEXT
            else ()
        )
        noun = instrument.noun(result.answered)
        phrase = f"{result.answered} {noun} answered" + (
            f" (of {result.shown} asked)" if result.question.show_if is not None else ""
        )
        questions.append(QuestionResult(result, phrase, tuple(bars), tuple(suggested_sentences(result, instrument)), texts))
    return {
        "survey": survey,
        "instrument": instrument,
        "counted": counted,
        "respondents_sentence": respondents_sentence(instrument, counted.respondents),
        "questions": questions,
        "may_read_text": may_read_text,
        "closed": closed(survey),
    }


def invitations_page(survey: Survey) -> dict[str, Any]:
    """Return the printable list of invitation codes. Never which code has been used: watching a code turn "sent"
    as the responses grow by one would tell whose response it is (the surveys page counts them together)."""
    invitations = [{"number": i.number, "code": code_display(i.code), "raw": i.code} for i in survey.invitations.all()]
    return {"survey": survey, "instrument": instrument_of(survey), "invitations": invitations}


def responses_csv(survey: Survey) -> str:
    """Return the survey's anonymous responses as CSV (importing/survey_export.py), in the random order of their ids."""
    instrument = instrument_of(survey)
    rows = (
        ExportRow(str(r.id), r.submitted_on.isoformat(), r.source, r.language, stored_answers(instrument, r.answers))
        for r in Response.objects.filter(survey=survey).order_by("id")
    )
    return export_text(instrument, rows, survey.small_number)


def bundle_part(inspection: Inspection) -> dict[str, Any]:
    """Return the bundle's `surveys` field for an inspection with surveys (nothing for one without): each
    questionnaire, closing date, threshold and anonymous responses; never the invitation codes."""
    surveys = []
    for survey in Survey.objects.filter(inspection=inspection).prefetch_related("responses"):
        instrument = instrument_of(survey)
        rows = tuple(
            ExportRow("", r.submitted_on.isoformat(), r.source, r.language, stored_answers(instrument, r.answers))
            for r in sorted(survey.responses.all(), key=lambda r: str(r.id))
        )
        surveys.append(BundleSurvey(instrument, survey.closes_on.isoformat(), survey.small_number, rows))
    return {"surveys": bundle_surveys_data(surveys)} if surveys else {}


def respondent_language(code: str) -> str:
    """Return the language a link's respondent chose ("en" for an unknown code): for the pages around the answers."""
    found = Invitation.objects.filter(code=code_normalised(code)).values_list("language", flat=True).first()
    return found or "en"
