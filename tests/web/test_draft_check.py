"""The factual accuracy check: numbered paragraphs (list items too) in the shared draft and its comment form,
comments closed by publishing, and a publication date that makes sense for the fieldwork (issue 11, item 4)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.world import World
from yjinspect.reporting.renderers.html import to_html
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment, HistoryEntry, Inspection, ReportVersion
from yjinspect.web.inspections.services import report
from yjinspect.web.inspections.services.common import ServiceError

pytestmark = pytest.mark.django_db

STRENGTH = "The board's chair knows every child's plan."
IMPROVEMENT = "Plans for children placed out of area are late."
RECOMMENDATION = "review the out-of-area protocol"
FOREWORD = "Northmoor's partners work well together; 'good' work is seen."


def _shared(world: World) -> ReportVersion:
    narrative = {
        "foreword": FOREWORD,
        "executive_summary": {"1": {"strengths": [STRENGTH, "Staff are well trained."], "improvements": [IMPROVEMENT]}},
        "recommendations": [{"to": "The YJS board", "text": RECOMMENDATION}],
    }
    report.narrative_save(by=world.users["lead"], inspection=world.inspection, narrative=narrative, expected_version=0)
    return report.draft_share(by=world.users["lead"], inspection=world.inspection)


def _number_of(version: ReportVersion, text: str) -> int:
    found = [int(pid.removeprefix("p-")) for pid, body in publishing.draft_paragraphs(version) if body == text]
    assert len(found) == 1, (text, found)
    return found[0]


def _contact(world: World) -> Client:
    client = Client()
    client.force_login(world.users["contact"])
    return client


def test_every_paragraph_and_every_item_of_strengths_improvements_and_recommendations_is_numbered(world: World) -> None:
    version = _shared(world)
    paragraphs = publishing.draft_paragraphs(version)
    assert [pid for pid, _ in paragraphs] == [f"p-{n}" for n in range(1, len(paragraphs) + 1)], "numbered in reading order"
    texts = [text for _, text in paragraphs]
    assert {STRENGTH, "Staff are well trained.", IMPROVEMENT, RECOMMENDATION} <= set(texts)
    for text in (STRENGTH, IMPROVEMENT, RECOMMENDATION):  # each list item carries its number, shown in the draft
        number = _number_of(version, text)
        item = re.search(rf'<li id="p-{number}">(.*?)</li>', version.html)
        assert item is not None, text
        assert f'<span class="visually-hidden">Paragraph </span>{number}</span>' in item.group(1)
    assert re.search(r'<p id="p-1"><span class="paragraph-number">', version.html), "paragraphs show their numbers too"
    page = _contact(world).get(reverse("draft", args=[world.inspection.pk])).content.decode()
    assert "<select" not in page, "the paragraph is typed or chosen by its link, not picked from a drop-down"
    number = _number_of(version, STRENGTH)
    assert f'href="?paragraph={number}#comment">Comment on paragraph {number}</a>' in page
    assert f"from 1 to {len(paragraphs)}" in page
    assert len(re.findall(r">Comment on paragraph \d+</a>", page)) == len(paragraphs), "every paragraph can be commented on"
    published = to_html(publishing.report_document(world.inspection, draft=False)).split("</style>", 1)[1]
    assert '<p id="p-1">' in published, "the published report keeps the ids, for links"
    assert "paragraph-number" not in published, "the published reports carry no paragraph numbers"


def test_the_service_comments_on_a_bullet_item_by_its_number(world: World) -> None:
    version = _shared(world)
    number = _number_of(version, IMPROVEMENT)
    client = _contact(world)
    chosen = client.get(reverse("draft", args=[world.inspection.pk]), {"paragraph": str(number)}).content.decode()
    assert f'name="paragraph" type="text" inputmode="numeric" spellcheck="false" value="{number}"' in chosen
    assert f"Paragraph {number} reads: <q>{IMPROVEMENT}</q>" in chosen
    response = client.post(
        reverse("draft_comment_add", args=[world.inspection.pk]),
        {"paragraph": f" {number} ", "text": "They are on time since May."},
        follow=True,
    )
    assert "Comment sent to the lead inspector." in response.content.decode()
    comment = DraftComment.objects.get()
    assert (comment.paragraph, comment.quoted, comment.number) == (f"p-{number}", IMPROVEMENT, str(number))
    assert f"Paragraph {number}: <q>{IMPROVEMENT}</q>" in response.content.decode()
    lead = Client()
    lead.force_login(world.users["lead"])
    assert f"paragraph {number}: <q>{IMPROVEMENT}</q>" in lead.get(reverse("report", args=[world.inspection.pk])).content.decode()


@pytest.mark.parametrize("typed", ["999", "0", "abc", "", "p-999", "\u00b2"])
def test_a_paragraph_that_does_not_exist_is_refused_with_the_range_and_nothing_saved(world: World, typed: str) -> None:
    version = _shared(world)
    count = len(publishing.draft_paragraphs(version))
    history = HistoryEntry.objects.count()
    response = _contact(world).post(
        reverse("draft_comment_add", args=[world.inspection.pk]), {"paragraph": typed, "text": "Our board meets monthly."}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f"draft {version.number} has paragraphs 1 to {count}" in page
    assert 'id="paragraph-error"' in page, "the problem stands beside the field"
    assert ">Our board meets monthly.</textarea>" in page, "what was typed is given back"
    assert not DraftComment.objects.exists()
    assert HistoryEntry.objects.count() == history


def test_comments_are_refused_after_publishing(world: World) -> None:
    version = _shared(world)
    Inspection.objects.filter(pk=world.inspection.pk).update(published=True)
    with pytest.raises(ServiceError, match="published: the factual accuracy check is closed"):
        report.comment_add(by=world.users["contact"], version=version, paragraph="1", text="Too late?")
    client = _contact(world)
    page = client.get(reverse("draft", args=[world.inspection.pk])).content.decode()
    assert "the factual accuracy check is closed, and no more comments are taken" in page
    assert "Send the comment" not in page, "the form is not offered"
    assert ">Comment on paragraph" not in page
    refused = client.post(reverse("draft_comment_add", args=[world.inspection.pk]), {"paragraph": "1", "text": "Too late?"},
                          follow=True)  # fmt: skip
    assert "the factual accuracy check is closed and no more comments are taken" in refused.content.decode()
    assert not DraftComment.objects.exists()


def test_publishing_before_fieldwork_ends_is_refused(world: World) -> None:
    today = timezone.localdate()
    for start, refused in ((today + timedelta(days=30), True), (today, True), (today - timedelta(days=1), False)):
        Inspection.objects.filter(pk=world.inspection.pk).update(fieldwork_start=start)
        inspection = Inspection.objects.get(pk=world.inspection.pk)
        problem = (
            f"Fieldwork starts on {start:%-d %B %Y}: the report cannot be published before fieldwork has ended "
            f"(it would be published on {today:%-d %B %Y})."
        )
        assert (problem in publishing.publishing_problems(inspection)) is refused, start
    assert publishing.date_problems(inspection, inspection.fieldwork_start) != [], "fieldwork's first day is not its end"
    assert publishing.date_problems(inspection, inspection.fieldwork_start + timedelta(days=1)) == []
    Inspection.objects.filter(pk=world.inspection.pk).update(fieldwork_start=today + timedelta(days=7))
    lead = Client()
    lead.force_login(world.users["lead"])
    page = lead.get(reverse("report", args=[world.inspection.pk])).content.decode()
    assert "the report cannot be published before fieldwork has ended" in page, "the report page says what stops publishing"


def test_quoted_text_is_escaped_once(world: World) -> None:
    version = _shared(world)
    number = _number_of(version, FOREWORD)
    assert "&#x27;" in version.html or "&#39;" in version.html, "the frozen HTML escapes it once, as HTML must"
    client = _contact(world)
    client.post(reverse("draft_comment_add", args=[world.inspection.pk]), {"paragraph": str(number), "text": "Fine."})
    assert DraftComment.objects.get().quoted == FOREWORD, "kept as the words read, not as HTML"
    page: Any = client.get(reverse("draft", args=[world.inspection.pk]), {"paragraph": str(number)}).content.decode()
    assert not re.search(r"&amp;(#x27|#39|quot|amp);", page), "escaped once, not twice"
    assert "Northmoor&#x27;s partners work well together; &#x27;good&#x27; work is seen." in page


def test_an_inspection_whose_fieldwork_starts_before_its_announcement_is_refused_with_both_dates(world: World) -> None:
    admin = Client()
    admin.force_login(world.users["admin"])
    count = Inspection.objects.count()
    typed = {
        "service": "Westvale YJS",
        "framework": "hmip-youth-2018",
        "announced_on": "2027-03-01",
        "fieldwork_start": "2027-02-01",
    }
    page = admin.post(reverse("create_inspection"), typed).content.decode()
    assert (
        "Fieldwork start: 1 February 2027 is before the announcement date, 1 March 2027; "
        "fieldwork starts on or after the day the inspection is announced."
    ) in page
    assert 'value="2027-02-01"' in page, "what was typed is given back"
    assert Inspection.objects.count() == count


@pytest.mark.parametrize(
    ("announced_on", "problem"),
    [
        ("2099-01-01", "inspection.announced_on: Fieldwork start: 3 March 2014 is before the announcement date, 1 January 2099"),
        ("soon", "inspection.announced_on: &#x27;soon&#x27; is not a date (expected YYYY-MM-DD)"),
    ],
)
def test_an_imported_bundle_with_nonsense_dates_is_refused(world: World, announced_on: str, problem: str) -> None:
    from yjinspect.synthetic import synthetic_scored_bundle  # noqa: PLC0415

    data = synthetic_scored_bundle("hmip-youth-sqs", cases=3, seed=4, service="Northmoor Youth Justice Service")
    assert data["inspection"]["fieldwork_start"] == "2014-03-03"
    data["inspection"]["announced_on"] = announced_on
    count = Inspection.objects.count()
    admin = Client()
    admin.force_login(world.users["admin"])
    upload = SimpleUploadedFile("northmoor.json", json.dumps(data).encode(), content_type="application/json")
    page = admin.post(reverse("import_bundle"), {"bundle": upload}, follow=True).content.decode()
    assert problem in page
    assert Inspection.objects.count() == count
