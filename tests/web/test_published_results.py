"""Published results and comparisons: imports by administrators, public pages, CSV export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import seed_text
from tests.web.world import World
from yjinspect.web.inspections.models import PublishedResult

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
