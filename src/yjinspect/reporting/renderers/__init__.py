"""One renderer per format, one small contract: render(document) -> RenderedFile."""

from __future__ import annotations

import dataclasses
import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from yjinspect.reporting.document import ReportDocument

# Imported only when used: WeasyPrint takes a while to load, and HTML should not wait for it.
RENDERERS = {
    "html": "yjinspect.reporting.renderers.html",
    "pdf": "yjinspect.reporting.renderers.pdf",
    "docx": "yjinspect.reporting.renderers.docx",
}


T = TypeVar("T")
# What XML 1.0 forbids: C0 control characters other than tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF. Text pasted from Word brings vertical tabs (its manual line break)
# and form feeds (its page break); python-docx refuses them, and HTML and PDF would carry them on.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Return text without the characters XML 1.0 forbids: Word's line and page breaks become spaces, the rest go."""
    return _NOT_XML.sub(lambda found: " " if found.group() in "\x0b\x0c" else "", text)


def xml_safe(value: T) -> T:
    """Return a report document (or any part of one) with every string in it passed through `xml_text`."""
    cleaned: Any
    if isinstance(value, str):
        cleaned = xml_text(value)
    elif isinstance(value, tuple):
        cleaned = tuple(xml_safe(item) for item in value)
    elif isinstance(value, list):
        cleaned = [xml_safe(item) for item in value]
    elif isinstance(value, dict):
        cleaned = {key: xml_safe(item) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        cleaned = dataclasses.replace(value, **{f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)})
    else:
        cleaned = value
    return cleaned  # type: ignore[no-any-return]


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
