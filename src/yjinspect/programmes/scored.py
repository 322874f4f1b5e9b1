"""What the scored programmes share (core case inspection, full joint inspection, short quality screening).

Their cases answer the programme's scoring questions yes, no or n/a; a screening's case may be in
custody or the community. Each kind's module adds its arithmetic's record, table and report shape.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from yjinspect.bundle import Problem, check_cases
from yjinspect.engine.answers import Answer
from yjinspect.engine.loading import validate_framework
from yjinspect.engine.scored.framework import Item, ScoredFramework
from yjinspect.engine.scored.scoring import Score, ScoredCase, ScoredResult, rate_scored
from yjinspect.programmes import base

_ANSWERS = {a.value: a for a in Answer}
_KNOWN_CASE = {"id", "setting", "answers"}
LINES_HINT = "One per line."
RECOMMENDATIONS_FORM = "'Post-holder: recommendation', for example 'YOS Head of Service: improve ...'"


class ScoredProgramme(base.Programme[ScoredFramework, ScoredCase, ScoredResult]):
    """The part of the contract every scored programme keeps the same way."""

    era: ClassVar[str] = "earlier programme"
    results_title: ClassVar[str] = "Scores"
    results_nav: ClassVar[str] = "Scores"
    results_explanation: ClassVar[str] = (
        "Each score is the share of all answers, across every case, where the work was judged sufficient "
        "(not applicable answers are left out)."
    )
    body_keys: ClassVar[frozenset[str]] = frozenset({"cases"})

    @classmethod
    def parse(cls, data: dict[str, Any], *, source: str) -> ScoredFramework:
        return validate_framework(ScoredFramework, data, source=source)

    def unverified_items(self) -> list[tuple[str, str]]:
        framework = self.framework
        notes: list[tuple[str, str | None]] = [
            ("comment bands", framework.comment_bands_unverified),
            ("questions", framework.questions_unverified),
        ]
        notes += [(f"theme {t.id}", t.unverified) for t in framework.themes]
        return [(what, why) for what, why in notes if why]

    def case_questions(self) -> tuple[base.CaseQuestion, ...]:
        framework = self.framework
        headline = {t.id: t.name for t in framework.headline_themes}

        def label(item: Item) -> str:  # criteria are numbered (CCI), themes are not
            return f"{item.id} {item.name}" if framework.sections else item.name

        return tuple(
            base.CaseQuestion(
                q.id,
                q.text,
                item.id,
                label(item),
                f"key question for: {'; '.join(headline[t] for t in q.headline_themes)}" if q.headline_themes else "",
            )
            for item, q in framework.scoring_questions()
        )

    def case_settings(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.id, s.name) for s in self.framework.settings)

    def case_from_record(self, record: base.CaseRecord) -> ScoredCase:
        answers = {
            q: _ANSWERS[v] for q, v in record.answers.items() if v in _ANSWERS and self.framework.scoring_question(q) is not None
        }
        return ScoredCase(record.ref, answers, record.setting or None)

    def case_record(self, case: ScoredCase) -> base.CaseRecord:
        return base.CaseRecord(ref=case.id, answers={q: a.value for q, a in case.answers.items()}, setting=case.setting or "")

    def case_gaps(self, record: base.CaseRecord) -> list[str]:
        framework = self.framework
        gaps = ["Say whether this is a custody or a community case."] if framework.settings and not record.setting else []
        # n/a is an answer: every question is answered, so that a gap is never mistaken for "not relevant".
        gaps += [f"Answer {q.id}: {q.text}" for q in self.unanswered(record)]
        return gaps

    # --- the bundle body ---------------------------------------------------------------------------

    def read_body(
        self, data: Mapping[str, Any], header: Mapping[str, Any], *, provisional: bool, problems: list[Problem]
    ) -> base.Body[ScoredCase] | None:
        framework = self.framework
        for name in ("organisational_ratings", "panel_decisions"):
            if name in data:  # a standards-framework field: say so rather than keep it silently
                problems.append(Problem(name, f"{framework.id} is scored, not rated: it has no {name.replace('_', ' ')}"))
        cases, case_extra = check_cases(
            data.get("cases"), lambda index, item: self._case(index, item, provisional, problems), _KNOWN_CASE, problems
        )
        recorded = self.read_team_ratings(data, provisional=provisional, problems=problems)
        if problems:
            return None
        return base.Body(tuple(cases), recorded, (), case_extra)

    def read_team_ratings(self, data: Mapping[str, Any], *, provisional: bool, problems: list[Problem]) -> dict[str, str]:
        """Read what the team recorded beside the scores; only full joint inspections record anything."""
        if data.get("judgements") is not None:
            problems.append(Problem("judgements", f"{self.framework.id} records no judgements; only full joint inspections do"))
        return {}

    def write_body(self, inspection: base.Inspection[ScoredCase]) -> dict[str, Any]:
        return {"cases": base.case_items(inspection, _case_item)}

    def _case(self, index: int, item: Any, provisional: bool, problems: list[Problem]) -> ScoredCase | None:
        framework = self.framework
        if not isinstance(item, dict):
            problems.append(Problem(f"cases[{index}]", "expected a case object"))
            return None
        case_id = item.get("id")
        if not isinstance(case_id, str) or not case_id.strip():
            problems.append(Problem(f"cases[{index}]", "expected a case id (text)"))
            return None
        where = f"case {case_id}"
        before = len(problems)
        setting = item.get("setting")
        settings = [s.id for s in framework.settings]
        if setting is not None and setting not in settings:
            allowed = f"one of {', '.join(settings)}" if settings else f"nothing: {framework.id} does not split cases by setting"
            problems.append(Problem(where, f"setting: {setting!r} is not allowed; expected {allowed}"))
        raw = item.get("answers", {})
        if not isinstance(raw, dict):
            problems.append(Problem(where, "answers: expected an object of question id to yes, no or n/a"))
            return None
        answers: dict[str, Answer] = {}
        for question_id, value in raw.items():
            place = f"case {case_id}, question {question_id}"
            if framework.scoring_question(question_id) is None:
                problems.append(Problem(place, f"no such scoring question in {framework.id}"))
            elif type(value) is not str or value not in _ANSWERS:
                problems.append(Problem(place, f"answer {value!r} is not one of 'yes', 'no', 'n/a'"))
            else:
                answers[question_id] = _ANSWERS[value]
        missing = [q.id for _, q in framework.scoring_questions() if q.id not in raw]
        if missing and not provisional:
            problems.append(
                Problem(
                    where,
                    f"no answer to {', '.join(missing)} (answer 'n/a' where a question does not apply, or rate provisionally)",
                )
            )
        if len(problems) > before:
            return None
        return ScoredCase(case_id, answers, setting)

    # --- rating ----------------------------------------------------------------------------------

    def rate(self, inspection: base.Inspection[ScoredCase]) -> ScoredResult:
        return rate_scored(self.framework, inspection.cases, dict(inspection.team_ratings), provisional=inspection.provisional)

    @abstractmethod
    def figures(self, result: ScoredResult) -> dict[str, Any]:
        """Return the kind's figures under the keys import-report uses (scores, judgements or counts)."""

    @abstractmethod
    def table_lines(self, result: ScoredResult) -> list[str]:
        """Return the kind's lines of the readable table."""

    def rating_record(self, result: ScoredResult) -> dict[str, Any]:
        head = {"framework": result.framework.id, "provisional": result.provisional, "cases": result.cases}
        return head | self.figures(result)

    def ratings_table(self, result: ScoredResult, service: str) -> str:
        lines = [service, self.framework.title, f"Cases: {result.cases}"]
        if result.provisional:
            lines.append("PROVISIONAL: some answers or judgements are still missing")
        return "\n".join([*lines, *self.table_lines(result)]) + "\n"

    def published_figures(self, result: ScoredResult) -> base.PublishedFigures:
        return base.PublishedFigures(figures=self.figures(result))

    # --- the report ------------------------------------------------------------------------------

    def foreword_and_recommendations(self) -> list[base.NarrativeField]:
        """Return the foreword and recommendation boxes core case and full joint reports share."""
        return [
            base.NarrativeField("foreword", ("foreword",), "Foreword"),
            self.recommendations_field(),
        ]

    def recommendations_field(self) -> base.NarrativeField:
        return tagged_field("recommendations", "Recommendations", RECOMMENDATIONS_FORM, tags=("to", "text"))


