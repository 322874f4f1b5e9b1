"""Bad input, through the pages people use: uploads, bundles, CSV files and form fields.

Every case gets a clear message (which file, row or field, what was expected), never a 500, and
changes nothing: the database is compared, row by row, before and after.
"""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from weasyprint.urls import URLFetchingError

from tests.web.world import World, answer_everything
from yjinspect.importing import caseload as caseload_reader
from yjinspect.programmes.base import NarrativeField, narrative_from_form
from yjinspect.reporting.document import Narrative, Paragraph, ReportDocument, Section
from yjinspect.reporting.renderers import pdf as pdf_renderer
from yjinspect.reporting.renderers import render_report
from yjinspect.web import settings as settings_module
from yjinspect.web.inspections.exchange import bundle_export
from yjinspect.web.inspections.models import Inspection, PanelDecision, PublishedResult, SampledCase
from yjinspect.web.inspections.services import sample

pytestmark = pytest.mark.django_db

HEADER = "case_id,disposal_type,disposal_date,gender,rosh,safety_wellbeing\n"
RATINGS_HEADER = "service,date,programme,overall_rating,score\n"


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table of ours, so that "nothing changed" is checked, not assumed."""
    state: dict[str, list[Any]] = {}
    for label in ("inspections", "accounts"):
        for model in apps.get_app_config(label).get_models():
            state[model.__name__] = list(model._default_manager.order_by("pk").values_list())
    return state


@pytest.fixture
def unchanged(world: World) -> Iterator[None]:
    # The world's sample is confirmed; unlocked, its caseload can be uploaded again.
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None)
    before = snapshot()
    yield
    assert snapshot() == before, "bad input must change nothing"


def told(response: Any) -> str:
    """The page a refused action lands on, as text (the error summary lists the reason and each problem)."""
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _upload(client: Client, world: World, name: str, content: bytes) -> Any:
    client.force_login(world.users["contact"])
    url = reverse("caseload_upload", args=[world.inspection.pk])
    return client.post(url, {"caseload": SimpleUploadedFile(name, content)}, follow=True)


def _workbook(sheet_xml: str, dimension: str = "") -> bytes:
    """A minimal XLSX written by hand: the shape a hostile file would take, without openpyxl's help."""
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{types}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{rels}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{office}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{rels}"><Relationship Id="rId1" '
            f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet xmlns="{main}">{dimension}<sheetData>{sheet_xml}</sheetData></worksheet>',
        )
    return out.getvalue()


def _near_empty_rows(count: int) -> str:
    return "".join(f'<row r="{n}"><c r="D{n}"><v>1</v></c></row>' for n in range(1, count + 1))


# --- uploads: the caseload ------------------------------------------------------------------------


def test_a_workbook_of_300000_near_empty_rows_is_refused_by_its_row_count(world: World, client: Client, unchanged: None) -> None:
    content = _workbook(_near_empty_rows(300_000))
    assert len(content) < 2_000_000
    page = told(_upload(client, world, "return.xlsx", content))
    assert "return.xlsx was not imported: nothing has changed." in page
    assert "more than 100,000 rows, the limit" in page
    assert page.count("<li>") < 10, "one problem, not a million"


