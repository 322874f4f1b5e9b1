"""Read a published inspection report's text into a structured record, and check its ratings.

It never invents: a figure the text does not state (or that damage has made unreadable) is null,
and a text cut short is flagged partial. Reports converted from PDF arrive damaged: words split by
stray spaces, curly and straight quotes mixed, footnote markers glued to words, replacement
characters, page headers in the middle of tables. Normalising the text and matching line by line
with tolerant patterns copes with these; a line a pattern does not fully match is skipped, never
guessed at.

Standards-framework reports (hmip-youth-2018 and hmip-youth-2021): overall rating and score,
standard ratings, key question percentages with discretion markers, cases, recommendations. Core
case inspections: headline, section and criterion scores with their comments. Full joint
inspections: each theme's case assessment score and judgement. Short quality screenings: the
counts their commentary states, per numbered paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from yjinspect.engine.framework import Framework, Rating
from yjinspect.engine.loading import read_yaml, shipped_framework_text
from yjinspect.engine.rating import overall_band, overall_points
from yjinspect.engine.results_only import ResultsFramework, load_results_framework, results_framework_ids
from yjinspect.engine.scored.framework import ScoredFramework
from yjinspect.engine.scored.scoring import comment_for
from yjinspect.engine.scoring import band_for, deciding, reproducible_percent

RATINGS = [r.value for r in Rating]
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_REPLACEMENTS = {"\u2018": "'", "\u2019": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u00ad": "",
                 "\ufb01": "fi", "\ufb02": "fl", "\ufffd": "", "\u2013": "-", "\u2014": "-",
                 "\u0152": "-"}  # "\u0152" (Œ): a dash read in the wrong encoding  # fmt: skip
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def normalise(text: str) -> str:
    """Undo what PDF-to-text conversion, web pages and mirrors do to reports, without changing what they say.

    Each pattern starts with the character it is about (a lookbehind after it), so that a long report is
    scanned quickly: reading reports in bulk spends much of its time here."""
    for digit in _SUPERSCRIPTS:  # str.translate walks every character through a table: slower on a long report
        if digit in text:
            text = text.replace(digit, "")
    text = unicodedata.normalize("NFKC", text)
    # U+FFFD where a conversion lost an apostrophe ("Curtis\ufffds"); elsewhere it stands for nothing.
    text = re.sub(r"\ufffd(?<=[A-Za-z]\ufffd)(?=[A-Za-z])", "'", text)
    for bad, good in _REPLACEMENTS.items():
        text = text.replace(bad, good)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    # Some conversions leave inline HTML (<i>, <p>) in table cells and letter headers.
    text = re.sub(r"</?(?:i|b|em|strong|p|sup|sub|br)\s*/?>", "", text)
    # Footnote markers: "[1]" after a word or a full stop (HMIP's web pages), "1" glued to a sentence's
    # full stop or to a word, or standing between two sentences ("Wales. 1 In this"); never part of a figure.
    text = re.sub(r"\[(?<=[A-Za-z.,;:'\")]\[)\d{1,2}\]", "", text)
    text = re.sub(r"([.,;:])(?<=[a-z][.,;:])\d{1,2}(?=\s)", r"\1", text)
    text = re.sub(r"\d(?:(?<=[a-z]{3}\d)\d?(?=[\s.,;:])|(?<=[a-z][.!?] \d)\d? (?=[A-Z]))", "", text)
    # A cover's words glued together ("Bury and RochdaleHM Inspectorate of Probation", "2011ISBN: 978-..."):
    # each on its own line, as the cover prints them.
    for words in ("HM Inspectorate of Probation", "Her Majesty's Inspectorate", "ISBN:"):
        text = re.sub(re.escape(words[0]) + rf"(?<=[a-z0-9)]{re.escape(words[0])}){re.escape(words[1:])}", "\n" + words, text)
    # Web pages mark headings "Foreword (Back to top)"; mirrors add their own lines (an upload date, a page
    # count, "TRANSCRIPT", and "Page N: <title>" lines repeating a snippet from elsewhere in the report).
    text = text.replace(" (Back to top)", "").replace("(Back to top)", "")
    text = re.sub(_MIRROR_LINES, "", text)
    # A hard wrap inside a sentence (a text copy of a PDF page): the line goes on where the next starts with
    # a lower-case word or a number of something ("in 32 out of\n33 cases"); never after a full stop or a
    # colon, nor across a blank line, so headings, table rows and list items stay on their own lines.
    return re.sub(r"\n(?<=[a-z,;)]\n)[ \t]*(?=[a-z(]|\d{1,3}%?[ \t]+[a-z])", " ", text)


# Lines a mirror or a web page adds that are no part of the report (dropped whole).
_MIRROR_LINES = re.compile(
    r"^[ \t]*(?:Upload:.*|Post(?:ed)? on\b.*|TRANSCRIPT|\d+\s+pages?|Page\s+\d+\s*:.*|Skip to content|Published:)[ \t]*(?:\n|$)",
    re.M | re.I,
)


@cache  # the same phrases are asked for again and again, report after report
def _loose(phrase: str) -> str:
    """Return a pattern for a phrase that tolerates stray spaces inside words and any spacing between them."""
    words = phrase.split()
    return r"\s+".join(r"\s?".join(re.escape(ch) for ch in word) for word in words)


_RATING = "(" + "|".join(_loose(r) for r in RATINGS) + ")"


def _rating(found: str) -> str:
    """Return the rating a loosely matched text stands for."""
    squeezed = re.sub(r"\s+", "", found).lower()
    return next(r for r in RATINGS if r.replace(" ", "").lower() == squeezed)


# How each programme's report titles itself, at the start of a line (a cover, a web page's heading, a
# mirror's title); a press release or a council paper names the programme in a sentence instead.
_TITLES = (
    ("hmip-youth-cci", r"(?:Report (?:of|on) (?:the )?)?Core Case Inspection of youth offending work"),
    ("hmip-youth-fji", r"(?:Report (?:of|on) (?:the )?)?Full Joint Inspection of youth offending work"),
    ("hmip-youth-sqs", r"(?:Report (?:of|on) (?:the )?)?Short Quality Screening(?: \(SQS\))? of youth offending work"),
    ("standards", r"An inspection of youth (?:offending|justice) services"),
)
# Adult probation is told by its title alone: a youth report may well mention the probation delivery unit.
_ADULT_TITLE = r"An inspection of probation services in\b"


@cache
def _title_forms() -> tuple[tuple[str, str], ...]:
    """Every title form with what it stands for: a results-only framework's (its file's `title_phrase`), each
    programme's, and adult probation's ("adult")."""
    results = tuple((f, _loose(load_results_framework(f).title_phrase)) for f in results_framework_ids())
    return (*results, *_TITLES, ("adult", _ADULT_TITLE))


@cache
def _titles_pattern() -> re.Pattern[str]:
    """One pattern for every title form, each a named group (t0, t1, ...), so that a text is scanned once."""
    return re.compile(
        r"^[ \t]*(?:" + "|".join(f"(?P<t{i}>{title})" for i, (_, title) in enumerate(_title_forms())) + ")", re.M | re.I
    )


def _title_lines(text: str) -> list[tuple[int, str]]:
    """Return (line number, what the title stands for) of every line that starts with a title, in order.

    A title stands at the start of a line (a cover, a heading, a mirror's title line); a title in a sentence is
    a mention of another report, never this one's."""
    kinds = [kind for kind, _ in _title_forms()]
    found, line, position = [], 0, 0
    for match in _titles_pattern().finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        found.append((line, kinds[int((match.lastgroup or "t0")[1:])]))
    return found


@cache
def _title_years(kind: str) -> tuple[int, int] | None:
    """Return the first and last years in which a title's programme published (None for adult probation)."""
    ids = {"standards": ("hmip-youth-2018", "hmip-youth-2021"), "adult": ()}.get(kind, (kind,))
    spans = [read_yaml(shipped_framework_text(i), source=i).get("years") for i in ids]
    found = [(int(span[0]), int(span[1])) for span in spans if span]
    if not found or len(found) < len(spans):
        return None
    return min(first for first, _ in found), max(last for _, last in found)


def _own_title(text: str, year: int | None = None) -> tuple[str | None, str | None]:
    """Return what the report's own title stands for, and why it is None where it is.

    The report's own title is its first (a cover's, a web page's heading, a mirror's title line, which a
    report's repeats); a title further on is another report's, linked from a page's sidebar or named in a
    list of related reports. Where the first title's programme did not publish in the report's year and a
    later title's did (a link to a 2025 report above a 2023 report's heading), the later one is the
    report's. Where the title has another report's title on the line next to it (a list of links), which
    is the report's own cannot be told, so none is taken."""
    titles = _title_lines(text)
    if not titles:
        return None, None

    def fits(kind: str) -> bool:
        years = _title_years(kind)
        return year is None or years is None or years[0] <= year <= years[1]

    own = next((i for i, (_, kind) in enumerate(titles) if fits(kind)), 0)
    first_line, kind = titles[own]
    lines = text.split("\n")
    neighbours = {first_line - 1, first_line + 1}
    for line, other in titles[max(0, own - 2) : own + 3]:  # a line holds at most one title: its neighbours are near
        if line in neighbours and other != kind and not _same_title(lines[line], lines[first_line]):
            return None, (
                "The programme: the report's title line stands beside another report's title (a list of links), "
                "so which is the report's own cannot be told."
            )
    return kind, None


def detect_programme(text: str, year: int | None = None) -> str:
    """Recognise the inspection programme from the report's own title first, then from what its body states
    (a score out of 36, the earlier programmes' names): never from another report's title it mentions."""
    return _programme(text, year)[0]


def _programme(text: str, year: int | None) -> tuple[str, str | None]:
    """Return the programme ("adult" for adult probation) and why it is unknown where a title leaves it so."""
    kind, why = _own_title(text, year)
    if why:
        return "unknown", why
    flat = re.sub(r"\s+", " ", text).lower()
    if kind == "standards":
        return _standards_framework(flat, year), None
    if kind is not None:
        return kind, None
    # Without a title, a programme named in the body is the report's only where it published in the report's
    # year: a 2023 report may well recall "the core case inspection in 2011".
    for programme, name in (
        ("hmip-youth-cci", "core case inspection"),
        ("hmip-youth-fji", "full joint inspection"),
        ("hmip-youth-sqs", "short quality screening"),
    ):
        years = _title_years(programme)
        if re.search(_loose(name).lower(), flat) and (year is None or years is None or years[0] <= year <= years[1]):
            return programme, None
    if re.search(r"score\s+\d{1,2}\s*/\s*36", flat) or re.search(_loose("annexe 2: inspection results"), flat):
        return _standards_framework(flat, year, scored=True), None
    return "unknown", None


def _standards_framework(flat: str, year: int | None, *, scored: bool = False) -> str:
    """Tell the 2018 framework from the 2021 one: by a standard only 2021 has, else by a score out of 36 (the
    2018 reader's, as before), else by the publication year where only one framework's years hold it."""
    if re.search(_loose("resettlement policy and provision").lower(), flat) or re.search(
        _loose("out-of-court disposal policy and provision").lower(), flat
    ):
        return "hmip-youth-2021"
    if scored:
        return "hmip-youth-2018"
    fits = [f for f, (first, last) in (("hmip-youth-2018", (2018, 2021)), ("hmip-youth-2021", (2021, 2024)))
            if year is not None and first <= year <= last]  # fmt: skip
    return fits[0] if len(fits) == 1 else "unknown"


_MONTH = "(" + "|".join(MONTHS) + ")"


def _month(word: str) -> str:
    return word.capitalize()


def _year_and_date(text: str) -> tuple[int | None, str | None]:
    # Months may be upper-case on a cover ("JUNE 2020"); a mirror's own date ("Post on ...") was dropped.
    found = re.search(r"Publication date:\s*(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\s+((?:19|20)\d\d)", text, re.I)
    if found:
        return int(found.group(3)), f"{int(found.group(1))} {_month(found.group(2))} {found.group(3)}"
    found = re.search(r"HM Inspectorate of Probation,\s+" + _MONTH + r"\s+((?:19|20)\d\d)", text, re.I)
    if found:
        return int(found.group(2)), f"{_month(found.group(1))} {found.group(2)}"
    found = re.search(r"^\s*" + _MONTH + r"\s+((?:19|20)\d\d)\s*$", text, re.M | re.I)
    if found:
        return int(found.group(2)), f"{_month(found.group(1))} {found.group(2)}"
    found = re.search(r"^\s*((?:19|20)\d\d)\s*$", text, re.M)
    return (int(found.group(1)), None) if found else (None, None)


# After "... in" on a title: the service's name, then perhaps the cover's next lines. A line of these ends it:
# the cover's next item, or a heading that follows the title where no blank line does (a PDF's text).
_HEADINGS = (
    "Contents", "Table of contents", "Acknowledgements?", "Introduction", "Ratings", "Foreword", "Executive summary",
    "Summary", "Overview", "Recommendations?", "Background", "Key findings", "Glossary", "Contextual facts",
    "Annexe\\b.*", "Appendix\\b.*", "About (?:this|the) (?:inspection|report)", "Skip to content", "Inspection of\\b.*",
)  # fmt: skip
_AFTER_NAME = re.compile(
    r"^\s*(?:HM Inspectorate of Probation|Her Majesty's|ISBN|Published|Foreword|Publication date|An inspection led by)"
    r"|^\s*(?:" + "|".join(MONTHS) + r")?\s*(?:19|20)\d\d\s*$"
    r"|^\s*(?:" + "|".join(_HEADINGS) + r")\s*:?\s*$",
    re.I,
)
_ANY_TITLE = re.compile(r"^[ \t]*(?:" + "|".join(t for _, t in _TITLES) + r"|An inspection of\b)", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][A-Za-z'.-]*|\(?[A-Z][A-Za-z&'.-]*\)?|and|of|the|upon|on|with|in|&|-|\(?[A-Z&]+\)?)$")
_NAME_REACH = 400  # characters after a title looked at for its name: a name is at most ten words


