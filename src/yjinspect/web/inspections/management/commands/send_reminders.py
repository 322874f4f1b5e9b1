"""`yjinspect manage send_reminders`: e-mail the reminders about improvement plans that are now due.

An operator schedules it (daily, say, from cron or a systemd timer). Each event (a plan due soon, a plan
overdue, a progress update due soon or overdue) is reminded once: running it twice sends nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yjinspect.web.inspections.services.improvement_plan import parse_date, reminders_send


class Command(BaseCommand):
    help = "E-mail reminders before an improvement plan or a progress update is due, and when it is overdue (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the date to act as today, as 2026-09-30 (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            today = parse_date(options["today"])
            if today is None:
                raise CommandError(f"--today: expected a date such as 2026-09-30, not {options['today']!r}")
        sent = reminders_send(today=today)
        self.stdout.write(f"{len(sent)} reminder(s) sent." + "".join(f"\n  {key}" for key in sent))
