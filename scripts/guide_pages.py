"""Take a screenshot of every page each role uses in a whole inspection, for the user guide.

`make guide-pages` runs this with the virtual environment's Python. It starts the demo
(`yjinspect serve --demo`) on a free port in a throwaway data folder, signs in to Debian's Chromium
as each demo account in turn, walks the inspection in its order (set-up, team, data return, sample,
allocation, assessment, quality assurance, ratings, report, the factual accuracy check, history,
publishing, published results) and saves each page whole as out/guide-pages/NN-role-page.png, with
out/guide-pages/index.html listing them with their captions. docs/user-guide.md names each file.

Where a page only shows something after someone has acted (the draft the service contact reads, a
comment on it, a published report), the walk takes that action in the browser first, as the person
would. The demo's 2018 inspection is in fieldwork, with cases still to assess, so the report the walk
writes and publishes is that of the demo's earlier core case inspection, whose cases are assessed.
"""

from __future__ import annotations

import html
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "guide-pages"
CHROMIUM = os.environ.get("YJINSPECT_CHROMIUM", "/usr/bin/chromium")
# As tests/browser/conftest.py: no sandbox as root; no background traffic on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
STARTUP_SECONDS = 300  # migrating and building the demo on a fresh SQLite take about 20 s; a busy machine more

# Who each file name's role stands for: the demo account (services/demo.py) that signs in, and its role.
ROLES = {
    "public": (None, "anyone, not signed in"),
    "admin": ("admin", "administrator"),
    "lead": ("lead", "lead inspector"),
    "inspector": ("inspector", "inspector"),
    "assessor": ("assessor", "local assessor"),
    "panel": ("panel", "ratings panel member"),
    "contact": ("contact", "service contact"),
    "quality": ("quality", "the inspectorate's quality lead"),
}


@dataclass(frozen=True)
class Shot:
    """One page of the walk: who looks at it, where, and what it shows.

    `path` names the places the walk finds as it goes in braces ({inspection}, {case_inspector}…);
    `url_name` is the page's name in yjinspect.web.urls (tests/web/test_guide_pages.py checks that
    the path resolves to it and that every page is in the walk). `before` names an action the role
    takes first, in ACTIONS below; `section` takes the page from that heading down.
    """

    role: str
    slug: str
    path: str
    url_name: str
    caption: str
    before: str = ""
    section: str = ""


