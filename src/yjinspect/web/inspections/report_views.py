"""Pages for the report: narrative with suggested sentences, draft and comments, publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from yjinspect.engine.framework import RatedBy
from yjinspect.engine.phrasing import proportion_phrase
from yjinspect.programmes.base import narrative_form_values
from yjinspect.programmes.base import narrative_from_form as programme_narrative_from_form
from yjinspect.reporting.compose.standards import key_question_sentence
from yjinspect.reporting.document import plain
from yjinspect.reporting.renderers.html import to_html
from yjinspect.web import access
from yjinspect.web.access import Action
from yjinspect.web.inspections import publishing
from yjinspect.web.inspections.models import DraftComment, Inspection, SampleState
from yjinspect.web.inspections.selectors import inspection_result, programme_of
from yjinspect.web.inspections.services import report as report_services  # named apart from the view report
from yjinspect.web.inspections.services.common import ServiceError, StaleWriteError
from yjinspect.web.inspections.views import _context, _failed


def narrative_from_form(data: Any, inspection: Inspection) -> dict[str, Any]:
    """Turn the narrative form into the report's narrative, by the programme's boxes; every malformed line is listed."""
    programme = programme_of(inspection)
    narrative, problems = programme_narrative_from_form(programme.narrative_fields(), data)
    if programme.practice_examples_from_cases:  # the texts of the examples the inspectors flagged
        narrative["practice_example_texts"] = {
            case.case_ref: {
                "standard": data.get(f"example-standard-{case.case_ref}", ""),
                "text": data.get(f"example-text-{case.case_ref}", "").strip(),
            }
            for case in inspection.cases.filter(sample_state=SampleState.SAMPLED, practice_example=True)
        }
    if problems:
        raise ServiceError("The narrative was not saved: nothing has changed.", problems)
    return narrative


def suggestions(inspection: Inspection) -> dict[str, list[str]]:
    """Sentences built from the counts, in HMIP's phrasing with the count beside the word, per key question."""
    framework = programme_of(inspection).framework
    result = inspection_result(inspection)
    sampled = list(inspection.cases.filter(sample_state=SampleState.SAMPLED).prefetch_related("answers"))
    found: dict[str, list[str]] = {}
    for standard in result.standards:
        if standard.rated_by is not RatedBy.CASE_ANSWERS:
            continue
        population = framework.domain_of(standard.id).population
        own = [c for c in sampled if population is not None and c.population == population.value]
        for question in standard.key_questions:
            sentences = [plain(key_question_sentence(question))]
            field = {"harm_factors": ("inspector_rosh", "service_rosh", "risk of serious harm"),
                     "safety_wellbeing_factors": ("inspector_safety_wellbeing", "service_safety_wellbeing", "safety and wellbeing")}  # fmt: skip
            definition = framework.key_question(question.id)
            if definition is not None and definition.applies_when.value in field:
                inspector, service, words = field[definition.applies_when.value]
                judged = [c for c in own if getattr(c, inspector)]
                if judged:
                    agreed = sum(1 for c in judged if getattr(c, inspector) == getattr(c, service))
                    sentences.append(f"The {words} classification was accurate in {proportion_phrase(agreed, len(judged))}.")
            for prompt in definition.prompts if definition is not None else ():
                given = [a.value for c in own for a in c.answers.all() if a.question_id == prompt.id and a.value in ("yes", "no")]
                if given:
                    yes = given.count("yes")
                    sentences.append(f"The answer to '{prompt.text}' was yes in {proportion_phrase(yes, len(given))}.")
            found[question.id] = sentences
    return found


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "narrative":
                access.require(request.user, Action.EDIT_REPORT, inspection)
                narrative = narrative_from_form(request.POST, inspection)
                report_services.narrative_save(by=request.user, inspection=inspection, narrative=narrative,
                                               expected_version=int(request.POST.get("version", "-1")))  # fmt: skip
                messages.success(request, "Narrative saved.")
            elif action == "share":
                access.require(request.user, Action.SHARE_DRAFT, inspection)
                version = report_services.draft_share(by=request.user, inspection=inspection)
                messages.success(request, f"Draft {version.number} shared with the service for the factual accuracy check.")
            elif action == "resolve":
                access.require(request.user, Action.RESOLVE_COMMENT, inspection)
                comment = get_object_or_404(DraftComment, pk=request.POST.get("comment"), version__inspection=inspection)
                report_services.comment_resolve(by=request.user, comment=comment, resolution=request.POST.get("resolution", ""))
                messages.success(request, "Comment resolved.")
            elif action == "publish":
                access.require(request.user, Action.PUBLISH, inspection)
                version = report_services.report_publish(by=request.user, inspection=inspection)
                messages.success(request, f"Report published (version {version.number}, SHA-256 {version.sha256[:16]}…).")
            else:
                raise ServiceError("Unknown action.")
        except StaleWriteError as stale:
            _failed(request, stale)
        except (ServiceError, ValueError) as error:
            _failed(request, error if isinstance(error, ServiceError) else ServiceError(str(error)))
        return redirect("report", pk=pk)
    programme = programme_of(inspection)
    if programme.narrative_form == "fields":
        return _report_page_by_fields(request, inspection)
    framework = programme.framework
    report_record = publishing.report_of(inspection)
    narrative = report_record.narrative
    examples = narrative.get("practice_example_texts") or {}
    practice_cases = [
        {"case": c, "standard": (examples.get(c.case_ref) or {}).get("standard", ""), "text": (examples.get(c.case_ref) or {}).get("text", "")}
        for c in inspection.cases.filter(sample_state=SampleState.SAMPLED, practice_example=True).order_by("case_ref")
    ]  # fmt: skip
    draft = publishing.shared_draft(inspection)
    comments = DraftComment.objects.filter(version__inspection=inspection).select_related("author", "resolved_by", "version")
    return render(request, "inspections/report.html", _context(
        request, inspection, narrative=narrative, report_version=report_record.version, suggestions=suggestions(inspection),
        recommendations_text="\n".join(f"{r['to']}: {r['text']}" for r in narrative.get("recommendations", [])),
        offences_text="\n".join(f"{k}: {v}" for k, v in (narrative.get("offence_types") or {}).items()),
        practice_cases=practice_cases, draft=draft, comments=comments, problems=publishing.publishing_problems(inspection),
        published=publishing.published_version(inspection), standards=framework.standards,
        case_rated={s.id for s in framework.standards if framework.rated_by(s) is RatedBy.CASE_ANSWERS},
    ))  # fmt: skip


