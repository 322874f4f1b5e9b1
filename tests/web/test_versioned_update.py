"""The one version-checked update behind every versioned save: lock, compare, refuse or record and bump."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.world import World
from yjinspect.web.inspections.models import Answer, HistoryEntry, TeamRating
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError, versioned_update

pytestmark = pytest.mark.django_db

_HISTORY = {"rating": "team rating 1.1", "evidence": "team rating evidence 1.1"}


def _save(world: World, username: str, expected_version: int, **changes: Any) -> TeamRating:
    return versioned_update(
        TeamRating,
        where={"inspection": world.inspection, "standard_id": "1.1"},
        create=True,
        by=world.users[username],
        expected_version=expected_version,
        changes=changes,
        history=_HISTORY,
        inspection=world.inspection,
    )


def _entries(world: World) -> list[tuple[str, str, str, str]]:
    rows = HistoryEntry.objects.filter(inspection=world.inspection, what__startswith="team rating").order_by("pk")
    return [(e.user.username, e.what, e.old, e.new) for e in rows]


def test_a_fresh_write_saves_records_who_changed_what_from_what_to_what_and_bumps_the_version(world: World) -> None:
    first = _save(world, "lead", 0, rating="Good", evidence="Board minutes")
    assert (first.rating, first.evidence, first.version) == ("Good", "Board minutes", 1)
    second = _save(world, "inspector", 1, rating="Requires improvement", evidence="Board minutes")
    assert second.version == 2
    stored = TeamRating.objects.get(inspection=world.inspection, standard_id="1.1")
    assert (stored.rating, stored.evidence, stored.version) == ("Requires improvement", "Board minutes", 2)
    assert _entries(world) == [
        ("lead", "team rating 1.1", "", "Good"),
        ("lead", "team rating evidence 1.1", "", "Board minutes"),
        # The evidence was saved unchanged, so only the rating is recorded.
        ("inspector", "team rating 1.1", "Good", "Requires improvement"),
    ]


def test_a_stale_write_is_refused_with_the_newer_values_and_changes_nothing(world: World) -> None:
    _save(world, "lead", 0, rating="Good", evidence="Board minutes")
    before = _entries(world)
    with pytest.raises(StaleWriteError) as stale:
        _save(world, "inspector", 0, rating="Inadequate", evidence="")
    assert stale.value.current == {"rating": "Good", "evidence": "Board minutes", "version": 1}
    stored = TeamRating.objects.get(inspection=world.inspection, standard_id="1.1")
    assert (stored.rating, stored.evidence, stored.version) == ("Good", "Board minutes", 1), "nothing changed"
    assert _entries(world) == before, "no history recorded"


def test_a_stale_write_names_who_saved_the_newer_value_and_its_rules_are_not_run(world: World) -> None:
    case = world.cases("inspector")[0]
    lead, inspector = world.users["lead"], world.users["inspector"]

    def save(by: Any, version: int, changes: Any) -> Answer:
        return versioned_update(
            Answer,
            where={"case": case, "question_id": "2.1.1"},
            create=True,
            by=by,
            expected_version=version,
            changes=changes,
            history={"value": "answer 2.1.1", "evidence": "evidence 2.1.1"},
            inspection=world.inspection,
            case=case,
            saved_by="updated_by",
            save_unchanged=False,
        )

    before = HistoryEntry.objects.filter(case=case).count()
    assert save(inspector, 0, {"value": "yes", "evidence": "seen"}).updated_by == inspector
    unchanged = save(lead, 1, {"value": "yes", "evidence": "seen"})
    assert (unchanged.version, unchanged.updated_by) == (1, inspector), "saved unchanged: left as it was"

    def refuse(_: Answer) -> dict[str, Any]:
        raise ServiceError("a rule that judges only writes that are not stale")

    with pytest.raises(StaleWriteError) as stale:
        save(lead, 0, refuse)
    assert stale.value.current == {"value": "yes", "evidence": "seen", "version": 1, "by": inspector.get_full_name()}
    assert HistoryEntry.objects.filter(case=case).count() == before + 2, "the first save's value and evidence only"


def test_a_check_on_the_locked_row_comes_before_the_version(world: World) -> None:
    def closed(_: TeamRating) -> None:
        raise ServiceError("closed")

    with pytest.raises(ServiceError, match="closed"):
        versioned_update(
            TeamRating,
            where={"inspection": world.inspection, "standard_id": "1.1"},
            create=True,
            by=world.users["lead"],
            expected_version=7,
            changes={"rating": "Good"},
            history=_HISTORY,
            inspection=world.inspection,
            check=closed,
        )
