"""The report's section on what the inspection's surveys found, in any programme's report, where the
programme's contract puts it (seed 002's "Service users' perspective"; the 2018 framework's domain 1).

Every number is a `Figure` naming its survey, question and answer, so that the report's figure test
recomputes it from the responses. Free text is never printed here: a quote is the team's choice, made in
the narrative, where the publishing checks read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from yjinspect.engine.survey_counts import QuestionCount, Share, SurveyCount, or_more, share_parts
from yjinspect.engine.surveys import QuestionType
from yjinspect.reporting import document as doc


class Placement(Protocol):
    """Where the section goes: the programme contract's `SurveySection`."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def after(self) -> str | None: ...
    @property
    def within(self) -> str | None: ...


def with_survey_section(document: doc.ReportDocument, surveys: Sequence[SurveyCount], placement: Placement) -> doc.ReportDocument:
    """Return the document with the surveys' section in its place (the document as it was without surveys)."""
    if not surveys:
        return document
    level = 2 if placement.within else 1
    section = survey_section(surveys, placement.id, placement.title, level)
    sections = list(document.sections)
    if placement.within and any(s.id == placement.within for s in sections):
        sections = [replace(s, children=(*s.children, section)) if s.id == placement.within else s for s in sections]
    elif placement.after and any(s.id == placement.after for s in sections):
        at = next(i for i, s in enumerate(sections) if s.id == placement.after) + 1
        sections.insert(at, replace(section, level=1))
    else:
        sections.append(replace(section, level=1))
    return replace(document, sections=tuple(sections))


def survey_section(surveys: Sequence[SurveyCount], section_id: str, title: str, level: int) -> doc.Section:
    """Return the section: one part per survey (who responded, then each question's counts)."""
    children = tuple(_survey_part(s, f"{section_id}-{s.instrument.id}", level + 1) for s in surveys)
    intro = doc.Paragraph(
        (doc.Text("We gathered the views of the people below by questionnaires, on paper and online. Each share is of those "
                  "who answered the question."),)
    )  # fmt: skip
    return doc.Section(section_id, title, level, (intro,), children)


def _survey_part(survey: SurveyCount, section_id: str, level: int) -> doc.Section:
    instrument = survey.instrument
    key = instrument.id
    respondents: list[doc.Run] = [
        doc.Figure(str(survey.respondents), ("survey_respondents", key)),
        doc.Text(f" {instrument.noun(survey.respondents)} completed a questionnaire for the inspection."),
    ]
    if any(counted.small and counted.answered for counted in survey.questions):
        # Each survey has its own threshold (the lead inspector's choice when opening it), so it is said
        # here, of this survey, and only where a question fell below it.
        respondents += [
            doc.Text(" Where fewer than "),
            doc.Figure(str(survey.small_number), ("survey_small_number", key)),
            doc.Text(f" {instrument.respondents.many} answered a question, we give the count alone."),
        ]
    blocks: list[doc.Block] = [doc.Paragraph(tuple(respondents))]
    findings: list[doc.Inline] = []
    tables: list[doc.Block] = []
    for counted in survey.questions:
        if counted.answered == 0 or counted.question.type is QuestionType.TEXT:
            continue
        findings += _findings(survey, counted)
        if counted.question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) or (
            counted.question.type is QuestionType.SCALE and counted.options
        ):
            tables.append(_table(survey, counted))
    if findings:
        blocks.append(doc.BulletList(tuple(findings)))
    blocks += tables
    return doc.Section(section_id, instrument.respondents.many.capitalize(), level, tuple(blocks))


def _share_runs(survey: SurveyCount, found: Share, source: tuple[str, ...]) -> doc.Inline:
    """Return "The large majority of children who answered (42 out of 51)", or below the small number "3 out of 4
    children who answered", as runs: `word_phrase`'s words (the project's one phrasing) with the count a figure."""
    before, count, after = share_parts(survey.instrument, found)
    runs: list[doc.Run] = []
    if before:
        runs.append(doc.Text(before[:1].upper() + before[1:]))
    runs.append(doc.Figure(count, ("survey_count_of", *source[1:])))
    if after:
        runs.append(doc.Text(after))
    return tuple(runs)


def _findings(survey: SurveyCount, counted: QuestionCount) -> list[doc.Inline]:
    question = counted.question
    key = survey.instrument.id
    found: list[doc.Inline] = []
    if question.type is QuestionType.YES_NO and question.finding:
        yes = counted.options[0].share
        assert yes is not None
        found.append((*_share_runs(survey, yes, ("", key, question.id, "yes")), doc.Text(f" {question.finding}.")))
    elif question.type is QuestionType.SCALE and question.finding:
        assert question.scale is not None
        for point in counted.at_least:
            assert point.share is not None
            found.append(
                (
                    *_share_runs(survey, point.share, ("", key, question.id, f"at_least_{point.point}")),
                    doc.Text(f" {question.finding} "),
                    doc.Figure(str(point.point), ("survey_point", key, question.id, str(point.point))),
                    doc.Text(f"{or_more(question, point.point)}."),
                )
            )
    return found


def _table(survey: SurveyCount, counted: QuestionCount) -> doc.Table:
    key, question = survey.instrument.id, counted.question
    rows = []
    for option in counted.options:
        assert option.share is not None
        label: doc.Inline = (
            (doc.Figure(option.id, ("survey_point", key, question.id, option.id)),)
            if question.type is QuestionType.SCALE
            else (doc.Text(option.label),)
        )
        percent = option.share.percent
        rows.append(
            (
                doc.Cell(label, header=True),
                doc.Cell((doc.Figure(str(option.share.count), ("survey_count", key, question.id, option.id)),), numeric=True),
                doc.Cell(
                    (doc.Figure(f"{percent}%", ("survey_percent", key, question.id, option.id)),)
                    if percent is not None
                    else (doc.Text("count only"),),
                    numeric=True,
                ),
            )
        )
    note: doc.Inline = (
        doc.Text("Of the "),
        doc.Figure(str(counted.answered), ("survey_answered", key, question.id)),
        doc.Text(f" {survey.instrument.noun(counted.answered)} who answered this question"
                 + ("; each could choose more than one answer." if question.type is QuestionType.MULTIPLE else ".")),
    )  # fmt: skip
    return doc.Table(question.text, ("Answer", "Number", "Share"), tuple(rows), notes=(note,))
