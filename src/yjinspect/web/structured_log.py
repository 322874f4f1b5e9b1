"""Log records as JSON lines, one object a line, for an operator's log shipping (settings.LOGGING).

Each line has the time (UTC, ISO 8601), level, logger and message, the fields a caller passed in `extra`
(event, username, address, detail...), a request's method, path and status where Django's request
logger gives them, and the traceback of an exception. A request's body, headers, cookies and query
string are never written: they may hold a password or a child's details.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

# The attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_NEVER = {"request", "password", "credentials"}  # a request object, or what a caller must not have passed


# A survey respondent's pages: /survey/<their code>/<the question they are on>/. The code would tie a log line
# to a person (the service knows who got which code) and the path to their answers (a follow-up is asked only
# after some answers), so neither is ever written (decision 0013); the code page and the thanks page name no one.
_RESPONDENT_PAGE = re.compile(r"/survey/(?!thank-you/)[A-Za-z0-9%-]+(?:/[^\s\"?]*)?")
RESPONDENT_PAGE = "/survey/[a respondent's page]"


def respondent_unnamed(text: str) -> str:
    """Return text (a path, a log message) with every survey respondent's page replaced by the same words."""
    return _RESPONDENT_PAGE.sub(RESPONDENT_PAGE, text)


def is_respondent_page(path: str) -> bool:
    """Return whether a path is one of a survey respondent's pages (what their browser asks must not be logged)."""
    return bool(_RESPONDENT_PAGE.match(path))


class JsonLinesFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": respondent_unnamed(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):  # django.request's records carry the request
            line["method"], line["path"] = getattr(request, "method", ""), respondent_unnamed(request.path)
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in _NEVER and not name.startswith("_"):
                line[name] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