def _service(text: str, programme: str) -> tuple[str | None, str | None]:
    """Return the service's name from the report's title or cover, cleaned of what conversion glued to it,
    and why it is null where it is: only a name as a title prints it (capitalised words), never a sentence."""
    titles = dict(_TITLES)
    if programme in results_framework_ids():
        title = _loose(load_results_framework(programme).title_phrase)
    elif programme in ("hmip-youth-2018", "hmip-youth-2021"):
        title = titles["standards"] + r"\s+in"
    elif programme in titles:
        title = r"(?:" + titles[programme] + r"|youth offending work)\s+in"
        if programme == "hmip-youth-cci":
            title = r"Report on youth offending work in"
    else:
        return None, None
    names = []
    all_lines = text.split("\n")
    at_line, position = 0, 0
    # The lines after each title are looked at within a bounded reach, so that a text of many title lines is
    # read in linear time; a title repeated on the next line (a mirror's above the report's) is matched too.
    for number, found in enumerate(re.finditer(rf"^[ \t]*{title}:?[ \t]*\n?(?:[ \t]*\n)*", text, re.M | re.I)):
        at_line += text.count("\n", position, found.start())
        position = found.start()
        if _in_a_list(all_lines, at_line):
            if not number:  # the report's own title beside another's: which name is the report's cannot be told
                return None, "The service's name: the report's first title stands beside another title, so not read."
            continue  # after the report's own title, a title beside another is a link to another report
        reach = text[found.end() : found.end() + _NAME_REACH]
        cut = found.end() + _NAME_REACH < len(text)
        if cut:  # the last line may be cut short: it is not looked at
            reach = reach[: reach.rfind("\n")] if "\n" in reach else ""
        lines, ended = [], False
        for line in reach.split("\n"):
            # A name ends at the cover's next item, a heading, a blank line, or a title again (a mirror's or a page's header).
            if _AFTER_NAME.search(line) or not line.strip() or _ANY_TITLE.match(line):
                ended = True
                break
            lines.append(line.strip())
        if cut and not ended:
            continue  # no end in reach: no name of ten words
        name = re.sub(r"\s+", " ", " ".join(lines)).strip(" .,:;")
        words = name.split()
        if name and len(words) <= 10 and all(_NAME_WORD.match(w) for w in words):
            names.append(name)
    if not names:
        return None, "The service's name: no title or cover line names it as a title does, so not read."
    if len(set(names)) > 1:
        return None, f"The service's name: the titles give {' and '.join(sorted(set(names)))}, so none is read."
    return names[0], None


