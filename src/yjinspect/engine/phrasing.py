"""Words for proportions in HMIP's style, always with the count beside the word (docs/phrasing.md)."""

from __future__ import annotations

from fractions import Fraction

_NUMBER_WORDS = ("no", "one", "two", "three", "four")

# (lowest share inclusive, word): the first row the share reaches wins, read from the top. Shares
# are exact fractions, so "three-quarters" means exactly 3/4 and is tried before the ranges.
_EXACT: tuple[tuple[Fraction, str], ...] = (
    (Fraction(3, 4), "three-quarters"),
    (Fraction(2, 3), "two-thirds"),
    (Fraction(1, 2), "half"),
    (Fraction(1, 3), "one-third"),
    (Fraction(1, 4), "a quarter"),
)
_RANGES: tuple[tuple[Fraction, str], ...] = (
    (Fraction(95, 100), "nearly all"),
    (Fraction(80, 100), "the large majority"),
    (Fraction(70, 100), "most"),
    (Fraction(65, 100), "the majority"),
    (Fraction(60, 100), "less than two-thirds"),
    (Fraction(55, 100), "over half"),
    (Fraction(50, 100), "just over half"),
    (Fraction(40, 100), "less than half"),
    (Fraction(1, 3), "just over one-third"),
    (Fraction(0), "a minority"),
)


# Words that stand before the noun ("most cases"), and fractions that read "of the cases".
_DETERMINERS = frozenset({"all", "nearly all", "most"})
_FRACTIONS = frozenset(word for _, word in _EXACT)


def proportion_word(count: int, total: int) -> str:
    """Return the word alone for count out of total ('the large majority', 'all but two')."""
    if total <= 0 or not 0 <= count <= total:
        raise ValueError(f"a proportion needs 0 <= count <= total and total > 0, got {count} out of {total}")
    if count == total:
        return "all"
    if count == 0:
        return "none"
    share = Fraction(count, total)
    missing = total - count
    # "All but N" reads naturally when the exceptions are few and the group small enough to count.
    if missing <= 3 and total <= 20 and share >= Fraction(80, 100):
        return f"all but {_NUMBER_WORDS[missing]}"
    if count <= 3 and share < Fraction(1, 3):
        return "a small number"
    for exact, word in _EXACT:
        if share == exact:
            return word
    return next(word for floor, word in _RANGES if share >= floor)


def proportion_phrase(count: int, total: int, noun: str = "cases") -> str:
    """Return 'the large majority of cases (23 out of 25)': the word with the count beside it."""
    return "".join(proportion_parts(count, total, noun))


def proportion_parts(count: int, total: int, noun: str = "cases") -> tuple[str, str, str]:
    """Return proportion_phrase in three parts, the words before the count, the count and what follows it:
    ('the large majority of cases (', '23 out of 25', ')'), so that a report can mark the count as a figure."""
    return f"{proportion_of(count, total, noun)} (", count_out_of(count, total), ")"


def count_out_of(count: int, total: int) -> str:
    """Return '23 out of 25': the count as it stands beside the word, or alone."""
    if total <= 0 or not 0 <= count <= total:
        raise ValueError(f"a proportion needs 0 <= count <= total and total > 0, got {count} out of {total}")
    return f"{count} out of {total}"


def count_alone(count: int, total: int, noun: str = "cases") -> str:
    """Return '6 out of 9 cases': the count without a word, where too few were counted for a word to be fair
    (a survey's small numbers, docs/surveys.md SU-3)."""
    return "".join(count_alone_parts(count, total, noun))


def count_alone_parts(count: int, total: int, noun: str = "cases") -> tuple[str, str, str]:
    """Return count_alone in the three parts of proportion_parts: ('', '6 out of 9', ' cases')."""
    return "", count_out_of(count, total), f" {noun}"


def proportion_of(count: int, total: int, noun: str = "cases") -> str:
    """Return 'the large majority of cases', 'most cases', 'all but two of the cases': the words without the count."""
    word = proportion_word(count, total)
    if word in _DETERMINERS:
        return f"{word} {noun}"
    if word == "none" or word.startswith("all but") or word in _FRACTIONS:
        return f"{word} of the {noun}"
    return f"{word} of {noun}"
