"""Published results and comparisons: imports by administrators, public pages, CSV export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.conftest import seed_text
from tests.web.world import World
from yjinspect.importing.public_record import data_text
from yjinspect.web.accounts.models import Service
from yjinspect.web.inspections.models import PublishedResult
from yjinspect.web.inspections.services import setup
from yjinspect.web.inspections.services.common import ServiceError
from yjinspect.web.inspections.services.demo import demo_build
from yjinspect.web.inspections.services.published_results import results_import_csv, results_import_public_record

pytestmark = pytest.mark.django_db

HEADER = "service,date,programme,overall_rating,score,1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2,3.3,3.4\n"


def _upload(client: Client, field: str, name: str, content: bytes) -> Any:
    url = reverse({"report": "import_report", "ratings": "import_ratings"}[field])
    return client.post(url, {field: SimpleUploadedFile(name, content)}, follow=True)


def test_every_seed_report_imports_and_the_public_page_compares(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    for prefix in ("000", "001", "002", "003", "004"):
        page = _upload(client, "report", f"seed-{prefix}.txt", seed_text(prefix).encode()).content.decode()
        assert "Imported" in page, page[:2000]
    bury = PublishedResult.objects.get(service="Bury and Rochdale")
    assert (bury.programme, bury.date, bury.overall_rating, bury.score, bury.max_score) == (
        "hmip-youth-2018",
        "2020-06",
        "Good",
        23,
        36,
    )
    assert bury.figures["key_questions"]["3.2.3"] == {"percent": 60, "discretion": True}
    essex = PublishedResult.objects.get(service="Essex")
    assert essex.figures["headline_scores"]["safeguarding"] == {"score": 73, "comment": "MODERATE"}
    public = Client()
    page = public.get(reverse("published"), {"programme": "hmip-youth-2018", "service": "Bury and Rochdale"}).content.decode()
    assert "Ratings per standard" in page
    assert (
        "Range across inspections: Inspection of youth offending services (2018 standards framework), with Bury and Rochdale"
        in page
    )
    assert "Bury and Rochdale over time" in page
    fji = public.get(reverse("published"), {"programme": "hmip-youth-fji"}).content.decode()
    assert "reducing_reoffending" in fji


def test_a_ratings_csv_with_a_contradiction_imports_nothing_then_a_good_one_imports(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    bad = HEADER + "Westdale,2019-05,,Good,12,,,,,,,,,,,,\nEastdale,2019-06,,Requires improvement,12,,,,,,,,,,,,\n"
    page = _upload(client, "ratings", "ratings.csv", bad.encode()).content.decode()
    assert "ratings.csv was not imported: nothing has changed." in page
    assert "row 2: overall rating Good contradicts the score 12/36" in page
    assert not PublishedResult.objects.exists()
    good = HEADER + "Eastdale,2019-06,,Requires improvement,12,,,,,,,,,,,,\nWestdale,2021-02,,Good,20,,,,,,,,,,,,\n"
    assert "Imported 2 published result(s)." in _upload(client, "ratings", "ratings.csv", good.encode()).content.decode()
    export = Client().get(reverse("results_csv")).content.decode().splitlines()
    assert export[0].startswith("service,date,programme,overall_rating,score,max,source")
    assert "Eastdale,2019-06,hmip-youth-2018,Requires improvement,12,36,csv" in export[1]


def test_a_report_without_a_recognisable_programme_is_refused(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = _upload(client, "report", "notes.txt", b"Some notes about a service.").content.decode()
    assert "notes.txt was not imported: nothing has changed." in page
    assert "the inspection programme could not be recognised" in page
    assert not PublishedResult.objects.exists()


@pytest.mark.parametrize("username", ["lead", "inspector", "contact", "panel"])
def test_only_administrators_import_results(username: str, world: World, client: Client) -> None:
    client.force_login(world.users[username])
    assert client.get(reverse("import_results")).status_code == 403


def test_the_public_record_imports_once_and_the_public_pages_show_it_with_its_source_and_licence(world: World) -> None:
    """Issue 14, item 4: the open data and the 2025 framework's results, real from the first run."""
    admin = world.users["admin"]
    read = results_import_public_record(by=admin)
    assert [(len(d.records), len(d.rows)) for d in read] == [(82, 83), (3, 3)]
    results_import_public_record(by=admin)  # again: replaced, not doubled
    assert PublishedResult.objects.filter(source=PublishedResult.Source.CSV).count() == 85
    public = Client()
    page = public.get(reverse("published"), {"programme": "hmip-youth-2021", "service": "Wirral"}).content.decode()
    assert "Ratings per standard" in page
    assert "Range across inspections: Inspection of youth offending services (2021 standards framework), with Wirral" in page
    # The score's range: Slough's 8.33% (3 of 36) to Islington's and Carmarthenshire's 94.44% (34), Wirral's 63.89% (23);
    # the 75 rows of the 2021 framework whose score the import kept (not Bridgend's, Ceredigion's or West Sussex's).
    assert "overall score: 8% to 94%, average 58.5%, this service 64%" in page
    assert "Sources and licences" in page
    assert "These results include the open data, which records no standard as 'Requires improvement'" in page
    assert "MIT licence, copyright 2025 data-to-insight" in page
    assert "Open Government Licence v3.0" in page
    # Wirral over time: the 2021 framework in October 2021, then the 2025 one, the change marked between them.
    timeline = page.split("Wirral over time", 1)[1].split("All published results", 1)[0]
    assert timeline.index("October 2021") < timeline.index("Framework changed") < timeline.index("2025")
    assert (
        "Framework changed</strong> from Inspection of youth offending services (2021 standards framework) to "
        "Inspection of youth justice work with children and victims (2025 framework)" in timeline
    )
    assert "column planning stands for 2 standards of hmip-youth-2021 (2.2, 3.2)" in timeline  # what the data left out
    assert 'href="https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/wirral-yjs/"' in timeline
    results_2025 = public.get(reverse("published"), {"programme": "hmip-youth-2025"}).content.decode()
    assert "Trafford" in results_2025
    assert "Wakefield" in results_2025


