"""`yjinspect manage delete_unsent_answers`: delete the answers never sent on the links of closed surveys.

A respondent's unsent answers stay with their invitation code while the survey is open, so that they can carry
on later; once it has closed they can never be sent, and are kept no longer. An operator schedules it daily,
beside send_reminders; running it again deletes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yjinspect.web.scheduled import add_today, today_from
from yjinspect.web.surveys.services.survey import unsent_answers_delete


class Command(BaseCommand):
    help = "Delete the answers never sent on the invitation links of surveys that have closed."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        deleted = unsent_answers_delete(today=today)
        self.stdout.write(f"Unsent answers deleted from {deleted} link(s) of closed surveys.")
