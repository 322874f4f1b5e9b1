"""Count a survey's responses question by question, and say the counts in the project's words.

Rules (docs/surveys.md, SU-1 to SU-4):

- SU-1 A question's denominator is the number of respondents who answered it: those shown it (its show-if
  rule held) who gave an answer. Nobody else counts, so a follow-up asked of 42 is a share of 42.
- SU-2 A share is printed as a whole percentage rounded half up (as key questions are, KQ-2).
- SU-3 Below the small-number threshold (default 5 who answered the question) no percentage and no
  proportion word is given, only the count: "3 of the 4 children who answered".
- SU-4 A multiple-choice question's shares are each of the same denominator, and may add up to more
  than 100%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from yjinspect.engine.phrasing import proportion_of
from yjinspect.engine.scoring import round_percent
from yjinspect.engine.surveys import Answers, Instrument, Question, QuestionType, is_answered, is_shown

SMALL_NUMBER = 5  # below this many who answered a question, counts only (SU-3)


@dataclass(frozen=True)
class Share:
    """A count out of those who answered a question, with its percentage (None under the small-number rule)."""

    count: int
    answered: int
    percent: int | None


def share(count: int, answered: int, small_number: int = SMALL_NUMBER) -> Share:
    """Return count out of answered with its percentage, or none where fewer than small_number answered."""
    if answered <= 0 or not 0 <= count <= answered:
        raise ValueError(f"a share needs 0 <= count <= answered and answered > 0, got {count} of {answered}")
    small = answered < small_number
    return Share(count, answered, None if small else round_percent(Fraction(100 * count, answered), "half_up"))


@dataclass(frozen=True)
class OptionCount:
    id: str  # the choice id, or a scale's value as text
    label: str
    share: Share | None  # None when nobody answered the question


@dataclass(frozen=True)
class PointCount:
    """How many answered a scale question at or above a point (seed 002: "70 or more")."""

    point: int
    share: Share | None


@dataclass(frozen=True)
class QuestionCount:
    question: Question
    shown: int  # respondents the question was put to
    answered: int  # the denominator of every share below (SU-1)
    options: tuple[OptionCount, ...]  # each choice; each value of a short scale
    at_least: tuple[PointCount, ...]  # a scale's counted points
    texts: tuple[str, ...]  # free-text answers, for the team only
    small: bool  # fewer answered than the small-number threshold

    @property
    def not_shown(self) -> int:
        return 0 if self.question.show_if is None else self.shown


@dataclass(frozen=True)
class SurveyCount:
    instrument: Instrument
    respondents: int
    questions: tuple[QuestionCount, ...]
    small_number: int = SMALL_NUMBER

    def question(self, question_id: str) -> QuestionCount:
        return next(q for q in self.questions if q.question.id == question_id)


SHORT_SCALE = 11  # a scale of at most this many points counts each value (1 to 5, 0 to 10); longer, only its points


def count_question(
    instrument: Instrument, question: Question, responses: Sequence[Answers], small_number: int = SMALL_NUMBER
) -> QuestionCount:
    """Count one question's answers among the responses (SU-1 to SU-4)."""
    shown = [r for r in responses if is_shown(instrument, question, r)]
    given = [r[question.id] for r in shown if is_answered(r.get(question.id))]
    answered = len(given)

    def of(count: int) -> Share | None:
        return share(count, answered, small_number) if answered else None

    options: tuple[OptionCount, ...] = ()
    at_least: tuple[PointCount, ...] = ()
    texts: tuple[str, ...] = ()
    if question.type is QuestionType.TEXT:
        texts = tuple(str(v) for v in given)
    elif question.type is QuestionType.SCALE:
        assert question.scale is not None
        scale = question.scale
        values = [v for v in given if isinstance(v, int)]
        if scale.max - scale.min + 1 <= SHORT_SCALE:
            options = tuple(
                OptionCount(str(value), _scale_label(question, value), of(values.count(value)))
                for value in range(scale.min, scale.max + 1)
            )
        at_least = tuple(PointCount(point, of(sum(1 for v in values if v >= point))) for point in scale.at_least)
    else:
        options = tuple(
            OptionCount(c.id, c.label, of(sum(1 for v in given if (c.id in v if isinstance(v, tuple) else v == c.id))))
            for c in question.options
        )
    return QuestionCount(question, len(shown), answered, options, at_least, texts, answered < small_number)


def _scale_label(question: Question, value: int) -> str:
    assert question.scale is not None
    if value == question.scale.min:
        return f"{value} ({question.scale.min_label})"
    if value == question.scale.max:
        return f"{value} ({question.scale.max_label})"
    return str(value)


