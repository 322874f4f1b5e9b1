"""The record of what left the system and what came in: exports and imports, with who and when.

An export of one inspection is an entry in its history (which the lead inspector reads); an import or
export that belongs to no inspection (published results, the public results file) is an `AuditEvent`.
Every record is also written to the `yjinspect.audit` log, so that an operator's log shipping keeps it
outside the database too.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from yjinspect.web.inspections.models import AuditEvent, Inspection
from yjinspect.web.inspections.services.common import history_record

log = logging.getLogger("yjinspect.audit")


def _username(by: Any) -> str:
    return str(getattr(by, "username", "") or "anonymous")


@transaction.atomic
def inspection_export_record(*, by: Any, inspection: Inspection, what: str, detail: str = "") -> None:
    """Record in the inspection's history that someone took a copy of it (a bundle, a report file)."""
    history_record(inspection, by, what, None, detail)
    log.info(what, extra={"event": "export", "username": _username(by), "inspection": inspection.pk, "detail": detail})


@transaction.atomic
def event_record(*, by: Any, what: str, detail: str = "") -> AuditEvent | None:
    """Record an import or export that belongs to no inspection; someone not signed in is logged only
    (what they can download is public, and a table any visitor can grow would be a way to fill the disk)."""
    log.info(what, extra={"event": "audit", "username": _username(by), "detail": detail})
    if by is None or not getattr(by, "is_authenticated", False):
        return None
    return AuditEvent.objects.create(user=by, what=what[:120], detail=detail)
