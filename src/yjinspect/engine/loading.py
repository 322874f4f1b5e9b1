"""Load framework files: the shipped ones by id, or any file by path, checked against the schema."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from yjinspect.engine.framework import Framework


class FrameworkError(Exception):
    """A framework file that cannot be used; the message names the file, the place and the problem."""


def shipped_framework_ids() -> list[str]:
    """List the ids of the framework files shipped with yjinspect."""
    folder = resources.files("yjinspect") / "frameworks"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load_framework(framework_id: str) -> Framework:
    """Return a shipped framework by id; raise FrameworkError naming the known ids if there is none."""
    if framework_id not in shipped_framework_ids():
        raise FrameworkError(f"unknown framework {framework_id!r}; known frameworks: {', '.join(shipped_framework_ids())}")
    resource = resources.files("yjinspect") / "frameworks" / f"{framework_id}.yaml"
    return parse_framework(resource.read_text(encoding="utf-8"), source=f"{framework_id}.yaml")


def load_framework_file(path: Path) -> Framework:
    """Return the framework in a file outside the package (for drafting a new programme)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(f"{path}: cannot read the file ({error.strerror})") from error
    return parse_framework(text, source=str(path))


def parse_framework(text: str, *, source: str) -> Framework:
    """Parse and check a framework file's text; every problem is reported with its place."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FrameworkError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise FrameworkError(f"{source}: expected a mapping of framework fields at the top level")
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        lines = [f"{source}: {error.error_count()} problem(s):"]
        for problem in error.errors():
            place = _place(data, problem["loc"])
            lines.append(f"  at {place or 'top level'}: {problem['msg']}")
        raise FrameworkError("\n".join(lines)) from error


def _place(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into a readable path, naming list items by their id where they have one."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            node = node[key]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]" + (f" (id {ident})" if ident else "")]
        else:
            node = node.get(key) if isinstance(node, dict) else None
            parts.append(str(key))
    return ".".join(parts)