def _in_a_list(lines: list[str], number: int) -> bool:
    """Whether a title line stands beside another report's title (a page's list of related reports)."""
    return any(
        0 <= n < len(lines) and _ANY_TITLE.match(lines[n]) is not None and not _same_title(lines[n], lines[number])
        for n in (number - 1, number + 1)
    )


def _same_title(one: str, other: str) -> bool:
    """Whether two title lines are the same title: in any case, one perhaps going on where the other stops (a
    mirror's lower-cased title with the name above the report's title, whose name is on the next line)."""
    a, b = (re.sub(r"\s+", " ", line).strip().lower() for line in (one, other))
    return a.startswith(b) or b.startswith(a)


def _section(text: str, start: str, end: str) -> str | None:
    """Return the text between two heading lines (matched loosely), or None if the start heading is missing."""
    begins = re.search(rf"^\s*{_loose(start)}\s*$", text, re.M)
    if not begins:
        return None
    ends = re.search(rf"^\s*{_loose(end)}\s*$", text[begins.end() :], re.M)
    return text[begins.end() : begins.end() + ends.start()] if ends else text[begins.end() :]


def report_record(raw_text: str) -> tuple[str, dict[str, Any]]:
    """Return a published report's cleaned text and the record of what every programme's report states
    (programme, service, dates), its figures still empty: the programme's reader fills them."""
    text = normalise(raw_text)
    year, published = _year_and_date(text)
    programme, unknown_why = _programme(text, year)
    adult = programme == "adult"
    programme = "unknown" if adult else programme
    service, why = _service(text, programme)
    record: dict[str, Any] = {
        "programme": programme, "service": service, "year": year, "published": published,
        "partial": False, "overall": None, "standards": {}, "key_questions": {}, "cases": None,
        "headline_scores": None, "criteria": None, "themes": None, "recommendations": [], "notes": [],
    }  # fmt: skip
    if adult:
        record["youth"] = False
        record["notes"].append("An inspection of adult probation services, not a youth inspection: nothing is read from it.")
        return text, record
    if why and programme != "unknown":
        record["notes"].append(why)
    if unknown_why:
        record["notes"].append(unknown_why)
    if year is None:
        record["notes"].append(
            "The year: no 'Publication date:' line, no inspectorate's name with a month and year, and no month and "
            "year or year on a line of its own, so not read (a mirror's own upload and post dates are not the report's)."
        )
    if programme == "unknown" and not unknown_why and re.search(rf"^[ \t]*{dict(_TITLES)['standards']}", text, re.M | re.I):
        record["notes"].append(
            "A standards-framework report by its title, but neither a standard only the 2021 framework has nor a "
            f"publication year only one framework's years hold ({year or 'no year stated'}) tells 2018's from 2021's."
        )
    if programme == "unknown" and re.search(_loose("Inspectorate of Probation"), text):
        # An inspectorate report too short or damaged to recognise: most likely cut short.
        record["partial"] = True
        record["notes"].append("The text is from HM Inspectorate of Probation, but its programme could not be recognised.")
    return text, record


