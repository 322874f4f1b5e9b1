"""`yjinspect manage send_reminders` as an operator schedules it: the installed command, a data folder of its
own, the e-mail backend chosen by YJINSPECT_EMAIL (a wrong value stops it naming the variable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COMMAND = str(Path(sys.executable).parent / "yjinspect")


def _manage(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YJINSPECT_", "DATABASE_URL", "DJANGO_"))}
    env.update(environ)
    return subprocess.run(
        [COMMAND, "manage", "--data-dir", str(tmp_path), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_the_installed_command_runs_and_runs_again(tmp_path: Path) -> None:
    assert _manage(tmp_path, "migrate", "--verbosity", "0", YJINSPECT_EMAIL="file").returncode == 0
    for _ in range(2):
        result = _manage(tmp_path, "send_reminders", YJINSPECT_EMAIL="file")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "0 reminder(s) sent."
    wrong_day = _manage(tmp_path, "send_reminders", "--today=31/2/2026", YJINSPECT_EMAIL="file")
    assert wrong_day.returncode != 0
    assert "--today: expected a date such as 2026-09-30, not '31/2/2026'" in wrong_day.stderr


def test_a_wrong_mail_setting_stops_the_command_naming_the_variable(tmp_path: Path) -> None:
    result = _manage(tmp_path, "send_reminders", YJINSPECT_EMAIL="pigeon")
    assert result.returncode != 0
    assert "YJINSPECT_EMAIL must be one of console, file, smtp, not 'pigeon'" in result.stderr


def test_a_site_address_that_is_not_one_stops_the_command_naming_the_variable(tmp_path: Path) -> None:
    result = _manage(tmp_path, "send_reminders", YJINSPECT_EMAIL="file", YJINSPECT_SITE_URL="inspect.example.org")
    assert result.returncode != 0
    assert "YJINSPECT_SITE_URL must be the address people open, such as https://inspect.example.org" in result.stderr
