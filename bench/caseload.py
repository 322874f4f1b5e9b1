"""Print how the web app copes with a large caseload (issue 11, item 6): uploading a 100,000-row caseload,
drawing the sample from it and drawing again, through the service functions the views call; and the
sample page, through Django's test client against the real view. Targets: upload and draw under 5 s
each, the sample page under 0.5 s and under 500 KB. Figures only: no assertion, no pass or fail.

    .venv/bin/python bench/caseload.py [--rows 100000] [--pages 5] [--profile]

It uses a fresh SQLite database in a temporary folder, or the PostgreSQL that DATABASE_URL names (a
throwaway one: `scripts/postgres start` prints its address; the bench migrates it and adds one
inspection). The caseload is synthetic (`yjinspect synthetic-caseload`'s generator); the row limit
(YJINSPECT_UPLOAD_MAX_ROWS, 100,000 by default) is raised for the run only if --rows asks for more.
`--profile` prints where each step spends its time (cProfile, the 15 costliest calls).
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import os
import pstats
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

T = TypeVar("T")
FIELDWORK = date(2026, 2, 2)


def timed(what: str, step: Callable[[], T], profile: bool) -> tuple[T, float]:
    """Run a step once; return its result and seconds taken (profiled when asked, and printed)."""
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = step()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    if profiler:
        print(f"--- {what}: {elapsed:.2f} s (profiled)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=5, help="sample page views timed (after one to warm up)")
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect.web.settings")
    if "YJINSPECT_DATA_DIR" not in os.environ:  # a fresh SQLite database, removed afterwards
        data_dir = tempfile.mkdtemp(prefix="yjinspect-caseload-bench-")
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
        os.environ["YJINSPECT_DATA_DIR"] = data_dir
    os.environ["YJINSPECT_UPLOAD_MAX_ROWS"] = str(max(options.rows, 100_000))
    os.environ["YJINSPECT_UPLOAD_MAX_BYTES"] = str(100 * 1024 * 1024)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils.crypto import get_random_string

    from yjinspect.synthetic import synthetic_caseload
    from yjinspect.web.accounts.models import Profile, Service
    from yjinspect.web.inspections.models import Membership, Role
    from yjinspect.web.inspections.services import sample, setup

    # The bench signs in with force_login, without the second factor a lead inspector sets up.
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = False
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    tag = get_random_string(6)
    admin = get_user_model().objects.create_user(f"bench-admin-{tag}", is_superuser=True)
    lead = get_user_model().objects.create_user(f"bench-lead-{tag}", first_name="Lead", last_name="Inspector")
    for user in (admin, lead):
        Profile.objects.create(user=user)
    service = Service.objects.create(name=f"Caseload Bench Service {tag}")
    inspection = setup.inspection_create(
        by=admin, service=service, framework_id="hmip-youth-2018", announced_on=date(2026, 1, 12), fieldwork_start=FIELDWORK
    )
    Membership.objects.create(inspection=inspection, user=lead, role=Role.LEAD)  # the team's set-up is not measured
    content = synthetic_caseload(options.rows, fieldwork_start=FIELDWORK, seed=5).encode()
    database = connection.vendor + ("" if connection.vendor == "sqlite" else f" ({connection.settings_dict['HOST']})")
    print(f"database: {database}; caseload: {options.rows:,} rows, {len(content) / 1e6:.1f} MB of CSV")

    count, upload = timed(
        "upload",
        lambda: sample.caseload_upload(by=admin, inspection=inspection, filename="caseload.csv", content=content),
        options.profile,
    )
    _, draw = timed("draw", lambda: sample.sample_draw(by=lead, inspection=inspection, seed=1), options.profile)
    _, redraw = timed("redraw", lambda: sample.sample_draw(by=lead, inspection=inspection, seed=2), options.profile)
    inspection.refresh_from_db()
    drawn = inspection.cases.count()
    print(f"upload: {upload:.2f} s ({count:,} rows stored; target < 5 s)")
    print(f"draw: {draw:.2f} s; draw again: {redraw:.2f} s ({drawn:,} cases stored: the sample and its reserves; target < 5 s)")

    client = Client(SERVER_NAME="localhost")
    client.force_login(lead)

    def page_figures(what: str, url: str = f"/inspections/{inspection.pk}/sample/") -> None:
        client.get(url)  # the first view loads templates and the programme: what any page pays once per process
        times, size = [], 0
        for number in range(options.pages):
            response, seconds = timed(what, lambda: client.get(url), options.profile and number == 0)
            assert response.status_code == 200, response.status_code
            times.append(seconds)
            size = len(response.content)
        print(
            f"{what}: median {statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms of "
            f"{len(times)} views, {size / 1000:.0f} KB of HTML (targets < 0.5 s, < 500 KB)"
        )

    page_figures("sample page, drawn")
    sample.sample_confirm(by=lead, inspection=inspection)
    page_figures("sample page, confirmed (a replace form per sampled case)")
    # The report page checks that no case reference of the whole caseload is in the narrative (issue 11's
    # walk: 20 s a view at 100,000 rows when each reference was its own pattern).
    page_figures("report page (every caseload reference looked for)", f"/inspections/{inspection.pk}/report/")


if __name__ == "__main__":
    main()
