"""Shared fixtures: shipped frameworks, the seed reports (public text, copied into tests/seeds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yjinspect.engine.framework import Framework
from yjinspect.engine.loading import load_framework

SEEDS = Path(__file__).resolve().parent / "seeds"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def fw2018() -> Framework:
    return load_framework("hmip-youth-2018")


@pytest.fixture(scope="session")
def fw2021() -> Framework:
    return load_framework("hmip-youth-2021")


def seed_text(prefix: str) -> str:
    """Return a seed report's text by its number prefix, e.g. '003'."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def ratings_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count every rating of a standards inspection (the engine's rate_inspection, as the plug-in calls it)."""
    from yjinspect.programmes import standards  # noqa: PLC0415 (patched here, for the test's duration)

    calls: list[str] = []
    real = standards.rate_inspection

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("rated")
        return real(*args, **kwargs)

    monkeypatch.setattr(standards, "rate_inspection", counted)
    return calls


@pytest.fixture
def tally() -> Iterator[str]:
    """Register the throwaway `tally` kind and its test-only framework file; return the framework id."""
    from tests.programmes.test_contract import DATA, Tally  # noqa: PLC0415 (the kind is defined with its tests)
    from yjinspect.programmes.base import (  # noqa: PLC0415
        programme_kind,
        register_framework_file,
        unregister_framework_file,
        unregister_kind,
    )

    programme_kind(Tally)
    framework_id = register_framework_file(DATA / "test-tally.yaml")
    yield framework_id
    unregister_framework_file(framework_id)
    unregister_kind("tally")