WALK: tuple[Shot, ...] = (
    Shot(
        "public",
        "sign-in",
        "/sign-in/",
        "login",
        "Everyone starts at the sign-in page; published results are open to anyone without signing in.",
    ),
    Shot("admin", "home", "/", "home", "The administrator's home page: every inspection, with its framework and dates."),
    Shot(
        "admin",
        "set-up",
        "/inspections/new/",
        "create_inspection",
        "Set-up: the administrator sets up an inspection with its service, framework, announcement date and fieldwork start.",
    ),
    Shot(
        "admin",
        "person",
        "/admin/auth/user/{contact_user}/change/",
        "admin:auth_user_change",
        "Accounts are managed at /admin/: a person's profile sets their home service, the service they are the contact "
        "for, and whether they sit on the ratings panel.",
    ),
    Shot(
        "admin",
        "team",
        "/inspections/{inspection}/team/",
        "team",
        "Team: the administrator (or the lead inspector) adds people by username and role, changes roles and removes people.",
    ),
    Shot("lead", "home", "/", "home", "The lead inspector's home page: the inspections they have a part in."),
    Shot(
        "lead",
        "two-factor",
        "/account/two-factor/",
        "two_factor",
        "An administrator or lead inspector sets up an authenticator app for sign-in codes (the demo does not ask for them).",
    ),
    Shot(
        "lead",
        "task-list",
        "/inspections/{inspection}/",
        "overview",
        "The inspection's task list: each step and its state, with the tabs for every page the role may open.",
    ),
    Shot("lead", "team", "/inspections/{inspection}/team/", "team", "The team as the lead inspector sees it."),
    Shot("contact", "home", "/", "home", "The service contact's home page: only their own service's inspections."),
    Shot(
        "contact",
        "task-list",
        "/inspections/{inspection}/",
        "overview",
        "The service contact's task list: the data return and the draft report, nothing else.",
    ),
    Shot(
        "contact",
        "data-return",
        "/inspections/{inspection}/data-return/",
        "data_return",
        "Data return: the service contact uploads the eligible caseload and fills in the contextual facts "
        "(the upload closes once the sample is locked).",
    ),
    Shot(
        "lead",
        "sample",
        "/inspections/{inspection}/sample/",
        "sample",
        "Sample: the draw explained (windows, sizes, sample against population), the sampled cases, replacement "
        "of an ineligible case, the reserves.",
    ),
    Shot(
        "lead",
        "allocation",
        "/inspections/{inspection}/allocation/",
        "allocation",
        "Allocation: allocate evenly in one action, then adjust case by case.",
    ),
    Shot("inspector", "home", "/", "home", "An inspector's home page."),
    Shot(
        "inspector",
        "cases",
        "/inspections/{inspection}/cases/",
        "cases",
        "An inspector's cases: only those allocated to them, with their state.",
    ),
    Shot(
        "inspector",
        "case",
        "/cases/{case_inspector}/",
        "case",
        "A case being assessed: the inspector's judgements, then each key question with its evidence note, saved as typed.",
    ),
    Shot("inspector", "password", "/account/password/", "change_password", "Anyone signed in may change their password."),
    Shot(
        "assessor",
        "cases",
        "/inspections/{inspection}/cases/",
        "cases",
        "A local assessor (from another service) sees only the cases allocated to them.",
    ),
    Shot("assessor", "case", "/cases/{case_assessor}/", "case", "A local assessor's case page: the same form as an inspector's."),
    Shot(
        "lead",
        "cases",
        "/inspections/{inspection}/cases/",
        "cases",
        "Quality assurance: every sampled case with its assessor and state; tick complete cases to accept them at once.",
    ),
    Shot(
        "lead",
        "case-review",
        "/cases/{case_review}/",
        "case",
        "A case ready for review: the lead inspector accepts it, or returns it with comments.",
    ),
    Shot(
        "lead",
        "ratings",
        "/inspections/{inspection}/ratings/",
        "ratings",
        "Ratings: the live table of every standard, and the team's ratings of domain 1 with their evidence.",
    ),
    Shot("panel", "home", "/", "home", "A ratings panel member's home page."),
    Shot(
        "panel",
        "ratings",
        "/inspections/{inspection}/ratings/",
        "ratings",
        "The ratings panel member records panel decisions, with reasons, where a figure is near a boundary.",
    ),
    Shot(
        "lead",
        "report",
        "/inspections/{inspection}/report/",
        "report",
        "Report: what is still to be written, then the narrative form, box by box, with suggested sentences.",
    ),
    Shot("lead", "preview", "/inspections/{inspection}/report/preview/", "report_preview", "The report as it stands."),
    Shot(
        "lead",
        "draft",
        "/inspections/{inspection}/draft/",
        "draft",
        "After sharing the draft from the Report page: the lead inspector sees what the service reads, and what is "
        "still to be written.",
        before="share_draft",
    ),
    Shot(
        "contact",
        "draft",
        "/inspections/{inspection}/draft/",
        "draft",
        "The factual accuracy check: the service contact reads the numbered draft and comments on a paragraph.",
    ),
    Shot(
        "contact",
        "draft-document",
        "/inspections/{inspection}/draft/document/",
        "draft_document",
        "The draft as one document, with the same paragraph numbers, tables and charts.",
    ),
    Shot(
        "contact",
        "draft-commented",
        "/inspections/{inspection}/draft/",
        "draft",
        "The service contact's comment, listed with its paragraph number until the lead inspector resolves it.",
        before="comment_on_draft",
    ),
    Shot(
        "lead",
        "report-comments",
        "/inspections/{inspection}/report/",
        "report",
        "The comment comes back to the lead inspector on the Report page, under Factual accuracy check, to resolve.",
        section="Factual accuracy check",
    ),
    Shot(
        "lead",
        "history",
        "/inspections/{inspection}/history/",
        "history",
        "History: every change, who made it and when, from what to what.",
    ),
    Shot(
        "lead",
        "earlier-cases",
        "/inspections/{earlier}/cases/",
        "cases",
        "An earlier programme (the demo's core case inspection): the lead inspector adds the inspected cases one by one.",
    ),
    Shot(
        "lead",
        "earlier-scores",
        "/inspections/{earlier}/ratings/",
        "ratings",
        "The earlier programme's scores: headline, section and criterion scores with their improvement comments.",
    ),
    Shot(
        "lead",
        "earlier-report",
        "/inspections/{earlier}/report/",
        "report",
        "Its report with every box written: nothing is left to be written, so once the draft has been shared it can be published.",
        before="write_earlier_report",
    ),
    Shot(
        "lead",
        "earlier-published",
        "/inspections/{earlier}/report/",
        "report",
        "After Share the draft with the service and Publish the report: the frozen files' version and SHA-256.",
        before="publish_earlier_report",
    ),
    Shot(
        "public",
        "published",
        "/published/",
        "published",
        "Published results, open to anyone: ratings per standard, the range of each key question across inspections, "
        "and every published result, linked to its report where it was published here.",
    ),
    Shot(
        "public",
        "published-service",
        "/published/?service={published_service}",
        "published",
        "A chosen service's position among the published results, and its results over time.",
    ),
    Shot(
        "public",
        "published-report",
        "/published/{earlier}/",
        "published_report",
        "The report published a moment ago, as anyone reads it (its PDF and Word files are beside it on the list).",
    ),
    Shot(
        "admin",
        "import-results",
        "/published/import/",
        "import_results",
        "The administrator adds published results: a published report, or a CSV of published ratings.",
    ),
    Shot(
        "admin",
        "import-bundle",
        "/inspections/import/",
        "import_bundle",
        "The administrator imports a whole inspection from a yjinspect.bundle/1 file (each inspection's tabs have Export bundle).",
    ),
    Shot(
        "contact",
        "improvement-plan",
        "/inspections/{plan}/plan/",
        "plan",
        "After publication, the service's improvement plan (the demo's 2009 inspection): accepted, with progress per "
        "action and one action past its target date; the contact reports progress and sends each update.",
    ),
    Shot(
        "lead",
        "improvement-plan",
        "/inspections/{plan}/plan/",
        "plan",
        "The lead inspector reads the plan and sets how often progress is reported and whether its status is public; "
        "a submitted plan is returned entry by entry with comments, or accepted.",
    ),
    Shot(
        "lead",
        "plans-dashboard",
        "/plans/",
        "plans_dashboard",
        "The inspectorate's dashboard across services: plans overdue or being written, updates due, plans to review, "
        "actions past their target date and recommendations with no action.",
    ),
    Shot(
        "lead",
        "double-marking",
        "/inspections/{inspection}/double-marking/",
        "double_marking",
        "Double marking: the lead inspector draws a share of the cases (or chooses one) for a blind second assessment "
        "by another inspector or local assessor, and sees where each stands.",
    ),
    Shot(
        "assessor",
        "second-assessment",
        "/cases/{second_case}/second-assessment/",
        "second_assessment",
        "The second assessor answers a double-marked case's questions without seeing the first assessor's answers or "
        "evidence, saves and comes back, and submits to the lead inspector.",
    ),
    Shot(
        "lead",
        "comparison",
        "/cases/{compared_case}/compare/",
        "comparison",
        "The two assessments side by side: the lead inspector resolves each disagreement with a reason before the case "
        "can be accepted; the answer chosen is the one rated, and both originals are kept.",
    ),
    Shot(
        "lead",
        "agreement",
        "/inspections/{inspection}/agreement/",
        "agreement",
        "Agreement between assessors: the share of answers given alike and Cohen's kappa, per question and overall, "
        "and each assessor's answers changed on resolution or questioned by the quality lead.",
    ),
    Shot(
        "quality",
        "dip-sample",
        "/inspections/{inspection}/quality/",
        "quality",
        "The quality lead reviews a reproducible share of each assessor's completed cases, answer by answer: agree, "
        "or disagree with a reason. It is recorded apart from the lead inspector's review.",
    ),
    Shot(
        "quality",
        "inspectorate-agreement",
        "/quality/agreement/",
        "inspectorate_agreement",
        "The same figures across every inspection in a period, for training: the inspectorate's only.",
    ),
    # Surveys (decision 0013): opened by the lead inspector, answered without an account, counted for the report.
    Shot(
        "lead",
        "surveys",
        "/inspections/{inspection}/surveys/",
        "surveys",
        "The inspection's surveys: codes handed out, started and sent, and the form to open another questionnaire.",
    ),
    Shot(
        "lead",
        "survey-codes",
        "/inspections/{inspection}/surveys/{survey}/invitations/",
        "survey_invitations",
        "A survey's invitation codes, to print and give to the service to hand out: one code, one respondent.",
    ),
    Shot(
        "public",
        "survey-code",
        "/survey/",
        "survey_code",
        "A respondent with a paper invitation types its code (a link with the code in it skips this page).",
    ),
    Shot(
        "public",
        "survey-start",
        "/survey/{survey_code}/",
        "respond_start",
        "The questionnaire's first page, on a phone as on a computer, with Cymraeg where it has Welsh wording.",
    ),
    Shot(
        "public",
        "survey-question",
        "/survey/{survey_code}/questions/know_why/",
        "respond_question",
        "One question to a page, in plain words; answers are saved at each step, so the same link carries on later.",
    ),
    Shot(
        "public",
        "survey-check",
        "/survey/{survey_code}/check/",
        "respond_check",
        "The respondent checks their answers, changes any, and sends them once; the link is then used up.",
    ),
    Shot("public", "survey-thanks", "/survey/thank-you/", "respond_thanks", "What a respondent sees once the answers are sent."),
    Shot(
        "inspector",
        "survey-paper",
        "/inspections/{inspection}/surveys/{survey}/paper/",
        "survey_paper",
        "A team member keys in a paper questionnaire; the response records no one.",
    ),
    Shot(
        "lead",
        "survey-results",
        "/inspections/{inspection}/surveys/{survey}/",
        "survey_results",
        "A survey's results: each question's counts and shares of those who answered it, counts only below the small "
        "number, sentences for the report, and free text for the team with what could identify someone flagged.",
    ),
)


