"""Print how the web app holds up while 50 inspectors save answers at once (issue 3's targets:
95th percentile under 100 ms, no errors, no answer lost; issue 10's for the production server on
PostgreSQL: under 50 ms, and flat out at least 3 × 94 saves a second). Figures only: no pass or fail.

    .venv/bin/python bench/web_load.py [--seconds 60] [--inspectors 50] [--server gunicorn [--workers N]]

Each inspector pauses between answers (--think, default a random 0.5-1.5 s: far faster than people
read a case and type evidence); --think 0 saves flat out, which measures capacity instead.
It starts a throwaway PostgreSQL (scripts/postgres) unless DATABASE_URL is set, starts
`yjinspect serve` on a free loopback port (--server gunicorn: the production server, `yjinspect serve
--production`, several worker processes), and drives it from this process: each simulated
inspector has their own session and case and autosaves answers as fast as the server replies.
Afterwards every acknowledged answer is compared with what the database holds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = str(Path(sys.executable).parent / "yjinspect")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree_cpu_seconds(root: int) -> float:
    """Return the CPU seconds (user and system) used so far by a process, its descendants and the children they reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, used = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        # after the name: state, ppid, ... utime, stime, cutime, cstime (fields 14 to 17 of proc(5))
        parent[int(entry.name)], used[int(entry.name)] = int(fields[1]), sum(int(f) for f in fields[11:15]) / tick
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parent.items() if ppid in tree} - tree
        tree, grew = tree | more, bool(more)
    return sum(used.get(pid, 0.0) for pid in tree)


