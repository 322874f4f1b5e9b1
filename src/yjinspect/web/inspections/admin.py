"""The audit events (imports and exports outside an inspection) for administrators to read; nobody edits them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yjinspect.web.inspections.models import AuditEvent


# The admin classes are generic in django-stubs only; subscripting them fails at run time.
@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "user", "what", "detail")
    list_filter = ("what",)
    search_fields = ("what", "detail", "user__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
