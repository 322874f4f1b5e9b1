"""One renderer per format, one small contract: render(document) -> RenderedFile."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yjinspect.reporting.document import ReportDocument

# Imported only when used: WeasyPrint takes a while to load, and HTML should not wait for it.
RENDERERS = {
    "html": "yjinspect.reporting.renderers.html",
    "pdf": "yjinspect.reporting.renderers.pdf",
    "docx": "yjinspect.reporting.renderers.docx",
}


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    media_type: str
    content: bytes


def file_stem(service: str) -> str:
    """Return a file name stem from the service's name."""
    return re.sub(r"[^a-z0-9]+", "-", service.lower()).strip("-") or "report"


def render_report(document: ReportDocument, report_format: str) -> RenderedFile:
    """Render a document in one of the RENDERERS' formats."""
    module = importlib.import_module(RENDERERS[report_format])
    rendered: RenderedFile = module.render(document)
    return rendered