def file_name(number: int, shot: Shot) -> str:
    """Return the screenshot's file name: its place in the walk, the role and the page."""
    return f"{number:02d}-{shot.role}-{shot.slug}.png"


def file_names() -> list[str]:
    """Return every screenshot's file name, in the order of the walk."""
    return [file_name(number, shot) for number, shot in enumerate(WALK, start=1)]


# --- the demo server ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _read_lines(stream: IO[str] | None, lines: queue.Queue[str | None]) -> None:
    for line in stream or ():
        lines.put(line)
    lines.put(None)


@contextmanager
def demo_server() -> Iterator[tuple[str, dict[str, str]]]:
    """Run the demo in a throwaway folder; yield its address and each account's password."""
    data = Path(tempfile.mkdtemp(prefix="yjinspect-guide-"))
    port = _free_port()
    env = dict(os.environ)
    # Never the PostgreSQL a DATABASE_URL names, nor a production profile: the demo's own SQLite only.
    for name in ("DATABASE_URL", "YJINSPECT_PROFILE"):
        env.pop(name, None)
    command = [str(Path(sys.executable).with_name("yjinspect")), "serve", "--demo", "--port", str(port), "--data-dir", str(data)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    # Read everything it says, to the end, so that its log lines never fill the pipe and stall it.
    said: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_read_lines, args=(server.stdout, said), daemon=True).start()
    try:
        started, lines = time.monotonic(), list[str]()
        # It prints its accounts, then "is running at" once it listens.
        while not (lines and "is running at" in lines[-1]):
            try:
                line = said.get(timeout=max(0.1, STARTUP_SECONDS - (time.monotonic() - started)))
            except queue.Empty:
                raise SystemExit(f"the demo server did not start within {STARTUP_SECONDS} s:\n" + "".join(lines)) from None
            if line is None:
                raise SystemExit("the demo server stopped while starting:\n" + "".join(lines))
            lines.append(line)
        passwords = dict(line.split("\t")[:2] for line in (data / "demo-accounts.txt").read_text().splitlines())
        yield f"http://127.0.0.1:{port}", passwords
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


