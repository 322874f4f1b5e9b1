"""The damage real copies of published reports carry (issue 14, item 1), as functions of a report's text.

Each takes the text and a random source and returns the text as a PDF mirror, HMIP's web page or a
careless conversion would give it; tests combine them over the seeds and over openings written here.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from yjinspect.importing.published_reports import MONTHS

LICENCE = (
    "Skip to content\n\nAll content is available under the Open Government Licence v3.0, except where otherwise stated.\n\n"
    "To view this licence, visit:\nhttps://nationalarchives.gov.uk/doc/open-government-licence/version/3\n\n"
    "or write to:\nInformation Policy Team,\nThe National Archives,\nKew,\nLondon TW9 4DU\n\n"
    "This publication is available at:\nhttps://hmiprobation.justiceinspectorates.gov.uk.\n\n"
)


def _title_line(text: str) -> str:
    """Return the report's title line (the first line naming an inspection), or its first words."""
    for line in text.splitlines():
        if re.search(r"inspection of|screening|inspection led", line, re.I) and len(line) < 160:
            return line.strip()
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def mirror_furniture(text: str, rng: random.Random) -> str:
    """A PDF mirror's page: its lower-cased title, a page count, its upload and post dates (not the
    report's), "TRANSCRIPT", and "Page N: <snippet>" lines repeating text from elsewhere in the report."""
    lines = text.splitlines()
    day = rng.randint(1, 28)
    head = (
        f"{_title_line(text).lower()}\n{rng.randint(8, 90)} pages\nUpload: 2023-0{rng.randint(1, 9)}-{day:02d}\n"
        f"Post on {day} {rng.choice(MONTHS)} 2023\nTRANSCRIPT\n"
    )
    out, page = [], 1
    for index, line in enumerate(lines):
        if index and index % rng.randint(25, 60) == 0:
            snippet = rng.choice([w for w in lines if w.strip()] or [""])[: rng.randint(20, 70)]
            out.append(f"Page {page}: {snippet}")
            page += 1
        out.append(line)
    return head + "\n".join(out)


def html_boilerplate(text: str, rng: random.Random) -> str:
    """HMIP's web page: site boilerplate and the licence first, "Published:" without its date, and every
    short heading marked "(Back to top)"."""
    marked = [
        f"{line} (Back to top)" if re.fullmatch(r"[A-Z][A-Za-z' ]{2,40}", line.strip()) and rng.random() < 0.7 else line
        for line in text.splitlines()
    ]
    return LICENCE + _title_line(text) + "\n\nPublished:\n\n" + "\n".join(marked)


def glued_cover(text: str, rng: random.Random) -> str:
    """A cover whose lines ran together: "<Area>HM Inspectorate of Probation, June 2020", "2012ISBN: 978-..."."""
    text = re.sub(r"(\S)[ \t]*\n(?:[ \t]*\n)*(HM Inspectorate of Probation,)", r"\1\2", text, count=1)
    return re.sub(r"(ISBN:[^\n]*)\n(?:[ \t]*\n)*((?:19|20)\d\d)[ \t]*\n", r"\2\1\n", text, count=1)


def upper_case_months(text: str, rng: random.Random) -> str:
    """A cover's month in capitals ("JUNE 2020")."""
    return re.sub(r"\b(" + "|".join(MONTHS) + r")(?=\s+(?:19|20)\d\d)", lambda m: m.group(1).upper(), text)


def footnote_markers(text: str, rng: random.Random) -> str:
    """Footnote markers in every form: "[1]" after a full stop or a word, "1" glued to either, or between
    two sentences; added after some sentences and some lower-case words."""

    def mark(match: re.Match[str], forms: tuple[str, ...]) -> str:
        number = rng.randint(1, 12)
        return match.group(1) + rng.choice(forms).format(number) + match.group(2)

    # After a sentence, a marker may stand apart ("Wales. 1 In this"); inside one it is glued to its word
    # ("offence1", "offence[1]"): a number standing between two words would be a figure, not a marker.
    text = re.sub(r"([a-z]\.)( (?=[A-Z]))", lambda m: mark(m, ("[{}]", "{}", " {}")) if rng.random() < 0.3 else m.group(0), text)
    return re.sub(r"(\b[a-z]{4,})( (?=[a-z]))", lambda m: mark(m, ("[{}]", "{}")) if rng.random() < 0.05 else m.group(0), text)


