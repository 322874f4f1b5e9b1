"""Render a report as a Word document with real headings, styles and tables, for staff to edit.

python-docx ships no type information, so its objects are typed Any here.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from yjinspect.reporting.document import (
    Block,
    BulletList,
    Chart,
    Inline,
    Paragraph,
    ReportDocument,
    Section,
    Table,
)
from yjinspect.reporting.renderers import RenderedFile, file_stem, xml_safe

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_STYLES = {"body": "Normal", "lead": "Normal", "note": "Normal", "footnote": "Normal", "placeholder": "Intense Quote"}


def _add_runs(paragraph: WordParagraph, runs: Inline) -> None:
    for run in runs:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None


def _contents_field(document: Any) -> None:
    """Insert a table-of-contents field; Word fills it in when the document is opened or updated."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None), (None, None), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            placeholder = OxmlElement("w:t")
            placeholder.text = "Right-click and choose Update Field to show the contents."
            run._r.append(placeholder)


def _table(document: Any, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    header = 1 if table.header_row else 0
    word = document.add_table(rows=len(table.rows) + header, cols=len(table.columns), style="Table Grid")
    if table.header_row:
        for index, name in enumerate(table.columns):
            cell = word.rows[0].cells[index]
            cell.paragraphs[0].add_run(name).bold = True
        # Repeat the header row on every page, and mark it as a header for screen readers.
        properties = word.rows[0]._tr.get_or_add_trPr()
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        properties.append(marker)
    for row_index, row in enumerate(table.rows, start=header):
        for column, cell in enumerate(row):
            paragraph = word.rows[row_index].cells[column].paragraphs[0]
            _add_runs(paragraph, cell.runs)
            if cell.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if cell.header:
                for run in paragraph.runs:
                    run.bold = True
    for note in table.notes:
        _add_runs(document.add_paragraph(style="Normal"), note)


def _block(document: Any, block: Block) -> None:
    if isinstance(block, Paragraph):
        paragraph = document.add_paragraph(style=_STYLES[block.style])
        _add_runs(paragraph, block.runs)
        if block.style in ("note", "footnote"):
            for run in paragraph.runs:
                run.font.size = Pt(9)
        if block.style == "lead":
            paragraph.paragraph_format.keep_with_next = True
    elif isinstance(block, BulletList):
        for item in block.items:
            _add_runs(document.add_paragraph(style="List Number" if block.numbered else "List Bullet"), item)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        # Word cannot show the SVG; the chart's figures go in as its data table, with the description.
        document.add_paragraph(f"Chart: {block.alt}", style="Normal")
        _table(document, block.data)


def _section(document: Any, section: Section) -> None:
    document.add_heading(section.title, level=min(section.level, 9))
    for block in section.blocks:
        _block(document, block)
    for child in section.children:
        _section(document, child)


def render(report: ReportDocument) -> RenderedFile:
    """Render the Word document (without the characters XML forbids, which Word cannot hold)."""
    report = xml_safe(report)
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.subject = report.subtitle
    document.core_properties.author = "HM Inspectorate of Probation"
    document.core_properties.language = "en-GB"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    if report.draft:
        document.add_paragraph("Draft for factual accuracy check: not for publication", style="Intense Quote")
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle, style="Subtitle")
    document.add_paragraph(report.date_line)
    document.add_heading("Contents", level=1)
    _contents_field(document)
    for section in report.sections:
        _section(document, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return RenderedFile(f"{file_stem(report.service)}.docx", MEDIA_TYPE, buffer.getvalue())