# --- the browser --------------------------------------------------------------------------------------


class Walk:
    """The browser sessions of the walk, one per role, and the places found on the way."""

    def __init__(self, browser: Browser, base: str, passwords: dict[str, str]) -> None:
        self.browser, self.base, self.passwords = browser, base, passwords
        self.pages: dict[str, Page] = {}
        self.places: dict[str, str] = {}

    def page(self, role: str) -> Page:
        """Return the role's browser page, signing in the first time."""
        if role not in self.pages:
            context = self.browser.new_context(base_url=self.base, viewport={"width": 1200, "height": 900})
            context.set_default_timeout(30_000)
            page = context.new_page()
            username = ROLES[role][0]
            if username is not None:
                page.goto("/sign-in/")
                page.get_by_label("Username").fill(username)
                page.get_by_label("Password").fill(self.passwords[username])
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(f"{self.base}/")
            self.pages[role] = page
        return self.pages[role]

    def open(self, role: str, path: str) -> Page:
        """Open a page as the role; stop the walk if the page is not there for them."""
        page = self.page(role)
        response = page.goto(path)
        if response is None or response.status >= 400:
            raise SystemExit(f"{path} as {role}: HTTP {response.status if response else 'no response'}")
        return page

    def find_places(self) -> None:
        """Find the inspections, cases and accounts the walk shows, as the people who see them would."""
        lead = self.open("lead", "/")
        self.places["inspection"] = _pk(lead.get_by_role("link", name=re.compile(r"2018 standards framework")).first)
        self.places["earlier"] = _pk(lead.get_by_role("link", name=re.compile(r"Core Case Inspection.*2011")).first)
        # The service's first core case inspection, published in the demo with its improvement plan in progress.
        self.places["plan"] = _pk(lead.get_by_role("link", name=re.compile(r"Core Case Inspection.*2009")).first)
        self.places["case_review"] = self._case("lead", "Ready for review")
        self.places["case_inspector"] = self._case("inspector", "In progress")
        self.places["case_assessor"] = self._case("assessor", "In progress")
        marking = self.open("lead", f"/inspections/{self.places['inspection']}/double-marking/")
        waiting = marking.locator("tbody tr").filter(has_text="to resolve").first  # a case with disagreements to resolve
        self.places["compared_case"] = _pk(waiting.get_by_role("link", name=re.compile("^Compare")))
        second = self.open("assessor", f"/inspections/{self.places['inspection']}/cases/")
        self.places["second_case"] = _pk(second.get_by_role("link", name=re.compile("^Second assessment of")).first)
        surveys = self.open("lead", f"/inspections/{self.places['inspection']}/surveys/")
        results = surveys.get_by_role("link", name=re.compile(r"^Results")).first.get_attribute("href") or ""
        self.places["survey"] = re.findall(r"/(\d+)/", results)[-1]
        codes = self.open("lead", f"/inspections/{self.places['inspection']}/surveys/{self.places['survey']}/invitations/")
        unused = codes.locator("tbody tr").filter(has_text="Not started").first.locator("td").nth(1).inner_text()
        self.places["survey_code"] = unused.replace("-", "").strip()
        admin = self.open("admin", "/admin/auth/user/?q=contact")
        self.places["contact_user"] = _pk(admin.get_by_role("link", name="contact", exact=True))
        public = self.open("public", "/published/")
        service = public.locator("select#service option").nth(1).get_attribute("value") or ""
        self.places["published_service"] = urllib.parse.quote_plus(service)

    def _case(self, role: str, state: str) -> str:
        page = self.open(role, f"/inspections/{self.places['inspection']}/cases/")
        return _pk(page.locator("tbody tr").filter(has_text=state).first.get_by_role("link").first)

    def shoot(self, number: int, shot: Shot) -> Path:
        """Take the action the shot asks for, open its page as its role and save the screenshot."""
        if shot.before:
            ACTIONS[shot.before](self)
        page = self.open(shot.role, shot.path.format(**self.places))
        page.wait_for_load_state("networkidle")
        target = OUT / file_name(number, shot)
        if shot.section:
            box = page.get_by_role("heading", name=shot.section, exact=True).bounding_box()
            if box is None:
                raise SystemExit(f"no heading {shot.section!r} on {page.url}")
            height = page.evaluate("() => document.documentElement.scrollHeight")
            page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": box["y"] - 20, "width": 1200,
                                                                    "height": height - box["y"] + 20})  # fmt: skip
        else:
            page.screenshot(path=str(target), full_page=True)
        return target