def read_standards_figures(text: str, record: dict[str, Any], framework: Framework) -> None:
    score = re.search(_loose("Score") + r"\s+(\d{1,2})\s*/\s*(36)\b", text)
    overall = re.search(_loose("Overall rating") + r"\s+" + _RATING + r"(?![a-z])", text)
    # A foreword states the overall rating in prose too ("Overall, X YJS is rated as: 'Good'."), sometimes
    # where the table was lost; where the table and the sentences give different ratings, none is read.
    others = tuple(s.name for s in framework.standards if len(s.name.split()) > 1)
    stated = prose_overall_ratings(text, others, year=record["year"], service=record["service"], notes=record["notes"])
    if overall:
        stated.add(_rating(overall.group(1)))
    rating = next(iter(stated)) if len(stated) == 1 else None
    if len(stated) > 1:
        record["notes"].append(f"Overall rating: the text states {' and '.join(sorted(stated))}, so none is read.")
    if score or rating:
        record["overall"] = {
            "rating": rating,
            "score": int(score.group(1)) if score else None,
            "max": int(score.group(2)) if score else None,
        }
    table = _section(text, "Ratings", "Executive summary") or ""
    for line in table.splitlines():
        # A rating may carry the panel's asterisk ("Good*") or a glued footnote digit.
        found = re.match(r"^\s*(\d\.\d)\.?\s+[A-Za-z][A-Za-z ,'&()-]*?\s+" + _RATING + r"\*?\d?\s*$", line)
        if found:
            record["standards"][found.group(1)] = {"rating": _rating(found.group(2))}
    annexe = _section(text, "Annexe 2: Inspection results", "Annexe 3: Glossary")
    for line in (annexe or "").splitlines():
        # "2.1.3. Does assessment ... safe?<TAB>60%*": the figure must close the line, with its % sign.
        found = re.match(r"^\s*(\d\.\d\.\d)\.?\s+.*\?\S*\s+(\d{1,3})\s*%\s*(\*?)\s*$", line)
        if found and 0 <= int(found.group(2)) <= 100:
            record["key_questions"][found.group(1)] = {"percent": int(found.group(2)), "discretion": found.group(3) == "*"}
    court = re.search(_loose("We examined") + r"\s+(\d+)\s+" + _loose("court disposals"), text)
    out_of_court = re.search(_loose("We examined") + r"\s+(\d+)\s+" + _loose("out-of-court disposals"), text)
    if court or out_of_court:
        counts = {
            "court": int(court.group(1)) if court else None,
            "out_of_court": int(out_of_court.group(1)) if out_of_court else None,
        }
        counts["total"] = counts["court"] + counts["out_of_court"] if court and out_of_court else None  # type: ignore[operator]
        record["cases"] = counts
    recommendations = _section(text, "Recommendations", "Background") or ""
    record["recommendations"] = [m.group(1).strip() for m in re.finditer(r"^\s*\d+\.\s+(.+)$", recommendations, re.M)]
    # A report that stops before its glossary, or whose annexe lacks lines, is partial.
    record["partial"] = (
        annexe is None
        or not re.search(r"^\s*Annexe 3:\s*Glossary\s*$", text, re.M)
        or len(record["standards"]) < len(framework.standards)
    )
    if unread := [s.id for s in framework.standards if s.id not in record["standards"]]:
        record["notes"].append(f"Standards {', '.join(unread)}: no line of the ratings table rates them, so not read.")
    if annexe is None:
        record["notes"].append("Key questions: no 'Annexe 2: Inspection results' heading, so none is read.")


# How forewords and press releases state a rating in prose: "was rated as 'Good'", "rated as 'Good.'",
# "which resulted in a rating of 'Requires improvement'", "received an overall rating of 'Good'" (quotes
# are straight by now, single or double: normalise turned curly ones).
_PROSE_RATING = r"(?:\brated(?:\s+as)?:?|\brating\s+of)\s*['\"]\s*" + _RATING + r"\s*\.?\s*['\"]"


