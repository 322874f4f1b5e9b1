"""`yjinspect manage send_reminders`: e-mail the reminders about improvement plans that are now due.

An operator schedules it (daily, say, from cron or a systemd timer). Each event (a plan due soon, a plan
overdue, a progress update due soon or overdue) is reminded once: running it twice sends nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yjinspect.web.inspections.services.improvement_plan import reminders_send
from yjinspect.web.scheduled import add_today, today_from


class Command(BaseCommand):
    help = "E-mail reminders before an improvement plan or a progress update is due, and when it is overdue (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        sent = reminders_send(today=today)
        self.stdout.write(f"{len(sent)} reminder(s) sent." + "".join(f"\n  {key}" for key in sent))
