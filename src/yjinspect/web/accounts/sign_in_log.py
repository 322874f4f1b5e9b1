"""Sign-in events in the log (`yjinspect.sign_in`): success, failure, lockout and sign-out, each with the
username and the client's address (as the lockout sees it, behind the trusted proxies). Never a password:
of the credentials a failed sign-in carries, only the username is read."""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from yjinspect.web.client_address import client_address

log = logging.getLogger("yjinspect.sign_in")


def _address(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="yjinspect.sign_in.success")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log.info("signed in", extra={"event": "sign_in", "username": user.get_username(), "address": _address(request)})


@receiver(user_login_failed, dispatch_uid="yjinspect.sign_in.failure")
def sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    log.warning("sign-in failed", extra={"event": "sign_in_failed", "username": username, "address": _address(request)})


@receiver(user_locked_out, dispatch_uid="yjinspect.sign_in.lockout")
def locked_out(sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any) -> None:
    address = kwargs.get("ip_address") or _address(request)
    log.warning("sign-in locked out", extra={"event": "lockout", "username": str(username or "")[:150], "address": address})


@receiver(user_logged_out, dispatch_uid="yjinspect.sign_in.sign_out")
def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    username = user.get_username() if user is not None else ""
    log.info("signed out", extra={"event": "sign_out", "username": username, "address": _address(request)})
