"""What the daily commands an operator schedules share (`manage send_reminders`, `manage delete_unsent_answers`):
the --today option that makes a run act as if it were another day, read or refused in one way."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from yjinspect.web.inspections.services.improvement_plan import parse_date


def add_today(parser: CommandParser) -> None:
    """Give a command the --today option."""
    parser.add_argument("--today", help="the date to act as today, as 2026-09-30 (default: today)")


def today_from(options: dict[str, Any]) -> date | None:
    """Return the day --today names (None: today), or stop the command naming what was wrong."""
    if not options.get("today"):
        return None
    today = parse_date(options["today"])
    if today is None:
        raise CommandError(f"--today: expected a date such as 2026-09-30, not {options['today']!r}")
    return today
