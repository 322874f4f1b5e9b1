"""The case page in each shape a programme asks for (its `case_kind`): what it shows and how its plain form saves.

A standards case carries the inspector's judgements (harm, safety and wellbeing, classifications,
practice example) that switch questions on and off; a scored programme's case answers every scoring
question under its criterion or theme, and a screening's case has a setting. The views never ask
which programme an inspection runs: they ask `case_page_for(case)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yjinspect.engine.framework import Population, RatedBy
from yjinspect.web.inspections import selectors
from yjinspect.web.inspections.models import SampledCase
from yjinspect.web.inspections.services import assessment
from yjinspect.web.inspections.services.common import ServiceError

CLASSIFICATIONS = [("", "Not judged yet"), *[(c, c.capitalize()) for c in ("low", "medium", "high", "very high")]]


def whole_number(value: str | None, name: str) -> int:
    """Return a form's whole number, or refuse it naming the field."""
    try:
        return int(value or "")
    except ValueError:
        raise ServiceError(f"{name}: expected a whole number, got {value!r}.") from None


def _answer_fields(answers: Mapping[str, Any], question_id: str) -> dict[str, Any]:
    answer = answers.get(question_id)
    return {
        "value": answer.value if answer else "",
        "evidence": answer.evidence if answer else "",
        "version": answer.version if answer else 0,
    }


def _answer_change(data: Mapping[str, str], question_id: str) -> assessment.AnswerChange:
    return assessment.AnswerChange(
        question_id=question_id,
        value=data.get(f"answer-{question_id}", ""),
        evidence=data.get(f"evidence-{question_id}", ""),
        expected_version=whole_number(data.get(f"version-{question_id}", "0"), "Answer version"),
    )


class CasePage:
    """One shape of the case page."""

    template = ""

    def context(self, case: SampledCase) -> dict[str, Any]:
        """Return what the page shows of a case."""
        raise NotImplementedError

    def facts(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Return the case facts a form or an autosave sends, as the service takes them."""
        raise NotImplementedError

    def save(self, data: Mapping[str, str], case: SampledCase, *, by: Any) -> list[str]:
        """Save the plain form (without JavaScript), the facts then every answer, as one service call
        (one transaction: a bad value saves nothing); return what was stale."""
        raise NotImplementedError

    def after_facts(self, case: SampledCase) -> dict[str, Any]:
        """Return what an autosave of the facts answers besides the new version."""
        return {}


class StandardsCasePage(CasePage):
    template = "inspections/case_standards.html"

    def context(self, case: SampledCase) -> dict[str, Any]:
        framework = selectors.programme_of(case.inspection).framework
        applicable = {q.id for q in selectors.applicable_questions(case)}
        answers = {a.question_id: a for a in case.answers.all()}
        questions = [
            {
                "prompts": [{"prompt": p, **_answer_fields(answers, p.id)} for p in q.prompts],
                "question": q,
                "standard": standard,
                "applies": q.id in applicable,
                **_answer_fields(answers, q.id),
            }
            for standard in framework.standards
            if framework.rated_by(standard) is RatedBy.CASE_ANSWERS
            and framework.domain_of(standard.id).population is Population(case.population)
            for q in standard.key_questions
        ]
        return {"case": case, "questions": questions, "classifications": CLASSIFICATIONS}

    def facts(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        def flag(name: str) -> bool | None:
            return {"yes": True, "no": False}.get(payload.get(name, ""))

        return {
            "harm_factors": flag("harm_factors"),
            "safety_wellbeing_factors": flag("safety_wellbeing_factors"),
            "inspector_rosh": payload.get("inspector_rosh", ""),
            "inspector_safety_wellbeing": payload.get("inspector_safety_wellbeing", ""),
            "practice_example": payload.get("practice_example") == "yes",
            "pseudonym": str(payload.get("pseudonym", "")).strip(),
            "real_names": str(payload.get("real_names", "")).strip(),
            "offence_type": str(payload.get("offence_type", "")).strip(),
        }

    def save(self, data: Mapping[str, str], case: SampledCase, *, by: Any) -> list[str]:
        def answers(judged: SampledCase) -> list[assessment.AnswerChange]:
            # Which questions apply follows the judgements just saved.
            questions = selectors.applicable_questions(judged) if judged.harm_factors is not None else []
            prompts = [p.id for q in questions for p in q.prompts if f"answer-{p.id}" in data]
            return [_answer_change(data, question_id) for question_id in (*prompts, *(q.id for q in questions))]

        return assessment.case_form_save(
            by=by,
            case=case,
            facts=self.facts(data),
            facts_version=whole_number(data.get("case_version"), "Case version"),
            facts_label="the case judgements",
            answers=answers,
        )

    def after_facts(self, case: SampledCase) -> dict[str, Any]:
        return {"applicable": [q.id for q in selectors.applicable_questions(case)]}


class QuestionsCasePage(CasePage):
    """Any programme's case: its questions under their groups, and a setting where it has settings."""

    template = "inspections/case_questions.html"

    def context(self, case: SampledCase) -> dict[str, Any]:
        programme = selectors.programme_of(case.inspection)
        answers = {a.question_id: a for a in case.answers.all()}
        questions = [{"question": q, **_answer_fields(answers, q.id)} for q in programme.case_questions()]
        settings = [{"id": id_, "name": name} for id_, name in programme.case_settings()]
        notes = dict(programme.unverified_items())
        return {"case": case, "questions": questions, "settings": settings, "questions_unverified": notes.get("questions")}

    def facts(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {"setting": str(payload.get("setting", ""))}

    def save(self, data: Mapping[str, str], case: SampledCase, *, by: Any) -> list[str]:
        questions = selectors.programme_of(case.inspection).case_questions()
        changes = [_answer_change(data, q.id) for q in questions if f"answer-{q.id}" in data or f"evidence-{q.id}" in data]
        with_setting = "setting" in data
        return assessment.case_form_save(
            by=by,
            case=case,
            facts=self.facts(data) if with_setting else None,
            facts_version=whole_number(data.get("case_version"), "Case version") if with_setting else 0,
            facts_label="the setting",
            answers=lambda _: changes,
        )


_PAGES: dict[str, CasePage] = {"standards": StandardsCasePage(), "questions": QuestionsCasePage()}


def case_page_for(case: SampledCase) -> CasePage:
    """Return the case page in the shape the case's programme asks for."""
    return _PAGES[selectors.programme_of(case.inspection).case_kind]