@lru_cache(maxsize=4)  # one report's readers ask for its sentences several times
def _sentences(text: str) -> tuple[str, ...]:
    """Return the text's sentences, each on one line: a hard wrap inside a sentence does not split it,
    a blank line (a paragraph's or a heading's end) and a sentence's full stop do."""
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = re.sub(r"\s+", " ", paragraph).strip()
        found += [s for s in re.split(r"(?<=[.!?])['\"]?\s+(?=[A-Z])", flat) if s]
    return tuple(found)


# A sentence about another time: an earlier inspection, a change since then, a rating a service once had.
_EARLIER = re.compile(
    r"\b(?:since|previous(?:ly)?|last inspection|earlier|prior|formerly|once|when it was|up from|down from|"
    r"improved from|compared (?:with|to)|by contrast|last time|at that time|then)\b",
    re.I,
)
_A_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# A service named in a sentence ("Leeds YJS", "Bury and Rochdale Youth Justice Service").
_SERVICE_NAMED = re.compile(
    r"((?:[A-Z][\w'&.-]*\s+(?:(?:and|of|upon|on)\s+)?)+)(?:YJS|YOS|YOT|Youth Justice Service|Youth Offending (?:Service|Team))\b"
)
_QUOTED_RATING = re.compile(r"['\"]\s*" + _RATING + r"\s*\.?\s*['\"]")


def about_another(sentence: str, *, year: int | None, service: str | None) -> str | None:
    """Return why a sentence may be about another inspection than this report's (None if it is not): an
    earlier one ("since", "the last inspection", "when it was"), another year than the report's (any year
    where the report's is not known), another service named, or two different ratings in one sentence."""
    if found := _EARLIER.search(sentence):
        return f"it speaks of another time ({found.group(0)!r})"
    if years := [y for y in _A_YEAR.findall(sentence) if year is None or int(y) != year]:
        return f"it names the year {years[0]}, " + (f"not the report's ({year})" if year else "and the report's is not known")
    named = {re.sub(r"^(?:The|Overall|In|At|And|But)\s+", "", n.strip()) for n in _SERVICE_NAMED.findall(sentence)}
    named = {n for n in named if n and n not in ("The", "Overall", "In", "At")}
    others = [n for n in named if service and n.lower() not in service.lower() and service.lower() not in n.lower()]
    if others or (not service and len(named) > 1):
        return f"it names another service ({sorted(others or named)[0]})"
    ratings = {_rating(m.group(1)) for m in _QUOTED_RATING.finditer(sentence)}
    if len(ratings) > 1:
        return f"it states two ratings ({' and '.join(sorted(ratings))})"
    return None


def _not_read(what: str, sentence: str, why: str) -> str:
    """Return the note that a sentence stating a figure was not read, and why."""
    quoted = sentence if len(sentence) <= 90 else sentence[:87] + "..."
    return f"{what}: the sentence {quoted!r} is not read, since {why}."


def prose_overall_ratings(
    text: str,
    others: tuple[str, ...] = (),
    *,
    year: int | None = None,
    service: str | None = None,
    notes: list[str] | None = None,
) -> set[str]:
    """Return every overall rating a sentence states of this inspection ("Overall, X YJS was rated as 'Good'.").

    Only a sentence that names the overall rating counts ("Overall, ..." or "an overall rating of"), never one
    about another inspection (`about_another`: an earlier one, another year than `year`, a service other than
    `service`, two ratings); and the clause that states the rating must not name one of `others` (a standard or
    area rated separately, such as resettlement): what follows the rating ("..., with strong planning") may."""
    found: set[str] = set()
    for sentence in _sentences(text):
        lower = sentence.lower()
        if not (lower.startswith("overall,") or "overall rating" in lower or "which resulted in a rating of" in lower):
            continue
        if "separately" in lower:
            continue
        if why := about_another(sentence, year=year, service=service):
            if notes is not None and re.search(_PROSE_RATING, sentence):
                notes.append(_not_read("Overall rating", sentence, why))
            continue
        for match in re.finditer(_PROSE_RATING, sentence):
            clause = sentence[: match.end()].lower()
            if not any(o.lower() in clause for o in others):
                found.add(_rating(match.group(1)))
    return found


def prose_overall_rating(
    text: str,
    others: tuple[str, ...] = (),
    *,
    year: int | None = None,
    service: str | None = None,
    notes: list[str] | None = None,
) -> str | None:
    """Return the one overall rating the text's sentences state; None where none does or two disagree."""
    found = prose_overall_ratings(text, others, year=year, service=service, notes=notes)
    return found.pop() if len(found) == 1 else None


def read_results_figures(text: str, record: dict[str, Any], framework: ResultsFramework) -> None:
    """Read a results-only programme's report: the overall rating its foreword states, and each area's
    (or part's) rating where a line of the ratings table or one sentence ties it to the area's name (the
    name, then the rating within the same clause: "Planning was rated as 'Good'")."""
    items = framework.rated_items()
    names = tuple(a.name for a in items)
    year, service = record["year"], record["service"]
    overall = prose_overall_rating(text, names, year=year, service=service, notes=record["notes"])
    if overall:
        record["overall"] = {"rating": overall, "score": None, "max": None}
    sentences = [s for s in _sentences(text) if not about_another(s, year=year, service=service)]
    for item in items:
        line = re.search(rf"^\s*{_loose(item.name)}\s*[:|\t]?\s*" + _RATING + r"\*?\d?\s*$", text, re.M | re.I)
        tied = re.compile(_loose(item.name) + r"[^.;,:'\"]{0,40}?" + _PROSE_RATING, re.I)
        said = {
            _rating(m.group(1))
            for sentence in sentences
            if not any(re.search(_loose(o), sentence, re.I) for o in names if o != item.name and item.name not in o)
            for m in [tied.search(sentence)]
            if m
        }
        if line:
            said.add(_rating(line.group(1)))
        if len(said) == 1:
            record["standards"][item.id] = {"rating": said.pop()}
        elif len(said) > 1:
            record["notes"].append(
                f"{item.name}: the text states more than one rating ({', '.join(sorted(said))}), so none is read."
            )
    missing = [a.name for a in framework.areas if a.id not in record["standards"]]
    if missing:
        record["notes"].append(f"{', '.join(missing)}: no rating tied to the area's name, so not read.")
    record["partial"] = record["overall"] is None or bool(missing)


