"""`yjinspect manage import_reports FOLDER`: import every published report in a folder (PDF, text or HTML)
as published results, all or nothing, showing progress and what was read from each file and what was not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yjinspect.importing.report_folder import FileRead, read_report_folder
from yjinspect.programmes import read_published_report
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.inspections.services.published_results import results_import_reports


class Command(BaseCommand):
    help = "Import every published report in a folder as published results: all of them, or none if one cannot be."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a folder of reports (.pdf, .txt, .html, .htm)")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder")

        def progress(done: int, total: int, item: FileRead) -> None:
            self.stderr.write(f"[{done}/{total}] {item.name}" + ("" if item.importable else ": cannot be imported"))

        reads = read_report_folder(folder, read_published_report, progress=progress)
        if not reads:
            raise CommandError(f"{folder}: no report files (.pdf, .txt, .html, .htm) in it")
        for item in reads:
            self.stdout.write(f"{item.name}:")
            for line in item.read:
                self.stdout.write(f"  read: {line}")
            for line in item.not_read:
                self.stdout.write(f"  not read: {line}")
        try:
            recorded = results_import_reports(by=None, reads=reads)
        except ServiceError as error:
            raise CommandError("\n".join([str(error), *(f"  {p}" for p in error.problems)])) from error
        replaced = sum(count for _, count in recorded)
        again = f", {replaced} of them replacing an earlier import of the same file" if replaced else ""
        self.stdout.write(f"{len(recorded)} published result(s) imported{again}.")
