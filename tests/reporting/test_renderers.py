"""Each format, read back: the figures are all there, and the structure is real."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import EXAMPLES
from yjinspect.examples import SEED_003_IRREPRODUCIBLE, SEED_003_PERCENTAGES, SEED_003_RATINGS
from yjinspect.programmes import compose_report
from yjinspect.programmes import read_inspection as read_bundle
from yjinspect.programmes import read_inspection_file as read_bundle_file
from yjinspect.reporting.document import Chart, ReportDocument, Table
from yjinspect.reporting.renderers import RenderedFile, render_report

CHAPTERS = ("Foreword", "Ratings", "Executive summary", "Recommendations", "Contextual facts", "2. Court disposals",
            "Annexe 1: Methodology", "Annexe 2: Inspection results", "Annexe 3: Glossary")  # fmt: skip


@pytest.fixture(scope="module")
def document() -> ReportDocument:
    return compose_report(read_bundle_file(str(EXAMPLES / "bury-and-rochdale-2020.json")))


@pytest.fixture(scope="module")
def pdf(document: ReportDocument) -> RenderedFile:
    return render_report(document, "pdf")


def _expected_percentages() -> set[str]:
    return {f"{SEED_003_IRREPRODUCIBLE[q][1] if q in SEED_003_IRREPRODUCIBLE else p}%" for q, p in SEED_003_PERCENTAGES.items()}


def test_html_is_one_standalone_page_with_every_figure(document: ReportDocument) -> None:
    rendered = render_report(document, "html")
    assert rendered.filename == "bury-and-rochdale-youth-justice-service.html"
    html = rendered.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert 'lang="en-GB"' in html
    assert "<link" not in html, "standalone: styles are inline"
    for percent in _expected_percentages():
        assert f">{percent}" in html or f"<strong>{percent}" in html, percent
    assert "<strong>60%*</strong>" in html
    for chapter in CHAPTERS:
        assert f">{chapter}</h1>" in html, chapter
    assert html.count("<svg") >= 3


def test_the_pdf_holds_every_rating_and_percentage(pdf: RenderedFile) -> None:
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for rating in set(SEED_003_RATINGS.values()):
        assert rating in text
    for percent in _expected_percentages():
        assert percent in text, percent
    assert "23/36" in text
    assert re.search(r"Page 2 of \d+", text), "page numbers"
    assert len(reader.pages) > 10


def test_the_pdfs_ratings_at_a_glance_names_every_standard_in_full(pdf: RenderedFile, document: ReportDocument) -> None:
    chart = next(b for s in document.walk() for b in s.blocks if isinstance(b, Chart) and b.title == "Ratings at a glance")
    alternative = " ".join(chart.alt.split())  # names every standard in full beside the tiles: set aside
    reader = PdfReader(io.BytesIO(pdf.content))
    page = next(" ".join(t.split()) for p in reader.pages if alternative in " ".join((t := p.extract_text()).split()))
    tiles = page.replace(alternative, "")
    framework = read_bundle_file(str(EXAMPLES / "bury-and-rochdale-2020.json")).framework
    for standard in (s for d in framework.domains for s in d.standards):
        assert f"{standard.id} {standard.name}" in tiles, tiles


def test_the_pdf_is_tagged_with_bookmarks_and_a_language(pdf: RenderedFile) -> None:
    reader = PdfReader(io.BytesIO(pdf.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "tagged PDF (PDF/UA)"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert str(root.get("/Lang", "")).lower().startswith("en")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for chapter in CHAPTERS:
        assert chapter in titles, chapter
    assert reader.metadata is not None
    assert reader.metadata.title == "An inspection of youth offending services in Bury and Rochdale Youth Justice Service"


def test_the_word_document_has_real_headings_and_tables(document: ReportDocument) -> None:
    rendered = render_report(document, "docx")
    word = Document(io.BytesIO(rendered.content))
    headings = {p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"}
    for chapter in CHAPTERS:
        assert chapter in headings, chapter
    # Every table, and every chart as its data table.
    expected = sum(1 for section in document.walk() for block in section.blocks if isinstance(block, (Table, Chart)))
    assert len(word.tables) == expected
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    for percent in _expected_percentages():
        assert percent in cells or f"{percent}*" in cells, percent
    assert "Requires improvement" in cells
    assert word.core_properties.title.startswith("An inspection of youth offending services")


def test_the_word_document_converts_with_libreoffice(document: ReportDocument, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.fail("LibreOffice is not installed: run scripts/setup --test (installs libreoffice-writer-nogui)")
    source = tmp_path / "report.docx"
    source.write_bytes(render_report(document, "docx").content)
    done = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    converted = PdfReader(tmp_path / "report.pdf")
    assert "Annexe 2: Inspection results" in "\n".join(page.extract_text() for page in converted.pages)


def test_a_provisional_bundle_renders_with_the_overall_undecided(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "bury-and-rochdale-2020.json").read_text())
    del data["organisational_ratings"]["1.1"]
    document = compose_report(read_bundle(json.dumps(data), provisional=True))
    html = render_report(document, "html").content.decode()
    assert "The overall rating is undecided" in html
