"""The production server: gunicorn, several worker processes, behind the HTTPS-terminating proxy.

`yjinspect serve --production` runs it; plain `yjinspect serve` keeps the embedded waitress server (one
process), which is simpler and enough for one team on one machine. One process holds Python's global
lock, so waitress's threads take turns at every request; gunicorn's workers are separate processes that
use every core. docs/deploying.md ("Production server") describes the defaults.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from django.urls import get_resolver
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from yjinspect.programmes import programme_for, programme_ids
from yjinspect.web.structured_log import is_respondent_page, respondent_unnamed

FORWARDED_ALLOW_IPS = "YJINSPECT_FORWARDED_ALLOW_IPS"
# The proxy runs on the same machine unless the operator says otherwise.
DEFAULT_FORWARDED_ALLOW_IPS = "127.0.0.1,::1"
MOST_WORKERS = 8  # each worker is a whole Django process (about 100 MB once it has rendered a PDF)
# Per worker. Threads of one process take turns at Python's global lock, which costs CPU on every
# request (measured 2026-12-02, flat out on 2 cores: a save 4.3-4.7 ms of server CPU with 4 threads,
# 3.4-3.6 ms with 1); 2 × cores + 1 processes already keep the cores busy while one waits for the database.
THREADS = 1
TIMEOUT = 60  # seconds a worker may be silent before it is restarted; rendering a big report's PDF takes several
MAX_REQUESTS = 1000  # a worker is replaced after this many requests (plus jitter, so they do not all restart at once)
MAX_REQUESTS_JITTER = 100
# The access log names the request (method and path: never the query string, which may carry a
# child's details), its status and size, and how long it took (milliseconds).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms "%(a)s"'


def cores() -> int:
    """Return how many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(core_count: int) -> int:
    """Return gunicorn's usual 2 × cores + 1 workers, at most MOST_WORKERS."""
    return min(2 * core_count + 1, MOST_WORKERS)


def forwarded_allow_ips(environ: Mapping[str, str]) -> list[str]:
    """Read the proxies whose X-Forwarded-Proto header gunicorn believes: addresses or networks, comma-separated."""
    value = environ.get(FORWARDED_ALLOW_IPS, DEFAULT_FORWARDED_ALLOW_IPS)
    entries = [e.strip() for e in value.split(",") if e.strip()]
    if not entries:
        raise RuntimeError(f"{FORWARDED_ALLOW_IPS} must name the proxy's address, such as 127.0.0.1 or 10.0.0.0/8")
    for entry in entries:
        if entry == "*":
            raise RuntimeError(
                f"{FORWARDED_ALLOW_IPS}: name the proxy's addresses or network (such as 10.0.0.0/8), not '*': "
                "with '*' any client could claim its request came over HTTPS"
            )
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise RuntimeError(
                f"{FORWARDED_ALLOW_IPS}: {entry!r} is not an IP address or network (such as 127.0.0.1, ::1 or 10.0.0.0/8)"
            ) from None
    return entries


def gunicorn_options(
    *, host: str, port: int, workers: int | None, threads: int | None, environ: Mapping[str, str], core_count: int
) -> dict[str, Any]:
    """Return gunicorn's settings for serving yjinspect; raise RuntimeError naming a wrong variable."""
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers or default_workers(core_count),
        "worker_class": "gthread",
        "threads": threads or THREADS,
        "timeout": TIMEOUT,
        "graceful_timeout": 30,
        "keepalive": 5,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        "forwarded_allow_ips": ",".join(forwarded_allow_ips(environ)),
        # Loaded once in the main process, then forked: workers start fast and share the loaded code.
        "preload_app": True,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "logger_class": StderrLogger,
        "proc_name": "yjinspect",
        # No control socket: nothing else may steer the server, and two servers on a machine do not clash.
        "control_socket_disable": True,
    }


def warm_up() -> None:
    """Import every view and load every framework once, in the main process, before workers are forked.

    Each worker (and each one that replaces a worker after MAX_REQUESTS) then starts with them loaded,
    instead of spending its first requests on it (about half a second of CPU each).
    """
    get_resolver().url_patterns  # noqa: B018  (reading it imports every view module)
    for framework_id in programme_ids():
        programme_for(framework_id).framework  # noqa: B018  (reading it loads and indexes the file)


class StderrLogger(glogging.Logger):  # type: ignore[misc]
    """Gunicorn's logger writing its error and access lines where the application's log goes.

    Where the application's logging is set up (settings.LOGGING gives the root logger its handlers),
    gunicorn's lines go through it, so that the operator collects one format; otherwise gunicorn's own
    handlers write them, the access log moved from standard output to standard error.
    """

    def atoms(self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: Any) -> dict[str, Any]:
        """Return the access line's parts, a survey respondent's page unnamed: its path holds their invitation
        code and where they are in the questionnaire, and their browser is no one's business (decision 0013)."""
        found: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        if is_respondent_page(str(found.get("U", ""))):
            for key in ("U", "r"):
                found[key] = respondent_unnamed(str(found.get(key, "")))
            found["a"] = "-"
            found = {k: ("-" if k.lower() in ("{user-agent}i", "{referer}i") else v) for k, v in found.items()}
            found["f"] = "-"  # the referer: the page they came from, a question too
        return found

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        application_handles = bool(logging.getLogger().handlers)
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                if application_handles and getattr(handler, "_gunicorn", False):
                    log.removeHandler(handler)
                elif isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
                    handler.setStream(sys.stderr)
            log.propagate = application_handles


class ProductionServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn running the given WSGI application with the given settings (no command line, no config file)."""

    def __init__(self, application: Callable[..., Any], options: Mapping[str, Any], *, when_ready: Callable[[], None]) -> None:
        self.application = application
        self.options = dict(options)
        self.on_ready = when_ready
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # an older gunicorn lacks the newest settings (the control socket)
                self.cfg.set(key, value)
        on_ready = self.on_ready
        self.cfg.set("when_ready", lambda _arbiter: on_ready())

    def load(self) -> Callable[..., Any]:
        return self.application