_COMMENT_WORDS = ("MINIMUM", "MODERATE", "SUBSTANTIAL", "DRASTIC")
_COMMENT = r"(\d{1,3})\s*%\s+(" + "|".join(_loose(w) for w in _COMMENT_WORDS) + r")\s+" + _loose("improvement")


_SCORE = _loose("Score:")
_OVERALL = _loose("OVERALL SCORE:")


def _comment(found: str) -> str:
    return re.sub(r"\s+", "", found)


def _listed_recommendations(text: str) -> list[str]:
    """Return the recommendations listed under "Recommendations for improvement" ("(1) ... (YOS Head of
    Service)"), up to the next heading; none where the heading is not found."""
    section = _section(text, "Recommendations for improvement", "Next steps")
    if section is None:
        return []
    return _numbered_in_order(re.finditer(r"^\s*-?\s*\((\d{1,2})\)\s+(.+)$", section, re.M))


def _numbered_in_order(matches: Iterator[re.Match[str]]) -> list[str]:
    """Return the texts (group 2) of a list numbered 1, 2, 3... (group 1), stopping where the numbering does."""
    found: list[str] = []
    for match in matches:
        if int(match.group(1)) != len(found) + 1:
            break  # numbered out of order: another list, not this one
        found.append(match.group(2).strip())
    return found


def _sample_size(text: str) -> int | None:
    """Return the number of cases a report says it examined, where every such statement gives the same number
    ("a sample of 20 recent cases", "We examined 34 cases", "a representative sample of 57 individual cases",
    "Of the 57 cases we looked at"). Only a count stated as the inspection's whole sample counts: "Of the 12
    cases involving girls", "we looked at 12 cases involving girls" or "In the 11 cases where ..." is a part."""
    verbs = r"(?:looked at|examined|inspected|assessed|reviewed)"
    counts = {
        int(m.group(1) or m.group(2))
        for m in re.finditer(
            r"(?:\bsample of|\b" + verbs + r")\s+(\d{1,4})\s+(?:[a-z]+\s+){0,2}cases\b"
            r"(?!\s+(?:where|that|which|in which|involving|with|concerning|relating|about|for)\b)"
            r"|\b(?:Of|In) the\s+(\d{1,4})\s+(?:[a-z]+\s+){0,2}cases\s+(?:(?:that\s+)?we\s+(?:had\s+)?"
            + verbs
            + r"|(?:in|from) (?:the|our) sample)\b",
            text,
        )
    }
    return counts.pop() if len(counts) == 1 else None


def _prose_headlines(text: str, headlines: dict[str, Any], titles: dict[str, str], record: dict[str, Any]) -> None:
    """Add the headline scores a foreword states in prose ("... was done well enough 68% of the time"), each
    from a sentence naming its theme alone (the title without " score:"); a prose figure that differs from the
    table's leaves the theme's score unread. A sentence about another inspection (`about_another`) is not read."""
    notes = record["notes"]
    names = {theme: re.compile(_loose(re.sub(r"\s*score:?\s*$", "", title, flags=re.I)), re.I) for theme, title in titles.items()}
    for sentence in _sentences(text):
        stated = re.findall(r"done well enough\s+(\d{1,3})\s*%\s+of\s+the\s+time", sentence)
        if not stated:
            continue
        if why := about_another(sentence, year=record["year"], service=record["service"]):
            notes.append(_not_read("Headline scores", sentence, why))
            continue
        named = [t for t, name in names.items() if name.search(sentence)]
        if len(stated) != 1 or len(named) != 1 or int(stated[0]) > 100:
            continue
        theme, figure = named[0], int(stated[0])
        if theme not in headlines:
            headlines[theme] = {"score": figure, "comment": None}
        elif headlines[theme]["score"] != figure:
            notes.append(
                f"Headline {theme}: the table gives {headlines[theme]['score']}%, the foreword {figure}%, so neither is read."
            )
            headlines[theme] = {"score": None, "comment": None, "unread": True}
    for theme in [t for t, v in headlines.items() if v.get("unread")]:
        del headlines[theme]


