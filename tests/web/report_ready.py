"""Writing a whole report's narrative and data return, as a team does before publishing (issue 11: a report
with anything still to be written is never published, so every test that publishes writes it first)."""

from __future__ import annotations

from typing import Any

from tests.web.world import World, answer_everything
from yjinspect.importing.contextual_facts import FACT_LABELS
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Inspection
from yjinspect.web.inspections.selectors import programme_of, report_boxes
from yjinspect.web.inspections.services import assessment, ratings, report, sample


def box_text(box: Any) -> str:
    """Return well-formed text for one narrative box."""
    if box.kind == "tagged":
        return f"{box.allowed[0] if box.allowed else 'The management board'}: act on what we found"
    if box.kind == "counts":
        return "Violence against the person: 2"
    if box.kind == "lines":
        return "Staff knew the children well"
    return f"What the team found ({box.label[:40]})."


def write_every_box(inspection: Inspection, by: Any) -> None:
    """Write every box of the narrative form and, where the programme has one, the data return's facts."""
    framework = programme_of(inspection).framework
    standards = [s.id for s in getattr(framework, "standards", ())]
    typed = {}
    for box in report_boxes(inspection):
        typed[box.name] = standards[0] if box.name.startswith("example-standard-") and standards else box_text(box)
    versions = publishing.report_of(inspection).box_versions
    saved = report.narrative_boxes_save(by=by, inspection=inspection, typed=typed, versions=versions)
    assert not saved.stale
    if programme_of(inspection).has_data_return and not inspection.facts.data:
        sample.facts_save(
            by=by, inspection=inspection, data=dict.fromkeys(FACT_LABELS, "10"), expected_version=inspection.facts.version
        )
        inspection.facts.refresh_from_db()  # the caller's inspection reads its facts from this object


def finish_every_case(world: World) -> None:
    """Answer and accept every sampled case of the world's inspection, and record the team's domain 1 ratings."""
    for original in world.cases():
        case = answer_everything(original, "yes")
        assessment.case_mark_complete(by=case.assessor, case=case)
        assessment.case_review(by=world.users["lead"], case=case, accept=True, comment="")
    for standard_id in ("1.1", "1.2", "1.3", "1.4"):
        ratings.team_rating_save(by=world.users["lead"], inspection=world.inspection, standard_id=standard_id, rating="Good",
                                 evidence="", expected_version=0)  # fmt: skip


def ready_to_publish(world: World) -> None:
    """Everything publishing asks for: every case accepted, the ratings, every box written, the draft shared."""
    finish_every_case(world)
    write_every_box(world.inspection, world.users["lead"])
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
