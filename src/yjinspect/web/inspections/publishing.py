"""The report as it stands, read: the composed document, the narrative, the shared draft, what stops publishing.

Nothing here writes; the report's writes (narrative, sharing, comments, publishing) are in
`services/report.py`.
"""

from __future__ import annotations

import hashlib
import html as html_text
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from yjinspect.programmes.base import NarrativeField
from yjinspect.reporting.document import ReportDocument, block_runs
from yjinspect.reporting.renderers.html import TO_BE_WRITTEN, to_html
from yjinspect.web.inspections.models import (
    AssessmentState,
    DraftComment,
    Inspection,
    Report,
    ReportVersion,
    SampledCase,
    SampleState,
)
from yjinspect.web.inspections.selectors import programme_of, report_inputs


def report_document(inspection: Inspection, *, draft: bool = True) -> ReportDocument:
    """Compose the report from the inspection as it stands, with the team's narrative (rated once)."""
    inputs = report_inputs(inspection, draft=draft)
    return programme_of(inspection).compose(inputs)


def report_of(inspection: Inspection) -> Report:
    """Return the report's narrative record; an empty, unsaved one until the narrative is first saved."""
    return Report.objects.filter(inspection=inspection).first() or Report(inspection=inspection)


def shared_draft(inspection: Inspection) -> ReportVersion | None:
    """Return the latest draft shared with the service, if any."""
    return inspection.report_versions.filter(kind=ReportVersion.Kind.DRAFT).order_by("-number").first()


# A numbered paragraph or list item (its visible number, in a draft, is not part of its text); in the outline, a heading too.
_NUMBERED = r'<(p|li) id="(p-\d+)"[^>]*>(?:<span class="paragraph-number">.*?\d+</span> )?(.*?)</\{group}>'
_PARAGRAPH = re.compile(_NUMBERED.format(group=1), re.S)
_OUTLINE = re.compile(r'<h([1-6]) id="(h-[^"]*)">(.*?)</h\1>|' + _NUMBERED.format(group=4), re.S)


def _plain(html: str) -> str:
    """Return a piece of the frozen HTML as plain text: tags out, entities back to characters (escaped once, where shown)."""
    return html_text.unescape(re.sub(r"<[^>]+>", "", html))


def draft_paragraphs(version: ReportVersion) -> list[tuple[str, str]]:
    """Return (paragraph id, text) for every numbered paragraph and list item of a frozen draft, in reading order."""
    return [(pid, _plain(body)) for _, pid, body in _PARAGRAPH.findall(version.html)]


def draft_outline(version: ReportVersion) -> list[dict[str, Any]]:
    """Return a frozen draft's headings and numbered paragraphs in reading order, as plain text: what the
    draft page shows, each paragraph with its number, so the service can say which one a comment is about."""
    outline: list[dict[str, Any]] = []
    for match in _OUTLINE.finditer(version.html):
        level, hid, heading, _, pid, body = match.groups()
        if heading is not None:
            if hid not in ("h-title", "h-contents"):  # the draft page names the report; the contents hold no text
                outline.append({"heading": _plain(heading), "level": int(level)})
        else:
            outline.append({"id": pid, "number": int(pid.removeprefix("p-")), "text": _plain(body)})
    return outline


def publishing_problems(inspection: Inspection, *, document: ReportDocument | None = None, result: Any = None) -> list[str]:
    """List everything that stops the report being published (`document` and `result`: the report to be
    published and the rating it was composed from, composed here if not given)."""
    problems = []
    unresolved = DraftComment.objects.filter(version__inspection=inspection, resolved_at=None).count()
    if unresolved:
        problems.append(f"{unresolved} factual accuracy comment(s) are not resolved.")
    shared = shared_draft(inspection)
    if shared is None:
        problems.append("The draft has not been shared with the service for the factual accuracy check.")
    elif PLACEHOLDER_MARK in shared.html:
        # The service checks the facts of the whole report: a part it never saw was never checked.
        problems.append(
            f"Draft {shared.number}, the one the service checked, still had parts to be written: "
            "share the draft again now that every part is written."
        )
    sampled = inspection.cases.filter(sample_state=SampleState.SAMPLED)
    waiting = [c.case_ref for c in sampled if c.state != AssessmentState.ACCEPTED]
    if waiting:
        problems.append(f"Not every case is accepted: {', '.join(waiting[:10])}{' and more' if len(waiting) > 10 else ''}.")
    narrative = report_of(inspection).narrative
    texts: dict[str, Any] = narrative.get("practice_example_texts") or {}
    for case in sampled.filter(practice_example=True):
        problems.extend(practice_example_problems(case, texts.get(case.case_ref) or {}))
    if document is None or result is None:
        inputs = report_inputs(inspection, draft=False)
        document, result = programme_of(inspection).compose(inputs), inputs.result
    problems.extend(
        f"A ratings panel decision no longer stands: {why}; withdraw it or record it again."
        for why in programme_of(inspection).lapsed_decisions(result)
    )
    problems.extend(identifying_problems(inspection, document))
    problems.extend(date_problems(inspection, timezone.localdate()))
    problems.extend(unwritten_problems(document))
    return list(dict.fromkeys(problems))  # a practice example's own checks and the general one may agree