def _pk(link: Any) -> str:
    href = link.get_attribute("href") or ""
    found = re.search(r"/(\d+)/", href)
    if found is None:
        raise SystemExit(f"no number in the link {href!r}")
    return found.group(1)


def share_draft(walk: Walk) -> None:
    """As the lead inspector, share the draft with the service from the Report page."""
    page = walk.open("lead", f"/inspections/{walk.places['inspection']}/report/")
    page.get_by_role("button", name="Share the draft with the service").click()
    page.wait_for_load_state()


def comment_on_draft(walk: Walk) -> None:
    """As the service contact, comment on the draft's third paragraph."""
    page = walk.open("contact", f"/inspections/{walk.places['inspection']}/draft/")
    page.get_by_label("Paragraph number").fill("3")
    page.get_by_label(re.compile(r"inaccurate", re.IGNORECASE)).fill(
        "The board met six times in the year, not four; the minutes are on the service's website."
    )
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_load_state()


# What the lead inspector writes in each kind of box, told by its label; anything else gets the last.
_NARRATIVE = (
    ("recommendations", "YOS Head of Service: make sure every plan says who does what, and by when."),
    ("practice examples", "2.2: Jay's case manager met him at college every week and helped him keep his place."),
    ("foreword", "This inspection found committed staff who knew the children well."),
    ("", "Staff knew the children they worked with well."),
)


