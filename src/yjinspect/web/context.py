"""Template context shared by every page."""

from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest


def message_groups(request: HttpRequest) -> dict[str, Any]:
    """Split messages into the error summary's heading and items, and success banners."""
    stored = list(get_messages(request))
    return {
        "error_headings": [m for m in stored if "error-summary" in m.tags],
        "error_items": [m for m in stored if "error-item" in m.tags],
        "successes": [m for m in stored if m.level_tag == "success"],
    }
