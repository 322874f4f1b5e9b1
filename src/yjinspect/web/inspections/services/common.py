"""What every service shares: its errors, the history recorder, and the one version-checked update."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from yjinspect.engine.answers import Answer as EngineAnswer
from yjinspect.web.accounts.models import display_name
from yjinspect.web.inspections.models import HistoryEntry, Inspection, SampledCase
from yjinspect.web.inspections.selectors import programme_of

M = TypeVar("M", bound=models.Model)


ANSWER_VALUES = {a.value for a in EngineAnswer}  # what a case's answer may be: yes, no, n/a

# Fields whose values never enter the history, with what is recorded instead. Real names are kept only to
# stop a report printing them: the history (which the lead inspector reads) says they changed, not what to.
PRIVATE_FIELDS: dict[tuple[type[models.Model], str], str] = {(SampledCase, "real_names"): "real names changed"}


def person(user: Any) -> str | None:
    """Return how the history names a person: their name, with their username to tell two alike apart."""
    return f"{display_name(user)} ({user.username})" if user is not None else None


def conflict_problem(person: Any, inspection: Inspection) -> str | None:
    """Return why a person may not assess the inspection's cases for a conflict of interest, or None.

    A team made before the rule (or another way) may still hold such a person: allocation refuses them anyway."""
    profile = getattr(person, "profile", None)
    if profile is None or not profile.conflicts_with(inspection.service_id):
        return None
    how = "a service contact of" if profile.contact_for_id == inspection.service_id else "from"
    name = display_name(person)
    return f"{name} is {how} {inspection.service.name} and may not assess its cases (a conflict of interest)."


class ServiceError(Exception):
    """A request the rules refuse; the message is for the person who made it."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class StaleWriteError(ServiceError):
    """Someone saved this since the writer loaded it; carries the newer value so nothing is lost."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("Someone else saved a newer version of this. It is shown now; your change was not saved.")
        self.current = current


def history_record(inspection: Inspection, by: Any, what: str, old: Any, new: Any, *, case: SampledCase | None = None) -> None:
    """Record who changed what, from what to what (in the inspection's history, and the case's if given).

    A name recorded as real in any of the inspection's cases is replaced wherever the old or new text
    quotes it (an evidence note, a narrative box): the history never keeps one."""
    _history_entry(inspection, by, what, old, new, case=case).save()


def _history_entry(inspection: Inspection, by: Any, what: str, old: Any, new: Any, *, case: SampledCase | None) -> HistoryEntry:
    """Return the (unsaved) entry history_record writes, so that one save's entries go in one insert."""
    old_text, new_text = _text(old), _text(new)
    if old_text not in _PLAIN or new_text not in _PLAIN:
        names = _real_names(inspection)
        old_text, new_text = _unnamed(old_text, names), _unnamed(new_text, names)
    return HistoryEntry(
        inspection=inspection,
        case=case,
        case_ref=case.case_ref if case is not None else "",  # kept when the case goes (a redrawn sample)
        user=by,
        what=what[:120],
        old=old_text,
        new=new_text,
    )


_PLAIN = {"", "yes", "no", "n/a"}  # an answer's value: no name to look for, no query spent
REAL_NAME = "[a name recorded as real]"


def _real_names(inspection: Inspection, recorded: Iterable[str] | None = None) -> list[re.Pattern[str]]:
    """Return a pattern for each name recorded as real in the inspection's cases (or in `recorded`), longest first."""
    if recorded is None:
        recorded = SampledCase.objects.filter(inspection=inspection).exclude(real_names="").values_list("real_names", flat=True)
    names = {n.strip() for value in recorded for n in value.split(",")} - {""}
    return [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.I) for n in sorted(names, key=len, reverse=True)]


def _unnamed(text: str, names: list[re.Pattern[str]]) -> str:
    for pattern in names:
        text = pattern.sub(REAL_NAME, text)
    return text


