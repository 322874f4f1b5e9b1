"""Reading an autosave's JSON body: an object of plain values, or a 400 that says what was wrong."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse


class MalformedSave(ValueError):  # noqa: N818 (a reason, told to the browser as a 400)
    """An autosave body that is not what the page sends."""


def json_object(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    """Return the request's JSON object, or the 400 answer saying what was wrong with the body."""
    try:
        payload = json.loads(request.body or b"{}")
    except RecursionError:
        return malformed("its JSON is nested too deeply")
    except ValueError:
        return malformed("it is not JSON")
    if not isinstance(payload, dict):
        return malformed(f"expected a JSON object, not {type(payload).__name__.replace('dict', 'object')}")
    return payload


def text(payload: dict[str, Any], name: str) -> str:
    """Return a text value of the body ("" if absent); anything but a string (an object, a number) is refused,
    never stored as Python's rendering of it."""
    value = payload.get(name, "")
    if not isinstance(value, str):
        raise MalformedSave(f'"{name}" must be text')
    return value


def whole(payload: dict[str, Any], name: str) -> int:
    """Return a whole-number value of the body (a version); anything else is refused."""
    value = payload.get(name)
    if type(value) is not int:
        raise MalformedSave(f'"{name}" must be a whole number')
    return value


def malformed(detail: str) -> JsonResponse:
    return JsonResponse({"saved": False, "error": f"Malformed save request: {detail}."}, status=400)