PLACEHOLDER_MARK = f'class="{TO_BE_WRITTEN}"'  # how the HTML renderer marks words standing in for narrative


def unwritten_problems(document: ReportDocument) -> list[str]:
    """List every place the report still waits for the team's words: a published report never holds a placeholder."""
    return [f"Still to be written: {place.text} (in {place.section})." for place in document.unwritten()]


def date_problems(inspection: Inspection, published_on: date) -> list[str]:
    """Refuse a publication date that makes no sense for the inspection's dates: a report is published after
    its fieldwork. The inspection records when fieldwork starts, not when it ends; fieldwork lasts at least
    its first day, so a report published on or before that day would be published before fieldwork ended."""
    if published_on <= inspection.fieldwork_start:
        return [
            f"Fieldwork starts on {inspection.fieldwork_start:%-d %B %Y}: the report cannot be published before fieldwork "
            f"has ended (it would be published on {published_on:%-d %B %Y})."
        ]
    return []


# --- what would identify a child --------------------------------------------------------------------


class _Identifiers:
    r"""Every case reference and recorded real name of the inspection's cases (sampled, reserve and replaced
    alike), and every other reference of the service's caseload return, to look for in text.

    The team's words are searched ignoring case. In what the composer adds, a name is searched as written
    (or capitalised), so that a name which is also a word ("Will", "Hope") does not match the framework's
    wording; a drawn case's reference is searched ignoring case everywhere. A reference of the caseload
    that was not drawn is searched in the team's words only: the composer never prints one, and a short
    one could be mistaken for a figure.

    References are looked up, not searched one by one: a caseload has up to 100,000 of them, and a
    pattern each made the report page take seconds. At each place a word may start, the text's next
    characters are compared with the references of each length (as `(?<!\w)reference(?!\w)` would)."""

    def __init__(self, inspection: Inspection) -> None:
        self.references: dict[str, tuple[str, bool]] = {}  # lower-cased -> (as recorded, drawn)
        self.names: list[tuple[re.Pattern[str], re.Pattern[str], str]] = []  # (team's words, composer's, case)
        for ref, real_names in inspection.cases.values_list("case_ref", "real_names"):
            self.references[ref.lower()] = (ref, True)
            for name in {n.strip() for n in real_names.split(",")} - {""}:
                as_written = rf"(?<!\w)(?:{re.escape(name)}|{re.escape(name.title())})(?!\w)"
                self.names.append((_whole_word(name), re.compile(as_written), ref))
        for other in inspection.caseload.values_list("case_ref", flat=True):
            self.references.setdefault(other.lower(), (other, False))
        self.lengths = sorted({len(r) for r in self.references})
        # Where a reference may start: at a word's first character, or at the odd first character that is
        # not a letter or digit ("-12/"), wherever it stands after something that is not part of a word.
        odd = "".join(sorted({re.escape(r[0]) for r in self.references if r and not _is_word(r[0])}))
        self.starts = re.compile(rf"(?<!\w)(?:\w|[{odd}])" if odd else r"(?<!\w)\w")

    def found(self, text: str, *, composed: bool) -> Iterator[tuple[str, str]]:
        """Yield (case reference, "reference" or "real name") for each identifier the text holds."""
        lowered = text.lower()
        if self.references:
            for start in self.starts.finditer(lowered):
                i = start.start()
                for length in self.lengths:
                    end = i + length
                    if end > len(lowered) or (end < len(lowered) and _is_word(lowered[end])):
                        continue
                    hit = self.references.get(lowered[i:end])
                    if hit is not None and (hit[1] or not composed):
                        yield hit[0], "reference"
        for team_words, composer_words, ref in self.names:
            if (composer_words if composed else team_words).search(text):
                yield ref, "real name"


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _whole_word(text: str) -> re.Pattern[str]:
    # Not \b: a reference or name may start or end with a character that is not a letter (O'Brien-, YJ-12/).
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.I)


def _problem(where: str, ref: str, what: str) -> str:
    if where == f"The practice example for case {ref}":  # worded as the practice example's own check words it
        whose = "the case's reference number" if what == "reference" else "a name recorded as a real name"
        return f"{where} contains {whose}."
    if what == "reference":
        return f"{where} contains case {ref}'s reference number."
    return f"{where} contains a name recorded as a real name (in case {ref})."


def narrative_texts(narrative: Any, fields: Sequence[NarrativeField]) -> Iterator[tuple[str, str]]:
    """Yield (box, text) for every string in the saved narrative, however deep, named by the label of the
    narrative form's box it belongs to (or by its place, for what no box of the form names)."""

    def walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, int | float) and not isinstance(item, bool):  # counts: the team named the key
                    yield path, f"{key}: {item}"
                else:
                    yield from walk(item, (*path, str(key)))
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item, path)
        elif isinstance(value, str):
            yield path, value

    by_length = sorted(fields, key=lambda f: len(f.key), reverse=True)
    for path, text in walk(narrative, ()):
        field = next((f for f in by_length if path[: len(f.key)] == f.key), None)
        yield _box_name(path, field), text