def replacement_apostrophes(text: str, rng: random.Random) -> str:
    """U+FFFD where an apostrophe was."""
    return re.sub(r"(?<=[A-Za-z])['\u2019](?=[A-Za-z])", "\ufffd", text)


def dashes_as_oe(text: str, rng: random.Random) -> str:
    """ "Œ" where a dash was (a dash read in the wrong encoding)."""
    return re.sub(r"(?<=[\s\d])[-\u2013\u2014](?=[\s\d])", "\u0152", text)


def hard_wraps(text: str, rng: random.Random) -> str:
    """Lines broken inside sentences at about 60 to 90 characters, as a text copy of a PDF page gives them."""
    out = []
    for line in text.splitlines():
        rest = line
        while len(rest) > 90:
            cut = rest.rfind(" ", 0, rng.randint(60, 90))
            if cut <= 0:
                break
            out.append(rest[:cut])
            rest = rest[cut + 1 :]
        out.append(rest)
    return "\n".join(out)


SIDEBAR = (
    "Related reports\n"
    "An inspection of youth justice work with children and victims in Wirral\n"
    "An inspection of youth justice services in Bradford\n"
    "Full Joint Inspection of youth offending work in Kent\n"
    "An inspection of probation services in: Northmoor PDU\n"
)
_TITLE_NAME = re.compile(
    r"^[ \t]*(?:An inspection of youth \w+ services in|Report on youth offending work in:?|(?:Core Case|Full Joint) Inspection "
    r"of youth offending work in|Short Quality Screening(?: \(SQS\))? of youth offending work in)[ \t]*(?:\n(?:[ \t]*\n)*)?[^\n]*\S",
    re.M | re.I,
)


def sidebar(text: str, rng: random.Random) -> str:
    """A web page's sidebar after the report: a list of links to other reports by their titles (other
    programmes, other services, adult probation)."""
    return text + "\n\n" + SIDEBAR


def heading_after_title(text: str, rng: random.Random) -> str:
    """A PDF's text where the title's name runs straight into the next heading, no blank line between."""
    return _TITLE_NAME.sub(
        lambda m: m.group(0) + "\n" + rng.choice(("Contents", "Acknowledgements", "Introduction", "Ratings")), text
    )


def _paragraph_into_body(text: str, paragraph: str, rng: random.Random) -> str:
    """Insert a paragraph at a paragraph break somewhere in the second half of the text."""
    breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n", text) if m.end() > len(text) // 2]
    at = rng.choice(breaks) if breaks else len(text)
    return text[:at] + paragraph + "\n\n" + text[at:]


def earlier_ratings(text: str, rng: random.Random) -> str:
    """A paragraph about the last inspection and another service: ratings, judgements, a headline score and a
    subgroup's count that are not this report's."""
    return _paragraph_into_body(
        text,
        "Overall, the service has improved since 2009, when it was rated as 'Inadequate'. At the last inspection in "
        "2009, work to reduce reoffending was poor. In 2009 Safeguarding work was done well enough 12% of the time. "
        "By contrast Bradford YJS was rated as 'Outstanding'. Of the 9 cases involving girls, most had a plan.",
        rng,
    )


def pdu_mention(text: str, rng: random.Random) -> str:
    """A youth report's mention of the probation delivery unit (it works with adult probation)."""
    return _paragraph_into_body(
        text, "Staff work closely with the local probation delivery unit on transitions to adult services.", rng
    )


DAMAGE: dict[str, Callable[[str, random.Random], str]] = {
    "sidebar": sidebar,
    "heading after title": heading_after_title,
    "earlier ratings": earlier_ratings,
    "PDU mention": pdu_mention,
    "mirror": mirror_furniture,
    "html": html_boilerplate,
    "glued cover": glued_cover,
    "upper-case months": upper_case_months,
    "footnotes": footnote_markers,
    "U+FFFD": replacement_apostrophes,
    "Œ": dashes_as_oe,
    "hard wraps": hard_wraps,
}


def damaged(text: str, forms: list[str], rng: random.Random) -> str:
    """Return the text with the named damage applied in the given order."""
    for form in forms:
        text = DAMAGE[form](text, rng)
    return text
