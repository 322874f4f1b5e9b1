"""Count a survey's responses question by question, and say the counts in the project's words.

Rules (docs/surveys.md, SU-1 to SU-4):

- SU-1 A question's denominator is the number of respondents who answered it: those shown it (its show-if
  rule held) who gave an answer. Nobody else counts, so a follow-up asked of 42 is a share of 42.
- SU-2 A share is printed as a whole percentage rounded half up (as key questions are, KQ-2).
- SU-3 Below the small-number threshold (default 5 who answered the question) no percentage and no
  proportion word is given, only the count: "3 out of 4 children who answered".
- SU-4 A multiple-choice question's shares are each of the same denominator, and may add up to more
  than 100%.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from yjinspect.engine.phrasing import count_alone_parts, proportion_parts
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


# --- words ---------------------------------------------------------------------------------------
# Every count is said by the project's one phrasing (engine/phrasing.py, docs/phrasing.md): the word with
# "(42 out of 51)" beside it, or below the small-number threshold the count alone, "3 out of 4 children
# who answered" (seed 003's "six out of nine respondents").


def answered_noun(instrument: Instrument, answered: int) -> str:
    """Return who a share is of: "children who answered" (or "child who answered")."""
    return f"{instrument.noun(answered)} who answered"


def share_parts(instrument: Instrument, found: Share) -> tuple[str, str, str]:
    """Return a share in the project's words in three parts, the words before the count, the count and what
    follows: ("the large majority of children who answered (", "42 out of 51", ")"), or below the small-number
    threshold ("", "3 out of 4", " children who answered"). The report marks the middle part as a figure."""
    noun = answered_noun(instrument, found.answered)
    if found.percent is None:
        return count_alone_parts(found.count, found.answered, noun)
    return proportion_parts(found.count, found.answered, noun)


def count_phrase(instrument: Instrument, found: Share) -> str:
    """Return "42 out of 51 children who answered (82%)"; below the small-number threshold, without the share."""
    words = "".join(count_alone_parts(found.count, found.answered, answered_noun(instrument, found.answered)))
    return words if found.percent is None else f"{words} ({found.percent}%)"


def word_phrase(instrument: Instrument, found: Share) -> str:
    """Return "the large majority of children who answered (42 out of 51)": the project's proportion words with the
    count beside them (docs/phrasing.md); below the small-number threshold, the count alone ("3 out of 4 ...")."""
    return "".join(share_parts(instrument, found))


def or_more(question: Question, point: int) -> str:
    """Return " or more" after a scale's counted point, or "" for the top of the scale ("70 or more", "100")."""
    assert question.scale is not None
    return "" if point == question.scale.max else " or more"


def point_words(question: Question, point: int) -> str:
    """Return a scale's counted point in words: "70 or more", or "100" at the top of the scale."""
    return f"{point}{or_more(question, point)}"


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
            finding = question.finding or f"gave {question.text.rstrip('?')!r} a score of"
            sentences.append(_sentence(word_phrase(instrument, point.share), f"{finding} {point_words(question, point.point)}"))
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

# Words that are capitalised without naming anyone: the words a comment's sentences commonly start with
# (pronouns, determiners, conjunctions, common adverbs, verbs and greetings, the service's own words) and
# words always capitalised (days, months, languages, the service's initials), English and Welsh. A
# capitalised word not listed may be a name or a place wherever it stands, the start of a sentence
# included ("Jordan was great."): a list errs towards a second look, which is the safe side
# (docs/surveys.md says why a list and not a dictionary). Compared in lower case, so that a comment in
# capitals is read the same.
_NOT_NAMES_TEXT = """
    i i'm i've i'd i'll me my mine myself we we're we've we'd our ours us you you're you've your yours he he's
    his him she she's her hers it it's its they they're they've they'd their theirs them one everyone everybody
    everything someone somebody something anyone anybody anything nobody nothing none
    the a an this that that's these those there there's here here's some any all both each every either
    neither most many much more less few lots lot other others another such what what's which who whose
    where when why how
    and but or so because if although though while whilst as since until unless after before at in on of
    for with without about from to by during through into also even just only then now still yet again
    not no yes yeah never always sometimes often usually really very quite too well overall generally
    honestly basically definitely probably maybe perhaps hopefully sadly luckily actually obviously
    especially mostly mainly personally first firstly second secondly finally lastly anyway however
    thank thanks please keep being going getting having doing do does did don't didn't doesn't is isn't
    was wasn't are aren't were weren't have has had haven't hasn't can can't could couldn't would wouldn't
    should shouldn't won't might must need needs let let's give get got make made help helped helps
    helping talk talked talking listen listened listening feel felt think thought know knew like liked
    love loved want wanted wish hope hi hello ok okay good great bad fine nice excellent brilliant amazing
    lovely happy sad better worse best worst kind helpful
    staff worker workers manager managers officer officers service services team youth court courts police
    school college work home mum dad parents parent carer carers family people session sessions meeting
    meetings appointment appointments plan order questionnaire survey volunteer volunteers panel victim
    yos yot yjs yj
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december english welsh
    ie na mae roedd roeddwn rydw dw diolch y yr fy ein eu ond ac achos pan os hefyd dim nid mi fe
"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())
_DIGITS = re.compile(r"[0-9]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def identifying_reasons(text: str) -> list[str]:
    """Return why a free-text answer could identify someone (a capitalised word that is not one of the common
    words above, which may be a name or a place, even at the start of a sentence; any number, which may be a
    date, an age or a reference; an e-mail address), or [] if nothing was seen.

    A flag asks a person to look before quoting; it is not a proof either way."""
    reasons = []
    names = sorted({word for word in _WORD.findall(text) if word[:1].isupper() and not _not_a_name(word)})
    if names:
        reasons.append(f"capitalised words that may be names or places: {', '.join(names)}")
    if _DIGITS.search(text):
        reasons.append("numbers, which may be dates, ages or references")
    if "@" in text:
        reasons.append("what may be an e-mail address")
    return reasons


def _not_a_name(word: str) -> bool:
    return word.replace("’", "'").lower() in _NOT_NAMES
