"""Get a published report's text from a file: plain text as it is, a PDF through pypdf, a web page's
text from its HTML (the inspectorate's report pages, saved)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError


class ReportTextError(ValueError):
    """A report file whose text cannot be had."""


# Elements whose text is a block of its own (a line, or a paragraph with a blank line after it).
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "li", "tr", "table", "ul", "ol", "br", "dt", "dd"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg"}


class _Text(HTMLParser):
    """The text a browser shows, in blocks: headings and paragraphs on lines of their own, cells by tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HEADINGS or tag == "p":
            self.parts.append("\n\n")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(markup: str) -> str:
    """Return the text of an HTML page as blocks of lines (no markup, no scripts or styles)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _looks_like_html(path: Path, head: bytes) -> bool:
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return path.suffix.lower() in (".html", ".htm") or start.startswith((b"<!doctype html", b"<html"))


def read_report_text(path: str) -> str:
    """Return the report's text; a PDF's pages are extracted and joined, a web page's text is taken from its HTML."""
    file = Path(path)
    try:
        head = file.read_bytes()[:512]
    except OSError as error:
        raise ReportTextError(f"{path}: cannot be read ({error.strerror})") from error
    if head[:5] == b"%PDF-":
        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)
        except (PdfReadError, ValueError) as error:
            raise ReportTextError(f"{path}: not a readable PDF ({error})") from error
        except Exception as error:  # pypdf raises many other types for a damaged or hostile file
            raise ReportTextError(f"{path}: not a readable PDF ({type(error).__name__})") from error
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        # Older reports were saved in Windows' encoding; every byte means something there.
        text = file.read_bytes().decode("cp1252", errors="replace")
    return html_text(text) if _looks_like_html(file, head) else text
