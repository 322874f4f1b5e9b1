"""A bulk import of a folder of reports (issue 14, item 4): progress, what was read from each file and what
was not, all or nothing; a web page's text from its HTML."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import seed_text
from yjinspect.cli import main
from yjinspect.importing.report_folder import read_report_folder
from yjinspect.importing.report_text import html_text
from yjinspect.programmes import read_published_report

SEEDS = ("000", "001", "002", "003", "004")

PAGE = """<!DOCTYPE html><html><head><title>Northmoor</title><style>p { color: red }</style>
<script>var overall = "Outstanding";</script></head><body><a href="#main">Skip to content</a>
<h1>An inspection of youth justice work with children and victims in Northmoor</h1>
<p>Published:</p><h2>Foreword <a href="#top">(Back to top)</a></h2>
<p>In this inspection we have inspected and rated work with children and victims in Northmoor YJS.<sup>[1]</sup>
Overall, Northmoor YJS was rated as &lsquo;Requires improvement&rsquo;.</p>
<table><tr><th>Work with children</th><td>Good</td></tr><tr><th>Work with victims</th><td>Inadequate</td></tr></table>
</body></html>"""


def _folder(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEEDS:
        (folder / f"seed-{seed}.txt").write_text(seed_text(seed), encoding="utf-8")
    for name, text in extra:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notes.md").write_text("not a report file", encoding="utf-8")  # not read: not a report's suffix
    return folder


def test_a_web_pages_text_is_its_blocks_without_scripts_or_styles() -> None:
    text = html_text(PAGE)
    assert "Outstanding" not in text, "a script's text is not the page's"
    assert "color" not in text
    assert "\nAn inspection of youth justice work with children and victims in Northmoor\n" in text
    assert "Work with children\tGood" in text


def test_a_saved_web_page_is_read_like_any_report(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (read,) = read_report_folder(tmp_path, read_published_report)
    assert read.record is not None
    assert (read.record["programme"], read.record["service"]) == ("hmip-youth-2025", "Northmoor")
    assert read.record["overall"]["rating"] == "Requires improvement"
    assert read.record["standards"] == {"children": {"rating": "Good"}, "victims": {"rating": "Inadequate"}}
    assert read.refused == ("the year is not stated",)


def test_a_folder_of_reports_is_read_with_progress_and_written_whole(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "records.json"
    done = CliRunner().invoke(main, ["import-reports", str(folder), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "[1/5] seed-000.txt: hmip-youth-sqs, Cheshire East" in done.stderr
    assert "[5/5] seed-004.txt" in done.stderr
    assert "seed-003.txt:\n  read: programme hmip-youth-2018\n  read: service Bury and Rochdale" in done.stdout
    assert "  read: 12 standard ratings" in done.stdout
    assert "  not read: Criteria 2.3: no score under a heading naming them, so not read." in done.stdout
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["service"] for r in records] == [
        "Cheshire East", "Leicester City", "Essex", "Bury and Rochdale", "West London Tri-Borough Youth Offending Service (YOS)",
    ]  # fmt: skip


def test_one_file_that_cannot_be_imported_writes_nothing_and_says_which(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ("press.txt", "Northmoor YJS rated 'Good'.\nAn inspection by HM Inspectorate of Probation."))
    out = tmp_path / "records.json"
    done = CliRunner().invoke(main, ["import-reports", str(folder), "-o", str(out)])
    assert done.exit_code == 2
    assert "[1/6] press.txt: unknown, service not stated (cannot be imported)" in done.stderr
    assert "  cannot be imported: the inspection programme could not be recognised" in done.stdout
    assert "1 of 6 file(s) cannot be imported; nothing was written: press.txt" in done.stderr
    assert not out.exists()


def test_an_empty_folder_is_a_message(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["import-reports", str(tmp_path)])
    assert done.exit_code == 2
    assert "no report files (.pdf, .txt, .html, .htm) in it" in done.stderr
