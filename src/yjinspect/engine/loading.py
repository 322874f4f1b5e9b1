"""Load framework files: the shipped ones by id, or any file by path, checked against the schema."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from yjinspect.engine.framework import Framework


class FrameworkError(Exception):
    """A framework file that cannot be used; the message names the file, the place and the problem."""


STANDARDS = "standards"  # the `scoring` kind of the 2018 and 2021 standards frameworks


def shipped_framework_ids(kind: str | None = None) -> list[str]:
    """List the ids of the framework files shipped with yjinspect, of one programme kind if given."""
    folder = resources.files("yjinspect") / "frameworks"
    ids = sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    return [i for i in ids if kind is None or framework_kind(i) == kind]


@cache
def shipped_framework_text(framework_id: str) -> str:
    """Return a shipped framework file's text; raise FrameworkError naming the known ids if there is none."""
    if framework_id not in shipped_framework_ids():
        raise FrameworkError(f"unknown framework {framework_id!r}; known frameworks: {', '.join(shipped_framework_ids())}")
    return (resources.files("yjinspect") / "frameworks" / f"{framework_id}.yaml").read_text(encoding="utf-8")


@cache
def framework_kind(framework_id: str) -> str:
    """Return the programme kind a shipped framework file names in its `scoring` field."""
    return kind_of(read_yaml(shipped_framework_text(framework_id), source=f"{framework_id}.yaml"), f"{framework_id}.yaml")


def kind_of(data: dict[str, Any], source: str) -> str:
    """Return the `scoring` field of parsed framework data, which names its programme kind."""
    kind = data.get("scoring")
    if not isinstance(kind, str):
        raise FrameworkError(f"{source}: at scoring: expected the programme kind, such as 'standards' or 'cci'")
    return kind


@cache
def load_framework(framework_id: str) -> Framework:
    """Return a shipped standards framework by id; raise FrameworkError naming the known ids if there is none."""
    if framework_id not in shipped_framework_ids(STANDARDS):
        raise FrameworkError(
            f"unknown framework {framework_id!r}; known frameworks: {', '.join(shipped_framework_ids(STANDARDS))}"
        )
    return parse_framework(shipped_framework_text(framework_id), source=f"{framework_id}.yaml")


def load_framework_file(path: Path) -> Framework:
    """Return the framework in a file outside the package (for drafting a new programme)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(f"{path}: cannot read the file ({error.strerror})") from error
    return parse_framework(text, source=str(path))


def read_yaml(text: str, *, source: str) -> dict[str, Any]:
    """Parse a framework file's YAML text into its top-level mapping."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FrameworkError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise FrameworkError(f"{source}: expected a mapping of framework fields at the top level")
    return data


def parse_framework(text: str, *, source: str) -> Framework:
    """Parse and check a standards framework file's text; every problem is reported with its place."""
    return validate_framework(Framework, read_yaml(text, source=source), source=source)


ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_framework(model: type[ModelT], data: dict[str, Any], *, source: str) -> ModelT:
    """Check parsed framework data against a programme kind's schema; every problem with its place."""
    try:
        return model.model_validate(data)
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