def test_a_workbook_whose_sheet_declares_too_many_rows_is_refused_before_reading(
    world: World, client: Client, unchanged: None, settings: Any
) -> None:
    settings.UPLOAD_MAX_ROWS = 100
    page = told(_upload(client, world, "return.xlsx", _workbook(_near_empty_rows(50), '<dimension ref="A1:F300000"/>')))
    assert "the first sheet has 300,000 rows: more than 100 rows, the limit" in page


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_openpyxl_reads_it(
    world: World, client: Client, unchanged: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.UPLOAD_MAX_UNPACKED_BYTES = 1_000_000
    big_cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * 2_000_000 + "</t></is></c></row>"

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl must not read a workbook over the unpacked limit")

    monkeypatch.setattr("yjinspect.importing.spreadsheet.load_workbook", never)
    page = told(_upload(client, world, "return.xlsx", _workbook(big_cell)))
    assert "the workbook unpacks to 1.9 MB, more than the limit of 1.0 MB" in page


def test_an_upload_over_the_size_limit_is_refused(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    page = told(_upload(client, world, "return.csv", (HEADER + "N1,referral order,2025-06-01,male,low,low\n" * 40).encode()))
    assert "return.csv is 1,745 bytes, larger than the limit of 1,000 bytes" in page


def test_a_csv_with_more_rows_than_the_limit_is_refused(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_ROWS = 10
    rows = "".join(f"N{n},referral order,2025-06-01,male,low,low\n" for n in range(11))
    assert "more than 10 rows, the limit" in told(_upload(client, world, "return.csv", (HEADER + rows).encode()))


def test_the_problems_told_are_capped_and_the_rest_counted(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_PROBLEMS = 5
    rows = "".join(f"N{n},fine,not a date,male,low,low\n" for n in range(300))
    page = told(_upload(client, world, "return.csv", (HEADER + rows).encode()))
    assert page.count("is not a known disposal type") + page.count("is not a date") == 5
    assert "and 595 more problems" in page


def test_a_field_longer_than_the_csv_reader_takes_is_a_problem_not_a_500(world: World, client: Client, unchanged: None) -> None:
    content = (HEADER + 'N1,referral order,2025-06-01,male,low,low,"' + "x" * 200_000 + '"\n').encode()
    assert "not readable as CSV" in told(_upload(client, world, "return.csv", content))


def test_a_100_character_case_id_or_gender_is_refused_by_the_reader(world: World, client: Client, unchanged: None) -> None:
    content = (HEADER + f"{'N' * 100},referral order,2025-06-01,{'m' * 50},low,low\n").encode()
    page = told(_upload(client, world, "return.csv", content))
    assert "row 2, column case_id: 100 characters long; at most 60" in page
    assert "row 2, column gender: 50 characters long; at most 40" in page


def test_the_reader_knows_the_stored_lengths() -> None:
    for column, field in (("case_id", "case_ref"), ("gender", "gender")):
        assert caseload_reader.MAX_LENGTHS[column] == SampledCase._meta.get_field(field).max_length


def test_the_caseload_is_read_before_the_write_transaction_opens(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    Inspection.objects.filter(pk=world.inspection.pk).update(sample_locked_at=None)
    outside = len(connection.atomic_blocks)
    depths = []
    real = caseload_reader.parse_caseload

    def watched(*args: Any, **kwargs: Any) -> Any:
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr("yjinspect.web.inspections.services.sample.parse_caseload", watched)
    book = Workbook()
    book.active.append(["case_id", "disposal_type", "disposal_date", "gender", "rosh", "safety_wellbeing"])
    book.active.append(["X1", "Referral Order", "2025-06-01", "Female", "Medium", "High"])
    content = io.BytesIO()
    book.save(content)
    sample.caseload_upload(by=world.users["contact"], inspection=world.inspection, filename="r.xlsx", content=content.getvalue())
    assert depths == [outside], "the file is read with no transaction of the service's open"


# --- uploads: bundles -----------------------------------------------------------------------------


def _import(client: Client, world: World, text: str, name: str = "bundle.json") -> Any:
    client.force_login(world.users["admin"])
    return client.post(reverse("import_bundle"), {"bundle": SimpleUploadedFile(name, text.encode())}, follow=True)


def _bundle(world: World) -> dict[str, Any]:
    return bundle_export(world.inspection)


def test_deeply_nested_json_is_refused_before_it_is_parsed(world: World, client: Client, unchanged: None) -> None:
    page = told(_import(client, world, "[" * 100_000 + "]" * 100_000))
    assert "bundle.json was not imported: nothing has changed." in page
    assert "nested more than 64 levels deep" in page


def test_a_bundle_over_the_size_limit_is_refused(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    assert "larger than the limit of 1,000 bytes" in told(_import(client, world, json.dumps(_bundle(world))))


def test_a_replacement_naming_no_case_is_refused(world: World, client: Client, unchanged: None) -> None:
    data = _bundle(world)
    data["sample"]["cases"][0]["replacement"] = "NO-SUCH-CASE"
    page = told(_import(client, world, json.dumps(data)))
    assert "replacement: 'NO-SUCH-CASE' names no case of the sample" in page


def test_a_100_character_case_id_in_a_bundle_is_refused(world: World, client: Client, unchanged: None) -> None:
    data = _bundle(world)
    data["sample"]["cases"][0]["id"] = "C" * 100
    page = told(_import(client, world, json.dumps(data)))
    assert "case_ref: 100 characters long; at most 60" in page


def test_malformed_web_parts_of_a_bundle_are_refused_with_their_place(world: World, client: Client, unchanged: None) -> None:
    data = _bundle(world)
    data["sample"]["cases"][1]["draw_position"] = "first"
    data["sample"]["cases"][2]["sample_state"] = "kidnapped"
    data["caseload"][0]["disposal_date"] = "yesterday"
    page = told(_import(client, world, json.dumps(data)))
    assert "sample.cases[1]" in page
    assert "draw_position: expected a whole number, found 'first'" in page
    assert "sample_state: 'kidnapped' is not one of" in page
    assert "caseload[0], disposal_date: 'yesterday' is not a date" in page


# --- uploads: published ratings -------------------------------------------------------------------


def _ratings(client: Client, world: World, text: str) -> Any:
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("ratings.csv", text.encode())
    return client.post(reverse("import_ratings"), {"ratings": upload}, follow=True)


def test_a_superscript_digit_in_a_ratings_score_is_a_problem(world: World, client: Client, unchanged: None) -> None:
    page = told(_ratings(client, world, RATINGS_HEADER + "Northmoor,2024-05,hmip-youth-2018,Good,2²\n"))
    assert "row 2, column score: '2²' is not a whole number" in page


def test_a_ratings_csv_over_the_limits_is_refused(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_ROWS = 3
    rows = "".join(f"Service {n},2024-05,hmip-youth-2018,Good,25\n" for n in range(5))
    assert "more than 3 rows, the limit" in told(_ratings(client, world, RATINGS_HEADER + rows))
    settings.UPLOAD_MAX_ROWS = 1000
    settings.UPLOAD_MAX_PROBLEMS = 2
    rows = "".join(",bad,hmip-youth-2018,Good,25\n" for n in range(10))
    page = told(_ratings(client, world, RATINGS_HEADER + rows))
    assert "and 18 more problems" in page
    settings.UPLOAD_MAX_BYTES = 100
    assert "larger than the limit of 100 bytes" in told(_ratings(client, world, RATINGS_HEADER + rows))


def test_a_service_name_longer_than_stored_is_a_problem(world: World, client: Client, unchanged: None) -> None:
    page = told(_ratings(client, world, RATINGS_HEADER + f"{'S' * 250},2024-05,hmip-youth-2018,Good,25\n"))
    assert "row 2, column service: 250 characters long; at most 200" in page
    assert PublishedResult._meta.get_field("service").max_length == 200


# --- requests too large ---------------------------------------------------------------------------


def test_a_request_over_the_size_limit_is_told_where_the_user_uploads(
    world: World, client: Client, unchanged: None, settings: Any
) -> None:
    settings.REQUEST_MAX_BYTES = 2000
    client.force_login(world.users["contact"])
    page_url = reverse("data_return", args=[world.inspection.pk])
    upload = SimpleUploadedFile("return.csv", b"x" * 5000)
    response = client.post(
        reverse("caseload_upload", args=[world.inspection.pk]), {"caseload": upload}, HTTP_REFERER=f"http://testserver{page_url}"
    )
    assert response.status_code == 302
    assert response["Location"].endswith(page_url)
    assert "more than the limit of 2,000 bytes" in told(client.get(page_url))


def test_a_request_too_large_from_elsewhere_gets_a_plain_413_page(
    world: World, client: Client, unchanged: None, settings: Any
) -> None:
    settings.REQUEST_MAX_BYTES = 2000
    client.force_login(world.users["contact"])
    upload = SimpleUploadedFile("return.csv", b"x" * 5000)
    response = client.post(
        reverse("caseload_upload", args=[world.inspection.pk]), {"caseload": upload}, HTTP_REFERER="https://evil.example/x"
    )
    assert response.status_code == 413
    assert "more than the limit" in response.content.decode()


def test_a_form_with_too_many_fields_is_told_not_a_400(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(world.users["lead"])
    url = reverse("allocation_save", args=[world.inspection.pk])
    response = client.post(url, {f"case-{n}": "" for n in range(20)})
    assert response.status_code == 413
    assert "more than 10 fields, the limit" in response.content.decode()


# --- form fields ----------------------------------------------------------------------------------


def test_a_superscript_digit_in_a_contextual_fact_is_refused(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["contact"])
    url = reverse("facts_save", args=[world.inspection.pk])
    page = told(client.post(url, {"version": "0", "staff_fte": "1²"}, follow=True))
    assert "Staff (full-time equivalent): '1²' is not a number such as 41 or 41.5" in page


def test_a_superscript_digit_in_a_narrative_count_is_a_problem_not_a_crash() -> None:
    box = NarrativeField(name="offences", key=("offences",), label="Offences", kind="counts", form="Offence: number")
    narrative, problems = narrative_from_form([box], {"offences": "Violence: 2\u00b2\nTheft: 3"})
    assert problems == ["Offences, line 1: write it as Offence: number."]
    assert narrative == {"offences": {"Theft": 3}}


def test_a_100_character_case_reference_is_refused(world: World, client: Client) -> None:
    cci = Inspection.objects.create(
        service=world.northmoor, framework_id="hmip-youth-cci", announced_on=world.inspection.announced_on,
        fieldwork_start=world.inspection.fieldwork_start,
    )  # fmt: skip
    cci.memberships.create(user=world.users["lead"], role="lead")
    before = snapshot()
    client.force_login(world.users["lead"])
    page = told(client.post(reverse("case_add", args=[cci.pk]), {"case_ref": "C" * 100}, follow=True))
    assert "Case reference: 100 characters long; at most 60" in page
    assert snapshot() == before


def test_a_plain_form_save_with_one_bad_answer_saves_nothing(world: World, client: Client, unchanged: None) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    first = "2.1.1" if case.population == "court" else "3.1.1"
    page = told(
        client.post(
            reverse("case_save", args=[case.pk]),
            {"case_version": "0", "harm_factors": "yes", "safety_wellbeing_factors": "yes",
             f"answer-{first}": "maybe", f"evidence-{first}": "x", f"version-{first}": "0"},
            follow=True,
        )
    )  # fmt: skip
    assert "'maybe' is not an answer" in page


def test_a_plain_form_save_with_a_bad_version_saves_nothing(world: World, client: Client, unchanged: None) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    first = "2.1.1" if case.population == "court" else "3.1.1"
    page = told(
        client.post(
            reverse("case_save", args=[case.pk]),
            {"case_version": "0", "harm_factors": "yes", "safety_wellbeing_factors": "yes",
             f"answer-{first}": "yes", f"version-{first}": "²"},
            follow=True,
        )
    )  # fmt: skip
    assert "Answer version: expected a whole number" in page


def test_case_facts_longer_than_stored_are_refused(world: World, client: Client, unchanged: None) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    page = told(client.post(reverse("case_save", args=[case.pk]), {"case_version": "0", "pseudonym": "P" * 100}, follow=True))
    assert "pseudonym: 100 characters long; at most 60" in page


def test_an_allocation_with_one_refused_case_allocates_none(world: World, client: Client, unchanged: None) -> None:
    first, second = world.cases("inspector")[:2]
    client.force_login(world.users["lead"])
    url = reverse("allocation_save", args=[world.inspection.pk])
    page = told(
        client.post(url, {f"case-{first.pk}": str(world.users["lead"].pk), f"case-{second.pk}": str(world.users["panel"].pk)},
                    follow=True)
    )  # fmt: skip
    assert "No allocation was saved" in page
    assert "is not an inspector or local assessor in this inspection" in page


def test_an_allocation_to_someone_outside_the_team_is_refused_not_taken_as_none(
    world: World, client: Client, unchanged: None
) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["lead"])
    url = reverse("allocation_save", args=[world.inspection.pk])
    page = told(client.post(url, {f"case-{case.pk}": str(world.users["outsider"].pk)}, follow=True))
    assert "is not a member of this inspection's team" in page
    page = told(client.post(url, {f"case-{case.pk}": "not-a-number"}, follow=True))
    assert "is not a member of this inspection's team" in page


def _near_a_boundary(world: World) -> None:
    """Answer the court cases so that standard 2.1 is Requires improvement within the panel's margin of Good."""
    court = [c for c in world.cases() if c.population == "court"]
    yes, counted = next((y, d) for d in range(len(court), 0, -1) for y in range(d + 1) if 60 <= (200 * y + d) // (2 * d) <= 64)
    for index, case in enumerate(court):
        answer_everything(case, "yes" if index < yes else "no" if index < counted else "n/a")


def test_a_stale_panel_decision_or_withdrawal_is_refused(world: World, client: Client) -> None:
    _near_a_boundary(world)
    # A decision a colleague recorded after this page was loaded (its version is 1; the page had none).
    PanelDecision.objects.create(
        inspection=world.inspection, standard_id="2.1", rating="Good", reason="first", decided_by=world.users["panel"], version=1
    )
    before = snapshot()
    client.force_login(world.users["panel"])
    url = reverse("panel_decision_record", args=[world.inspection.pk])
    page = told(client.post(url, {"standard": "2.1", "rating": "Outstanding", "reason": "second", "version": "0"}, follow=True))
    assert "Someone else saved a newer version" in page
    withdraw = reverse("panel_decision_withdraw", args=[world.inspection.pk])
    assert "Someone else saved a newer version" in told(client.post(withdraw, {"standard": "2.1", "version": "0"}, follow=True))
    assert "Version: expected a whole number" in told(client.post(withdraw, {"standard": "2.1"}, follow=True))
    assert snapshot() == before
    told(client.post(withdraw, {"standard": "2.1", "version": "1"}, follow=True))
    assert not PanelDecision.objects.filter(inspection=world.inspection, standard_id="2.1").exists()


def test_the_ratings_page_sends_the_panel_decisions_version(world: World, client: Client) -> None:
    _near_a_boundary(world)
    PanelDecision.objects.create(
        inspection=world.inspection, standard_id="2.1", rating="Good", reason="first", decided_by=world.users["panel"], version=3
    )
    client.force_login(world.users["panel"])
    page = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    assert '<input type="hidden" name="standard" value="2.1"><input type="hidden" name="version" value="3">' in page


def test_a_panel_decision_on_an_unknown_standard_is_refused(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["panel"])
    url = reverse("panel_decision_record", args=[world.inspection.pk])
    page = told(client.post(url, {"standard": "9" * 100, "rating": "Good", "reason": "x", "version": "0"}, follow=True))
    assert "is not a standard of" in page


def test_a_deeply_nested_autosave_is_a_400_not_a_500(world: World, client: Client, unchanged: None) -> None:
    case = world.cases("inspector")[0]
    client.force_login(world.users["inspector"])
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(reverse("case_autosave", args=[case.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert "Malformed save request" in response.json()["error"]


# --- text that reaches reports and exports --------------------------------------------------------


def _document_with(text: str) -> ReportDocument:
    section = Section(id="foreword", title=f"Foreword{text}", level=1, blocks=(Paragraph(runs=(Narrative(text=text),)),))
    return ReportDocument(
        title="Inspection", subtitle=text, service="Northmoor", framework_id="hmip-youth-2018", date_line="May 2026",
        sections=(section,),
    )  # fmt: skip


def test_characters_xml_forbids_are_left_out_of_every_report_format() -> None:
    pasted = "Line one\vline two\x0cpage two\x01\x1f\ufffe end"
    document = _document_with(pasted)
    word = render_report(document, "docx").content  # python-docx refused these with a raw XML message
    with zipfile.ZipFile(io.BytesIO(word)) as unpacked:
        body = unpacked.read("word/document.xml").decode()
    assert "Line one line two page two end" in body
    page = render_report(document, "html").content.decode()
    assert "Line one line two page two end" in page
    assert not any(c in page for c in "\v\x0c\x01\x1f\ufffe")
    assert render_report(document, "pdf").content.startswith(b"%PDF")


def test_a_narrative_pasted_from_word_previews_and_saves(world: World, client: Client) -> None:
    client.force_login(world.users["lead"])
    saved = client.post(reverse("narrative_save", args=[world.inspection.pk]), {"version": "0", "foreword": "One\vtwo"})
    assert saved.status_code == 302
    preview = client.get(reverse("report_preview", args=[world.inspection.pk]))
    assert preview.status_code == 200
    assert "One two" in preview.content.decode()
    assert "\v" not in preview.content.decode()


def test_the_pdf_renderer_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(URLFetchingError):
        pdf_renderer.refuse_fetch("file:///etc/passwd")
    made: list[Any] = []
    real = pdf_renderer.HTML

    def recording(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs.get("url_fetcher"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_renderer, "HTML", recording)
    render_report(_document_with("x"), "pdf")
    assert made == [pdf_renderer.refuse_fetch]


def test_published_results_csv_cells_cannot_be_formulas(world: World, client: Client) -> None:
    for service in ('=HYPERLINK("http://evil.example","x")', "+1", "-1", "@SUM(A1)", "\tTab", "\rReturn", "Fine"):
        PublishedResult.objects.create(
            programme="hmip-youth-2018", service=service, date="2024-05", overall_rating="Good", score=25, max_score=36,
            figures={"standards": {"1.1": "=1+1"}}, source=PublishedResult.Source.CSV,
        )  # fmt: skip
    rows = list(csv.reader(io.StringIO(client.get(reverse("results_csv")).content.decode())))
    services = sorted(row[0] for row in rows[1:])
    assert services == sorted(
        ['\'=HYPERLINK("http://evil.example","x")', "'+1", "'-1", "'@SUM(A1)", "'\tTab", "'\rReturn", "Fine"]
    )
    assert all(row[rows[0].index("1.1")] == "'=1+1" for row in rows[1:])


# --- the limits are settings, documented ----------------------------------------------------------

LIMITS = {
    "YJINSPECT_UPLOAD_MAX_BYTES": ("UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
    "YJINSPECT_UPLOAD_MAX_ROWS": ("UPLOAD_MAX_ROWS", 100_000),
    "YJINSPECT_UPLOAD_MAX_UNPACKED_BYTES": ("UPLOAD_MAX_UNPACKED_BYTES", 20 * 1024 * 1024),
    "YJINSPECT_UPLOAD_MAX_PROBLEMS": ("UPLOAD_MAX_PROBLEMS", 100),
    "YJINSPECT_BUNDLE_MAX_DEPTH": ("BUNDLE_MAX_DEPTH", 64),
    "YJINSPECT_REQUEST_MAX_BYTES": ("REQUEST_MAX_BYTES", 11 * 1024 * 1024),
    "YJINSPECT_FORM_MAX_BYTES": ("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440),
    "YJINSPECT_FORM_MAX_FIELDS": ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 2000),
}


@pytest.mark.parametrize("variable", list(LIMITS))
def test_each_limit_is_a_documented_setting_read_strictly(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    name, default = LIMITS[variable]
    assert getattr(django_settings, name) == default
    documented = (Path(__file__).parents[2] / "docs" / "deploying.md").read_text()
    assert f"| `{variable}` |" in documented.split("## Limits")[1].split("\n## ")[0]
    monkeypatch.setenv(variable, "12")
    assert settings_module._whole_number(variable, default) == 12
    for wrong in ("0", "-5", "²", "ten", "1.5"):
        monkeypatch.setenv(variable, wrong)
        with pytest.raises(RuntimeError, match=f"{variable} must be a whole number above 0"):
            settings_module._whole_number(variable, default)


def test_a_seed_too_large_to_store_is_refused(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["lead"])
    page = told(client.post(reverse("sample_draw", args=[world.inspection.pk]), {"seed": "9" * 20}, follow=True))
    assert "Seed: 99999999999999999999 is not a whole number from 0 to 2147483647." in page


def test_a_contextual_facts_version_that_is_not_a_number_is_told(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["contact"])
    url = reverse("facts_save", args=[world.inspection.pk])
    assert "Version: expected a whole number" in told(client.post(url, {"version": "abc", "staff_fte": "3"}, follow=True))


def test_a_pdf_report_that_breaks_the_pdf_reader_is_told(
    world: World, client: Client, unchanged: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("/Root")  # one of the many types pypdf raises for a damaged file

    monkeypatch.setattr("yjinspect.importing.report_text.PdfReader", broken)
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.7 damaged")
    page = told(client.post(reverse("import_report"), {"report": upload}, follow=True))
    assert "report.pdf: not a readable PDF (KeyError)" in page


def test_a_report_over_the_size_limit_is_refused(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("report.txt", b"x" * 500)
    page = told(client.post(reverse("import_report"), {"report": upload}, follow=True))
    assert "report.txt is 500 bytes, larger than the limit of 100 bytes" in page


def test_a_narrative_version_that_is_not_a_number_is_told_plainly(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["lead"])
    url = reverse("narrative_save", args=[world.inspection.pk])
    page = told(client.post(url, {"version-foreword": "v2", "foreword": "x"}, follow=True))
    assert "Version: expected a whole number, got 'v2'." in page
    assert "invalid literal" not in page


def test_a_bundle_that_is_not_utf8_is_told_plainly(world: World, client: Client, unchanged: None) -> None:
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("bundle.json", b'{"format": "\xff"}')
    page = told(client.post(reverse("import_bundle"), {"bundle": upload}, follow=True))
    assert "bundle.json was not imported: it is not UTF-8 text (byte 12)." in page


def test_a_form_over_the_field_size_limit_is_told_not_a_400(world: World, client: Client, unchanged: None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.users["lead"])
    response = client.post(reverse("narrative_save", args=[world.inspection.pk]), {"version": "0", "foreword": "x" * 5000})
    assert response.status_code == 413
    assert "the form&#x27;s fields (besides any file) are more than 1,000 bytes, the limit" in response.content.decode()
