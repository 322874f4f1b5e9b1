"""Nothing identifying a child is published or shared: every narrative box, the composed report in every
format, the draft shared with the service; and real names never enter the change history."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.web.world import World, answer_everything
from yjinspect.synthetic import synthetic_scored_bundle
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import HistoryEntry, Inspection, Role, SampledCase, SampleState
from yjinspect.web.inspections.services import assessment, report, setup
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.inspections.services.exchange import bundle_import

pytestmark = pytest.mark.django_db

REAL = "Kieran Smith"


def _case(world: World, real_names: str = "") -> SampledCase:
    case = world.cases()[0]
    if real_names:
        assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version, changes={"real_names": real_names})
        case.refresh_from_db()
    return case


def _save(world: World, narrative: dict[str, object], inspection: Inspection | None = None) -> None:
    inspection = inspection or world.inspection
    version = publishing.report_of(inspection).version
    report.narrative_save(by=world.users["lead"], inspection=inspection, narrative=narrative, expected_version=version)


def _refused(world: World, inspection: Inspection | None = None) -> list[str]:
    inspection = inspection or world.inspection
    with pytest.raises(ServiceError) as refused:
        report.report_publish(by=world.users["lead"], inspection=inspection)
    assert not Inspection.objects.get(pk=inspection.pk).published
    return refused.value.problems


def test_a_foreword_naming_a_case_reference_is_not_published(world: World) -> None:
    case = _case(world)
    _save(world, {"foreword": f"We read case {case.case_ref.lower()} closely."})
    assert f"The box \u201cForeword\u201d contains case {case.case_ref}'s reference number." in _refused(world)


def test_a_real_name_anywhere_in_the_narrative_is_refused_without_printing_it(world: World) -> None:
    case = _case(world, f"{REAL}, Kieran")
    _save(world, {"executive_summary": {"2": {"strengths": ["Plans were good.", "kieran's worker visited weekly."]}}})
    problems = _refused(world)
    assert (
        f"The box \u201cDomain 2 strengths\u201d contains a name recorded as a real name (in case {case.case_ref})." in problems
    )
    assert not any("Kieran" in p or "kieran" in p for p in problems), "the message never prints the real name"


def test_a_reserve_cases_reference_in_a_box_no_form_names_is_refused(world: World) -> None:
    reserve = world.inspection.cases.filter(sample_state=SampleState.RESERVE).first()
    assert reserve is not None
    _save(world, {"recommendations": [{"to": "The board", "text": f"Review {reserve.case_ref} and others."}]})
    problems = publishing.publishing_problems(world.inspection)
    assert any(p.endswith(f"contains case {reserve.case_ref}'s reference number.") and "Recommendations" in p for p in problems)


def test_a_caseload_reference_never_drawn_is_refused_too(world: World) -> None:
    drawn = set(world.inspection.cases.values_list("case_ref", flat=True))
    other = world.inspection.caseload.exclude(case_ref__in=drawn).first()
    assert other is not None
    _save(world, {"foreword": f"Even {other.case_ref}, never sampled, was discussed."})
    assert f"The box \u201cForeword\u201d contains case {other.case_ref}'s reference number." in _refused(world)


def test_what_the_composer_adds_is_checked_too(world: World) -> None:
    case = answer_everything(_case(world, REAL))
    # An offence type is the inspector's free text on the case: the report counts it in a table.
    assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version,
                               changes={"offence_type": "Theft with Kieran Smith"})  # fmt: skip
    problems = publishing.publishing_problems(world.inspection)
    assert any(
        p.startswith("The report's section") and p.endswith(f"a name recorded as a real name (in case {case.case_ref}).")
        for p in problems
    ), problems


def test_a_name_that_is_also_a_word_is_searched_as_written_in_the_composers_text(world: World) -> None:
    _case(world, "Will")
    # The framework's wording says "will"; only the team's words are searched ignoring case.
    assert not [p for p in publishing.publishing_problems(world.inspection) if "real name" in p]
    _save(world, {"foreword": "We will return."})
    assert any("Foreword" in p and "real name" in p for p in publishing.publishing_problems(world.inspection))


def test_a_clean_report_has_no_identifying_problems(world: World) -> None:
    _case(world, REAL)
    _save(world, {"foreword": "A strong service.", "recommendations": [{"to": "The board", "text": "Keep it up."}]})
    assert publishing.identifying_problems(world.inspection, publishing.report_document(world.inspection)) == []


def test_the_draft_is_not_shared_with_the_service_while_it_names_a_child(world: World) -> None:
    case = _case(world, REAL)
    _save(world, {"foreword": f"{REAL} was seen weekly."})
    with pytest.raises(ServiceError, match="The draft cannot be shared yet") as refused:
        report.draft_share(by=world.users["lead"], inspection=world.inspection)
    assert (
        f"The box \u201cForeword\u201d contains a name recorded as a real name (in case {case.case_ref})."
        in refused.value.problems
    )
    assert publishing.shared_draft(world.inspection) is None


def test_the_report_page_lists_the_problem_by_box(world: World, client: Client) -> None:
    case = _case(world)
    _save(world, {"foreword": f"Case {case.case_ref} showed good work."})
    client.force_login(world.users["lead"])
    page = client.get(reverse("report", args=[world.inspection.pk])).content.decode()
    assert f"contains case {case.case_ref}&#x27;s reference number." in page


@pytest.mark.parametrize("framework", ["hmip-youth-cci", "hmip-youth-fji", "hmip-youth-sqs"])
def test_every_box_of_the_scored_programmes_is_checked(world: World, framework: str) -> None:
    data = synthetic_scored_bundle(framework, cases=3, seed=4, service="Northmoor Youth Justice Service")
    inspection = bundle_import(by=world.users["admin"], text=json.dumps(data), source=f"{framework}.json")
    setup.membership_add(by=world.users["admin"], inspection=inspection, user=world.users["lead"], role=Role.LEAD)
    ref = inspection.cases.order_by("case_ref").first().case_ref  # type: ignore[union-attr]
    fields = publishing.programme_of(inspection).narrative_fields()
    for field in fields:  # a reference in any one box is found and the box named
        narrative: dict[str, object] = {}
        place = narrative
        for key in field.key[:-1]:
            place = place.setdefault(key, {})  # type: ignore[assignment]
        text = f"Seen in {ref}."
        value: object = {
            "lines": [text],
            "tagged": [{field.tags[0] if field.tags else "to": "x", field.tags[1] if field.tags else "text": text}],
            "counts": {text: 1},
        }.get(field.kind, text)
        place[field.key[-1]] = value
        _save(world, narrative, inspection)
        problems = publishing.publishing_problems(inspection)
        assert f"The box \u201c{field.label}\u201d contains case {ref}'s reference number." in problems, (field, problems)


def test_real_names_never_enter_the_history(world: World, client: Client) -> None:
    case = _case(world, REAL)
    assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version, changes={"real_names": "Jo Bloggs"})
    entries = HistoryEntry.objects.filter(inspection=world.inspection, what=f"case {case.case_ref}: real names")
    assert [(e.old, e.new) for e in entries] == [("", "real names changed"), ("", "real names changed")]
    _save(world, {"foreword": "Jo Bloggs was seen weekly."})
    client.force_login(world.users["lead"])
    page = client.get(reverse("history", args=[world.inspection.pk])).content.decode()
    assert "real names changed" in page
    assert "Kieran" not in page
    assert "Bloggs" not in page
    assert "[a name recorded as real] was seen weekly." in page


def test_the_migration_blanks_real_names_already_in_the_history(world: World) -> None:
    case = _case(world)
    old = HistoryEntry.objects.create(inspection=world.inspection, case=case, what=f"case {case.case_ref}: real names",
                                      old="Kieran", new=REAL)  # fmt: skip
    other = HistoryEntry.objects.create(inspection=world.inspection, case=case, what=f"case {case.case_ref}: pseudonym",
                                        old="", new="Jordan")  # fmt: skip
    SampledCase.objects.filter(pk=case.pk).update(real_names=REAL)
    quoted = HistoryEntry.objects.create(inspection=world.inspection, case=case, what=f"case {case.case_ref}: evidence 2.1.1",
                                         old="", new="Kieran Smith's plan.")  # fmt: skip
    migration = importlib.import_module("yjinspect.web.inspections.migrations.0007_audit_trail")
    migration._history_outlives_cases(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    assert (old.old, old.new, old.case_ref) == ("", "real names changed", case.case_ref)
    assert (other.old, other.new) == ("", "Jordan")
    quoted.refresh_from_db()
    assert quoted.new == "[a name recorded as real]'s plan."


def test_a_real_name_quoted_in_an_evidence_note_is_kept_out_of_the_history(world: World) -> None:
    case = _case(world, REAL)
    assessment.answer_save(by=case.assessor, case=case, question_id="2.1.1", value="yes",
                           evidence="Kieran Smith's plan was reviewed.", expected_version=0)  # fmt: skip
    entry = HistoryEntry.objects.get(inspection=world.inspection, what=f"case {case.case_ref}: evidence 2.1.1")
    assert entry.new == "[a name recorded as real]'s plan was reviewed."


def test_a_name_recorded_later_is_taken_out_of_the_history_written_before(world: World) -> None:
    case = _case(world)
    assessment.answer_save(by=case.assessor, case=case, question_id="2.1.1", value="yes",
                           evidence="Seen with Jo Bloggs and her mother.", expected_version=0)  # fmt: skip
    _save(world, {"foreword": "Jo Bloggs was seen weekly."})
    case.refresh_from_db()
    assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version, changes={"real_names": "Jo Bloggs"})
    history = list(HistoryEntry.objects.filter(inspection=world.inspection).values_list("old", "new"))
    assert not [pair for pair in history if "Bloggs" in pair[0] or "Bloggs" in pair[1]]
    assert ("", "Seen with [a name recorded as real] and her mother.") in history


# --- the lookup of references (a caseload has up to 100,000; each its own pattern took seconds) --------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Seen in {ref}.", True),
        ("seen in {lower}, twice", True),  # ignoring case, in the team's words
        ("({ref})", True),
        ("{ref}", True),  # the whole text
        ("X{ref}", False),  # inside a longer word: not this reference
        ("{ref}7", False),
        ("{ref}_note", False),
    ],
)
def test_a_reference_is_found_as_a_whole_word_ignoring_case(world: World, text: str, found: bool) -> None:
    ref = world.cases()[0].case_ref
    finder = publishing._Identifiers(world.inspection)
    hits = {r for r, what in finder.found(text.format(ref=ref, lower=ref.lower()), composed=False) if what == "reference"}
    assert (ref in hits) is found


def test_references_of_other_lengths_and_odd_first_characters_are_found_too(world: World) -> None:
    case = world.cases()[0]
    SampledCase.objects.filter(pk=case.pk).update(case_ref="-12/A")  # a reference that starts and ends oddly
    finder = publishing._Identifiers(world.inspection)
    assert [r for r, _ in finder.found("Case -12/A was discussed.", composed=False)] == ["-12/A"]
    assert list(finder.found("Case x-12/A was discussed.", composed=False)) == []


def test_a_reference_never_drawn_is_looked_for_in_the_teams_words_only(world: World) -> None:
    drawn = set(world.inspection.cases.values_list("case_ref", flat=True))
    other = world.inspection.caseload.exclude(case_ref__in=drawn).values_list("case_ref", flat=True).first()
    finder = publishing._Identifiers(world.inspection)
    assert [r for r, _ in finder.found(f"About {other}.", composed=False)] == [other]
    assert list(finder.found(f"About {other}.", composed=True)) == []
