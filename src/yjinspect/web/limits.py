"""Upload, request and text limits: the settings given to the file readers, a request too large told
plainly, and how long a piece of free text people type may be.

Django refuses a form with too many fields or too large a body with a bare 400 page, and never
limits an uploaded file's size at all. `RequestLimitMiddleware` refuses a request whose declared
length is over `REQUEST_MAX_BYTES` before its body is read, and reads the form early so that
Django's own limits are caught; either way the person is sent back to the page they posted from
with a message saying what the limit is (or, with no page to go back to, shown it with status 413).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from yjinspect.importing.limits import UploadLimits, megabytes

# Free text the services store, at most this many characters each: far more than any note needs, and
# a page quoting the text stays usable (a 1 MB evidence note was accepted before). The services refuse
# a longer text with `text_problem`'s message, which says the limit.
EVIDENCE_MAX_CHARS = 10_000  # an answer's evidence note, a team rating's evidence
COMMENT_MAX_CHARS = 5_000  # a review comment, a panel decision's reason, why a case was replaced
NARRATIVE_BOX_MAX_CHARS = 200_000  # one box of the report's narrative: a long summary is about 100,000


def text_problem(what: str, text: str, limit: int) -> str | None:
    """Return why a text is too long ("Evidence for 2.1.1: at most 10,000 characters (this has 12,345)"), or None."""
    if len(text) <= limit:
        return None
    return f"{what}: at most {limit:,} characters (this has {len(text):,})."


def upload_limits() -> UploadLimits:
    """Return the upload limits the settings give (docs/deploying.md, "Limits")."""
    return UploadLimits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_rows=settings.UPLOAD_MAX_ROWS,
        max_unpacked_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
        max_problems=settings.UPLOAD_MAX_PROBLEMS,
    )


class RequestLimitMiddleware:
    """Refuse an over-large request with a message instead of reading it or answering with a 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.REQUEST_MAX_BYTES:
                return self._refuse(
                    request,
                    f"Nothing was saved: what was sent is {megabytes(length)}, more than the limit of "
                    f"{megabytes(settings.REQUEST_MAX_BYTES)}. An uploaded file may be at most "
                    f"{megabytes(settings.UPLOAD_MAX_BYTES)}.",
                )
            try:
                request.POST  # noqa: B018 -- read the form now, so that Django's own limits are told here
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
                return self._refuse(request, _why(error))
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, message: str) -> HttpResponse:
        back = request.META.get("HTTP_REFERER", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            messages.error(request, message, extra_tags="error-summary")
            return HttpResponseRedirect(back)
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too large</title></head>'
            f"<body><h1>Too large</h1><p>{escape(message)}</p><p>Go back and try again.</p></body></html>"
        )
        return HttpResponse(page, status=413)


def _why(error: Exception) -> str:
    if isinstance(error, TooManyFieldsSent):
        return f"Nothing was saved: the form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, the limit."
    if isinstance(error, TooManyFilesSent):
        return "Nothing was saved: the form sent more files than allowed."
    return (
        f"Nothing was saved: the form's fields (besides any file) are more than "
        f"{megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}, the limit."
    )
