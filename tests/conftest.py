"""Shared fixtures: shipped frameworks, the seed reports (public text, copied into tests/seeds)."""

from __future__ import annotations

from pathlib import Path

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
