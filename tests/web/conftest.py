from __future__ import annotations

from typing import Any

import pytest

from tests.web.world import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness protects real accounts; tests create many throwaway ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings: Any) -> None:
    # The world's accounts sign in with force_login, without a second factor; the requirement for
    # administrators and lead inspectors is tested with it on (test_sign_in_security.py).
    settings.YJINSPECT_REQUIRE_TWO_FACTOR = False


@pytest.fixture
def world(db: None) -> World:
    return build_world()
