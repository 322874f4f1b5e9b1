"""Words for the codes the database keeps: what a page shows where a record holds a code.

The history keeps what the services wrote (codes such as `in_progress`, `local_assessor`), so that
an audit record never changes after the fact; these filters show the model's labels for them.
"""

from __future__ import annotations

import re

from django import template

from yjinspect.engine.framework import Population
from yjinspect.engine.loading import FrameworkError
from yjinspect.programmes import programme_for, programme_ids
from yjinspect.reporting.compose import common as compose_common
from yjinspect.web.inspections import selectors
from yjinspect.web.inspections.models import AssessmentState, Inspection, Role, SampleState
from yjinspect.web.inspections.services.agreement import ANSWER_WORDS

register = template.Library()

_STATES = dict(AssessmentState.choices) | dict(SampleState.choices)
_ROLES = dict(Role.choices)
# Which history entries hold which codes, told by what the services name the change.
_STATE_ENTRY = re.compile(r"^case .+: (state|review)$|^case .+ replaced by ")
_TEAM_ENTRY = re.compile(r"^team: ")


@register.filter
def population_words(code: str) -> str:
    """Return "out-of-court disposal" for `out_of_court` (anything unknown as it is)."""
    try:
        return Population(code).label.removesuffix("s")  # the label names the population: one case is one disposal
    except ValueError:
        return code


@register.filter
def history_words(value: str, what: str) -> str:
    """Return a history entry's old or new value in words: the codes of states and roles the
    entry `what` records are shown as their labels; a comment after the code is kept."""
    if not value:
        return value
    code, sep, rest = value.partition(": ")
    if _STATE_ENTRY.search(what) and code in _STATES:
        return f"{_STATES[code]}{sep}{rest}"
    if _TEAM_ENTRY.search(what) and value in _ROLES:
        return _ROLES[value]
    return value


@register.filter
def framework_title(inspection: Inspection) -> str:
    """Return the title of the inspection's framework (its id if the framework is no longer known)."""
    try:
        return selectors.programme_of(inspection).title
    except FrameworkError:
        return inspection.framework_id


@register.filter
def programme_title(framework_id: str) -> str:
    """Return the title of the framework a published result names (its id if no framework here has it)."""
    return programme_for(framework_id).title if framework_id in programme_ids() else framework_id


@register.filter
def month_year(value: str) -> str:
    """Return a published result's month in words ("2019-06" as "June 2019"), as the reports say it."""
    return compose_common.month_year(value)


# The caseload's stratification variables, as the sample's explanation names them.
_VARIABLES = {
    "gender": "Gender",
    "disposal_type": "Disposal type",
    "rosh": "Risk of serious harm (the service's classification)",
    "safety_wellbeing": "Safety and wellbeing (the service's classification)",
    "population": "Population",
}


@register.filter
def variable_words(code: str) -> str:
    """Return a stratification variable in words ("Disposal type" for `disposal_type`)."""
    return _VARIABLES.get(code, code.replace("_", " ").capitalize())


@register.filter
def answer_words(value: str) -> str:
    """Return an answer as people say it: "not applicable" for n/a, "not answered" for none."""
    return ANSWER_WORDS.get(value, ANSWER_WORDS[""])
