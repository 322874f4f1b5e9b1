"""Two-factor sign-in: who must have it, what a session still lacks, and the middleware that insists on it.

A person with a confirmed device is signed in only once they have entered a code in this session,
whichever way they gave their password (the sign-in page, or a session from before the device was
confirmed). Administrators (staff, superusers) and lead inspectors must have a device when
YJINSPECT_REQUIRE_TWO_FACTOR is on (the default; the demo turns it off): until they set one up, the
set-up pages and signing out are all they can reach.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import device_classes, user_has_device

from yjinspect.web.inspections.models import Membership, Role

PENDING = "yjinspect-pending-sign-in"
PENDING_SECONDS = 10 * 60  # the password step is good for this long while the code is entered
_SET_UP_PAGES = {"two_factor", "two_factor_confirm", "two_factor_restart", "logout"}


class Missing(Enum):
    """What a signed-in session still lacks before it may reach the application."""

    CODE = "code"  # the person has a device and has not entered a code in this session
    DEVICE = "device"  # the person must have a device and has none


@cache
def _device_models() -> tuple[type[Model], ...]:
    return tuple(device_classes())


_LEADS = "yj_leads"  # the annotations with_two_factor_facts adds (the device ones: _device_names())


def _device_names() -> list[str]:
    return [f"yj_device_{number}" for number in range(len(_device_models()))]


def with_two_factor_facts(users: QuerySet[Any]) -> QuerySet[Any]:
    """Read with each user what `missing` asks of every request: whether they have a confirmed device (of
    any kind django-otp knows) and whether they lead an inspection. Read in the user's own query, on every
    request (the middleware's, by the authentication backend), so they are as fresh as separate queries."""
    devices = {
        name: Exists(model._default_manager.filter(user=OuterRef("pk"), confirmed=True))
        for name, model in zip(_device_names(), _device_models(), strict=True)
    }
    leads = Exists(Membership.objects.filter(user=OuterRef("pk"), role=Role.LEAD))
    annotated: QuerySet[Any] = users.annotate(**devices, **{_LEADS: leads})
    return annotated


def _has_device(user: Any) -> bool:
    names = _device_names()
    if all(hasattr(user, name) for name in names):
        return any(getattr(user, name) for name in names)
    return bool(user_has_device(user, confirmed=True))


def required_for(user: Any) -> bool:
    """Whether this person must sign in with a second factor (administrators and lead inspectors)."""
    if not settings.YJINSPECT_REQUIRE_TWO_FACTOR:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if hasattr(user, _LEADS):
        return bool(getattr(user, _LEADS))
    return Membership.objects.filter(user=user, role=Role.LEAD).exists()


def missing(request: HttpRequest) -> Missing | None:
    """Return what the signed-in session still lacks, or None (also for someone not signed in)."""
    user: Any = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if _has_device(user):
        return Missing.CODE
    if required_for(user):
        return Missing.DEVICE
    return None


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    """Return `target` if it is a page of this site, else None (no `//other.example` redirects)."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def pending_start(request: HttpRequest, user: Any, next_url: str | None) -> None:
    """Record that the password step is done and the code step is due (the session is not signed in)."""
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}


def pending_user_pk(request: HttpRequest) -> int | None:
    """Return the person whose code is due, or None if no password step is pending (or it expired)."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return int(pending["user"])


def pending_finish(request: HttpRequest) -> str | None:
    """Forget the pending step and return where the person was going (checked again)."""
    pending = request.session.pop(PENDING, None) or {}
    return safe_next(request, pending.get("next"))


class TwoFactorMiddleware:
    """Send a session lacking its second factor to the code step or to set up a device (after OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponseBase | None:
        lacking = missing(request)
        name = request.resolver_match.url_name if request.resolver_match else None
        if lacking is Missing.CODE:
            if name == "logout":
                return None
            # Password given, code not: turn the session back into the half-way state of the sign-in page.
            user = request.user
            next_url = request.get_full_path() if request.method == "GET" else None
            logout(request)
            pending_start(request, user, safe_next(request, next_url))
            return None if name == "sign_in_code" else redirect("sign_in_code")
        if lacking is Missing.DEVICE and name not in _SET_UP_PAGES:
            return redirect("two_factor")
        return None
