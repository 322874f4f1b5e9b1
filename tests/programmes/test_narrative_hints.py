"""The hints under the report's narrative boxes read as written: quoting an example turns its quotes into
double quotes, never an apostrophe inside it ("2.2: Curtis"s case manager" was shown under the core
case inspection's practice examples)."""

from __future__ import annotations

import re

import pytest

from yjinspect.programmes import inspection_programme_ids, programme_for


@pytest.mark.parametrize("framework_id", inspection_programme_ids())
def test_no_hint_turns_an_apostrophe_into_a_quote(framework_id: str) -> None:
    for field in programme_for(framework_id).narrative_fields():
        assert not re.search(r"[A-Za-z]\"[a-z]", field.hint or ""), f"{field.name}: {field.hint}"


def test_the_core_case_inspections_practice_examples_hint_keeps_its_apostrophe() -> None:
    fields = {f.name: f for f in programme_for("hmip-youth-cci").narrative_fields()}
    assert "Curtis\u2019s case manager" in fields["practice_examples"].hint
