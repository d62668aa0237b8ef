"""The review pages in a real headless Chromium, against the service on a loopback port.

The rep signs in, makes a deal, drops the sample recording on it and watches it process, then
reviews: two accepted with the keyboard, one edited, one rejected with a reason, a conflict
shown with nothing lost; publishes, makes a share link and copies it. A buyer (a fresh browser
context: no cookie) opens the link and sees only what was published.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package (its own browser
download is not used); skips with the reason when either is missing. Screenshots of the key
pages are written to CALLPLAN_SCREENSHOTS (default: the test's tmp folder, printed); with
CALLPLAN_UPDATE_DOCS=1 the review page's also replaces docs/review-page.png.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.app import build_runtime
from service.runtime import Runtime
from tests.service.conftest import ROOT, SAMPLE, User, add_users, make_settings, require_or_skip
from tests.service.served import served

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
LAPTOP = {"width": 1366, "height": 768}
PEOPLE = "\n".join(
    [
        "Sarah Mitchell, buyer, VP of Finance",
        "Daniel Brooks, seller, Account Executive",
        "Karen Patel, buyer, CFO",
        "Tom Baker, buyer, Director of IT Security",
        "Rachel Davis, buyer, Controller",
    ]
)

pytestmark = pytest.mark.slow  # transcribes the sample recording with the bundled model


@pytest.fixture
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        require_or_skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Runtime, dict[str, User]]]:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'callplan.db'}")
    users = add_users(settings)
    runtime = build_runtime(settings)
    with served(runtime) as base:
        yield base, runtime, users
    runtime.engine.dispose()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CALLPLAN_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


def test_a_rep_reviews_a_call_and_a_buyer_reads_the_published_plan(
    chromium: Any, site: tuple[str, Runtime, dict[str, User]], shots: Path
) -> None:
    base, runtime, users = site
    context = chromium.new_context(viewport=LAPTOP, base_url=base)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    deal_url = sign_in_and_make_deal(page, users["rep"].token)
    upload_the_recording(page, shots)
    page.click("text=Review them")
    page.wait_for_selector("article.card")
    page.screenshot(path=shots / "review.png")
    if os.environ.get("CALLPLAN_UPDATE_DOCS") == "1":
        shutil.copy(shots / "review.png", ROOT / "docs" / "review-page.png")

    review(page, runtime, users["rep"], shots)
    add_a_step_by_hand(page, deal_url)
    share_url = publish_and_share(page, deal_url, shots)

    buyer = chromium.new_context(viewport=LAPTOP).new_page()  # no cookie: a buyer's browser
    buyer.goto(base + "/share/" + share_url.rsplit("/share/", 1)[1])
    buyer.screenshot(path=shots / "buyer.png", full_page=True)
    text = buyer.inner_text("body")
    token = share_url.rsplit("/share/", 1)[1]
    shared = buyer.request.get(f"{base}/api/share/{token}").json()  # what was published
    assert shared["version"] == 1 and shared["objective"]["statement"] in text  # accepted
    edited = next(m for m in shared["milestones"] if m["title"].startswith("Pricing proposal"))
    assert edited["due_date"] == "2026-11-27" and edited["title"] in text  # edited
    assert "another vendor" not in text and "Not a risk" not in text  # rejected
    assert "Security questionnaire" not in text  # still pending: not published
    assert "Reference call held" in text  # added by hand
    assert "suggest" not in text.lower() and "evidence" not in text.lower()
    assert errors == [], errors
    context.close()


def sign_in_and_make_deal(page: Any, token: str) -> str:
    page.goto("/deals")
    assert page.url.endswith("/signin?next=/deals")
    page.fill("#token", "cp_wrong")
    page.click("button:has-text('Sign in')")
    assert "That token is not valid" in page.inner_text("#token-error")
    page.fill("#token", token)
    page.click("button:has-text('Sign in')")
    page.click("summary:has-text('New deal')")
    page.fill("#new-name", "Greenfield Foods: close automation")
    page.fill("#new-buyer_company", "Greenfield Foods")
    page.fill("#new-seller_company", "Northwind Software")
    page.fill("#new-timezone", "America/New_York")
    page.fill("#new-participants", PEOPLE)
    page.click("button:has-text('Create deal')")
    page.wait_for_selector("text=Upload a call")
    return str(page.url)


def upload_the_recording(page: Any, shots: Path) -> None:
    """Drop the recording on the drop zone; the progress follows the job without a reload."""
    recording = SAMPLE / "call.ogg"
    drop = page.evaluate_handle(
        """([name, bytes]) => { const data = new DataTransfer();
             data.items.add(new File([new Uint8Array(bytes)], name, {type: "audio/ogg"}));
             return data; }""",
        [recording.name, list(recording.read_bytes())],
    )
    page.dispatch_event("section.upload", "drop", {"dataTransfer": drop})
    page.fill("#upload-date", "2026-11-18")
    page.click("button:has-text('Upload and process')")
    page.wait_for_selector(".job-transcribing progress", timeout=60_000)
    page.wait_for_function(  # the bar moves while the page stays: no reload
        "document.querySelector('.job-transcribing progress')?.value > 5", timeout=60_000
    )
    label = page.inner_text(".job-transcribing .job-stage")
    assert re.match(r"Transcribing \d+%", label), label
    page.screenshot(path=shots / "processing.png")
    page.wait_for_selector(".job-done", timeout=240_000)
    assert "suggestions" in page.inner_text(".job-done")


def card(page: Any, title: str) -> Any:
    return page.locator("article.card", has=page.locator("h3", has_text=title))


def review(page: Any, runtime: Runtime, rep: User, shots: Path) -> None:
    # The keyboard: j selects the first card (the objective), a accepts it, then the next.
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector("article.card-accepted")
    page.keyboard.press("a")
    page.wait_for_function("document.querySelectorAll('article.card-accepted').length == 2")
    # u takes the last decision back (the card is pending again), a accepts it again.
    page.keyboard.press("u")
    page.wait_for_function("document.querySelectorAll('article.card-accepted').length == 1")
    page.keyboard.press("a")
    page.wait_for_function("document.querySelectorAll('article.card-accepted').length == 2")
    assert page.inner_text("#pending-count") == str(
        len(page.query_selector_all(".review-main article.card-pending"))
    )

    # The recording jumps to a quote.
    step = card(page, "Pricing proposal")
    start = float(step.locator("button.play").first.get_attribute("data-start"))
    step.locator("button.play").first.click()
    page.wait_for_function(
        f"document.getElementById('player').currentTime >= {start - 0.5}", timeout=15_000
    )

    # Edit inline, then accept; the date moves without counting as a slip.
    step.locator("summary:has-text('Edit')").click()
    step.locator("input[name=due_date]").fill("2026-11-27")
    page.screenshot(path=shots / "review-edit.png")
    step.locator("button:has-text('Save and accept')").click()
    page.wait_for_function("document.querySelectorAll('article.card-accepted').length == 3")

    # Reject with a reason.
    risk = card(page, "Competitor")
    risk.locator("summary:has-text('Reject')").click()
    risk.locator("textarea[name=reason]").fill("Not a risk: they chose us")
    risk.locator("button.danger").click()
    page.wait_for_selector("article.card-rejected")

    # A conflict: the rep's API client changes a suggestion while the page edits it.
    other = card(page, "Security questionnaire")
    other.locator("summary:has-text('Edit')").click()
    other.locator("input[name=owner]").fill("Daniel B.")
    changed_elsewhere(runtime, rep, int(other.get_attribute("data-id")))
    other.locator("button:has-text('Save'):not(:has-text('accept'))").click()
    conflict = page.locator("article.has-conflict")
    conflict.wait_for()
    assert "Someone else edited this suggestion" in conflict.inner_text()
    assert conflict.locator("input[name=owner]").input_value() == "Daniel B."  # kept
    assert "Now: Lee Park" in conflict.inner_text()
    page.screenshot(path=shots / "review-conflict.png")


def changed_elsewhere(runtime: Runtime, rep: User, suggestion_id: int) -> None:
    from service.auth.service import authenticate
    from service.suggestions import service

    with runtime.sessions() as session:
        caller = authenticate(session, rep.token)
        service.edit(session, caller, suggestion_id, 1, {"owner": "Lee Park"})
        session.commit()


def add_a_step_by_hand(page: Any, deal_url: str) -> None:
    """A step agreed by email: added under the steps table, then its date corrected."""
    page.goto(deal_url)
    page.click("summary:has-text('Add a step')")
    page.fill("#step-new-title", "Reference call held")
    page.fill("#step-new-owner", "Daniel Brooks")
    page.fill("#step-new-due", "2026-12-02")
    page.click("button:has-text('Add step')")
    page.wait_for_selector("text=Added step 'Reference call held'.")
    row = page.locator("table.steps tr", has_text="Reference call held")
    assert "seller" in row.inner_text() and "added by hand" in row.inner_text()
    row.locator("summary:has-text('Change')").click()
    row.locator("input[name=due_date]").fill("2026-12-03")
    row.locator("input[name=correction]").check()
    row.locator("button:has-text('Save step')").click()
    page.wait_for_selector("text=Saved step 'Reference call held'.")
    row = page.locator("table.steps tr", has_text="Reference call held")
    assert "Thu 3 Dec 2026" in row.inner_text() and "slipped" not in row.inner_text()


def publish_and_share(page: Any, deal_url: str, shots: Path) -> str:
    page.click("button:has-text('Publish version 1')")
    page.wait_for_selector("text=Published version 1")
    page.fill("#share-label", "Sarah at Greenfield")
    page.click("button:has-text('Create share link')")
    url = str(page.input_value(".copy-value"))
    page.click("button:has-text('Copy link')")
    page.wait_for_selector("button:has-text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page.url.startswith(deal_url)
    page.screenshot(path=shots / "deal.png", full_page=True)
    page.goto("/deals")
    page.screenshot(path=shots / "deals.png")
    return url