def tagged_field(
    name: str, label: str, form: str, *, tags: tuple[str, str], allowed: tuple[str, ...] | None = None, note: str = ""
) -> base.NarrativeField:
    """Return a box of "Tag: text" lines, kept as objects under the two `tags` names."""
    hint = f"One per line, as {form.replace(chr(39), chr(34))}.{f' {note}' if note else ''}"
    short = label.split(" (", maxsplit=1)[0]
    return base.NarrativeField(name, (name,), label, "tagged", hint, tags=tags, form=form, allowed=allowed, short_label=short)


def _case_item(case: ScoredCase) -> dict[str, Any]:
    item: dict[str, Any] = {"id": case.id}
    if case.setting is not None:
        item["setting"] = case.setting
    item["answers"] = {q: a.value for q, a in case.answers.items()}
    return item


def score_record(score: Score | None) -> dict[str, Any] | None:
    """Return a score as the record keys import-report uses (score, comment) with its counts."""
    if score is None:
        return None
    return {"score": score.percent, "comment": score.comment, "sufficient": score.sufficient, "answered": score.answered}


def score_text(score: Score | None) -> str:
    """Return a score as the table shows it."""
    if score is None or score.percent is None:
        return "no answers"
    comment = f"  {score.comment} improvement required" if score.comment else ""
    return f"{score.percent}% ({score.sufficient}/{score.answered}){comment}"