def test_the_set_up_form_does_not_offer_a_programme_held_for_its_results_only(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = client.get(reverse("create_inspection")).content.decode()
    assert "hmip-youth-2021" in page
    assert "hmip-youth-2025" not in page


def test_a_folder_of_reports_is_imported_all_or_nothing_by_the_management_command(world: World, tmp_path: Path) -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        (tmp_path / f"seed-{prefix}.txt").write_text(seed_text(prefix), encoding="utf-8")
    (tmp_path / "adult.txt").write_text("An inspection of probation services in: Northmoor PDU\n2023\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_reports", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "1 of 6 report(s) cannot be imported: nothing has changed." in str(refused.value)
    assert "adult.txt: it is an inspection of adult probation services, not a youth inspection" in str(refused.value)
    assert not PublishedResult.objects.exists()
    (tmp_path / "adult.txt").unlink()
    out, progress = io.StringIO(), io.StringIO()
    call_command("import_reports", str(tmp_path), stdout=out, stderr=progress)
    assert "[5/5] seed-004.txt" in progress.getvalue()
    assert "5 published result(s) imported." in out.getvalue()
    assert PublishedResult.objects.get(service="Leicester City").figures["themes"]["ensuring_the_sentence_is_served"] == {
        "score": 82,
        "judgement": "good",
    }


def test_the_results_file_lists_a_results_only_programmes_areas_after_the_standards(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = (
        "An inspection of youth justice work with children and victims in Northmoor\n\nJune 2025\n\n"
        "Overall, Northmoor YJS was rated as 'Good'.\nWork with children\tOutstanding\nWork with victims\tGood\n"
    )
    assert "Imported Northmoor, 2025-06" in _upload(client, "report", "northmoor.txt", page.encode()).content.decode()
    good = HEADER + "Eastdale,2019-06,,Good,24" + ",Good" * 12 + "\n"
    assert "Imported 1 published result(s)." in _upload(client, "ratings", "ratings.csv", good.encode()).content.decode()
    export = Client().get(reverse("results_csv")).content.decode().splitlines()
    assert export[0] == (
        "service,date,programme,overall_rating,score,max,source,1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2,3.3,3.4,children,victims"
    )
    assert export[1] == "Eastdale,2019-06,hmip-youth-2018,Good,24,36,csv" + ",Good" * 12 + ",,"
    assert export[2] == "Northmoor,2025-06,hmip-youth-2025,Good,,,report" + "," * 12 + ",Outstanding,Good"


def test_the_demo_shows_the_real_public_record_from_the_first_run() -> None:
    demo_build()
    assert PublishedResult.objects.filter(source_name="hmi-youth-justice-ratings-2021-2025.csv").count() == 82
    page = Client().get(reverse("published"), {"programme": "hmip-youth-2021", "service": "Wakefield"}).content.decode()
    assert "Sources and licences" in page
    assert "Ratings per standard" in page
    assert "Framework changed</strong> from Inspection of youth offending services (2021 standards framework)" in page


def test_the_open_data_uploaded_on_the_import_page_is_read_row_by_row_and_each_row_left_out_is_told(
    world: World, client: Client
) -> None:
    client.force_login(world.users["admin"])
    content = data_text("hmi-youth-justice-ratings-2021-2025.csv").encode()
    page = _upload(client, "ratings", "open-data.csv", content).content.decode()
    assert "Imported 82 published result(s)." in page
    assert "82 row(s) imported, 82 of them in part: what each left out is shown with its result." in page
    assert "Row 77 (Harrow) not imported: its rated columns (staff, assessment, planning) and its year (2021) fit more" in page
    portsmouth = PublishedResult.objects.get(service="Portsmouth", source_name="open-data.csv")
    assert portsmouth.overall_rating == ""
    assert any("footnote" in note for note in portsmouth.figures["notes"])


def test_a_saved_web_page_of_a_report_imports_from_the_import_page(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = (
        "\ufeff<!DOCTYPE html><html><body><a href='#c'>Skip to content</a>"
        "<h1>An inspection of youth justice work with children and victims in Northmoor</h1><p>JULY 2025</p>"
        "<h2>Foreword (Back to top)</h2><p>Overall, Northmoor YJS was rated as \u2018Inadequate\u2019.</p></body></html>"
    )
    done = _upload(client, "report", "northmoor.html", page.encode()).content.decode()
    assert "Imported Northmoor, 2025-07 (hmip-youth-2025)." in done
    assert PublishedResult.objects.get(service="Northmoor").overall_rating == "Inadequate"


def test_no_inspection_is_set_up_under_a_programme_held_for_its_results_only(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        setup.inspection_create(
            by=world.users["admin"],
            service=Service.objects.create(name="Northmoor"),
            framework_id="hmip-youth-2025",
            announced_on=date(2026, 1, 5),
            fieldwork_start=date(2026, 2, 2),
        )
    assert refused.value.problems == ["hmip-youth-2025 is held for its published results only: its rules are not public."]
    with pytest.raises(ServiceError, match="The inspection was not set up"):
        setup.inspection_create_from_form(
            by=world.users["admin"], service="Northmoor", framework="hmip-youth-2025", announced_on="2026-01-05",
            fieldwork_start="2026-02-02",
        )  # fmt: skip


def test_a_services_last_inspection_under_the_2025_framework_stands_before_its_next_without_a_correspondence(
    world: World, client: Client
) -> None:
    """A result of a programme held for its results only may be a service's last inspection: the pages that
    set the last inspection beside the next read it, and no standard corresponds."""
    PublishedResult.objects.create(
        programme="hmip-youth-2025", service=world.northmoor.name, date="2025-05", overall_rating="Good",
        figures={"standards": {"children": "Good", "victims": "Requires improvement"}}, source=PublishedResult.Source.CSV,
        source_name="ratings.csv",
    )  # fmt: skip
    client.force_login(world.users["lead"])
    for name in ("overview", "ratings", "report_preview"):
        page = client.get(reverse(name, args=[world.inspection.pk]))
        assert page.status_code == 200, name
    ratings = client.get(reverse("ratings", args=[world.inspection.pk])).content.decode()
    assert "Its framework differs from this inspection's" in ratings


# --- importing again (a review found each of these doubled or deleted results) ---------------------


def test_the_open_data_uploaded_twice_is_recorded_once_and_the_second_import_says_it_replaced(
    world: World, client: Client
) -> None:
    client.force_login(world.users["admin"])
    content = data_text("hmi-youth-justice-ratings-2021-2025.csv").encode()
    _upload(client, "ratings", "open-data.csv", content)
    page = _upload(client, "ratings", "open-data.csv", content).content.decode()
    assert "82 result(s) replace those an earlier import of open-data.csv recorded for the same inspections." in page
    assert PublishedResult.objects.count() == 82


def test_a_ratings_csv_imported_twice_is_recorded_once(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    good = HEADER + "Eastdale,2019-06,,Requires improvement,12,,,,,,,,,,,,\n"
    _upload(client, "ratings", "ratings.csv", good.encode())
    page = _upload(client, "ratings", "ratings.csv", good.encode()).content.decode()
    assert "1 result(s) replace those an earlier import of ratings.csv recorded" in page
    assert PublishedResult.objects.count() == 1


def test_a_ratings_csv_with_a_repeated_row_imports_nothing(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    twice = HEADER + "Eastdale,2019-06,,Requires improvement,12,,,,,,,,,,,,\n" * 2
    page = _upload(client, "ratings", "ratings.csv", twice.encode()).content.decode()
    assert "row 3: repeats row 2 (the same service, programme and date)" in page
    assert not PublishedResult.objects.exists()


def test_a_report_imported_twice_is_recorded_once_and_said(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    _upload(client, "report", "bury.txt", seed_text("003").encode())
    page = _upload(client, "report", "bury.txt", seed_text("003").encode()).content.decode()
    assert "It replaces the result an earlier import of the same file recorded." in page
    assert PublishedResult.objects.count() == 1


def test_a_folder_imported_twice_by_the_management_command_is_recorded_once(world: World, tmp_path: Path) -> None:
    for prefix in ("001", "003"):
        (tmp_path / f"seed-{prefix}.txt").write_text(seed_text(prefix), encoding="utf-8")
    call_command("import_reports", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_reports", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert "2 published result(s) imported, 2 of them replacing an earlier import of the same file." in out.getvalue()
    assert PublishedResult.objects.count() == 2


def test_the_public_record_imported_again_leaves_an_administrators_upload_of_the_same_file_name(world: World) -> None:
    admin = world.users["admin"]
    upload = HEADER + "Eastdale,2019-06,,Requires improvement,12,,,,,,,,,,,,\n"
    results_import_csv(by=admin, filename="hmip-youth-2025-results.csv", content=upload.encode())
    results_import_public_record(by=admin)
    results_import_public_record(by=admin)
    assert PublishedResult.objects.filter(service="Eastdale").count() == 1
    assert PublishedResult.objects.count() == 85 + 1


@pytest.mark.parametrize(
    ("content", "told"),
    [
        (
            "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff\nLeeds,"
            + "x" * 140_000
            + ",,,03/02/21,u,Good\n",
            "line 2: not readable as CSV (field larger than field limit (131072))",
        ),
        (
            "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff,joint_working\nLeeds,1,1e400,,03/02/21,u,Good,Good\n",
            "1 row(s) imported, 1 of them in part",
        ),
    ],
)
def test_a_malformed_open_data_file_is_told_not_a_server_error(world: World, client: Client, content: str, told: str) -> None:
    client.force_login(world.users["admin"])
    response = _upload(client, "ratings", "open.csv", content.encode())
    assert response.status_code == 200
    assert told in response.content.decode()
    assert all(r.score is None for r in PublishedResult.objects.all())
