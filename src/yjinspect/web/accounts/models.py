"""People: Django's users plus what the inspection system needs to know about them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def display_name(user: Any) -> str:
    """Return how pages and messages name a person: their full name, or their username if they have none."""
    return str(user.get_full_name() or user.username)


class Service(models.Model):
    """An inspected youth offending service (YOT, YOS or YJS)."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """Role facts that are not per inspection.

    home_service: a local assessor's own service, whose cases they may never assess.
    contact_for: makes the user a service contact, who sees only that service's data return and draft.
    panel_member: may sit on ratings panels.
    quality_lead: the inspectorate's quality lead, who dip-samples assessors' case judgements in any
    inspection (never their own service's) and reads the agreement figures across the inspectorate.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    home_service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact_for = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    panel_member = models.BooleanField(default=False)
    quality_lead = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"profile of {self.user}"

    def conflicts_with(self, service_id: int | None) -> bool:
        """Return whether this person belongs to the service (their home service, or the one they are contact for).

        Such a person may be the service's contact in its inspection, never a member of its team."""
        return service_id is not None and service_id in (self.home_service_id, self.contact_for_id)
