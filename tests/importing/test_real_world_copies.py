"""Reports as people find them (issue 14, items 1 and 5): every seed under any combination of the damage
real copies carry gives each figure as the undamaged text does, or null; the service's true name or null."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import seed_text
from tests.importing.damage import DAMAGE, damaged
from tests.importing.test_published_reports import _values
from yjinspect.programmes import read_published_report

SEEDS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("seed", SEEDS)
@settings(max_examples=30, deadline=None)
@given(forms=st.lists(st.sampled_from(sorted(DAMAGE)), unique=True, min_size=1), salt=st.integers(0, 10_000))
def test_any_real_world_damage_to_any_seed_never_gives_a_wrong_figure_or_name(seed: str, forms: list[str], salt: int) -> None:
    text = seed_text(seed)
    whole = read_published_report(text)
    found = read_published_report(damaged(text, forms, random.Random(salt)))
    assert found["programme"] in (whole["programme"], "unknown")
    assert found["service"] in (whole["service"], None)
    assert found["year"] in (whole["year"], None)
    figures, expected = _values(found), _values(whole)
    assert {v for v in figures if v[0] != "counts"} <= expected
    assert {(v[2], v[3]) for v in figures if v[0] == "counts"} <= {(v[2], v[3]) for v in expected if v[0] == "counts"}


@pytest.mark.parametrize("form", sorted(DAMAGE))
@pytest.mark.parametrize("seed", SEEDS)
def test_each_damage_alone_keeps_the_programme_service_and_year(seed: str, form: str) -> None:
    """One form of damage at a time loses nothing that identifies the report."""
    text = seed_text(seed)
    whole = read_published_report(text)
    found = read_published_report(damaged(text, [form], random.Random(7)))
    assert (found["programme"], found["service"], found["year"]) == (whole["programme"], whole["service"], whole["year"])


@pytest.mark.parametrize("form", sorted(DAMAGE))
def test_every_form_of_damage_changes_some_seed(form: str) -> None:
    """A damage function that changed nothing would let the properties above pass without testing anything."""
    assert any(damaged(seed_text(s), [form], random.Random(1)) != seed_text(s) for s in SEEDS)
