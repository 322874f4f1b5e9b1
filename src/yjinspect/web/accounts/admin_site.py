"""The admin site behind the application's own sign-in, so that it cannot skip the second factor.

Its sign-in page sends people to the application's (password, then the code where they have a device),
and it refuses a session that still lacks its second factor even if one reached it some other way.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module is loaded with the app registry, before models can be imported.
        from yjinspect.web.accounts.two_factor import missing  # noqa: PLC0415

        return super().has_permission(request) and missing(request) is None

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Send the person to the application's sign-in, keeping where they were going."""
        target = request.GET.get("next")
        query = "?" + urlencode({"next": target}, safe="/") if target else ""
        return HttpResponseRedirect(reverse("login") + query)


class AdminConfig(DjangoAdminConfig):
    default_site = "yjinspect.web.accounts.admin_site.AdminSite"
