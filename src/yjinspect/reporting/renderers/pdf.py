"""Render a report as a tagged PDF (PDF/UA) with WeasyPrint: page numbers, contents, bookmarks."""

from __future__ import annotations

from weasyprint import HTML

from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.renderers import RenderedFile, file_stem
from yjinspect.reporting.renderers.html import to_html

MEDIA_TYPE = "application/pdf"


def render(document: ReportDocument) -> RenderedFile:
    """Render the PDF; headings become bookmarks, and the PDF/UA variant tags its structure."""
    pdf = HTML(string=to_html(document, for_print=True)).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=False)
    return RenderedFile(f"{file_stem(document.service)}.pdf", MEDIA_TYPE, pdf)
