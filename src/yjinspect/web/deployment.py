"""Read the security and deployment settings from the environment, strictly: a wrong value stops start-up.

`YJINSPECT_PROFILE=production` turns on what serving behind an HTTPS-terminating proxy needs (secure
cookies, HSTS, the redirect to HTTPS, the proxy's headers); each variable can still be set on its own.
docs/deploying.md lists them. Kept free of Django so that settings.py and the tests can both call it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

PROFILES = ("development", "production")

# Everything the pages need, nothing more: our scripts and styles are files served from this site (no
# inline script, no style attribute), GOV.UK Frontend's images and fonts come from here too, and no
# page may be framed, post elsewhere or change the base address.
DEFAULT_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# A report document (the HTML file of a report) is self-contained: its styles are one <style> element,
# its charts inline SVG, and it has no script, form or link to load.
DOCUMENT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_CSP_DIRECTIVES = {
    "default-src", "script-src", "script-src-elem", "script-src-attr", "style-src", "style-src-elem",
    "style-src-attr", "img-src", "font-src", "connect-src", "media-src", "object-src", "frame-src", "child-src",
    "worker-src", "manifest-src", "base-uri", "form-action", "frame-ancestors", "sandbox",
    "upgrade-insecure-requests", "report-uri", "report-to",
}  # fmt: skip
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_ONE_YEAR = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Security:
    """The security settings of one deployment, as read from its environment."""

    profile: str
    proxy_ssl_header: tuple[str, str] | None
    csrf_trusted_origins: list[str]
    secure_cookies: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    hsts_preload: bool
    ssl_redirect: bool
    content_security_policy: str
    trusted_proxy_count: int
    client_ip_header: str  # as a request.META key, e.g. HTTP_X_FORWARDED_FOR
    require_two_factor: bool

    def django_settings(self) -> dict[str, Any]:
        """Return the Django settings these values become (settings.py sets the same names)."""
        return {
            "SECURE_PROXY_SSL_HEADER": self.proxy_ssl_header,
            "CSRF_TRUSTED_ORIGINS": self.csrf_trusted_origins,
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "CSRF_COOKIE_SECURE": self.secure_cookies,
            "SECURE_HSTS_SECONDS": self.hsts_seconds,
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": self.hsts_include_subdomains,
            "SECURE_HSTS_PRELOAD": self.hsts_preload,
            "SECURE_SSL_REDIRECT": self.ssl_redirect,
            "YJINSPECT_CONTENT_SECURITY_POLICY": self.content_security_policy,
            "YJINSPECT_TRUSTED_PROXY_COUNT": self.trusted_proxy_count,
            "YJINSPECT_CLIENT_IP_HEADER": self.client_ip_header,
            "YJINSPECT_REQUIRE_TWO_FACTOR": self.require_two_factor,
        }


def flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    """Read a true/false variable; anything else is an error naming the variable."""
    value = environ.get(name)
    if value is None:
        return default
    if value.strip().lower() not in {"true", "false", "1", "0"}:
        raise RuntimeError(f"{name} must be true or false, not {value!r}")
    return value.strip().lower() in {"true", "1"}


def _whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,10}", value.strip()):
        raise RuntimeError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(value.strip())


def _header_name(name: str, value: str) -> str:
    if not _HEADER_NAME.fullmatch(value):
        raise RuntimeError(f"{name} must be an HTTP header name such as X-Forwarded-For, not {value!r}")
    return "HTTP_" + value.upper().replace("-", "_")


def _proxy_ssl_header(environ: Mapping[str, str], default: tuple[str, str] | None) -> tuple[str, str] | None:
    name = "YJINSPECT_PROXY_SSL_HEADER"
    value = environ.get(name)
    if value is None:
        return default
    if value.strip().lower() == "none":
        return None
    header, sep, expected = value.partition(":")
    if not sep or not expected.strip() or not _HEADER_NAME.fullmatch(header.strip()):
        raise RuntimeError(f"{name} must be 'Header-Name: value' (e.g. 'X-Forwarded-Proto: https') or 'none', not {value!r}")
    return _header_name(name, header.strip()), expected.strip()


def _origins(environ: Mapping[str, str]) -> list[str]:
    name = "YJINSPECT_CSRF_TRUSTED_ORIGINS"
    origins = [o.strip() for o in environ.get(name, "").split(",") if o.strip()]
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"https", "http"} or not parts.netloc or parts.path or parts.query or parts.fragment:
            raise RuntimeError(
                f"{name}: each origin must be a scheme and host such as https://inspect.example.org, not {origin!r}"
            )
    return origins


def content_security_policy(value: str, *, name: str = "YJINSPECT_CONTENT_SECURITY_POLICY") -> str:
    """Check a policy's directive names (a typo would silently allow or block everything it meant)."""
    if not value.strip() or "\r" in value or "\n" in value:
        raise RuntimeError(f"{name} must be a policy on one line, such as {DEFAULT_CONTENT_SECURITY_POLICY!r}")
    for directive in filter(None, (d.strip() for d in value.split(";"))):
        directive_name = directive.split()[0].lower()
        if directive_name not in _CSP_DIRECTIVES:
            raise RuntimeError(f"{name}: {directive_name!r} is not a Content-Security-Policy directive (in {directive!r})")
    return "; ".join(d.strip() for d in value.split(";") if d.strip())


def require_two_factor(environ: Mapping[str, str]) -> bool:
    """Whether administrators and lead inspectors must sign in with a second factor (on unless turned off)."""
    return flag(environ, "YJINSPECT_REQUIRE_TWO_FACTOR", True)


def security_settings(environ: Mapping[str, str]) -> Security:
    """Read every security setting; raise RuntimeError naming the variable on a wrong value."""
    profile = environ.get("YJINSPECT_PROFILE", "development").strip().lower()
    if profile not in PROFILES:
        raise RuntimeError(f"YJINSPECT_PROFILE must be one of {', '.join(PROFILES)}, not {environ['YJINSPECT_PROFILE']!r}")
    production = profile == "production"
    hsts_seconds = _whole_number(environ, "YJINSPECT_HSTS_SECONDS", _ONE_YEAR if production else 0)
    return Security(
        profile=profile,
        proxy_ssl_header=_proxy_ssl_header(environ, ("HTTP_X_FORWARDED_PROTO", "https") if production else None),
        csrf_trusted_origins=_origins(environ),
        secure_cookies=flag(environ, "YJINSPECT_SECURE_COOKIES", production),
        hsts_seconds=hsts_seconds,
        hsts_include_subdomains=flag(environ, "YJINSPECT_HSTS_INCLUDE_SUBDOMAINS", production),
        hsts_preload=flag(environ, "YJINSPECT_HSTS_PRELOAD", production),
        ssl_redirect=flag(environ, "YJINSPECT_SSL_REDIRECT", production),
        content_security_policy=content_security_policy(
            environ.get("YJINSPECT_CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
        ),
        trusted_proxy_count=_whole_number(environ, "YJINSPECT_TRUSTED_PROXY_COUNT", 1 if production else 0),
        client_ip_header=_header_name(
            "YJINSPECT_CLIENT_IP_HEADER", environ.get("YJINSPECT_CLIENT_IP_HEADER", "X-Forwarded-For").strip()
        ),
        require_two_factor=require_two_factor(environ),
    )
