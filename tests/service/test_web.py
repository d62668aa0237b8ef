"""The review pages through Starlette's test client: sign-in, CSRF, the pages a rep reads, the
review's actions without the page's script (whole pages) and with it (fragments), conflicts,
publishing and share links. Access is walked over every page route in `test_web_access.py`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import escape

from service.web.settings import KEY_FILE, WebSettings, secret_key
from tests.service.conftest import Api
from tests.service.pages import Browser, card


def pending(api: Api, deal_id: int) -> list[dict[str, Any]]:
    page = api.ok(api.get(f"/api/deals/{deal_id}/suggestions?status=pending&limit=200"))
    return page["items"]  # type: ignore[no-any-return]


def test_sign_in_with_a_wrong_token_says_so_and_signs_nobody_in(api: Api) -> None:
    b = Browser(api)
    first = b.get("/deals/1/review")
    assert first.status_code == 303 and first.headers["location"] == "/signin?next=/deals/1/review"
    b.get("/signin")
    wrong = b.post("/signin", {"token": "cp_not-a-token", "next": "/deals"})
    assert wrong.status_code == 401
    assert "That token is not valid" in wrong.text and 'aria-invalid="true"' in wrong.text
    assert b.get("/deals").status_code == 303  # still not signed in
    offsite = b.post("/signin", {"token": api.users["rep"].token, "next": "//evil.example/x"})
    assert offsite.headers["location"] == "/deals"  # never sent off the site after signing in
    b.client.close()


def test_a_post_without_the_session_csrf_token_changes_nothing(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    deal_id, suggestions = api.processed_deal()
    sid = suggestions[0]["id"]
    rep = browser("rep")
    url = f"/deals/{deal_id}/suggestions/{sid}/accept"
    other = Browser(api)
    other.get("/signin")  # another browser's session has a token of its own
    for token in ("", "forged", other.csrf):
        refused = rep.post(url, {"version": "1"}, csrf=token)
        assert refused.status_code == 403 and "reload the page" in refused.text
    assert rep.client.post("/signin", data={"token": api.users["rep"].token}).status_code == 403
    other.client.close()
    assert api.ok(api.get(f"/api/suggestions/{sid}"))["status"] == "pending"
    header = rep.client.post(url, data={"version": "1"}, headers={"X-CSRF-Token": rep.csrf})
    assert header.status_code == 303  # the page's script sends the token as a header
    assert api.ok(api.get(f"/api/suggestions/{sid}"))["status"] == "accepted"


def test_signing_out_and_revoking_the_token_end_the_session(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    rep = browser("rep")
    assert rep.post("/signout").headers["location"] == "/signin"
    assert rep.get("/deals").status_code == 303
    rep.sign_in()
    token_id = api.ok(api.get("/api/tokens"))[0]["id"]
    api.ok(api.delete(f"/api/tokens/{token_id}"))
    assert rep.get("/deals").headers["location"] == "/signin?next=/deals"


def test_the_deals_list_deal_page_and_review_page_show_the_plan(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    deal_id, suggestions = api.processed_deal()
    accept = [
        s for s in suggestions if s["kind"] in ("set_key_date", "set_objective", "add_milestone")
    ]
    for s in accept[:8]:
        api.ok(api.post(f"/api/suggestions/{s['id']}/accept"))
    rep = browser("rep")
    listing = rep.get("/deals?sort=findings&order=desc").text
    assert "Greenfield Foods: close automation" in listing and "to review" in listing
    assert 'aria-sort="descending"' in listing
    deal = rep.get(f"/deals/{deal_id}")
    assert deal.status_code == 200
    for part in (
        "Timeline",
        "<svg",
        "Go-live",
        "Health findings",
        "Fix:",
        "People",
        "Key dates",
        "Upload a call",
        "Publish version 1",
        "Create share link",
    ):
        assert part in deal.text, part
    review = rep.get(f"/deals/{deal_id}/review").text
    left = len(suggestions) - len(accept[:8])
    assert f'<strong id="pending-count">{left}</strong>' in review
    risk = next(s for s in suggestions if s["kind"] == "raise_risk")
    shown = card(review, risk["id"])
    assert (
        str(escape(risk["evidence"][0]["quote"])) in shown
        and risk["evidence"][0]["speaker"] in shown
    )
    assert "(transcript; no recording)" in shown  # a transcript upload has nothing to play
    manager = browser("manager")
    assert "Greenfield Foods" in manager.get("/deals").text  # the team's deals
    assert "only its rep" in manager.get(f"/deals/{deal_id}/review").text
    assert 'action="/deals/' not in card(manager.get(f"/deals/{deal_id}/review").text, risk["id"])


def test_review_actions_as_whole_pages_and_as_fragments(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    deal_id, suggestions = api.processed_deal()
    rep = browser("rep")
    rep.get(f"/deals/{deal_id}/review")
    step = next(s for s in suggestions if s["summary"].startswith("Add 'Pricing proposal"))
    base = f"/deals/{deal_id}/suggestions/{step['id']}"

    form = {
        "version": "1",
        "title": step["proposed"]["title"],
        "owner": "Daniel Brooks",
        "owner_side": "seller",
        "then": "accept",
    }
    bad = rep.post(f"{base}/edit", {**form, "due_date": "2026-02-30"})
    assert bad.status_code == 422  # a whole page, the field's error beside it, nothing lost
    shown = card(bad.text, step["id"])
    error = re.search(rf'id="f-{step["id"]}-due_date-error">([^<]+)<', shown)
    assert error and error.group(1).startswith("Input should be a valid date"), shown
    assert 'value="2026-02-30"' in shown and '<details class="edit" open>' in shown

    ok = rep.post(
        f"{base}/edit",
        {
            "version": "1",
            "title": "Pricing proposal sent",
            "owner": "Daniel Brooks",
            "owner_side": "seller",
            "due_date": "2026-11-27",
            "then": "accept",
        },
        fragment=True,
    )
    assert ok.status_code == 200 and ok.text.lstrip().startswith("<article")
    assert 'data-status="accepted"' in ok.text and "after an edit" in ok.text
    plan = api.ok(api.get(f"/api/deals/{deal_id}/plan"))["plan"]
    edited = next(m for m in plan["milestones"] if m["title"] == "Pricing proposal sent")
    assert edited["due_date"] == "2026-11-27" and edited["days_slipped"] == 0  # a correction

    risk = next(s for s in suggestions if s["kind"] == "raise_risk")
    why = rep.post(
        f"/deals/{deal_id}/suggestions/{risk['id']}/reject", {"version": "1"}, fragment=True
    )
    assert why.status_code == 422 and "say why" in why.text
    done = rep.post(
        f"/deals/{deal_id}/suggestions/{risk['id']}/reject",
        {"version": "1", "reason": "Not a risk"},
    )
    assert done.status_code == 303 and done.headers["location"].endswith(f"#s-{risk['id']}")
    assert api.ok(api.get(f"/api/suggestions/{risk['id']}"))["reason"] == "Not a risk"

    people = [s for s in suggestions if s["kind"] == "add_stakeholder"]
    bulk = rep.post(
        f"/deals/{deal_id}/review/accept", {"ids": ",".join(f"{s['id']}:1" for s in people)}
    )
    assert bulk.status_code == 303
    assert f"Accepted {len(people)} suggestions." in rep.get(bulk.headers["location"]).text
    assert {s["id"] for s in people}.isdisjoint(s["id"] for s in pending(api, deal_id))


def test_a_conflict_keeps_what_the_rep_typed(api: Api, browser: Callable[[str], Browser]) -> None:
    deal_id, suggestions = api.processed_deal()
    step = next(s for s in suggestions if s["summary"].startswith("Add 'Security questionnaire"))
    rep = browser("rep")
    rep.get(f"/deals/{deal_id}/review")
    # Meanwhile the rep's other tab (the API) changes the owner: version 1 -> 2.
    api.ok(
        api.patch(
            f"/api/suggestions/{step['id']}",
            json={"proposed": {"owner": "Lee Park"}},
            headers={"If-Match": '"1"'},
        )
    )
    typed = {
        "version": "1",
        "title": "Security questionnaire sent to Tom",
        "owner": "Daniel Brooks",
        "owner_side": "seller",
        "due_date": "2026-11-23",
        "then": "save",
    }
    clash = rep.post(f"/deals/{deal_id}/suggestions/{step['id']}/edit", typed, fragment=True)
    assert clash.status_code == 409
    assert "Someone else edited this suggestion" in clash.text
    for value in ("Security questionnaire sent to Tom", "2026-11-23"):
        assert f'value="{value}"' in clash.text  # nothing the rep typed is lost
    assert "Now: Lee Park" in clash.text
    assert 'name="version" value="2"' in clash.text  # saving again is a deliberate overwrite
    now = api.ok(api.get(f"/api/suggestions/{step['id']}"))
    assert now["proposed"]["owner"] == "Lee Park" and now["version"] == 2

    again = rep.post(
        f"/deals/{deal_id}/suggestions/{step['id']}/edit", {**typed, "version": "2"}, fragment=True
    )
    assert again.status_code == 200
    assert api.ok(api.get(f"/api/suggestions/{step['id']}"))["proposed"]["owner"] == "Daniel Brooks"

    api.ok(api.post(f"/api/suggestions/{step['id']}/accept"))  # decided elsewhere
    late = rep.post(
        f"/deals/{deal_id}/suggestions/{step['id']}/reject",
        {"version": "3", "reason": "duplicate of the other one"},
        fragment=True,
    )
    assert late.status_code == 409 and "accepted this suggestion" in late.text
    assert "duplicate of the other one" in late.text


def test_publish_share_and_revoke_from_the_pages(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    deal_id, suggestions = api.processed_deal()
    rep = browser("rep")
    assert "Nothing accepted yet" in rep.get(f"/deals/{deal_id}").text
    objective = next(s for s in suggestions if s["kind"] == "set_objective")
    api.ok(api.post(f"/api/suggestions/{objective['id']}/accept"))
    assert rep.post(f"/deals/{deal_id}/publish", {"note": "after the call"}).status_code == 303
    assert "Published version 1" in rep.get(f"/deals/{deal_id}").text
    again = rep.post(f"/deals/{deal_id}/publish", {"note": "the same"})
    assert (
        "Not published: nothing changed since version 1" in rep.get(again.headers["location"]).text
    )
    assert api.ok(api.get(f"/api/deals/{deal_id}/plan/versions"))["total"] == 1
    rep.post(f"/deals/{deal_id}/shares", {"label": "Sarah"})
    page = rep.get(f"/deals/{deal_id}").text
    url = re.search(r'class="copy-value" readonly value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert "shown only once" in page
    assert "copy-value" not in rep.get(f"/deals/{deal_id}").text  # the token is not shown again
    buyer = api.client.get(url.replace(api.runtime.settings.public_url, ""))
    assert (
        buyer.status_code == 200 and str(escape(objective["proposed"]["statement"])) in buyer.text
    )
    share_id = api.ok(api.get(f"/api/deals/{deal_id}/shares"))["items"][0]["id"]
    assert rep.post(f"/deals/{deal_id}/shares/{share_id}/revoke").status_code == 303
    assert api.client.get(url.replace(api.runtime.settings.public_url, "")).status_code == 404


def test_a_new_deal_from_the_page_checks_its_fields(
    api: Api, browser: Callable[[str], Browser]
) -> None:
    rep = browser("rep")
    form = {
        "name": "Fabrikam renewal",
        "buyer_company": "Fabrikam",
        "timezone": "Mars/Olympus",
        "participants": "Ana Ruiz, buyer, CFO\nBo Li, sellr",
    }
    wrong = rep.post("/deals", form)
    assert wrong.status_code == 422 and 'id="new-participants-error"' in wrong.text
    assert "write buyer, seller" in wrong.text and "Bo Li, sellr" in wrong.text
    zone = rep.post("/deals", {**form, "participants": "Ana Ruiz, buyer, CFO"})
    assert zone.status_code == 422 and 'id="new-timezone-error"' in zone.text
    made = rep.post(
        "/deals", {**form, "participants": "Ana Ruiz, buyer, CFO", "timezone": "Europe/Madrid"}
    )
    assert made.status_code == 303
    deal = api.ok(api.get("/api/deals"))["items"][0]
    assert deal["participants"] == [
        {"name": "Ana Ruiz", "side": "buyer", "title": "CFO", "company": None}
    ]


def test_the_session_key_is_made_once_and_kept(tmp_path: Any) -> None:
    made = secret_key(WebSettings(_env_file=None), tmp_path)
    assert len(made) >= 32 and (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert secret_key(WebSettings(_env_file=None), tmp_path) == made
    given = WebSettings(secret_key="k" * 40, _env_file=None)
    assert secret_key(given, tmp_path) == "k" * 40
