"""Print how the web app holds up while 50 inspectors save answers at once (issue 3's targets:
95th percentile under 100 ms, no errors, no answer lost). Figures only: no pass or fail.

    .venv/bin/python bench/web_load.py [--seconds 60] [--inspectors 50]

Each inspector pauses between answers (--think, default a random 0.5-1.5 s: far faster than people
read a case and type evidence); --think 0 saves flat out, which measures capacity instead.
It starts a throwaway PostgreSQL (scripts/postgres) unless DATABASE_URL is set, starts
`yjinspect serve` on a free loopback port, and drives it from this process: each simulated
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
        setup.membership_set(by=admin, inspection=inspection, user=user, role="inspector")
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
    parser.add_argument("--threads", type=int, default=16, help="server threads")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds an inspector pauses between answers (0: save flat out, a stress test)",
    )
    options = parser.parse_args()
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
        command = [COMMAND, "serve", "--port", str(port), "--data-dir", data_dir, "--threads", str(options.threads)]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        while server.stdout and "running at" not in server.stdout.readline():
            if server.poll() is not None:
                raise SystemExit("the server did not start")
        run = Run(port=port, stop=time.monotonic() + options.seconds, think=options.think)
        workers = [threading.Thread(target=inspector, args=(run, p)) for p in people]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
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
        print(f"PostgreSQL, {options.threads} server threads")
        print(f"  saves acknowledged: {saves} ({saves / options.seconds:,.0f} a second)")
        print(
            f"  latency: median {statistics.median(latency) * 1000:.1f} ms, 95th percentile {p95 * 1000:.1f} ms (target < 100 ms)"
        )
        print(f"  errors: {run.errors} (target 0)")
        print(f"  answers lost (acknowledged but not in the database as acknowledged): {lost} (must be 0)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if own_postgres:
            subprocess.run([str(ROOT / "scripts" / "postgres"), "stop"], check=False)


if __name__ == "__main__":
    main()
