"""The report in the web app: narrative with suggested sentences, draft, comments, publishing."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.report_ready import finish_every_case, write_every_box
from tests.web.world import World, answer_everything
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import Inspection, ReportVersion
from yjinspect.web.inspections.report_pages import suggestions
from yjinspect.web.inspections.selectors import inspection_result
from yjinspect.web.inspections.services import assessment, report
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError

pytestmark = pytest.mark.django_db


def test_narrative_saves_with_a_version_and_a_stale_save_is_refused(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    response = client.post(reverse("narrative_save", args=[world.inspection.pk]),
                           {"version": "0", "foreword": "A strong service.", "recommendations": "The board: improve data"})  # fmt: skip
    assert response.status_code == 302
    narrative = publishing.report_of(world.inspection).narrative
    assert narrative["foreword"] == "A strong service."
    assert narrative["recommendations"] == [{"to": "The board", "text": "improve data"}]
    with pytest.raises(StaleWriteError):
        report.narrative_save(by=world.users["lead"], inspection=world.inspection, narrative={}, expected_version=0)
    bad = client.post(reverse("narrative_save", args=[world.inspection.pk]),
                      {"version-recommendations": "1", "recommendations": "no body here", "offence_types": "Theft: many"})  # fmt: skip
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Recommendations, line 1: write it as &#x27;Body: recommendation&#x27;" in page
    assert "Offence types, line 1: write it as &#x27;Offence type: number of cases&#x27;" in page
    assert publishing.report_of(world.inspection).narrative["foreword"] == "A strong service."


def test_suggested_sentences_are_built_from_the_counts(world: World) -> None:
    court = [c for c in world.cases() if c.population == "court"]
    agreed = 0
    for index, original in enumerate(court):
        case = answer_everything(original, "yes" if index % 4 else "no")
        case.refresh_from_db()
        # The inspector agrees with the service's classification in two cases out of three.
        view = (
            case.service_rosh
            if index % 3 and case.service_rosh != "not recorded"
            else ("very high" if case.service_rosh != "very high" else "low")
        )
        agreed += view == case.service_rosh
        assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version, changes={"inspector_rosh": view})
    found = suggestions(world.inspection)
    yes = sum(1 for i in range(len(court)) if i % 4)
    assert any(f"({yes} out of {len(court)})" in s for s in found["2.1.1"])
    assert f"The risk of serious harm classification was accurate in {proportion_phrase(agreed, len(court))}." in found["2.1.3"]
    assert not any("classification" in s for s in found["2.1.1"]), "desistance questions get no classification sentence"


def test_the_service_comments_on_the_shared_draft_and_the_lead_resolves(world: World, client: Client) -> None:
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    paragraph, text = publishing.draft_paragraphs(version)[5]
    client.force_login(world.users["contact"])
    page = client.get(reverse("draft", args=[world.inspection.pk])).content.decode()
    assert paragraph in page
    assert client.get(reverse("draft_document", args=[world.inspection.pk])).status_code == 200
    client.post(
        reverse("draft_comment_add", args=[world.inspection.pk]),
        {"paragraph": paragraph, "text": "We have 3 case managers, not 2."},
    )
    comment = version.comments.get()
    assert (comment.paragraph, comment.quoted, comment.author.username) == (paragraph, text, "contact")
    empty = client.post(
        reverse("draft_comment_add", args=[world.inspection.pk]), {"paragraph": paragraph, "text": " "}, follow=True
    )
    assert "Write the comment" in empty.content.decode()
    with pytest.raises(ServiceError, match="Say how"):
        report.comment_resolve(by=world.users["lead"], comment=comment, resolution="")
    report.comment_resolve(by=world.users["lead"], comment=comment, resolution="Corrected in the next draft.")
    comment.refresh_from_db()
    assert comment.resolved_by == world.users["lead"]


def test_publishing_is_refused_until_comments_cases_and_practice_examples_are_clear(world: World, client: Client) -> None:
    with pytest.raises(ServiceError) as early:
        report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert any("has not been shared with the service" in p for p in early.value.problems)
    assert any("Not every case is accepted" in p for p in early.value.problems)
    finish_every_case(world)
    case = world.cases()[0]
    case.refresh_from_db()
    case.practice_example, case.pseudonym, case.real_names = True, "Jordan", "Kieran Smith, Kieran"
    case.save()
    write_every_box(world.inspection, world.users["lead"])
    version = report.draft_share(by=world.users["lead"], inspection=world.inspection)
    report.comment_add(by=world.users["contact"], version=version, paragraph="p-1", text="Wrong date")
    example = {
        f"example-standard-{case.case_ref}": "2.1",
        f"example-text-{case.case_ref}": f"Kieran (case {case.case_ref}) was seen weekly.",
    }
    report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed=example,
                                versions=publishing.report_of(world.inspection).box_versions)  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert "1 factual accuracy comment(s) are not resolved." in refused.value.problems
    assert f"The practice example for case {case.case_ref} contains the case's reference number." in refused.value.problems
    assert f"The practice example for case {case.case_ref} contains a name recorded as a real name." in refused.value.problems
    assert not Inspection.objects.get(pk=world.inspection.pk).published
    report.comment_resolve(by=world.users["lead"], comment=version.comments.get(), resolution="Date corrected")
    example[f"example-text-{case.case_ref}"] = "Jordan was seen weekly and his parents were involved."
    report.narrative_boxes_save(by=world.users["lead"], inspection=world.inspection, typed=example,
                                versions=publishing.report_of(world.inspection).box_versions)  # fmt: skip
    published = report.report_publish(by=world.users["lead"], inspection=world.inspection)
    assert published.kind == ReportVersion.Kind.PUBLISHED
    assert bytes(published.pdf).startswith(b"%PDF-")
    assert bytes(published.docx).startswith(b"PK")
    assert published.sha256 == hashlib.sha256(published.html.encode() + bytes(published.pdf) + bytes(published.docx)).hexdigest()
    assert "Jordan was seen weekly" in published.html
    assert "Draft for factual accuracy check" not in published.html
    anonymous = Client()
    listing = anonymous.get(reverse("published")).content.decode()
    assert "Northmoor Youth Justice Service" in listing
    served = anonymous.get(reverse("published_report", args=[world.inspection.pk]))
    assert served.status_code == 200
    assert served["X-Content-SHA256"] == published.html_sha256 == hashlib.sha256(published.html.encode()).hexdigest()
    pdf = anonymous.get(reverse("published_file", args=[world.inspection.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == published.pdf_sha256 == hashlib.sha256(bytes(published.pdf)).hexdigest()
    docx = anonymous.get(reverse("published_file", args=[world.inspection.pk, "docx"]))
    assert docx["X-Content-SHA256"] == published.docx_sha256 == hashlib.sha256(bytes(published.docx)).hexdigest()
    with pytest.raises(ServiceError, match="already published"):
        report.report_publish(by=world.users["lead"], inspection=world.inspection)


def test_an_unpublished_report_is_not_public(world: World, client: Client) -> None:
    assert client.get(reverse("published_report", args=[world.inspection.pk])).status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [("lead", 200), ("inspector", 200), ("panel", 200), ("contact", 404), ("contact-eastvale", 404), ("outsider", 404)],
)
def test_who_may_see_the_report_in_progress(username: str, status: int, world: World, client: Client) -> None:
    client.force_login(world.users[username])
    assert client.get(reverse("report", args=[world.inspection.pk])).status_code in ((status,) if status == 200 else (403, 404))


@pytest.mark.parametrize(
    ("username", "allowed"),
    [("lead", True), ("contact", True), ("admin", True), ("inspector", False), ("contact-eastvale", False)],
)
def test_who_may_read_the_shared_draft(username: str, allowed: bool, world: World, client: Client) -> None:
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    client.force_login(world.users[username])
    status = client.get(reverse("draft_document", args=[world.inspection.pk])).status_code
    assert (status == 200) == allowed
    if username == "contact-eastvale":
        assert status == 404


@pytest.mark.parametrize("username", ["lead", "inspector", "admin", "panel"])
def test_only_the_service_contact_comments_on_the_draft(username: str, world: World, client: Client) -> None:
    report.draft_share(by=world.users["lead"], inspection=world.inspection)
    client.force_login(world.users[username])
    response: Any = client.post(reverse("draft_comment_add", args=[world.inspection.pk]), {"paragraph": "p-1", "text": "x"})
    assert response.status_code in (403, 404)


def test_prompts_are_answered_never_rated_and_counted_in_the_suggestions(world: World) -> None:
    court = [c for c in world.cases() if c.population == "court"]
    for index, original in enumerate(court):
        case = answer_everything(original, "yes")
        assessment.answer_save(
            by=case.assessor,
            case=case,
            question_id="2.1.3.a",
            value="yes" if index % 2 else "no",
            evidence="",
            expected_version=0,
        )
    before = inspection_result(world.inspection).standard("2.1")
    assert before.key_questions[2].yes == len(court), "prompts do not enter the rating arithmetic"
    with pytest.raises(ServiceError, match="is not a key question or prompt for court disposals"):
        assessment.answer_save(
            by=court[0].assessor, case=court[0], question_id="3.1.1", value="yes", evidence="", expected_version=0
        )
    yes = sum(1 for i in range(len(court)) if i % 2)
    expected = (
        f"The answer to 'Was the risk of serious harm classification accurate?' was yes in {proportion_phrase(yes, len(court))}."
    )
    assert expected in suggestions(world.inspection)["2.1.3"]


def test_offence_types_recorded_on_cases_and_the_caseload_mix_reach_the_report(world: World) -> None:
    for index, original in enumerate(world.cases()[:4]):
        case = answer_everything(original, "yes")
        assessment.case_facts_save(by=case.assessor, case=case, expected_version=case.version,
                                   changes={"offence_type": "Theft" if index % 2 else "Violence against the person"})  # fmt: skip
    document = publishing.report_document(world.inspection)
    tables = {b.caption: b for s in document.walk() for b in s.blocks if hasattr(b, "caption") and hasattr(b, "rows")}
    offences = tables["Offence types in the sample, as recorded by inspectors"]
    assert [(row[0].runs[0].text, row[1].runs[0].text) for row in offences.rows] == [
        ("Theft", "2"),
        ("Violence against the person", "2"),
    ]
    mix = tables["The service's caseload return, by disposal type"]
    assert sum(int(row[2].runs[0].text) for row in mix.rows) == world.inspection.caseload.count()