def read_cci_figures(text: str, record: dict[str, Any], framework: ScoredFramework) -> None:
    """Read a core case inspection's headline, section and criterion scores with their comments."""
    headlines: dict[str, Any] = {}
    # Headline scores sit in the summary table, before the first section's OVERALL SCORE; each is the
    # figure straight after its own "Score: Comment:" line, never one found further on.
    summary_end = re.search(r"^\s*" + _OVERALL, text, re.M)
    summary = text[: summary_end.start()] if summary_end else text
    titles = {t.id: t.score_phrase for t in framework.headline_themes if t.score_phrase}
    for theme, title in titles.items():
        # The first "Score:" after the heading must be this one; a damaged figure there is not replaced by a later one.
        found = re.search(_loose(title) + rf"(?:(?!{_SCORE})[\s\S])*?{_SCORE}\s*{_loose('Comment:')}\s*" + _COMMENT, summary)
        if found and not any(re.search(_loose(other), found.group(0)[len(title) :]) for other in titles.values()):
            headlines[theme] = {"score": int(found.group(1)), "comment": _comment(found.group(2))}
    _prose_headlines(text, headlines, titles, record)
    record["headline_scores"] = headlines or None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if re.match(r"^\s*" + _OVERALL, line)), None)
    criteria: dict[str, Any] = {}
    closed: set[str] = set()
    sections: dict[str, int] = {}
    current: str | None = None
    pending_section: int | None = None
    # A criterion whose heading was lost in conversion is still told by its general criterion statement
    # (the framework file's `statement`), when that stands whole on its own line.
    statements = [(c.id, re.compile(rf"^\s*{_loose(c.statement)}\s*$")) for c in framework.scored_items() if c.statement]
    for line in lines[first or len(lines) :]:
        if re.match(r"^\s*Appendix\s+1", line):
            break
        overall = re.match(r"^\s*" + _OVERALL + r"\s*(\d{1,3})\s*%", line)
        heading = re.match(r"^\s*(\d)\.(\d)\s+[A-Za-z].*:\s*$", line)
        stated = next((c for c, pattern in statements if pattern.match(line)), None)
        if stated and not heading and not overall:
            heading = re.match(r"(\d)\.(\d)", stated)
        scored = re.match(r"^\s*" + _COMMENT, line)
        score_like = re.match(r"^\s*\d{1,3}\s*%", line)
        if overall:
            pending_section, current = int(overall.group(1)), None
        elif heading:
            current = f"{heading.group(1)}.{heading.group(2)}"
            # A section's overall score belongs to the section of the first criterion after it.
            if pending_section is not None:
                sections[heading.group(1)] = pending_section
                pending_section = None
        elif score_like and current and current not in closed:
            # The first score line after a heading is that criterion's, even when damage makes it
            # unreadable: then the criterion has no score, rather than the next criterion's.
            closed.add(current)
            if scored:
                criteria[current] = {"score": int(scored.group(1)), "comment": _comment(scored.group(2))}
    record["criteria"] = criteria or None
    record["sections"] = sections or None
    cases = re.search(r"examination of\s+(\d+)\s+cases", text)
    if cases:
        record["cases"] = {"court": None, "out_of_court": None, "total": int(cases.group(1))}
    record["recommendations"] = _listed_recommendations(text)
    missing = sorted({c.id for c in framework.scored_items()} - set(criteria))
    if missing:
        record["notes"].append(f"Criteria {', '.join(missing)}: no score under a heading naming them, so not read.")
    record["partial"] = len(headlines) < len(framework.headline_themes) or len(sections) < len(framework.sections)


_JUDGEMENT = r"\s+(good|satisfactory|unsatisfactory|poor)\b"


def _prose_judgement(text: str, phrase: str | None, others: list[str | None], record: dict[str, Any]) -> str | None:
    """Return the judgement a press release's sentence gives a theme ("work to reduce reoffending was
    satisfactory"), where one sentence names the theme's work alone and one judgement right after it, and is
    not about another inspection (`about_another`: "At the last inspection in 2012, ... was poor")."""
    if not phrase:
        return None
    pattern = re.compile(
        _loose(phrase) + r"[^.;]{0,60}?\s+(?:was|were|is|are)\s+(?:judged\s+(?:to\s+be\s+|as\s+)?)?'?"
        r"(good|satisfactory|unsatisfactory|poor)\b(?!\s+enough)",
        re.I,
    )
    found: set[str] = set()
    other = re.compile("|".join(_loose(o) for o in others if o), re.I) if any(others) else None
    for sentence in _sentences(text):
        if other is not None and other.search(sentence):
            continue
        said = [m.group(1).lower() for m in pattern.finditer(sentence)]
        if said and (why := about_another(sentence, year=record["year"], service=record["service"])):
            record["notes"].append(_not_read("Themes", sentence, why))
            continue
        found.update(said)
    return found.pop() if len(found) == 1 else None


def read_fji_figures(text: str, record: dict[str, Any], framework: ScoredFramework) -> None:
    """Read a full joint inspection's case assessment score and judgement per theme."""
    themes: dict[str, Any] = {}
    for item in framework.themes:
        theme, work, judged = item.id, item.score_phrase, item.judgement_phrase
        # "overall 71% of work to protect children and young people and reduce ... was done well enough"
        pattern = r"overall\s+(\d{1,3})\s*%\s+of\s+" + _loose(work) + r"[^.]*?\s+was done well enough" if work else None
        score = re.search(pattern, text) if pattern else None
        judgement = re.search(_loose(judged) + _JUDGEMENT, text, re.I) if judged else None
        word = judgement.group(1).lower() if judgement else None
        said = _prose_judgement(text, item.score_phrase, [t.score_phrase for t in framework.themes if t.id != theme], record)
        if word and said and word != said:
            record["notes"].append(f"Theme {theme}: judged {word} in one place and {said} in another, so neither is read.")
            word = None
        word = word or (said if not judgement else None)
        if score or word:
            themes[theme] = {"score": int(score.group(1)) if score else None, "judgement": word}
    record["themes"] = themes or None
    # "Recommendations" then numbered lines, in order, up to the contents page that follows them.
    section = _section(text, "Recommendations", "Contents") or ""
    record["recommendations"] = _numbered_in_order(re.finditer(r"^\s*(\d{1,2})\.\s+(.+)$", section, re.M))
    total = _sample_size(text)
    if total is not None:
        record["cases"] = {"court": None, "out_of_court": None, "total": total}
    record["partial"] = len(themes) < len(framework.themes)
    if unread := [t.id for t in framework.themes if t.id not in themes]:
        record["notes"].append(f"Themes {', '.join(unread)}: no score or judgement tied to the theme's name, so not read.")


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.index(word.lower()) + 1


def _count_in(sentence: str) -> dict[str, Any] | None:
    """Return the count a sentence states: "all but 3 of 22" is 19 of 22; "all but one" has no total."""
    all_but_of = re.search(r"\ball but (\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(?:of\s+)?(?:the\s+)?(\d+)(?=\D)", sentence, re.I)
    if all_but_of:
        missing, total = _number(all_but_of.group(1)), int(all_but_of.group(2))
        return {"count": total - missing, "total": total} if missing <= total else None
    # (?=\D): a number that ends where the text ends may have been cut ("24" to "2"), so it is not read.
    explicit = re.search(r"\b(\d+)\s+(?:out\s+)?of\s+(?:the\s+)?(\d+)(?=\D)", sentence)
    if explicit and int(explicit.group(1)) <= int(explicit.group(2)):
        return {"count": int(explicit.group(1)), "total": int(explicit.group(2))}
    all_but = re.search(r"\ball but (\d+|" + "|".join(_NUMBER_WORDS) + r")\b", sentence, re.I)
    if all_but:
        return {"count": None, "total": None, "all_but": _number(all_but.group(1))}
    return None


