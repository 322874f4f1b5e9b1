"""Log records as JSON lines, one object a line, for an operator's log shipping (settings.LOGGING).

Each line has the time (UTC, ISO 8601), level, logger and message, the fields a caller passed in `extra`
(event, username, address, detail...), a request's method, path and status where Django's request
logger gives them, and the traceback of an exception. A request's body, headers, cookies and query
string are never written: they may hold a password or a child's details.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# The attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_NEVER = {"request", "password", "credentials"}  # a request object, or what a caller must not have passed


class JsonLinesFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):  # django.request's records carry the request
            line["method"], line["path"] = getattr(request, "method", ""), request.path
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in _NEVER and not name.startswith("_"):
                line[name] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
