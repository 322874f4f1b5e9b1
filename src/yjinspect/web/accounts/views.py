"""Signing in (with optional two-factor codes) and turning two-factor authentication on."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjinspect.web.accounts import two_factor as second_factor  # named apart from the view two_factor


def sign_in(request: HttpRequest) -> HttpResponse:
    """First step: username and password (failed attempts are limited by django-axes)."""
    next_url = second_factor.safe_next(request, request.GET.get("next"))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user_has_device(user, confirmed=True):
            second_factor.pending_start(request, user, next_url)
            return redirect("sign_in_code")
        login(request, user)
        if second_factor.required_for(user):
            return redirect("two_factor")
        return redirect(next_url or "home")
    return render(request, "accounts/sign_in.html", {"form": form})


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Second step for people with two-factor authentication: the code from their app."""
    pending = second_factor.pending_user_pk(request)
    user = None if pending is None else get_user_model().objects.filter(pk=pending, is_active=True).first()
    if user is None:  # no password step, or it expired, or the account was closed since
        return redirect("login")
    error = None
    if request.method == "POST":
        token = request.POST.get("code", "").replace(" ", "")
        device = next((d for d in TOTPDevice.objects.filter(user=user, confirmed=True) if d.verify_token(token)), None)
        if device is not None:
            next_url = second_factor.pending_finish(request)
            login(request, user, backend="yjinspect.web.accounts.backends.ProfileBackend")
            otp_login(request, device)
            return redirect(next_url or "home")
        error = "That code is not right, or it has expired. Enter the current 6-digit code from your app."
    return render(request, "accounts/sign_in_code.html", {"error": error})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    """Change one's own password; the strong-password rules in settings apply."""
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        update_session_auth_hash(request, form.save())
        messages.success(request, "Your password has been changed.")
        return redirect("home")
    return render(request, "accounts/change_password.html", {"form": form})


def _two_factor_page(request: HttpRequest, device: TOTPDevice, error: str | None = None) -> HttpResponse:
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "required": second_factor.missing(request) is second_factor.Missing.DEVICE,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": device.config_url,
            "error": error,
        },
    )


def _new_device(user: Any) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


@login_required
@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn on two-factor authentication: show a key for an authenticator app (then confirm a code)."""
    device = TOTPDevice.objects.filter(user=request.user).order_by("-id").first()
    return _two_factor_page(request, device or _new_device(request.user))


@login_required
@require_POST
def two_factor_restart(request: HttpRequest) -> HttpResponse:
    """Start again with a new key, dropping any key not yet confirmed."""
    _new_device(request.user)
    return redirect("two_factor")


@login_required
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the key with a code from the app; a wrong code shows the page again, saying so."""
    device = TOTPDevice.objects.filter(user=request.user).order_by("-id").first() or _new_device(request.user)
    if device.verify_token(request.POST.get("code", "").replace(" ", "")):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)  # the code just entered is this session's second factor
        messages.success(request, "Two-factor authentication is on: you will be asked for a code when you sign in.")
        return redirect("home")
    return _two_factor_page(request, device, "That code is not right. Enter the current 6-digit code from your app.")
