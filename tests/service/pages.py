"""A browser of the review pages for tests: its own cookie jar and CSRF token (the `browser`
fixture in conftest opens one per user), and a suggestion's card cut out of a page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient

if TYPE_CHECKING:
    from tests.service.conftest import Api

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class Browser:
    """A browser of the pages: its own cookie jar, the CSRF token of the last page it read."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.client = TestClient(api.client.app, follow_redirects=False)
        self.csrf = ""

    def get(self, url: str, **kwargs: Any) -> Any:
        response = self.client.get(url, **kwargs)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        fragment: bool = False,
        csrf: str | None = None,
        **kwargs: Any,
    ) -> Any:
        form = {"csrf_token": self.csrf if csrf is None else csrf, **(data or {})}
        headers = {"X-Fragment": "1"} if fragment else {}
        response = self.client.post(url, data=form, headers=headers, **kwargs)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    def sign_in(self, who: str = "rep") -> Browser:
        self.get("/signin")
        response = self.post("/signin", {"token": self.api.users[who].token, "next": "/deals"})
        assert response.status_code == 303 and response.headers["location"] == "/deals"
        self.get("/deals")
        return self


def card(html: str, sid: int) -> str:
    start = html.index(f'id="s-{sid}"')
    return html[start : html.index("</article>", start)]
