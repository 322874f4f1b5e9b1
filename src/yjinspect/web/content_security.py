"""The Content-Security-Policy header (Django 5.2 has none built in): the policy from settings on every response.

Views that serve a report document (its self-contained HTML file) mark their response with
`report_document`, which gets the narrower DOCUMENT_CONTENT_SECURITY_POLICY: no script at all, only the
document's own <style> element and inline charts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from yjinspect.web.deployment import DOCUMENT_CONTENT_SECURITY_POLICY

HEADER = "Content-Security-Policy"
_DOCUMENT = "yjinspect_report_document"


class ContentSecurityPolicyMiddleware:
    """Set the policy on each response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if HEADER not in response.headers:
            document = getattr(response, _DOCUMENT, False)
            response.headers[HEADER] = (
                DOCUMENT_CONTENT_SECURITY_POLICY if document else settings.YJINSPECT_CONTENT_SECURITY_POLICY
            )
        return response


def report_document(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark a view's response as a report document, for DOCUMENT_CONTENT_SECURITY_POLICY."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, _DOCUMENT, True)
        return response

    return wrapped
