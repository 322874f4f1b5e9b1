"""Sign-in cannot be skipped: every path asks for the second factor, and some people must have one.

Also: where sign-in sends someone afterwards (`?next=`) stays on this site.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.world import PASSWORD, World
from yjinspect.web.accounts.two_factor import PENDING_SECONDS
from yjinspect.web.deployment import require_two_factor


@pytest.fixture(autouse=True)
def _codes_tried_at_once(settings: Any) -> None:
    # django-otp throttles a code tried straight after a wrong one; these tests try several at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _protected_pages(world: World) -> list[str]:
    return [
        "/admin/",
        "/admin/auth/user/",
        reverse("home"),
        reverse("overview", args=[world.inspection.pk]),
        reverse("export_bundle", args=[world.inspection.pk]),
    ]


def _staff_with_device(world: World) -> tuple[Any, TOTPDevice]:
    admin = world.users["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return admin, TOTPDevice.objects.create(user=admin, name="app", confirmed=True)


def test_the_admin_sign_in_does_not_skip_the_code(world: World, client: Client) -> None:
    _admin, device = _staff_with_device(world)
    client.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})
    for url in _protected_pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(("/sign-in/", "/admin/login/")), url
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))
    # The sign-in's own code step finishes the job and gives the pages.
    client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert client.post(reverse("sign_in_code"), {"code": _code(device)}).status_code == 302
    for url in _protected_pages(world):
        assert client.get(url).status_code == 200, url


def test_the_admin_sign_in_page_sends_people_to_the_app_sign_in(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/auth/user/"


def test_a_session_signed_in_by_password_alone_gets_nothing_while_a_device_waits(world: World, client: Client) -> None:
    # However a session came to be signed in without the code, it is sent to the code step.
    _admin, device = _staff_with_device(world)
    for url in _protected_pages(world):
        client.force_login(world.users["admin"])
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("sign_in_code")), url
    assert client.post(reverse("sign_in_code"), {"code": _code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_code_step_without_a_password_first_goes_back_to_sign_in(client: Client) -> None:
    assert client.get(reverse("sign_in_code"))["Location"] == reverse("login")


def test_the_password_step_expires_if_no_code_follows(world: World, client: Client, monkeypatch: Any) -> None:
    TOTPDevice.objects.create(user=world.users["lead"], name="app", confirmed=True)
    client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    assert client.get(reverse("sign_in_code")).status_code == 200
    later = time.time() + PENDING_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(reverse("sign_in_code"))["Location"] == reverse("login")


def test_the_code_step_refuses_an_account_closed_meanwhile(world: World, client: Client) -> None:
    TOTPDevice.objects.create(user=world.users["lead"], name="app", confirmed=True)
    client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    world.users["lead"].is_active = False
    world.users["lead"].save(update_fields=["is_active"])
    assert client.post(reverse("sign_in_code"), {"code": "123456"})["Location"] == reverse("login")


@pytest.mark.parametrize("username", ["lead", "admin"])
def test_a_lead_or_administrator_without_a_device_is_sent_to_set_one_up(
    username: str, world: World, client: Client, settings: Any
) -> None:
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = True
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response["Location"] == reverse("two_factor")
    for url in [reverse("home"), reverse("overview", args=[world.inspection.pk]), "/admin/"]:
        assert client.get(url)["Location"] == reverse("two_factor"), url
    page = client.get(reverse("two_factor")).content.decode()
    assert "You need two-factor sign-in" in page
    device = TOTPDevice.objects.get(user=world.users[username])
    assert client.post(reverse("two_factor_confirm"), {"code": _code(device)})["Location"] == reverse("home")
    assert client.get(reverse("overview", args=[world.inspection.pk])).status_code == 200


def test_the_set_up_page_lets_one_sign_out(world: World, client: Client, settings: Any) -> None:
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = True
    client.force_login(world.users["lead"])
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_an_inspector_without_a_device_is_not_made_to_set_one_up(world: World, client: Client, settings: Any) -> None:
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = True
    assert client.post(reverse("login"), {"username": "inspector", "password": PASSWORD})["Location"] == reverse("home")
    assert client.get(reverse("overview", args=[world.inspection.pk])).status_code == 200


def test_the_setting_turns_the_requirement_off(world: World, client: Client, settings: Any) -> None:
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = False
    assert client.post(reverse("login"), {"username": "lead", "password": PASSWORD})["Location"] == reverse("home")
    assert client.get(reverse("overview", args=[world.inspection.pk])).status_code == 200


def test_the_requirement_is_on_unless_the_environment_turns_it_off() -> None:
    assert require_two_factor({}) is True
    assert require_two_factor({"YJINSPECT_REQUIRE_TWO_FACTOR": "false"}) is False
    with pytest.raises(RuntimeError, match="YJINSPECT_REQUIRE_TWO_FACTOR must be true or false"):
        require_two_factor({"YJINSPECT_REQUIRE_TWO_FACTOR": "sometimes"})


def test_turning_two_factor_on_verifies_the_session(world: World, client: Client) -> None:
    # Confirming a device mid-session must not leave the person stranded at the code step.
    client.force_login(world.users["inspector"])
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=world.users["inspector"])
    client.post(reverse("two_factor_confirm"), {"code": _code(device)})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/x", "/\\evil.example", "http:///evil.example"])
def test_sign_in_does_not_follow_a_next_to_another_site(target: str, world: World, client: Client) -> None:
    response = client.post(reverse("login") + "?next=" + target, {"username": "inspector", "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_sign_in_follows_a_next_on_this_site(world: World, client: Client) -> None:
    target = reverse("overview", args=[world.inspection.pk])
    response = client.post(reverse("login") + "?next=" + target, {"username": "inspector", "password": PASSWORD})
    assert response["Location"] == target


def test_the_code_step_keeps_a_safe_next_and_drops_another_site(world: World, client: Client) -> None:
    device = TOTPDevice.objects.create(user=world.users["lead"], name="app", confirmed=True)
    target = reverse("overview", args=[world.inspection.pk])
    client.post(reverse("login") + "?next=" + target, {"username": "lead", "password": PASSWORD})
    assert client.post(reverse("sign_in_code"), {"code": _code(device)})["Location"] == target
    # A code is good once, so the second sign-in is another person's.
    _admin, admin_device = _staff_with_device(world)
    other = Client()
    other.post(reverse("login") + "?next=//evil.example/x", {"username": "admin", "password": PASSWORD})
    assert other.post(reverse("sign_in_code"), {"code": _code(admin_device)})["Location"] == reverse("home")
