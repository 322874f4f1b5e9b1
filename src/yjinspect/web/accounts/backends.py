"""Authentication backend that loads a person's profile, and what two-factor sign-in asks, with them,
saving queries on every request."""

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from yjinspect.web.accounts.two_factor import with_two_factor_facts


@cache
def _users() -> QuerySet[Any]:
    """The query every request reads its user with, built once per process: building its annotations
    costs about as much CPU as running it. Never evaluated itself; each request filters a copy."""
    return with_two_factor_facts(get_user_model()._default_manager.select_related("profile"))


class ProfileBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user = _users().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
