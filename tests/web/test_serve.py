"""`yjinspect serve --demo` from a fresh data folder: it says it is starting, migrates, loads the demo, listens,
then prints the accounts and serves."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

from yjinspect.programmes import programme_for

COMMAND = str(Path(sys.executable).parent / "yjinspect")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_demo_starts_prints_accounts_and_signs_in(tmp_path: Path) -> None:
    port = _free_port()
    # The main job runs on the embedded SQLite database, whatever database the test run itself uses.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = subprocess.Popen([COMMAND, "serve", "--demo", "--port", str(port), "--data-dir", str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)  # fmt: skip
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = server.stdout.readline() if server.stdout else ""
            if not line and server.poll() is not None:
                break
            lines.append(line)
            if line.startswith("Demo accounts"):  # printed only once the server listens
                with socket.create_connection(("127.0.0.1", port), timeout=5):
                    pass
            if "yjinspect is running at" in line:
                break
        output = "".join(lines)
        assert lines[0].startswith("yjinspect is starting"), output
        assert f"yjinspect is running at http://127.0.0.1:{port}/" in output, output
        accounts = dict(re.findall(r"^  (\S+)\s+(\S+)\s+", output, re.M))
        assert set(accounts) >= {"admin", "lead", "inspector", "assessor", "panel", "contact"}
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        sign_in = opener.open(f"http://127.0.0.1:{port}/sign-in/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in)
        assert token is not None
        form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": "lead", "password": accounts["lead"]}).encode()
        home = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/sign-in/", data=form,
                                                  headers={"Referer": f"http://127.0.0.1:{port}/sign-in/"})).read().decode()  # fmt: skip
        assert "Northmoor Youth Justice Service" in home
        cci_title = programme_for("hmip-youth-cci").title
        assert cci_title in home, "the demo has an earlier programme's inspection too"
        cci = re.search(rf'href="/inspections/(\d+)/">Northmoor Youth Justice Service<span[^>]*>, {re.escape(cci_title)},', home)
        assert cci is not None, home
        scores = opener.open(f"http://127.0.0.1:{port}/inspections/{cci.group(1)}/ratings/").read().decode()
        assert "Headline scores" in scores
        assert (tmp_path / "yjinspect.sqlite3").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)
