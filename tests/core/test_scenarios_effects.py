"""Each scenario effect, seen by a real HTTP client against a started server."""

from __future__ import annotations

import time

import httpx
import pytest

from mockserver.testing.client import RunningServer

CLIENTS = "/fakturan/api/v2/clients"


def fakturan(mockserver, workspace, **kwargs) -> httpx.Client:
    credentials = workspace.credentials["fakturan"]
    return httpx.Client(
        base_url=mockserver.url, auth=(credentials["username"], credentials["password"]), **kwargs
    )


def companies(client: httpx.Client) -> list[str]:
    return [c["name"] for c in client.get(CLIENTS, params={"per_page": 100}).json()["data"]]


def rule(**fields) -> dict:
    fields.setdefault("match", {"provider": "fakturan", "method": "GET", "path": CLIENTS})
    return {"rules": [{"name": "under-test", **fields}]}


def test_respond_with_a_body_sends_it_as_written(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        rule(respond={"status": 418, "headers": {"X-Scenario": "yes"}, "body": {"teapot": True}})
    )
    with fakturan(mockserver, mockserver_workspace) as client:
        answer = client.get("/fakturan/api/v2/clients")
    assert answer.status_code == 418
    assert answer.headers["x-scenario"] == "yes"
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"teapot": True}


def test_respond_without_a_body_speaks_fakturans_error_shape(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(respond={"status": 503, "headers": {"Retry-After": 30}}))
    with fakturan(mockserver, mockserver_workspace) as client:
        answer = client.get(CLIENTS)
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "30"
    assert answer.json() == {"error": "503 Service Unavailable"}


def test_respond_401_without_a_body_is_fakturans_basic_challenge(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(respond={"status": 401}))
    with fakturan(mockserver, mockserver_workspace) as client:
        answer = client.get(CLIENTS)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Basic")
    assert answer.text.startswith("HTTP Basic: Access denied.")


def test_respond_204_sends_no_body_even_from_the_providers_shape(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(respond={"status": 204}))
    with fakturan(mockserver, mockserver_workspace) as client:
        answer = client.get(CLIENTS)
        assert answer.status_code == 204 and answer.content == b""
        assert client.get("/fakturan/api/v2/products").status_code == 200  # connection still sound


def test_respond_message_goes_into_the_providers_shape(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(respond={"status": 500, "message": "database on fire"}))
    with fakturan(mockserver, mockserver_workspace) as client:
        assert client.get(CLIENTS).json() == {"error": "database on fire"}


def test_konto_says_errors_with_http_200_and_status_false(mockserver, mockserver_workspace):
    served = [p["name"] for p in httpx.get(mockserver.url + "/").json()["providers"]]
    if "konto" not in served:
        pytest.skip("the Konto provider (issue 3) is not registered in this tree yet")
    mockserver_workspace.add_scenario(
        {
            "rules": [
                {
                    "match": {"provider": "konto", "method": "GET"},
                    "respond": {"status": 403, "message": "No access"},
                },
                {"match": {"provider": "konto", "method": "POST"}, "respond": {"status": 503}},
            ]
        }
    )
    credentials = mockserver_workspace.credentials["konto"]
    refused = httpx.get(f"{mockserver.url}/konto/api/v1/customer", params=credentials)
    assert refused.status_code == 200
    assert refused.json() == {"status": False, "message": "No access", "result": None}
    down = httpx.post(f"{mockserver.url}/konto/api/v1/customer", data=credentials)
    assert down.status_code == 200
    assert down.json() == {"status": False, "message": "Service Unavailable (503)", "result": None}


def test_fixed_delay_holds_the_answer_back(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(delay=400))
    with fakturan(mockserver, mockserver_workspace) as client:
        started = time.perf_counter()
        answer = client.get(CLIENTS)
        elapsed = time.perf_counter() - started
    assert answer.status_code == 200 and answer.json()["data"]
    assert elapsed >= 0.4
    assert mockserver_workspace.requests(limit=1)[0]["rule"] == "under-test"


def test_delay_range_stays_within_its_bounds(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(delay=[150, 250]))
    with fakturan(mockserver, mockserver_workspace) as client:
        for _ in range(3):
            started = time.perf_counter()
            assert client.get(CLIENTS).status_code == 200
            assert 0.15 <= time.perf_counter() - started < 1.0


def test_fault_reset_resets_the_connection(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(fault="reset"))
    with fakturan(mockserver, mockserver_workspace) as client, pytest.raises(httpx.TransportError) as caught:
        client.get(CLIENTS)
    assert isinstance(caught.value, httpx.ReadError | httpx.RemoteProtocolError)
    assert "reset" in repr(caught.value.__context__).lower() or "reset" in str(caught.value).lower()
    entry = mockserver_workspace.requests(limit=1)[0]
    assert entry["rule"] == "under-test" and entry["status"] == 0


def test_fault_timeout_outlasts_the_clients_patience(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(fault="timeout", when={"times": 1}))
    with fakturan(mockserver, mockserver_workspace, timeout=0.5) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(CLIENTS)
        assert client.get(CLIENTS).status_code == 200  # the server itself is fine
    timed_out = mockserver_workspace.requests(limit=2)[1]
    assert timed_out["rule"] == "under-test" and timed_out["status"] == 0


