"""One error shape everywhere: whatever goes wrong, the answer is `application/problem+json` with
type, title, status, detail and code (RFC 9457), and the OpenAPI document says so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.conftest import Api


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code, body
    assert body["type"] == f"https://callplan.dev/problems/{code}"
    assert body["title"] and not body["title"].endswith("Error"), body  # words, not class names
    assert body["detail"], body
    return body


def test_every_kind_of_error_has_the_problem_shape(api: Api) -> None:
    deal = api.create_deal()
    problem(api.get("/api/no-such-thing"), 404, "not_found")
    not_allowed = problem(api.request("PUT", f"/api/deals/{deal['id']}"), 405, "method_not_allowed")
    assert api.request("PUT", f"/api/deals/{deal['id']}").headers["Allow"]
    assert not_allowed["detail"]
    invalid = problem(api.post("/api/deals", json={"name": ""}), 422, "invalid_input")
    assert {"name", "buyer_company"} <= {e["loc"][-1] for e in invalid["errors"]}
    assert invalid["detail"].startswith("name:")
    problem(api.client.get("/api/deals"), 401, "unauthorized")
    problem(api.as_("outsider").get(f"/api/deals/{deal['id']}"), 404, "not_found")
    problem(
        api.as_("manager").patch(f"/api/deals/{deal['id']}", json={"name": "x"}), 403, "forbidden"
    )
    unparsable = api.post(
        "/api/deals", content=b"\xff{", headers={"Content-Type": "application/json"}
    )
    problem(unparsable, 400, "bad_request")
    problem(api.get(f"/api/deals/{deal['id']}/plan"), 404, "not_found")  # nothing uploaded yet


def test_conflict_and_precondition_are_problems(api: Api) -> None:
    deal_id, suggestions = api.processed_deal()
    url = f"/api/suggestions/{suggestions[0]['id']}"
    problem(api.patch(url, json={"proposed": {"statement": "x"}}), 428, "precondition_required")
    api.ok(api.post(f"{url}/accept"))
    problem(api.post(f"{url}/accept"), 409, "conflict")
    api.ok(api.post(f"/api/deals/{deal_id}/plan/publish"), 201)
    problem(api.post(f"/api/deals/{deal_id}/plan/publish"), 409, "conflict")  # nothing changed


@pytest.mark.parametrize(
    "path",
    [
        "/api/deals/99999999999999999999999",
        "/api/deals/2147483648/plan",
        "/api/calls/9223372036854775808",
        "/api/jobs/99999999999999999999999",
        "/api/deals/1/plan/diff?to=99999999999",
    ],
)
def test_numbers_beyond_the_database_are_invalid_not_a_crash(api: Api, path: str) -> None:
    api.create_deal()
    problem(api.get(path), 422, "invalid_input")


def test_a_deal_keeps_its_required_fields(api: Api) -> None:
    deal = api.create_deal()
    for field in ("name", "buyer_company", "timezone", "fiscal_year_start_month", "participants"):
        body = problem(
            api.patch(f"/api/deals/{deal['id']}", json={field: None}), 422, "invalid_input"
        )
        assert field in body["detail"] and "leave it out" in body["detail"]
    cleared = api.ok(api.patch(f"/api/deals/{deal['id']}", json={"seller_company": None}))
    assert cleared["seller_company"] is None and cleared["name"] == deal["name"]
    assert api.ok(api.get(f"/api/deals/{deal['id']}"))["participants"] == deal["participants"]


def test_the_document_declares_the_problems_and_examples(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"type", "title", "status", "detail", "code"} <= set(schemas["Problem"]["required"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            if path.startswith("/api/") and not path.startswith("/api/share/"):
                for status in ("401", "404", "422"):
                    content = operation["responses"][status]["content"]
                    assert content["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }, where
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                    assert parameter["schema"].get("examples"), f"{where}: {parameter['name']}"
            for media, body in operation.get("requestBody", {}).get("content", {}).items():
                assert _has_example(body["schema"], schemas), f"{where} ({media}): no example"


def _has_example(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    refs = [schema, *schema.get("anyOf", [])]
    for candidate in refs:
        if "$ref" in candidate:
            candidate = schemas[candidate["$ref"].rsplit("/", 1)[-1]]
        properties = candidate.get("properties", {}).values()
        if "examples" in candidate or any("example" in p or "examples" in p for p in properties):
            return True
    return schema.get("format") == "binary"  # a raw file has no example to give
