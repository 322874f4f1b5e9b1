"""The user guide's screenshots (`make guide-pages`, scripts/guide_pages.py) cover every page a role uses,
each at the URL it names, and the guide names every file the walk makes: neither can rot silently."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.urls import Resolver404, resolve

from tests.web.test_action_urls import OTHERS, PAGES, SINGLE_FORM_PAGES

ROOT = Path(__file__).resolve().parents[2]

# Pages no screenshot shows, and why.
NOT_SHOWN = {
    "export_bundle": "a download (a bundle file), not a page",
    "results_csv": "a download (a CSV file), not a page",
    "published_file": "the published report's PDF or Word file, a download",
    "sign_in_code": "asks for an authenticator's code, which the demo's accounts do not have",
    "logout": "takes only POST: the Sign out button",
    "plan_csv": "a download (the improvement plan as CSV), not a page",
    "plan_docx": "a download (the improvement plan as a Word document), not a page",
    "plan_evidence": "a download (a file attached as evidence of progress), not a page",
    "survey_csv": "a download (a survey's anonymous responses as CSV), not a page",
    "respond_language": "takes only POST: the questionnaire's Cymraeg / English button",
    "respond_answer": "takes only POST: each question's Continue button",
    "respond_submit": "takes only POST: the Send my answers button",
    "respond_word": "takes only POST: the word asked for when a link is opened on another browser",
    "respond_restart": "takes only POST: the button that deletes unsent answers, unseen, to start again",
}


def _walk() -> ModuleType:
    spec = importlib.util.spec_from_file_location("guide_pages", ROOT / "scripts" / "guide_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


guide_pages = _walk()


@pytest.mark.parametrize("shot", guide_pages.WALK, ids=guide_pages.file_names())
def test_each_screenshot_opens_the_page_it_names(shot: Any) -> None:
    path = shot.path.split("?")[0]
    # Any number stands for the places the walk finds as it goes.
    example = re.sub(r"\{[a-z_]+\}", "7", path)
    try:
        match = resolve(example)
    except Resolver404:
        pytest.fail(f"{shot.path} is no page of ours")
    assert match.view_name == shot.url_name
    assert shot.role in guide_pages.ROLES


def test_every_page_a_role_uses_is_in_the_walk() -> None:
    shown = {shot.url_name for shot in guide_pages.WALK}
    pages = set(PAGES) | SINGLE_FORM_PAGES | OTHERS
    assert not set(NOT_SHOWN) - pages, "a page said not to be shown is no page of ours any more"
    missing = pages - shown - set(NOT_SHOWN)
    assert not missing, f"pages no screenshot shows: {sorted(missing)} (add them to scripts/guide_pages.py)"


def test_every_role_is_walked_and_every_file_name_is_its_own() -> None:
    assert {shot.role for shot in guide_pages.WALK} == set(guide_pages.ROLES)
    names = guide_pages.file_names()
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"\d\d-[a-z]+-[a-z0-9-]+\.png", name) for name in names), names


def test_the_user_guide_names_every_screenshot() -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b\d\d-[a-z]+-[a-z0-9-]+\.png\b", guide))
    made = set(guide_pages.file_names())
    assert made - named == set(), "screenshots the guide does not name"
    assert named - made == set(), "files the guide names that make guide-pages does not make"


def test_the_index_lists_every_screenshot_with_its_caption() -> None:
    shots = [(name, shot) for name, shot in zip(guide_pages.file_names(), guide_pages.WALK, strict=True)]
    page = guide_pages.index_html(shots)
    for name, shot in shots:
        assert f'<img src="{name}"' in page
        assert shot.caption.replace("'", "&#x27;") in page
