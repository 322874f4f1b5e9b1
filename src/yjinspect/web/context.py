"""Messages and template context shared by every page: how a refused write is told, and how it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.contrib.messages import get_messages
from django.http import HttpRequest

if TYPE_CHECKING:
    from yjinspect.web.inspections.services.common import ServiceError

T = TypeVar("T")


def failed(request: HttpRequest, error: ServiceError) -> None:
    """Tell a refused write (a `ServiceError`) as the error summary shows it: the reason, then each problem."""
    messages.error(request, str(error), extra_tags="error-summary")
    for problem in error.problems:
        messages.error(request, problem, extra_tags="error-item")


def tell_outcome(request: HttpRequest, write: Callable[[], T], done: str | Callable[[T], str]) -> None:
    """Make one write (a service call, with the form's parsing inside it) and tell its outcome: the
    success message (`done`, or `done(result)`), or the refusal as the error summary shows it."""
    # Imported here: the context processor module is loaded with the settings, before the app's models.
    from yjinspect.web.inspections.services.common import ServiceError  # noqa: PLC0415

    try:
        result = write()
    except ServiceError as error:
        failed(request, error)
    else:
        messages.success(request, done(result) if callable(done) else done)


def message_groups(request: HttpRequest) -> dict[str, Any]:
    """Split messages into the error summary's heading and items, and success banners."""
    stored = list(get_messages(request))
    return {
        "error_headings": [m for m in stored if "error-summary" in m.tags],
        "error_items": [m for m in stored if "error-item" in m.tags],
        "successes": [m for m in stored if m.level_tag == "success"],
        "notices": [m for m in stored if m.level_tag == "warning"],  # what an import left out, told after it
    }
