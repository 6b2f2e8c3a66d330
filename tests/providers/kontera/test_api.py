"""Kontera's routes over the in-process app: exports, one transaction, the validator, base data,
auth, routing and the errors' shape."""

from __future__ import annotations

import copy

import orjson

from mockserver.providers.kontera import csvfile
from mockserver.providers.kontera.validation import validate_document
from tests.openapi_refs import unresolved_refs

from .conftest import InProcess

ERROR_KEYS = {"error", "message"}


def _error(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert ERROR_KEYS <= set(body) and body["error"] == code and body["message"]
    return body


def test_json_export_of_a_window_is_valid_balanced_and_inside_the_window(app):
    answer = app.get("/exports", params={"from": "2026-01-01", "to": "2026-01-31"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    document = answer.json()
    assert document and validate_document(document) == []
    for transaction in document:
        for entry in transaction["entries"]:
            assert "2026-01-01" <= entry["date"] <= "2026-01-31"
    everything = app.get("/exports").json()
    assert len(everything) > len(document)


def test_accrual_and_cash_export_the_entry_types_of_their_basis(app):
    accrual = app.get("/exports", params={"basis": "accrual"}).json()
    cash = app.get("/exports", params={"basis": "cash"}).json()
    accrual_types = {e["type"] for t in accrual for e in t["entries"]}
    cash_types = {e["type"] for t in cash for e in t["entries"]}
    assert (
        "profit-loss-to-collective-account" in accrual_types and "profit-loss-to-payment" not in accrual_types
    )
    assert "profit-loss-to-payment" in cash_types and "profit-loss-to-collective-account" not in cash_types
    assert app.get("/exports").json() == accrual, "the seeded tax period is ACCRUAL"


def test_csv_export_has_the_contracts_columns_and_passes_the_validator(app):
    answer = app.get("/exports", params={"format": "csv", "from": "2026-01-01", "to": "2026-02-28"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="kontera-accrual-2026-01-01-2026-02-28.csv"'
    )
    header, rows = csvfile.read(answer.text)
    assert tuple(header[: len(csvfile.COLUMNS)]) == csvfile.COLUMNS and rows
    assert answer.content.count(b"\r\n") == len(rows) + 1
    verdict = app.post("/validate", content=answer.content, headers={"content-type": "text/csv"})
    assert verdict.status_code == 200 and verdict.json() == {"valid": True, "errors": []}
    json_ids = {
        t["konteraId"] for t in app.get("/exports", params={"from": "2026-01-01", "to": "2026-02-28"}).json()
    }
    assert {row[0] for row in rows} == json_ids


def test_the_same_seed_and_clock_give_byte_identical_exports_across_restarts(app):
    again = InProcess()
    try:
        for query in ({}, {"format": "csv"}, {"basis": "cash", "from": "2026-02-01"}):
            assert app.get("/exports", params=query).content == again.get("/exports", params=query).content
    finally:
        again.close()


def test_bad_queries_are_named_in_kontera_shape(app):
    body = _error(
        app.get("/exports", params={"from": "2026-02-30", "format": "xml", "fromm": "1"}), 400, "bad_request"
    )
    assert sorted(p["path"] for p in body["errors"]) == ["format", "from", "fromm"]
    assert {p["path"]: p["message"] for p in body["errors"]}[
        "fromm"
    ] == "is not a query parameter of this route"
    body = _error(app.get("/exports", params={"from_": "2026-02-01"}), 400, "bad_request")
    assert body["errors"] == [{"path": "from_", "message": "is not a query parameter of this route"}]
    body = _error(app.get("/exports", params={"from": "2026-02-10", "to": "2026-02-01"}), 400, "bad_request")
    assert body["errors"] == [{"path": "to", "message": "must not be before from"}]


def test_one_transaction_by_id_and_an_unknown_one(app):
    first = app.get("/exports").json()[0]
    answer = app.get(f"/exports/{first['konteraId']}")
    assert answer.status_code == 200
    shown = answer.json()
    assert shown["konteraId"] == first["konteraId"] and validate_document([shown]) == []
    assert {e["entryId"] for e in first["entries"]} <= {e["entryId"] for e in shown["entries"]}
    body = _error(app.get("/exports/K-000000000000"), 404, "not_found")
    assert body["message"] == "no transaction K-000000000000"
    _error(app.get(f"/exports/{first['konteraId']}", params={"basis": "both"}), 400, "bad_request")


def test_credentials_route_to_the_workspace_and_a_stranger_gets_401(app):
    answer = app.get("/exports", headers={"authorization": "Bearer nope"})
    body = _error(answer, 401, "unauthorized")
    assert answer.headers["www-authenticate"] == 'Bearer realm="kontera"'
    assert "Authorization: Bearer" in body["message"]
    _error(app.get("/exports", headers={"authorization": "Basic a2V5OnNlY3JldA=="}), 401, "unauthorized")
    created = app.http.post("/_admin/workspaces", json={"seed": 7}).json()
    token = created["credentials"]["kontera"]["token"]
    assert token.startswith("kontera-") and token != "kontera-demo-token"
    theirs = app.get("/exports", headers={"authorization": f"Bearer {token}"}).json()
    assert theirs and {t["konteraId"] for t in theirs}.isdisjoint(
        t["konteraId"] for t in app.get("/exports").json()
    )


def test_routing_errors_in_kontera_shape(app):
    _error(app.get("/nothing"), 404, "not_found")
    answer = app.http.delete("/kontera/exports")
    assert _error(answer, 405, "method_not_allowed") and answer.headers["allow"] == "GET"
    answer = app.http.put("/kontera/api/public/v1/base-data", json={})
    assert _error(answer, 405, "method_not_allowed") and answer.headers["allow"] == "GET, PATCH"


def test_a_scenario_without_a_body_answers_in_kontera_shape(app):
    rules = {
        "rules": [{"match": {"provider": "kontera", "path": "/kontera/exports"}, "respond": {"status": 503}}]
    }
    assert app.admin("POST", "/scenarios", json=rules).status_code == 201
    body = _error(app.get("/exports"), 503, "service_unavailable")
    assert body == {"error": "service_unavailable", "message": "service unavailable"}
    assert app.get("/api/public/v1/base-data").status_code == 200


def test_an_oversized_body_is_refused_in_kontera_shape():
    small = InProcess(max_body_bytes=1000)
    try:
        _error(small.post("/validate", content=b"[" + b" " * 2000 + b"]"), 413, "payload_too_large")
    finally:
        small.close()


# -- the validator ------------------------------------------------------------------------------


def test_validator_names_every_violation_at_its_path(app):
    document = app.get("/exports", params={"to": "2026-01-31"}).json()
    broken = copy.deepcopy(document)
    broken[0]["entries"][0]["lines"][0]["amount"] = "12.5"
    broken[0]["entries"][0]["lines"][0]["currency"] = "XXY"
    broken[1]["contact"]["legalType"] = "robot"
    answer = app.post("/validate", json=broken)
    assert answer.status_code == 200
    verdict = answer.json()
    paths = {p["path"] for p in verdict["errors"]}
    assert verdict["valid"] is False
    assert {
        "[0].entries[0].lines[0].amount",
        "[0].entries[0].lines[0].currency",
        "[1].contact.legalType",
    } <= paths
    assert all(set(p) == {"path", "message"} and p["message"] for p in verdict["errors"])


def test_validator_reads_json_or_csv_by_type_or_by_content(app):
    document = app.get("/exports", params={"to": "2026-01-31"}).content
    text = app.get("/exports", params={"to": "2026-01-31", "format": "csv"}).content
    for content, media in (
        (document, "application/json"),
        (text, "text/csv"),
        (document, None),
        (text, None),
    ):
        headers = {"content-type": media} if media else {"content-type": ""}
        assert app.post("/validate", content=content, headers=headers).json() == {"valid": True, "errors": []}
    broken = text.replace(b"\r\nK-", b"\r\nX-", 1)  # the first row's konteraId
    verdict = app.post("/validate", content=broken, headers={"content-type": "text/csv"}).json()
    assert verdict["valid"] is False and verdict["errors"][0]["path"].startswith("[0].")
    not_an_array = app.post("/validate", json={"konteraId": "K-0A96DAA13D0D"}).json()
    assert not_an_array["valid"] is False and not_an_array["errors"][0]["path"] == ""


def test_validator_refuses_what_is_no_document_in_kontera_shape(app):
    body = _error(
        app.post("/validate", content=b'[{"konteraId"', headers={"content-type": "application/json"}),
        400,
        "bad_request",
    )
    assert body["message"].startswith("the body is not valid JSON")
    _error(app.post("/validate", content=b"", headers={"content-type": "text/csv"}), 400, "bad_request")
    _error(
        app.post("/validate", content=b"\xff\xfe[]", headers={"content-type": "application/json"}),
        400,
        "bad_request",
    )
    _error(
        app.post("/validate", content=b"<x/>", headers={"content-type": "application/xml"}),
        415,
        "unsupported_media_type",
    )


# -- base data ----------------------------------------------------------------------------------


def test_base_data_patch_merges_only_what_it_names(app):
    before = app.get("/api/public/v1/base-data").json()
    assert (
        before["organization"]["leadCurrency"] == "CHF"
        and before["configuration"]["journalExportUsesWebhook"] is False
    )
    answer = app.patch(
        "/api/public/v1/base-data",
        json={
            "configuration": {
                "journalExportUsesWebhook": "true",
                "webhookUrl": "https://hooks.example.ch/kontera",
            }
        },
    )
    assert answer.status_code == 200
    after = answer.json()
    assert after["configuration"]["journalExportUsesWebhook"] is True
    assert after["configuration"]["webhookUrl"] == "https://hooks.example.ch/kontera"
    assert {k: v for k, v in after.items() if k != "configuration"} == {
        k: v for k, v in before.items() if k != "configuration"
    }
    assert app.get("/api/public/v1/base-data").json() == after
    removed = app.patch("/api/public/v1/base-data", json={"configuration": {"webhookUrl": None}}).json()
    assert "webhookUrl" not in removed["configuration"]


def test_an_invalid_patch_changes_nothing(app):
    before = app.get("/api/public/v1/base-data").content
    body = _error(
        app.patch(
            "/api/public/v1/base-data",
            json={
                "configuration": {"webhookUrl": "http://example.com/hook"},
                "accounts": [{"number": "1"}],
                "x": 1,
            },
        ),
        422,
        "unprocessable_entity",
    )
    paths = {p["path"] for p in body["errors"]}
    assert {"configuration.webhookUrl", "accounts[0].externalId", "accounts[0].description", "x"} <= paths
    _error(app.patch("/api/public/v1/base-data", json=[1]), 422, "unprocessable_entity")
    _error(
        app.patch("/api/public/v1/base-data", content=b"{", headers={"content-type": "application/json"}),
        400,
        "bad_request",
    )
    _error(app.patch("/api/public/v1/base-data", json={"organization": None}), 422, "unprocessable_entity")
    assert app.get("/api/public/v1/base-data").content == before


def test_the_document_is_derived_from_the_declarations(app):
    answer = app.http.get("/kontera/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    operations = {(m.upper(), path) for path, item in document["paths"].items() for m in item}
    assert operations == {
        ("GET", "/exports"),
        ("GET", "/exports/{konteraId}"),
        ("POST", "/validate"),
        ("GET", "/api/public/v1/base-data"),
        ("PATCH", "/api/public/v1/base-data"),
    }
    exports = document["paths"]["/exports"]["get"]
    assert [p["name"] for p in exports["parameters"]] == ["from", "to", "format", "basis"]
    assert set(exports["responses"]) == {"200", "400", "401"}
    assert set(exports["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    validate = document["paths"]["/validate"]["post"]
    assert set(validate["requestBody"]["content"]) == {"application/json", "text/csv"}
    patch = document["paths"]["/api/public/v1/base-data"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("BaseDataPatch")
    assert document["components"]["securitySchemes"] == {"bearerAuth": {"type": "http", "scheme": "bearer"}}
    assert {"Transaction", "Line", "BaseData", "Verdict", "Error"} <= set(document["components"]["schemas"])
    assert unresolved_refs(document) == []
    assert orjson.dumps(document)
