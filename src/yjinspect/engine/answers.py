"""Cases and their answers, as the engine sees them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from yjinspect.engine.framework import Population


class Answer(StrEnum):
    """An inspector's answer to a key question for one case."""

    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "n/a"


def answer_counts(question_id: str, answer: Answer, *, applicable: frozenset[str], own: frozenset[str]) -> bool:
    """Return whether an answer is one a case may give: yes or no only where the question applies
    (by the inspector's judgement), n/a to any question of the case's own domain."""
    if answer is Answer.NOT_APPLICABLE:
        return question_id in own
    return question_id in applicable


@dataclass(frozen=True, slots=True)
class Case:
    """One sampled case with the inspector's judgements and answers.

    harm_factors and safety_wellbeing_factors are the inspector's judgement, not the service's
    classification: they decide which "keep other people safe" and "keep the child safe" questions apply.
    """

    id: str
    population: Population
    disposal_type: str  # the vocabulary's canonical name
    harm_factors: bool
    safety_wellbeing_factors: bool
    answers: Mapping[str, Answer] = field(default_factory=dict)
