"""Public pages: published results only, for anyone."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjinspect.web.inspections.models import Inspection
from yjinspect.web.inspections.selectors import inspection_result


def published(request: HttpRequest) -> HttpResponse:
    rows = [(i, inspection_result(i)) for i in Inspection.objects.filter(published=True).select_related("service")]
    return render(request, "public/published.html", {"rows": rows})
