"""Render a report as one standalone HTML file (also the input WeasyPrint turns into the PDF)."""

from __future__ import annotations

from html import escape

from yjinspect.reporting.document import (
    Block,
    BulletList,
    Chart,
    Inline,
    Narrative,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    ToBeWritten,
)
from yjinspect.reporting.renderers import RenderedFile, file_stem, xml_safe

MEDIA_TYPE = "text/html; charset=utf-8"

STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; line-height: 1.45; margin: 0 auto; max-width: 60em; padding: 1em 1.5em; }
p, li, td, th, figcaption { overflow-wrap: break-word; }
h1 { font-size: 1.8em; margin: 1.6em 0 0.5em; } h2 { font-size: 1.35em; margin: 1.4em 0 0.4em; } h3 { font-size: 1.1em; }
.title-page h1 { font-size: 2.2em; margin-top: 0.5em; } .title-page .subtitle { font-size: 1.2em; color: #505a5f; }
.draft { border: 3px solid #d4351c; padding: 0.4em 0.8em; font-weight: bold; display: inline-block; }
table { border-collapse: collapse; margin: 0.8em 0 1.2em; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
td.numeric, th.numeric { text-align: right; white-space: nowrap; }
tbody th { font-weight: normal; } th.row-group { background: #f3f2f1; font-weight: bold; }
.placeholder { background: #fff7bf; border-left: 5px solid #b35c00; padding: 0.3em 0.6em; font-style: italic; }
.lead { font-weight: bold; margin-bottom: 0.2em; } .note, .footnote { font-size: 0.9em; color: #383f43; }
figure { margin: 1em 0; } figcaption { font-weight: bold; margin-bottom: 0.4em; } svg { max-width: 100%; height: auto; }
nav.contents ol { list-style: none; padding-left: 0; } nav.contents li { margin: 0.2em 0; }
nav.contents a { color: #1d70b8; }
.paragraph-number { display: inline-block; min-width: 2.2em; margin-right: 0.4em; padding: 0 0.3em; border: 1px solid #505a5f; border-radius: 3px; color: #383f43; font-size: 0.85em; font-weight: bold; text-align: center; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important; }
"""

PRINT_STYLE = """
@page { size: A4; margin: 2cm 2cm 2.2cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: Arial, "Liberation Sans", sans-serif; font-size: 9pt; color: #505a5f; } }
@page :first { @bottom-center { content: none; } }
body { max-width: none; padding: 0; font-size: 10.5pt; }
section.chapter { break-before: page; }
h1, h2, h3 { break-after: avoid; } tr, figure { break-inside: avoid; }
nav.contents a::after { content: leader('.') target-counter(attr(href), page); }
nav.contents a { color: #0b0c0c; text-decoration: none; }
"""


TO_BE_WRITTEN = "to-be-written"  # the class of words standing in for narrative not yet written


def _runs(runs: Inline) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if isinstance(run, Narrative):
            text = text.replace("\n", "<br>")
        if isinstance(run, ToBeWritten):  # marked, so that a frozen draft tells whether it was whole
            text = f'<span class="{TO_BE_WRITTEN}">{text}</span>'
        out.append(f"<strong>{text}</strong>" if run.bold else text)
    return "".join(out)


def _numbered(numbers: list[int], *, shown: bool) -> tuple[str, str]:
    """Return the next paragraph number's id attribute, and its visible label (in a draft only).

    Every paragraph and every list item gets a number, in reading order, so that a factual accuracy comment
    can name it; the draft shows the numbers (the published report keeps only the ids: the published reports
    the seeds follow carry no such numbers)."""
    numbers[0] += 1
    label = f'<span class="paragraph-number"><span class="visually-hidden">Paragraph </span>{numbers[0]}</span> ' if shown else ""
    return f' id="p-{numbers[0]}"', label


def _block(block: Block, numbers: list[int], *, shown: bool) -> str:
    if isinstance(block, Paragraph):
        number, label = _numbered(numbers, shown=shown)
        anchor = f' data-anchor="{escape(block.anchor)}"' if block.anchor else ""
        css = "" if block.style == "body" else f' class="{block.style}"'
        return f"<p{number}{anchor}{css}>{label}{_runs(block.runs)}</p>"

    if isinstance(block, BulletList):
        tag = "ol" if block.numbered else "ul"
        items = []
        for item in block.items:
            number, label = _numbered(numbers, shown=shown)
            items.append(f"<li{number}>{label}{_runs(item)}</li>")
        return f"<{tag}>" + "".join(items) + f"</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    return _chart(block)


def _table(table: Table) -> str:
    parts = [f"<table><caption>{escape(table.caption)}</caption>"]
    if table.header_row:
        parts.append("<thead><tr>")
        numeric = [any(row[i].numeric for row in table.rows) for i in range(len(table.columns))]
        parts.extend(
            f'<th scope="col"{" class=numeric" if numeric[i] else ""}>{escape(c)}</th>' for i, c in enumerate(table.columns)
        )
        parts.append("</tr></thead>")
    parts.append("<tbody>")
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            if index == 0 or cell.header:
                css = ' class="row-group"' if cell.header else ""
                cells.append(f'<th scope="row"{css}>{_runs(cell.runs)}</th>')
            else:
                css = ' class="numeric"' if cell.numeric else ""
                cells.append(f"<td{css}>{_runs(cell.runs)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    parts.extend(f'<p class="note">{_runs(note)}</p>' for note in table.notes)
    return "".join(parts)


def _chart(chart: Chart) -> str:
    # The SVG carries role="img" and a title; the figure adds the longer text alternative.
    return f'<figure><figcaption>{escape(chart.title)}</figcaption>{chart.svg}<p class="note">{escape(chart.alt)}</p></figure>'


def _section(section: Section, numbers: list[int], *, shown: bool, within: str = "") -> str:
    level = min(section.level, 6)
    css = ' class="chapter"' if section.level == 1 else ""
    # Every section is a landmark named by its heading; a part's name leads with its chapter's, since two
    # landmarks must not share a name (the executive summary repeats the domains' chapter titles).
    name = f"{within} h-{escape(section.id)}".strip()
    body = "".join(_block(b, numbers, shown=shown) for b in section.blocks)
    body += "".join(_section(c, numbers, shown=shown, within=name) for c in section.children)
    return f'<section{css} aria-labelledby="{name}"><h{level} id="h-{escape(section.id)}">{escape(section.title)}</h{level}>{body}</section>'


def to_html(document: ReportDocument, *, for_print: bool = False) -> str:
    """Return the report as a complete HTML document (without the characters XML forbids: they show as nothing)."""
    document = xml_safe(document)
    contents = "".join(f'<li><a href="#h-{escape(s.id)}">{escape(s.title)}</a></li>' for s in document.sections)
    numbers = [0]
    draft = '<p class="draft">Draft for factual accuracy check: not for publication</p>' if document.draft else ""
    style = STYLE + (PRINT_STYLE if for_print else "")
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(document.title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="author" content="HM Inspectorate of Probation"><meta name="description" content="{escape(document.subtitle)}">'
        f"<style>{style}</style></head><body><main>"
        f'<header class="title-page">{draft}<h1 id="h-title">{escape(document.title)}</h1>'
        f'<p class="subtitle">{escape(document.subtitle)}</p><p>{escape(document.date_line)}</p></header>'
        f'<nav class="contents" aria-labelledby="h-contents"><h2 id="h-contents">Contents</h2><ol>{contents}</ol></nav>'
        + "".join(_section(s, numbers, shown=document.draft) for s in document.sections)
        + "</main></body></html>"
    )


def render(document: ReportDocument) -> RenderedFile:
    """Render the standalone HTML file."""
    return RenderedFile(f"{file_stem(document.service)}.html", MEDIA_TYPE, to_html(document).encode("utf-8"))