def write_earlier_report(walk: Walk) -> None:
    """As the lead inspector, write every box of the earlier inspection's report and save the narrative.

    The boxes are filled in and the whole form saved with its button, as without JavaScript: typing
    each box would save it as it is typed too, and the walk need not wait for those saves.
    """
    page = walk.open("lead", f"/inspections/{walk.places['earlier']}/report/")
    page.evaluate(
        """(texts) => {
          for (const box of document.querySelectorAll('#narrative-form textarea:not([readonly])')) {
            const label = (document.querySelector(`label[for="${box.id}"]`)?.textContent || '').toLowerCase();
            box.value = texts.find(([word]) => label.includes(word))[1];
          }
        }""",
        [list(pair) for pair in _NARRATIVE],
    )
    page.get_by_role("button", name="Save the narrative").click()
    page.wait_for_load_state()
    if page.get_by_role("heading", name=re.compile(r"^Still to be written")).count():
        raise SystemExit(f"the earlier inspection's report still has boxes to be written: {page.url}")


def publish_earlier_report(walk: Walk) -> None:
    """As the lead inspector, share the earlier inspection's draft with the service, then publish the report."""
    page = walk.open("lead", f"/inspections/{walk.places['earlier']}/report/")
    page.get_by_role("button", name="Share the draft with the service").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    if not page.get_by_text(re.compile(r"^Published: version")).count():
        raise SystemExit(f"publishing the earlier inspection's report was refused: {page.url}")


ACTIONS: dict[str, Callable[[Walk], None]] = {
    "share_draft": share_draft,
    "comment_on_draft": comment_on_draft,
    "write_earlier_report": write_earlier_report,
    "publish_earlier_report": publish_earlier_report,
}


def index_html(shots: list[tuple[str, Shot]]) -> str:
    """Return the page listing every screenshot with its caption, in the order of the walk."""
    items = "\n".join(
        f'<li id="{html.escape(name)}"><h2>{html.escape(name)}: {html.escape(ROLES[shot.role][1])}, '
        f"{html.escape(shot.slug.replace('-', ' '))}</h2><p>{html.escape(shot.caption)}</p>"
        f'<a href="{html.escape(name)}"><img src="{html.escape(name)}" alt="Screenshot {html.escape(name)} (described above)" width="600"></a></li>'
        for name, shot in shots
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>yjinspect: the pages of an inspection</title>'
        "<style>body{font-family:Arial,sans-serif;margin:2em;max-width:70em}li{margin-bottom:2em}"
        "img{border:1px solid #b1b4b6}</style></head>\n<body><h1>The pages of an inspection, role by role</h1>"
        "<p>Made by <code>make guide-pages</code> from the demo; docs/user-guide.md walks through them.</p>\n"
        f"<ol>\n{items}\n</ol></body></html>\n"
    )


def main() -> None:
    """Start the demo, walk the inspection as each role, and save the screenshots and their index."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: run scripts/setup --test (installs Debian's chromium)")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    print("starting the demo in a throwaway folder...", flush=True)
    with demo_server() as (base, passwords), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        walk = Walk(browser, base, passwords)
        walk.find_places()
        taken = []
        for number, shot in enumerate(WALK, start=1):
            target = walk.shoot(number, shot)
            taken.append((target.name, shot))
            print(f"  {target.name}", flush=True)
        browser.close()
    (OUT / "index.html").write_text(index_html(taken), encoding="utf-8")
    print(f"{len(taken)} pages in {OUT.relative_to(ROOT)}/ (index.html lists them)")


if __name__ == "__main__":
    main()