def _report_page_by_fields(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """The report page whose narrative form is the programme's boxes, one after another."""
    report_record = publishing.report_of(inspection)
    fields = programme_of(inspection).narrative_fields()
    values = narrative_form_values(fields, report_record.narrative)
    boxes = [{"name": f.name, "label": f.label, "hint": f.hint, "value": values[f.name]} for f in fields]
    return render(request, "inspections/report.html", _context(
        request, inspection, narrative_fields=boxes,
        report_version=report_record.version, draft=publishing.shared_draft(inspection),
        problems=publishing.publishing_problems(inspection), published=publishing.published_version(inspection),
        comments=DraftComment.objects.filter(version__inspection=inspection).select_related("author", "resolved_by", "version"),
    ))  # fmt: skip


@login_required
@require_GET
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as it stands, rendered live for the team."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_REPORT)
    return HttpResponse(to_html(publishing.report_document(inspection)))


@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared draft, with the service contact's factual accuracy comments per paragraph."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DRAFT)
    version = publishing.shared_draft(inspection)
    if request.method == "POST":
        access.require(request.user, Action.COMMENT_DRAFT, inspection)
        try:
            if version is None:
                raise ServiceError("There is no shared draft to comment on yet.")
            report_services.comment_add(
                by=request.user, version=version, paragraph=request.POST.get("paragraph", ""), text=request.POST.get("text", "")
            )
            messages.success(request, "Comment sent to the lead inspector.")
        except ServiceError as error:
            _failed(request, error)
        return redirect("draft", pk=pk)
    paragraphs = publishing.draft_paragraphs(version) if version else []
    comments = version.comments.select_related("author", "resolved_by") if version else []
    return render(
        request,
        "inspections/draft.html",
        _context(request, inspection, version=version, paragraphs=paragraphs, comments=comments),
    )


@login_required
@require_GET
def draft_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared draft itself, exactly as frozen."""
    inspection = access.inspection_for(request.user, pk, Action.VIEW_DRAFT)
    version = publishing.shared_draft(inspection)
    if version is None:
        raise Http404("No shared draft")
    return HttpResponse(version.html)


@require_GET
def published_report(request: HttpRequest, pk: int, file_format: str = "html") -> HttpResponse:
    """A published report, for anyone: the frozen HTML, PDF or Word file."""
    inspection = get_object_or_404(Inspection, pk=pk, published=True)
    version = publishing.published_version(inspection)
    if version is None:
        raise Http404("Not published here")
    if file_format == "pdf" and version.pdf:
        response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    elif file_format == "docx" and version.docx:
        response = HttpResponse(
            bytes(version.docx), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        response["Content-Disposition"] = f'attachment; filename="report-{inspection.pk}.docx"'
    elif file_format == "html":
        response = HttpResponse(version.html)
    else:
        raise Http404("No such file")
    response["X-Content-SHA256"] = version.sha256
    return response
