"""The address a request really came from, behind the HTTPS-terminating proxies the deployment trusts.

Behind a proxy every request arrives from the proxy's address, so the sign-in lockout (django-axes,
which calls `client_address`) would lock everyone out together. Each trusted proxy appends the address
it received the request from to the forwarding header (X-Forwarded-For by default); with N trusted
proxies the client is the N-th address from the right. Addresses further left are whatever the client
sent and are never believed. With no trusted proxy (the default outside production), or a header that
did not pass through all of them, the connection's own address is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str | None:
    """Return the client's IP address, as seen by the outermost trusted proxy."""
    remote = request.META.get("REMOTE_ADDR")
    count: int = settings.YJINSPECT_TRUSTED_PROXY_COUNT
    if count == 0:
        return remote
    forwarded = [a.strip() for a in str(request.META.get(settings.YJINSPECT_CLIENT_IP_HEADER, "")).split(",") if a.strip()]
    if len(forwarded) < count or not _valid(forwarded[-count]):
        return remote
    return forwarded[-count]
