"""Print how fast published reports are read (issue 14, item 4): reports read a second from text (every
seed in turn, as it is and as a saved web page), and the time to import a folder of 100 reports, both as
`yjinspect import-reports` reads it and as `yjinspect manage import_reports` records it (one transaction,
in a fresh SQLite database, or the PostgreSQL DATABASE_URL names). Figures only: no assertion, no pass or fail.

    .venv/bin/python bench/import.py [--seconds 3] [--reports 100]

The folder holds the five seeds in turn, every other one as an HTML page (the seed's text in paragraphs),
as text files: no PDF is made here, so pypdf's extraction time is not in the figure.
"""

from __future__ import annotations

import argparse
import atexit
import html
import os
import shutil
import tempfile
import time
from pathlib import Path

from yjinspect.importing.report_folder import read_report_folder
from yjinspect.importing.report_text import html_text
from yjinspect.programmes import read_published_report

SEEDS = sorted((Path(__file__).resolve().parents[1] / "tests" / "seeds").glob("*.txt"))


def as_web_page(text: str) -> str:
    """Return a report's text as a saved web page: one paragraph a block, the title a heading."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    body = "".join(f"<p>{html.escape(b)}</p>\n" for b in blocks)
    return f"<!DOCTYPE html><html><head><title>Report</title><script>var x = 1;</script></head><body>{body}</body></html>"


def reports_a_second(texts: list[str], seconds: float) -> float:
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            read_published_report(text)
        rounds += 1
    return rounds * len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each rate is measured")
    parser.add_argument("--reports", type=int, default=100, help="reports in the folder")
    options = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    size = sum(len(t) for t in texts) / len(texts)
    print(f"import-report: {reports_a_second(texts, options.seconds):,.0f} reports a second from text "
          f"(the {len(texts)} seeds in turn, {size / 1000:.0f} thousand characters each on average)")  # fmt: skip
    pages = [html_text(as_web_page(t)) for t in texts]
    print(f"import-report: {reports_a_second(pages, options.seconds):,.0f} reports a second from saved web pages' text")

    folder = Path(tempfile.mkdtemp(prefix="yjinspect-import-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for number in range(options.reports):
        text = texts[number % len(texts)]
        if number % 2:
            (folder / f"report-{number:03d}.html").write_text(as_web_page(text), encoding="utf-8")
        else:
            (folder / f"report-{number:03d}.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    reads = read_report_folder(folder, read_published_report)
    reading = time.perf_counter() - started
    refused = [r.name for r in reads if not r.importable]
    print(f"import-reports: a folder of {len(reads)} reports (half saved web pages) read in {reading:.2f} s "
          f"({len(reads) / reading:,.0f} a second; {len(refused)} could not be imported)")  # fmt: skip

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect.web.settings")
    if "YJINSPECT_DATA_DIR" not in os.environ:  # a fresh SQLite database, removed afterwards
        data_dir = tempfile.mkdtemp(prefix="yjinspect-import-bench-db-")
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
        os.environ["YJINSPECT_DATA_DIR"] = data_dir
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from yjinspect.web.inspections.services.published_results import results_import_reports

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    reads = read_report_folder(folder, read_published_report)
    recorded = results_import_reports(by=None, reads=reads)
    whole = time.perf_counter() - started
    print(f"manage import_reports: the folder of {len(reads)} read and {len(recorded)} recorded in {whole:.2f} s "
          f"(one transaction, {connection.vendor})")  # fmt: skip


if __name__ == "__main__":
    main()
