"""HTTPS deployment: the production profile behind the proxy, read strictly from the environment.

CSRF behind the HTTPS-terminating proxy, `manage check --deploy` without a warning, the
Content-Security-Policy, and the sign-in lockout seeing the client's address rather than the proxy's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.web.world import PASSWORD, World
from yjinspect.web.deployment import DEFAULT_CONTENT_SECURITY_POLICY, DOCUMENT_CONTENT_SECURITY_POLICY, security_settings

COMMAND = str(Path(sys.executable).parent / "yjinspect")
HOST = "inspect.example.org"
# The documented production environment (docs/deploying.md, "Production"), as `make check-deploy` sets it.
PRODUCTION = {
    "YJINSPECT_PROFILE": "production",
    "YJINSPECT_ALLOWED_HOSTS": HOST,
    "YJINSPECT_SECRET_KEY": "a-test-only-secret-key-that-is-long-and-random-enough-3f9c1e7a2b",
}


def _production(**extra: Any) -> Any:
    return override_settings(ALLOWED_HOSTS=[HOST], **security_settings(PRODUCTION).django_settings(), **extra)


def _behind_proxy(**extra: str) -> Client:
    return Client(enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https", **extra)


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_form_posted_through_the_https_proxy_passes_the_csrf_check(world: World) -> None:
    with _production():
        client = _behind_proxy()
        token = _token(client.get(reverse("login")).content.decode())
        response = client.post(
            reverse("login"),
            {"csrfmiddlewaretoken": token, "username": "inspector", "password": PASSWORD},
            HTTP_ORIGIN=f"https://{HOST}",
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert response["Location"] == reverse("home")
        assert client.get(reverse("home")).status_code == 200


def test_a_post_from_another_origin_is_still_refused(world: World) -> None:
    with _production():
        client = _behind_proxy()
        token = _token(client.get(reverse("login")).content.decode())
        response = client.post(
            reverse("login"),
            {"csrfmiddlewaretoken": token, "username": "inspector", "password": PASSWORD},
            HTTP_ORIGIN="https://evil.example",
        )
        assert response.status_code == 403


def test_production_redirects_plain_http_and_sends_hsts_and_secure_cookies(world: World) -> None:
    with _production():
        plain = Client(HTTP_HOST=HOST)
        assert plain.get(reverse("login"))["Location"] == f"https://{HOST}/sign-in/"
        client = _behind_proxy()
        page = client.get(reverse("login"))
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert page.cookies["csrftoken"]["secure"]
        token = _token(page.content.decode())
        data = {"csrfmiddlewaretoken": token, "username": "inspector", "password": PASSWORD}
        signed_in = client.post(reverse("login"), data, HTTP_ORIGIN=f"https://{HOST}")
        assert signed_in.cookies["sessionid"]["secure"]


def test_trusted_origins_for_a_proxy_that_renames_the_host(world: World) -> None:
    # A proxy that passes its own upstream host name on needs the public origin named as trusted.
    environ = {**PRODUCTION, "YJINSPECT_CSRF_TRUSTED_ORIGINS": "https://public.example.org"}
    with override_settings(ALLOWED_HOSTS=[HOST], **security_settings(environ).django_settings()):
        client = _behind_proxy()
        token = _token(client.get(reverse("login")).content.decode())
        data = {"csrfmiddlewaretoken": token, "username": "inspector", "password": PASSWORD}
        assert client.post(reverse("login"), data, HTTP_ORIGIN="https://public.example.org").status_code == 302


def _check_deploy(tmp_path: Path, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright's event loop in this
    # process; a deployment never has it, so the subprocess must not inherit it.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("YJINSPECT_", "DATABASE_URL")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(environ)
    return subprocess.run(
        [COMMAND, "manage", "--data-dir", str(tmp_path), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_production_profile_passes_check_deploy_without_a_warning(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_the_production_profile(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, {k: v for k, v in PRODUCTION.items() if k != "YJINSPECT_PROFILE"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("YJINSPECT_PROFILE", "prod", "YJINSPECT_PROFILE must be one of development, production"),
        ("YJINSPECT_HSTS_SECONDS", "a year", "YJINSPECT_HSTS_SECONDS must be a whole number"),
        ("YJINSPECT_HSTS_SECONDS", "-1", "YJINSPECT_HSTS_SECONDS must be a whole number"),
        ("YJINSPECT_HSTS_PRELOAD", "yes", "YJINSPECT_HSTS_PRELOAD must be true or false"),
        ("YJINSPECT_SECURE_COOKIES", "on", "YJINSPECT_SECURE_COOKIES must be true or false"),
        ("YJINSPECT_SSL_REDIRECT", "", "YJINSPECT_SSL_REDIRECT must be true or false"),
        ("YJINSPECT_PROXY_SSL_HEADER", "X-Forwarded-Proto", "YJINSPECT_PROXY_SSL_HEADER must be 'Header-Name: value'"),
        ("YJINSPECT_CSRF_TRUSTED_ORIGINS", "inspect.example.org", "each origin must be a scheme and host"),
        ("YJINSPECT_CSRF_TRUSTED_ORIGINS", "https://inspect.example.org/path", "each origin must be a scheme and host"),
        ("YJINSPECT_CONTENT_SECURITY_POLICY", "default-src 'self'; scirpt-src 'self'", "'scirpt-src' is not a"),
        ("YJINSPECT_TRUSTED_PROXY_COUNT", "one", "YJINSPECT_TRUSTED_PROXY_COUNT must be a whole number"),
        ("YJINSPECT_CLIENT_IP_HEADER", "X Forwarded For", "YJINSPECT_CLIENT_IP_HEADER must be an HTTP header name"),
    ],
)
def test_a_wrong_value_fails_loudly_naming_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(RuntimeError, match=re.escape(message)):
        security_settings({**PRODUCTION, variable: value})


def test_a_wrong_value_stops_the_command_with_the_message(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, {**PRODUCTION, "YJINSPECT_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "YJINSPECT_HSTS_SECONDS must be a whole number" in result.stderr


def test_each_setting_can_be_set_on_its_own() -> None:
    security = security_settings(
        {
            "YJINSPECT_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
            "YJINSPECT_HSTS_SECONDS": "600",
            "YJINSPECT_SECURE_COOKIES": "true",
            "YJINSPECT_TRUSTED_PROXY_COUNT": "2",
            "YJINSPECT_CLIENT_IP_HEADER": "X-Real-IP",
        }
    )
    assert security.proxy_ssl_header == ("HTTP_X_FORWARDED_PROTO", "https")
    assert (security.hsts_seconds, security.secure_cookies, security.ssl_redirect) == (600, True, False)
    assert (security.trusted_proxy_count, security.client_ip_header) == (2, "HTTP_X_REAL_IP")
    assert security_settings({**PRODUCTION, "YJINSPECT_PROXY_SSL_HEADER": "none"}).proxy_ssl_header is None


def test_pages_carry_the_content_security_policy_and_no_inline_script(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    for url in [reverse("login"), reverse("home"), reverse("report", args=[world.inspection.pk]), "/admin/login/"]:
        response = client.get(url)
        assert response["Content-Security-Policy"] == DEFAULT_CONTENT_SECURITY_POLICY, url
        page = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), f"an inline script on {url}"
        assert " style=" not in page, f"a style attribute on {url}"
    assert "script-src 'self'" in DEFAULT_CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in DEFAULT_CONTENT_SECURITY_POLICY


def test_a_report_document_gets_the_document_policy(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    response = client.get(reverse("report_preview", args=[world.inspection.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOCUMENT_CONTENT_SECURITY_POLICY
    assert "<script" not in response.content.decode()


def test_the_policy_can_be_replaced_but_not_mistyped() -> None:
    policy = "default-src 'self'; img-src 'self' https://maps.example.org"
    assert security_settings({"YJINSPECT_CONTENT_SECURITY_POLICY": policy}).content_security_policy == policy


def test_failed_sign_ins_behind_the_proxy_lock_only_that_client(world: World) -> None:
    with _production():
        attacker = _behind_proxy(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        attacker.handler.enforce_csrf_checks = False
        for _ in range(5):
            attacker.post(reverse("login"), {"username": "inspector", "password": "wrong password"})
        assert attacker.post(reverse("login"), {"username": "inspector", "password": PASSWORD}).status_code == 429
        colleague = _behind_proxy(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        colleague.handler.enforce_csrf_checks = False
        assert colleague.post(reverse("login"), {"username": "inspector", "password": PASSWORD}).status_code == 302


def test_an_address_the_client_made_up_is_not_believed(world: World) -> None:
    # The proxy appends the address it saw; anything to its left came from the client.
    with _production():
        for forged in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]:
            attacker = _behind_proxy(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")
            attacker.handler.enforce_csrf_checks = False
            last = attacker.post(reverse("login"), {"username": "inspector", "password": "wrong password"})
        assert last.status_code == 429