def test_fault_timeout_is_bounded_then_answers_504():
    server = RunningServer("--timeout-hold", "0.3")
    try:
        with httpx.Client(base_url=server.url, auth=("demo-key-id", "demo-key-secret")) as client:
            client.post("/_admin/workspaces/default/scenarios", json=rule(fault="timeout"))
            started = time.perf_counter()
            answer = client.get(CLIENTS, timeout=10)
        assert 0.3 <= time.perf_counter() - started < 5
        assert answer.status_code == 504
        assert answer.json() == {"error": "Gateway timeout: no answer within 0.3 seconds."}
    finally:
        server.stop()


def test_fault_malformed_sends_a_truncated_body(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(rule(fault="malformed"))
    with (
        fakturan(mockserver, mockserver_workspace) as client,
        pytest.raises(httpx.RemoteProtocolError) as caught,
    ):
        client.get(CLIENTS)
    assert "incomplete" in str(caught.value) or "expected" in str(caught.value)
    entry = mockserver_workspace.requests(limit=1)[0]
    assert entry["rule"] == "under-test" and entry["status"] == 200


def test_malformed_respond_truncates_that_answer(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        rule(respond={"status": 200, "body": {"data": [1, 2, 3]}}, fault="malformed")
    )
    with fakturan(mockserver, mockserver_workspace) as client:
        with client.stream("GET", CLIENTS) as answer:
            assert answer.headers["content-length"] == str(len(b'{"data":[1,2,3]}'))
            with pytest.raises(httpx.RemoteProtocolError):
                answer.read()


def test_rate_limit_answers_429_with_retry_after_until_the_window_passes(mockserver, mockserver_workspace):
    mockserver_workspace.admin.post(f"/workspaces/{mockserver_workspace.id}/clock", json={"frozen": True})
    mockserver_workspace.add_scenario(
        rule(match={"provider": "fakturan"}, rate_limit={"requests": 2, "per": "PT10S"})
    )
    with fakturan(mockserver, mockserver_workspace) as client:
        assert [client.get(CLIENTS).status_code for _ in range(2)] == [200, 200]
        limited = client.get("/fakturan/api/v2/products")
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "10"
        assert limited.json() == {
            "error": "Rate limit exceeded: 2 requests per PT10S. Retry after 10 seconds."
        }
        mockserver_workspace.advance("PT4S")
        assert client.get(CLIENTS).headers["retry-after"] == "6"
        mockserver_workspace.advance("PT6S")
        assert client.get(CLIENTS).status_code == 200
    statuses = [(e["status"], e["rule"]) for e in mockserver_workspace.requests()]
    assert statuses == [(200, None), (429, "under-test"), (429, "under-test"), (200, None), (200, None)]


def test_after_commit_stores_the_client_but_answers_503(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        rule(
            match={"provider": "fakturan", "method": "POST", "path": CLIENTS},
            after_commit=True,
            respond={"status": 503},
        )
    )
    with fakturan(mockserver, mockserver_workspace) as client:
        answer = client.post(CLIENTS, json={"company": "Duplicate Trap AB"})
        assert answer.status_code == 503
        assert answer.json() == {"error": "503 Service Unavailable"}
        assert companies(client).count("Duplicate Trap AB") == 1


def test_without_after_commit_the_request_has_no_effect(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        rule(match={"provider": "fakturan", "method": "POST", "path": CLIENTS}, respond={"status": 503})
    )
    with fakturan(mockserver, mockserver_workspace) as client:
        assert client.post(CLIENTS, json={"company": "Never Stored AB"}).status_code == 503
        assert "Never Stored AB" not in companies(client)


def test_after_commit_with_a_timeout_stores_then_hangs(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        rule(
            match={"provider": "fakturan", "method": "POST", "path": CLIENTS},
            after_commit=True,
            fault="timeout",
        )
    )
    with fakturan(mockserver, mockserver_workspace, timeout=0.5) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(CLIENTS, json={"company": "Timed Out AB"})
        assert companies(client).count("Timed Out AB") == 1


def test_regtech_says_errors_in_its_nestjs_shape(mockserver, mockserver_workspace):
    served = [p["name"] for p in httpx.get(mockserver.url + "/").json()["providers"]]
    if "regtech" not in served:
        pytest.skip("the Regtech provider (issue 4) is not registered in this tree yet")
    mockserver_workspace.add_scenario(
        {"rules": [{"match": {"provider": "regtech"}, "rate_limit": {"requests": 1, "per": "PT1M"}}]}
    )
    token_url = f"{mockserver.url}/regtech/auth/token"
    credentials = mockserver_workspace.credentials["regtech"]
    assert httpx.post(token_url, json=credentials).status_code in (200, 201)
    limited = httpx.post(token_url, json=credentials)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) in range(55, 61)
    body = limited.json()
    assert set(body) >= {"statusCode", "message", "error"}
    assert str(body["statusCode"]) == "429"
    assert body["message"].startswith("Rate limit exceeded: 1 requests per PT1M.")