def count_survey(instrument: Instrument, responses: Sequence[Answers], small_number: int = SMALL_NUMBER) -> SurveyCount:
    """Count every question of an instrument among the responses."""
    if small_number < 1:
        raise ValueError(f"the small-number threshold must be 1 or more, got {small_number}")
    return SurveyCount(
        instrument,
        len(responses),
        tuple(count_question(instrument, q, responses, small_number) for q in instrument.questions),
        small_number,
    )


# --- words -----------------------------------------------------------------------------------------


def who_answered(instrument: Instrument, answered: int) -> str:
    """Return "51 children who answered" (or "1 child who answered")."""
    return f"{answered} {instrument.noun(answered)} who answered"


def count_phrase(instrument: Instrument, found: Share) -> str:
    """Return "42 of the 51 children who answered (82%)"; below the small-number threshold, without the share."""
    words = f"{found.count} of the {who_answered(instrument, found.answered)}"
    return words if found.percent is None else f"{words} ({found.percent}%)"


def word_phrase(instrument: Instrument, found: Share) -> str:
    """Return "the large majority of children who answered (42 of 51)": the project's proportion words with the
    count beside them (docs/phrasing.md); below the small-number threshold, the count alone ("3 of the 4 ...")."""
    if found.percent is None:
        return count_phrase(instrument, found)
    noun = f"{instrument.noun(found.answered)} who answered"
    return f"{proportion_of(found.count, found.answered, noun)} ({found.count} of {found.answered})"


def respondents_sentence(instrument: Instrument, respondents: int) -> str:
    """Return "92 children completed the questionnaire." """
    return f"{respondents} {instrument.noun(respondents)} completed the questionnaire."


def suggested_sentences(counted: QuestionCount, instrument: Instrument) -> list[str]:
    """Return sentences the team may put in the narrative about one question, each with its count beside its
    words (none for free text or a question nobody answered)."""
    question = counted.question
    if counted.answered == 0 or question.type is QuestionType.TEXT:
        return []
    sentences = []
    if question.type is QuestionType.YES_NO and question.finding:
        yes = counted.options[0].share
        assert yes is not None
        sentences.append(_sentence(word_phrase(instrument, yes), question.finding))
    elif question.type is QuestionType.SCALE:
        assert question.scale is not None
        for point in counted.at_least:
            assert point.share is not None
            more = "" if point.point == question.scale.max else " or more"
            finding = question.finding or f"gave {question.text.rstrip('?')!r} a score of"
            sentences.append(_sentence(word_phrase(instrument, point.share), f"{finding} {point.point}{more}"))
    else:
        verb = "chose" if question.type is QuestionType.MULTIPLE else "answered"
        for option in counted.options:
            if option.share is not None and option.share.count:
                sentences.append(
                    _sentence(word_phrase(instrument, option.share), f"{verb} ‘{option.label}’ to ‘{question.text}’")
                )
    return sentences


def _sentence(subject: str, rest: str) -> str:
    return f"{subject[:1].upper()}{subject[1:]} {rest}."


# --- free text that could identify someone ---------------------------------------------------------

# Words that start a sentence or are commonly capitalised without naming anyone.
_COMMON_WORDS = (
    "I I'm I've I'd I'll The A An My It It's They He She We You YOS YOT YJS YJ Yes No Not Nothing Thank Thanks "
    "Please When If But And So Because My Our Their This That There Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday January February March April May June July August September October November December "
    "English Welsh Ie Na Mae Rydw Dw Diolch Y Yr"
)
_COMMON_CAPITALISED = frozenset(_COMMON_WORDS.split())
_DIGITS = re.compile(r"[0-9]")
_WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")


def identifying_reasons(text: str) -> list[str]:
    """Return why a free-text answer could identify someone (a capitalised word inside a sentence, which may be
    a name or a place; any number, which may be a date, an age or a reference), or [] if nothing was seen.

    A flag asks a person to look before quoting; it is not a proof either way."""
    reasons = []
    names = sorted({word for word in _capitalised_mid_sentence(text) if word not in _COMMON_CAPITALISED})
    if names:
        reasons.append(f"capitalised words that may be names or places: {', '.join(names)}")
    if _DIGITS.search(text):
        reasons.append("numbers, which may be dates, ages or references")
    if "@" in text:
        reasons.append("what may be an e-mail address")
    return reasons


def _capitalised_mid_sentence(text: str) -> Iterable[str]:
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = _WORD.findall(sentence)
        for word in words[1:]:
            if word[:1].isupper():
                yield word
        if words and words[0][:1].isupper() and words[0] not in _COMMON_CAPITALISED and len(words) == 1:
            yield words[0]  # a name on its own