_EXAMPLE = "Practice example for case "


def history_box_name(box: NarrativeField) -> str:
    """Return what the history calls a box of the narrative form (as narrative_boxes names it)."""
    return _box_name(box.key, box if box.key[0] != "practice_example_texts" else None)


def _box_name(path: tuple[str, ...], field: NarrativeField | None) -> str:
    if field is not None:
        return field.label
    if len(path) >= 2 and path[0] == "practice_example_texts":
        return f"{_EXAMPLE}{path[1]}"
    words = " \u203a ".join(p.replace("_", " ") for p in path) or "narrative"
    return f"{words[:1].upper()}{words[1:]}"


def narrative_boxes(inspection: Inspection, narrative: Any) -> dict[str, str]:
    """Return each box of a narrative and its text (a box of lines or tagged lines as one line each)."""
    boxes: dict[str, list[str]] = {}
    for box, text in narrative_texts(narrative, programme_of(inspection).narrative_fields()):
        boxes.setdefault(box, []).append(text)
    return {box: "\n".join(texts) for box, texts in boxes.items()}


def identifying_problems(inspection: Inspection, document: ReportDocument) -> list[str]:
    """List every place where the narrative, the composed report or its HTML file (the PDF is printed from the
    same HTML, the Word file from the same document) names a case reference or a name recorded as real.

    The messages name the box and the case, never the real name itself."""
    identifiers = _Identifiers(inspection)
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()

    def look(where: str, text: str, *, composed: bool) -> None:
        for ref, what in identifiers.found(text, composed=composed):
            if composed and (ref, what) in seen:  # the narrative's box is named already
                continue
            problems.append(_problem(where, ref, what))
            seen.add((ref, what))

    for box, text in narrative_texts(report_of(inspection).narrative, programme_of(inspection).narrative_fields()):
        look(f"The p{box[1:]}" if box.startswith(_EXAMPLE) else f"The box \u201c{box}\u201d", text, composed=False)
    # What the composer adds (offence types recorded on cases, tables, the title page, the HTML file's head)
    # goes through the same check, once per identifier the narrative did not already show.
    for section in document.walk():  # runs apart: a table's cells must not run into one word
        runs = " ".join(run.text for block in section.blocks for run in block_runs(block))
        look(f"The report's section \u201c{section.title}\u201d", f"{section.title} {runs}", composed=True)
    look(
        "The report's title page",
        " ".join([document.title, document.subtitle, document.service, document.date_line]),
        composed=True,
    )
    look("The report's HTML file", html_text.unescape(re.sub(r"<[^>]+>", " ", to_html(document))), composed=True)
    return list(dict.fromkeys(problems))


def practice_example_problems(case: SampledCase, example: dict[str, Any]) -> list[str]:
    """Refuse a practice example that prints the case reference or a recorded real name."""
    printed = f"{case.pseudonym} {example.get('text', '')}"
    problems = []
    if re.search(rf"\b{re.escape(case.case_ref)}\b", printed, re.I):
        problems.append(f"The practice example for case {case.case_ref} contains the case's reference number.")
    for name in (n.strip() for n in case.real_names.split(",")):
        if name and re.search(rf"\b{re.escape(name)}\b", printed, re.I):
            problems.append(f"The practice example for case {case.case_ref} contains a name recorded as a real name.")
    return problems


def published_version(inspection: Inspection) -> ReportVersion | None:
    return inspection.report_versions.filter(kind=ReportVersion.Kind.PUBLISHED).order_by("-number").first()


# --- each frozen file's own SHA-256 ------------------------------------------------------------------


def file_digests(html: str, pdf: bytes | None, docx: bytes | None) -> dict[str, str]:
    """Return each file's SHA-256, as a frozen report version keeps them (blank for a file not rendered)."""
    return {
        "html_sha256": hashlib.sha256(html.encode()).hexdigest(),
        "pdf_sha256": hashlib.sha256(pdf).hexdigest() if pdf else "",
        "docx_sha256": hashlib.sha256(docx).hexdigest() if docx else "",
    }


class FileIntegrityError(Exception):
    """A stored report file no longer matches the SHA-256 taken when it was frozen."""


def verified_file(version: ReportVersion, file_format: str) -> tuple[bytes, str] | None:
    """Return a frozen file's content and SHA-256 after checking it against the digest kept at freezing;
    None if the version has no such file. Raise FileIntegrityError if the stored file was changed since."""
    stored: bytes | None = {
        "html": version.html.encode(),
        "pdf": bytes(version.pdf) if version.pdf else None,
        "docx": bytes(version.docx) if version.docx else None,
    }.get(file_format)
    if stored is None:
        return None
    kept = str(getattr(version, f"{file_format}_sha256"))
    actual = hashlib.sha256(stored).hexdigest()
    if not kept or actual != kept:
        raise FileIntegrityError(
            f"report version {version.pk} ({version.get_kind_display()} {version.number}), {file_format} file: "
            f"SHA-256 {actual} does not match the {kept or 'missing'} kept when it was frozen"
        )
    return stored, kept