def postgres_pid() -> int | None:
    """Return the throwaway PostgreSQL's main process (scripts/postgres keeps its data in YJINSPECT_PG_DIR)."""
    pid_file = Path(os.environ.get("YJINSPECT_PG_DIR", "/tmp/yjinspect-postgres")) / "data" / "postmaster.pid"
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def prepare(inspectors: int) -> list[dict[str, object]]:
    """Create the inspection, one case and one signed-in session per inspector; return their details."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils.crypto import get_random_string

    from yjinspect.web.accounts.models import Profile, Service
    from yjinspect.web.inspections.models import SampledCase, SampleState
    from yjinspect.web.inspections.selectors import applicable_questions
    from yjinspect.web.inspections.services import assessment, setup

    call_command("migrate", verbosity=0)
    admin = get_user_model().objects.create_user("bench-admin", is_superuser=True)
    service = Service.objects.create(name=f"Load Test Service {get_random_string(6)}")
    inspection = setup.inspection_create(by=admin, service=service, framework_id="hmip-youth-2018",
                                         announced_on=date(2026, 1, 5), fieldwork_start=date(2026, 2, 2))  # fmt: skip
    people = []
    for number in range(inspectors):
        user = get_user_model().objects.create_user(f"bench-{service.pk}-{number}")
        Profile.objects.create(user=user)
        setup.membership_add(by=admin, inspection=inspection, user=user, role="inspector")
        case = SampledCase.objects.create(
            inspection=inspection, case_ref=f"L{number:03d}", population="court", disposal_type="referral order",
            gender="male", service_rosh="medium", service_safety_wellbeing="medium", draw_position=number,
            sample_state=SampleState.SAMPLED, assessor=user,
        )  # fmt: skip
        case = assessment.case_facts_save(by=user, case=case, expected_version=0,
                                          changes={"harm_factors": True, "safety_wellbeing_factors": True})  # fmt: skip
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "yjinspect.web.accounts.backends.ProfileBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        people.append({"case": case.pk, "session": session.session_key, "csrf": get_random_string(32),
                       "questions": [q.id for q in applicable_questions(case)]})  # fmt: skip
    return people


@dataclass
class Run:
    """What the simulated inspectors share: where to save, until when, and where to report."""

    port: int
    stop: float
    think: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: list[float] = field(default_factory=list)
    errors: int = 0
    acknowledged: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)


def inspector(run: Run, person: dict[str, object]) -> None:
    port, stop, think = run.port, run.stop, run.think
    rng = random.Random(str(person["case"]))
    time.sleep(rng.uniform(0, think))  # inspectors do not all start on the same instant
    versions: dict[str, int] = {}
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": str(person["csrf"]),
        "Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies, errors = [], 0
    while time.monotonic() < stop:
        question = rng.choice(person["questions"])  # type: ignore[arg-type]
        value = rng.choice(("yes", "no"))
        body = json.dumps({"kind": "answer", "question": question, "value": value, "evidence": "load test",
                           "version": versions.get(question, 0)})  # fmt: skip
        started = time.perf_counter()
        try:
            connection.request("POST", f"/cases/{person['case']}/autosave/", body, headers)
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append(time.perf_counter() - started)
        if response.status == 200:
            versions[question] = json.loads(payload)["version"]
            with run.lock:
                run.acknowledged[(int(person["case"]), question)] = (value, versions[question])  # type: ignore[call-overload]
        else:
            errors += 1
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    connection.close()
    with run.lock:
        run.latency.extend(latencies)
        run.errors += errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--inspectors", type=int, default=50)
    parser.add_argument("--server", choices=("waitress", "gunicorn"), default="waitress",
                        help="waitress: `yjinspect serve` (one process); gunicorn: `yjinspect serve --production`")  # fmt: skip
    parser.add_argument(
        "--threads", type=int, help="server threads (per worker with gunicorn; default: waitress 16, gunicorn the server's own)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn's worker processes (default: the server's own, 2 × cores + 1)")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds an inspector pauses between answers (0: save flat out, a stress test)",
    )
    options = parser.parse_args()
    if options.workers is not None and options.server != "gunicorn":
        parser.error("--workers applies only with --server gunicorn")
    if options.threads is None and options.server == "waitress":
        options.threads = 16
    own_postgres = "DATABASE_URL" not in os.environ
    if own_postgres:
        os.environ["DATABASE_URL"] = subprocess.check_output([str(ROOT / "scripts" / "postgres"), "start"], text=True).strip()
    data_dir = tempfile.mkdtemp(prefix="yjinspect-bench-")
    os.environ["YJINSPECT_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "yjinspect.web.settings"
    server = None
    try:
        people = prepare(options.inspectors)
        port = free_port()
        command = [COMMAND, "serve", "--port", str(port), "--data-dir", data_dir]
        command += ["--threads", str(options.threads)] if options.threads else []
        command += ["--production"] if options.server == "gunicorn" else []
        command += ["--workers", str(options.workers)] if options.workers else []
        # gunicorn's access log (a line a request, on standard error) is not wanted here.
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started = ""
        while server.stdout and "running at" not in (started := server.stdout.readline()):
            if server.poll() is not None:
                raise SystemExit("the server did not start")
        # Waitress's threads, or gunicorn's workers and threads, as the server reports them.
        shape = (
            started.partition("(")[2].partition(";")[0]
            if options.server == "gunicorn"
            else f"waitress, {options.threads} threads"
        )
        # CPU used by the server, the database and this load generator, to say what a save costs whatever
        # else shares the cores (a shared machine's other work lowers the rates measured, not the cost).
        database = postgres_pid() if own_postgres else None
        load_before = os.getloadavg()[0]
        cpu_before = (tree_cpu_seconds(server.pid), tree_cpu_seconds(database) if database else 0.0, time.process_time())
        run = Run(port=port, stop=time.monotonic() + options.seconds, think=options.think)
        workers = [threading.Thread(target=inspector, args=(run, p)) for p in people]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        cpu_after = (tree_cpu_seconds(server.pid), tree_cpu_seconds(database) if database else 0.0, time.process_time())
        load_after = os.getloadavg()[0]
        from yjinspect.web.inspections.models import Answer

        stored = {
            (a.case_id, a.question_id): (a.value, a.version)
            for a in Answer.objects.filter(case_id__in=[p["case"] for p in people])
        }
        lost = sum(1 for key, value in run.acknowledged.items() if stored.get(key) != value)
        latency = sorted(run.latency)
        saves = len(latency) - run.errors
        p95 = latency[int(len(latency) * 0.95) - 1] if latency else float("nan")
        pace = f"pausing {options.think:g} s on average between answers" if options.think else "saving flat out (stress)"
        print(f"web load: {options.inspectors} inspectors {pace}, {options.seconds:g} s,", end=" ")
        print(f"{'PostgreSQL' if 'postgres' in os.environ['DATABASE_URL'] else 'SQLite'}, {shape}")
        print(f"  saves acknowledged: {saves} ({saves / options.seconds:,.0f} a second)")
        print(
            f"  latency: median {statistics.median(latency) * 1000:.1f} ms, 95th percentile {p95 * 1000:.1f} ms (target < 100 ms; production < 50 ms)"
        )
        print(f"  errors: {run.errors} (target 0)")
        print(f"  answers lost (acknowledged but not in the database as acknowledged): {lost} (must be 0)")
        server_ms, database_ms, client_ms = (
            (after - before) * 1000 / max(saves, 1) for before, after in zip(cpu_before, cpu_after, strict=True)
        )
        cores = len(os.sched_getaffinity(0))
        each = server_ms + database_ms + client_ms
        print(
            f"  CPU a save: server {server_ms:.1f} ms, PostgreSQL {database_ms:.1f} ms{'' if database else ' (not measured)'}, this load generator {client_ms:.1f} ms",
            end="",
        )
        # On idle cores: all of them share the work, but waitress's one process runs Python on one core at most.
        ceiling = cores * 1000 / each if each else float("nan")
        if options.server == "waitress" and server_ms:
            ceiling = min(ceiling, 1000 / server_ms)
        print(f"; on {cores} idle cores at most about {ceiling:,.0f} saves a second")
        print(f"  load average (1 min) {load_before:.1f} before, {load_after:.1f} after, on {cores} cores")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if own_postgres:
            subprocess.run([str(ROOT / "scripts" / "postgres"), "stop"], check=False)


if __name__ == "__main__":
    main()
