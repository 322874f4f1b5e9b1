"""Render a report as a tagged PDF (PDF/UA) with WeasyPrint: page numbers, contents, bookmarks."""

from __future__ import annotations

from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetchingError

from yjinspect.reporting.document import ReportDocument
from yjinspect.reporting.renderers import RenderedFile, file_stem
from yjinspect.reporting.renderers.html import to_html

MEDIA_TYPE = "application/pdf"


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Fetch nothing: the report embeds all it needs, so a URL in it (a file, the network) is never followed."""
    raise URLFetchingError(f"the report fetches nothing, not {url[:80]!r}")


def render(document: ReportDocument) -> RenderedFile:
    """Render the PDF; headings become bookmarks, and the PDF/UA variant tags its structure."""
    page = HTML(string=to_html(document, for_print=True), url_fetcher=refuse_fetch)
    pdf = page.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=False)
    return RenderedFile(f"{file_stem(document.service)}.pdf", MEDIA_TYPE, pdf)