def read_sqs_figures(text: str, record: dict[str, Any], framework: ScoredFramework) -> None:
    """Read a short quality screening's counts where its commentary states them, per numbered paragraph."""
    counts = []
    for found in re.finditer(r"^\s*-?\s*(\d\.\d+)\.\s+(.+)$", text, re.M):
        paragraph, body = found.group(1), found.group(2)
        for sentence in re.split(r"(?<=[.!?])\s+", body):
            item = _count_in(sentence)
            if item is not None:
                counts.append({"paragraph": paragraph, **item, "text": sentence.strip()})
    record["counts"] = counts or None
    total = _sample_size(text)
    if total is not None:
        record["cases"] = {"court": None, "out_of_court": None, "total": total}
    # A screening comments on four themes; a text without the last of them was cut short.
    record["partial"] = not re.search(r"^\s*4\.\s+" + _loose("Ensuring that the sentence is served"), text, re.M | re.I)


@dataclass(frozen=True)
class Disagreement:
    """A stated figure or rating that the framework's rules do not reproduce, and why."""

    item: str
    stated: str
    by_rules: str
    explanation: str


def check_report(record: dict[str, Any], framework: Framework) -> list[Disagreement]:
    """Recompute ratings from the stated percentages by the framework's rules; list every disagreement."""
    found: list[Disagreement] = []
    percents: dict[str, dict[str, Any]] = record["key_questions"]
    for standard in framework.standards:
        stated = record["standards"].get(standard.id, {}).get("rating")
        figures = [(q.id, percents[q.id]) for q in standard.key_questions if q.id in percents]
        if not figures or stated is None:
            continue
        decider_id, decider = deciding(figures, lambda item: item[1]["percent"]) or figures[0]
        by_rules = band_for(Fraction(decider["percent"]), framework.bands).rating.value
        if by_rules != stated:
            discretion = any(v["discretion"] for _, v in figures)
            why = f"the lowest key question, {decider_id}, is {decider['percent']}% ({by_rules}); " + (
                "the report marks professional discretion by the ratings panel" if discretion else "no discretion is marked"
            )
            found.append(Disagreement(f"standard {standard.id}", stated, by_rules, why))
    cases = record.get("cases") or {}
    for question_id, value in percents.items():
        if framework.key_question(question_id) is None:
            continue
        answered_by = framework.domain_of(framework.standard_of(question_id).id).population
        population = answered_by.value if answered_by is not None else ""
        total = cases.get(population)
        if total and not reproducible_percent(value["percent"], total, framework.percentages.rounding):
            found.append(Disagreement(
                f"key question {question_id}", f"{value['percent']}%", "not reproducible",
                f"no count of up to {total} {population.replace('_', '-')} cases rounds to {value['percent']}%",
            ))  # fmt: skip
    overall = record.get("overall") or {}
    ratings = [record["standards"].get(s.id, {}).get("rating") for s in framework.standards if s.counts_towards_overall]
    if overall.get("score") is not None and all(ratings):
        score = overall_points(framework, (Rating(r) for r in ratings))
        if score != overall["score"]:
            found.append(
                Disagreement(
                    "overall score", str(overall["score"]), str(score), "the standards' points do not add up to the stated score"
                )
            )
    if overall.get("score") is not None and overall.get("rating"):
        banded = overall_band(framework, overall["score"]).value
        if banded != overall["rating"]:
            found.append(
                Disagreement("overall rating", overall["rating"], banded, f"a score of {overall['score']} is banded {banded}")
            )
    return found


def check_cci_report(record: dict[str, Any], framework: ScoredFramework) -> list[Disagreement]:
    """Check every printed improvement comment against the framework's cut-points for its score."""
    found = []
    for kind, scores in (("headline", record.get("headline_scores") or {}), ("criterion", record.get("criteria") or {})):
        for item, value in scores.items():
            expected = comment_for(framework, value["score"])
            if value["comment"] is not None and expected != value["comment"]:  # a score stated in prose has none
                found.append(Disagreement(f"{kind} {item}", value["comment"], expected,
                                          f"{value['score']}% falls in the {expected} band of the (unverified) cut-points"))  # fmt: skip
    return found


def check_fji_report(record: dict[str, Any], framework: ScoredFramework) -> list[Disagreement]:
    """Check a full joint inspection's judgements: the rule from score to judgement is not public, so
    only that every theme has one of the four judgements, and that only case-based themes carry a score."""
    found = []
    themes = record.get("themes") or {}
    allowed = ", ".join(framework.judgements)
    for theme in framework.themes:
        value = themes.get(theme.id) or {}
        judgement, score = value.get("judgement"), value.get("score")
        if judgement is None:
            found.append(Disagreement(f"theme {theme.id}", "not stated", f"one of {allowed}",
                                      "no judgement for this theme could be read from the text"))  # fmt: skip
        elif judgement not in framework.judgements:
            found.append(Disagreement(f"theme {theme.id}", str(judgement), f"one of {allowed}",
                                      "a full joint inspection judges each theme with one of four words"))  # fmt: skip
        if score is not None and not theme.case_based:
            found.append(Disagreement(f"theme {theme.id}", f"{score}%", "no case score",
                                      f"{theme.name} is judged without a case assessment score"))  # fmt: skip
    return found


def disagreements_record(found: list[Disagreement]) -> list[dict[str, str]]:
    """Return disagreements as JSON-ready dicts."""
    return [asdict(d) for d in found]
