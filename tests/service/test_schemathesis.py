"""Schemathesis over the app's own OpenAPI document: whatever a client sends, no 500.

The app is served by uvicorn on a loopback port (on SQLite and on PostgreSQL) and called as
Northwind's rep, whose deal has a processed call, pending suggestions, a published version and a
share link, so generated ids often hit real things (they start at 1). Each operation gets a
bounded number of generated requests, valid ones (positive) and invalid ones (negative); every
answer must not be a server error, must use a status code and content type the document
declares for the operation, and must match the declared schema.

The pytest plugin's `from_fixture` does not run under pytest 9 (it reads a removed node
attribute), so each operation's strategy is run with hypothesis directly.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.service.conftest import Api
from tests.service.served import served

# Requests per operation: bounded so both databases and both modes take about a minute and a
# half in all (each request is a real round trip through the app and its database).
EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 10}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
LAST = "DELETE /api/tokens/{token_id}"  # it may well revoke the token the requests are sent with


@pytest.fixture
def seeded(api: Api) -> Api:
    """Northwind's rep with one of everything, all with id 1."""
    deal_id, suggestions = api.processed_deal()
    first = next(s for s in suggestions if s["kind"] == "add_milestone")
    api.ok(api.post(f"/api/suggestions/{first['id']}/accept"))
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    api.ok(api.post(f"/api/deals/{deal_id}/shares", json={"label": "Sarah"}), 201)
    return api


def fuzz(operation: APIOperation, mode: GenerationMode, client: requests.Session) -> str | None:
    """Send the operation's generated requests; the report of what failed, or None."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,  # the same requests on every run: a failure here is reproducible
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the report says enough
    )
    def run(case: schemathesis.Case) -> None:
        response = case.call(session=client, timeout=30)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing in the request can be made invalid (GET /api/me)
        assert mode == GenerationMode.NEGATIVE
    except FailureGroup as failure:
        return f"{operation.label} ({mode.value}): {failure}"
    return None


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_gets_a_server_error(seeded: Api, mode: GenerationMode) -> None:
    with served(seeded.runtime) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        operations = sorted(
            (result.ok() for result in schema.get_all_operations()),
            key=lambda op: op.label == LAST,
        )
        assert len(operations) > 30 and operations[-1].label == LAST
        with requests.Session() as client:
            client.headers.update(seeded.user.headers)
            failures = [fuzz(op, mode, client) for op in operations]
    found = [f for f in failures if f]
    assert found == [], f"{len(found)} operations failed:\n\n" + "\n\n".join(found)