def _history_unnamed(inspection: Inspection, recorded: str) -> None:
    """Take newly recorded real names out of the inspection's history written before they were recorded."""
    names = _real_names(inspection, [recorded])
    if not names:
        return
    quoting = models.Q()
    for name in {n.strip() for n in recorded.split(",")} - {""}:
        quoting |= models.Q(old__icontains=name) | models.Q(new__icontains=name)
    for entry in HistoryEntry.objects.filter(quoting, inspection=inspection).select_for_update():
        entry.old, entry.new = _unnamed(entry.old, names), _unnamed(entry.new, names)
        entry.save(update_fields=["old", "new"])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def versioned_update(
    model: type[M],
    *,
    where: Mapping[str, Any],
    by: Any,
    expected_version: int,
    changes: Mapping[str, Any] | Callable[[M], Mapping[str, Any]],
    history: Mapping[str, str],
    inspection: Inspection,
    case: SampledCase | None = None,
    create: bool = False,
    check: Callable[[M], None] | None = None,
    saved_by: str | None = None,
    save_unchanged: bool = True,
    summary: Callable[[Any, Any], tuple[Any, Any]] | None = None,
    parts: Callable[[Any, Any], Iterable[tuple[str, Any, Any]]] | None = None,
    savepoint: bool = True,
) -> M:
    """Save changes to a versioned row, refusing them if someone saved the row since the writer loaded it.

    1. Lock the row (`model` matching `where`, created first if `create`); `check` may refuse it.
    2. If its version is not `expected_version`, refuse with StaleWriteError carrying the newer values:
       the fields in `history`, the version and, when `saved_by` names the field recording who saved,
       that person's name.
    3. Apply `changes`. Given as a callable, it gets the locked row and runs only now, so that its
       rules judge a write that is not stale. Each field that changed is recorded in the history
       under its label in `history`, from old to new (or as `summary(old, new)` shows them; or, with
       `parts`, one entry per part that changed, `parts(old, new)` giving each part's name, old and new).
       A field in PRIVATE_FIELDS (real names) is recorded as changed, never with its values.
    4. Set `saved_by` to `by`, bump the version, save. A save that changes nothing still bumps the
       version (the writer saved from this version), unless `save_unchanged` is False: then the row
       is left as it was.

    It is one transaction; inside another, its own savepoint, so that a caller may catch a refusal and
    go on. A service that is itself the atomic block its callers catch at passes `savepoint=False`:
    two fewer queries on every save (the savepoint and its release).
    """
    with transaction.atomic(savepoint=savepoint):
        rows = model._default_manager.select_for_update()
        locked = rows.get_or_create(**where)[0] if create else rows.get(**where)
        row: Any = locked  # its fields are the model's own: version, and those in `history`
        if check is not None:
            check(row)
        if row.version != expected_version:
            newer = {name: getattr(row, name) for name in history} | {"version": row.version}
            if saved_by is not None:
                who = getattr(row, saved_by)
                newer["by"] = who.get_full_name() if who else ""
            raise StaleWriteError(newer)
        wanted = changes(row) if callable(changes) else changes
        if untracked := sorted(set(wanted) - set(history)):
            raise ValueError(f"{model.__name__}: no history label for {', '.join(untracked)}")  # a service's mistake
        changed = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        if not changed and not save_unchanged:
            return locked
        entries: list[HistoryEntry] = []
        newly_private: list[str] = []
        for name, value in changed.items():
            if (model, name) in PRIVATE_FIELDS:
                entries.append(_history_entry(inspection, by, history[name], None, PRIVATE_FIELDS[model, name], case=case))
                newly_private.append(str(value))
            elif parts is not None:
                for part, part_old, part_new in parts(getattr(row, name), value):
                    entries.append(_history_entry(inspection, by, f"{history[name]}: {part}", part_old, part_new, case=case))
            else:
                old, new = summary(getattr(row, name), value) if summary is not None else (getattr(row, name), value)
                entries.append(_history_entry(inspection, by, history[name], old, new, case=case))
            setattr(row, name, value)
        HistoryEntry.objects.bulk_create(entries)
        for recorded in newly_private:  # after the insert: this save's own entries are scrubbed too
            _history_unnamed(inspection, recorded)
        if saved_by is not None:
            setattr(row, saved_by, by)
        row.version += 1
        row.save()
        return locked


def require_offered(inspection: Inspection, offered: bool, what: str) -> None:
    """Refuse a step the inspection's programme does not have (asked of the plug-in, never by its name)."""
    if not offered:
        label = programme_of(inspection).label
        raise ServiceError(f"{inspection.framework_id} has no {what}: a {label} is assessed from the cases it names.")
