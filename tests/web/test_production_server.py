"""`yjinspect serve --production`: gunicorn with several worker processes, its defaults and its checks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from yjinspect.launcher import main
from yjinspect.web.production import (
    FORWARDED_ALLOW_IPS,
    MOST_WORKERS,
    default_workers,
    forwarded_allow_ips,
    gunicorn_options,
)

COMMAND = str(Path(sys.executable).parent / "yjinspect")


def _message(line: str) -> str:
    try:
        return str(json.loads(line)["message"])
    except (ValueError, KeyError, TypeError):
        return line


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(("core_count", "workers"), [(1, 3), (2, 5), (3, 7), (4, MOST_WORKERS), (64, MOST_WORKERS)])
def test_workers_default_to_twice_the_cores_plus_one_capped(core_count: int, workers: int) -> None:
    assert default_workers(core_count) == workers
    assert (
        gunicorn_options(host="127.0.0.1", port=8000, workers=None, threads=None, environ={}, core_count=core_count)["workers"]
        == workers
    )


def test_the_options_name_workers_threads_recycling_timeouts_and_the_logs() -> None:
    options = gunicorn_options(host="127.0.0.1", port=8123, workers=3, threads=2, environ={}, core_count=2)
    assert options["bind"] == ["127.0.0.1:8123"]
    assert (options["workers"], options["threads"], options["worker_class"]) == (3, 2, "gthread")
    assert options["max_requests"] > 0
    assert 0 < options["max_requests_jitter"] < options["max_requests"]
    assert options["timeout"] >= 30
    assert options["accesslog"] == options["errorlog"] == "-"
    assert options["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert gunicorn_options(host="::1", port=8123, workers=1, threads=1, environ={}, core_count=1)["bind"] == ["[::1]:8123"]


def test_the_proxies_whose_headers_are_believed_come_from_the_environment() -> None:
    assert forwarded_allow_ips({}) == ["127.0.0.1", "::1"]
    assert forwarded_allow_ips({FORWARDED_ALLOW_IPS: " 10.0.0.0/8, 192.168.1.5 "}) == ["10.0.0.0/8", "192.168.1.5"]
    options = gunicorn_options(
        host="127.0.0.1", port=1, workers=1, threads=1, environ={FORWARDED_ALLOW_IPS: "10.1.2.3"}, core_count=1
    )
    assert options["forwarded_allow_ips"] == "10.1.2.3"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("*", "not '*'"),
        ("proxy.internal", "'proxy.internal' is not an IP address or network"),
        ("10.0.0.1, 300.1.1.1", "'300.1.1.1' is not an IP address or network"),
        (" , ", "must name the proxy's address"),
    ],
)
def test_a_wrong_proxy_list_is_refused_naming_the_variable(value: str, message: str) -> None:
    with pytest.raises(RuntimeError, match=FORWARDED_ALLOW_IPS) as refused:
        forwarded_allow_ips({FORWARDED_ALLOW_IPS: value})
    assert message in str(refused.value)


def test_serve_stops_at_once_on_a_wrong_proxy_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FORWARDED_ALLOW_IPS, "*")
    result = CliRunner().invoke(main, ["serve", "--production", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert FORWARDED_ALLOW_IPS in result.output
    assert not (tmp_path / "yjinspect.sqlite3").exists(), "nothing is set up before the settings are checked"


def test_workers_without_production_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--workers", "3", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--workers applies only with --production" in result.output


def test_serve_production_runs_gunicorn_workers_and_logs_each_request_to_stderr(tmp_path: Path) -> None:
    port = _free_port()
    # On the embedded SQLite database, whatever database the test run itself uses.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [
        COMMAND,
        "serve",
        "--production",
        "--workers",
        "2",
        "--threads",
        "2",
        "--port",
        str(port),
        "--data-dir",
        str(tmp_path),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = server.stdout.readline() if server.stdout else ""
            if not line and server.poll() is not None:
                break
            lines.append(line)
            if "yjinspect is running at" in line:
                break
        assert f"yjinspect is running at http://127.0.0.1:{port}/  (gunicorn, 2 workers × 2 threads" in "".join(lines)
        for _ in range(3):  # the query string stays out of the log: it may carry a child's details
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/?next=/cases/1/", timeout=60) as response:
                assert response.status == 200
                assert "Sign in" in response.read().decode()
        # A survey respondent's page: neither their code, nor where they are, nor their browser is logged.
        asked = urllib.request.Request(
            f"http://127.0.0.1:{port}/survey/RESPONDENTCODE/questions/plan_copy/", headers={"User-Agent": "ChildsPhone/1.0"}
        )
        with pytest.raises(urllib.error.HTTPError) as not_found:
            urllib.request.urlopen(asked, timeout=60)
        assert not_found.value.code == 404
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0, errors
    assert errors.count("Booting worker with pid") >= 2, errors
    # Through the application's log (JSON lines) where it is set up, else gunicorn's plain lines.
    messages = [_message(line) for line in errors.splitlines()]
    assert sum('"GET /sign-in/" 200' in m for m in messages) == 3, "every request is in the access log, on standard error"
    assert "on SQLite the workers' writes wait for each other" in errors
    assert "/cases/1/" not in errors
    assert "RESPONDENTCODE" not in errors
    assert "plan_copy" not in errors
    assert "ChildsPhone" not in errors
    assert sum('"GET /survey/[a respondent\'s page]" 404' in m for m in messages) == 1, errors
