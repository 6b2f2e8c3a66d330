"""The control plane against hostile and careless input: cross-site requests, content types,
body size, YAML bombs, clock ranges, deep snapshot checks, the number of workspaces."""

from __future__ import annotations

import httpx
import pytest

from mockserver.providers import all_providers
from mockserver.testing.client import RunningServer

PROVIDERS = frozenset(provider.name for provider in all_providers())

BOMB = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def admin_url(server, path: str) -> str:
    return f"{server.url}/_admin{path}"


def port_of(server) -> str:
    return server.url.rsplit(":", 1)[1]


# -- cross-site requests ----------------------------------------------------------------------


def test_a_foreign_origin_is_refused_and_changes_nothing(mockserver, mockserver_workspace):
    url = admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/scenarios")
    answer = httpx.post(
        url, json={"rules": [{"respond": {"status": 503}}]}, headers={"origin": "http://evil.example"}
    )
    assert answer.status_code == 403
    assert answer.json() == {
        "error": "forbidden",
        "message": "cross-site request refused: Origin 'http://evil.example' is not this sandbox's own",
    }
    assert mockserver.admin.get(f"/workspaces/{mockserver_workspace.id}/scenarios") == {"rules": []}


@pytest.mark.parametrize("origin", ["http://localhost:1", "https://127.0.0.1:{port}", "null"])
def test_an_origin_on_another_port_or_scheme_is_foreign(mockserver, origin):
    origin = origin.format(port=port_of(mockserver))
    answer = httpx.get(admin_url(mockserver, "/workspaces"), headers={"origin": origin})
    assert answer.status_code == 403 and answer.json()["error"] == "forbidden"


def test_the_sandboxs_own_origin_is_welcome(mockserver):
    own = mockserver.url
    answer = httpx.post(admin_url(mockserver, "/workspaces"), json={}, headers={"origin": own})
    assert answer.status_code == 201
    mockserver.admin.delete(f"/workspaces/{answer.json()['id']}")
    localhost = f"http://localhost:{port_of(mockserver)}"
    answer = httpx.get(
        admin_url(mockserver, "/health"),
        headers={"origin": localhost, "host": f"localhost:{port_of(mockserver)}"},
    )
    assert answer.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}"])
def test_a_rebound_host_name_is_refused(mockserver, host):
    host = host.format(port=port_of(mockserver))
    answer = httpx.get(admin_url(mockserver, "/workspaces/default/requests"), headers={"host": host})
    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden" and "Host" in answer.json()["message"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:{port}", "[::1]:{port}", "app.localhost:{port}"])
def test_loopback_host_names_are_accepted(mockserver, host):
    host = host.format(port=port_of(mockserver))
    answer = httpx.get(admin_url(mockserver, "/health"), headers={"host": host})
    assert answer.status_code == 200


def test_providers_are_not_subject_to_the_host_check(mockserver):
    answer = httpx.get(
        f"{mockserver.url}/fakturan/api/v2/clients/1",
        auth=("demo-key-id", "demo-key-secret"),
        headers={"host": "mockserver.internal"},
    )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/workspaces", "text/plain"),
        ("/workspaces", "application/x-www-form-urlencoded"),
        ("/workspaces", "multipart/form-data; boundary=x"),
        ("/workspaces", "application/yaml"),
        ("/workspaces/default/scenarios", "text/plain"),
        ("/workspaces/default/clock", None),
    ],
)
def test_writes_want_json_or_yaml(mockserver, path, content_type):
    headers = {"content-type": content_type} if content_type else {}
    before = mockserver.admin.get("/workspaces")
    answer = httpx.post(admin_url(mockserver, path), content=b'{"rules": []}', headers=headers)
    assert answer.status_code == 415
    assert answer.json()["error"] == "unsupported_media_type"
    assert "application/json" in answer.json()["message"]
    assert mockserver.admin.get("/workspaces") == before


@pytest.mark.parametrize(
    "content_type", ["application/yaml", "application/x-yaml", "text/yaml; charset=utf-8"]
)
def test_scenarios_accept_yaml_content_types(mockserver, mockserver_workspace, content_type):
    url = admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/scenarios")
    answer = httpx.post(url, content=b"rules: [{delay: 1}]", headers={"content-type": content_type})
    assert answer.status_code == 201


def test_bodiless_writes_need_no_content_type(mockserver, mockserver_workspace):
    answer = httpx.post(admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/reset"))
    assert answer.status_code == 200


# -- body size ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_server():
    server = RunningServer("--max-body-bytes", "1000", "--max-workspaces", "3", "--journal-body-limit", "100")
    yield server
    server.stop()


def test_the_control_plane_has_the_providers_body_limit(small_server):
    body = b'{"rules": [{"name": "' + b"x" * 2000 + b'", "delay": 1}]}'
    answer = httpx.post(
        admin_url(small_server, "/workspaces/default/scenarios"),
        content=body,
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json() == {"error": "too_large", "message": "request body larger than 1000 bytes"}
    assert httpx.get(admin_url(small_server, "/workspaces/default/scenarios")).json() == {"rules": []}


# -- YAML ---------------------------------------------------------------------------------------


def test_a_billion_laughs_document_is_refused(mockserver, mockserver_workspace):
    assert len(BOMB) < 600
    url = admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/scenarios")
    answer = httpx.post(url, content=BOMB, headers={"content-type": "application/yaml"}, timeout=5)
    assert answer.status_code == 422
    assert "aliases" in answer.json()["message"]
    assert mockserver.admin.get(f"/workspaces/{mockserver_workspace.id}/scenarios") == {"rules": []}


def test_few_aliases_that_expand_a_lot_are_refused():
    from mockserver.core.scenarios import ScenarioError, parse_text

    levels = ["a0: &a0 [x, x]"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 25)]
    with pytest.raises(ScenarioError) as refused:
        parse_text("\n".join(levels), "bomb.yaml")
    assert "nodes" in refused.value.problems[0]


def test_a_recursive_alias_is_refused():
    from mockserver.core.scenarios import ScenarioError, parse_text

    with pytest.raises(ScenarioError) as refused:
        parse_text("rules: &r [*r]", "loop.yaml")
    assert "recursive" in refused.value.problems[0]


def test_a_few_aliases_are_fine():
    from mockserver.core.scenarios import parse_text

    text = "rules:\n  - &slow {delay: 5}\n  - *slow\n"
    assert [rule.delay for rule in parse_text(text, "ok.yaml")] == [5, 5]


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_deeply_nested_documents_are_refused(mockserver, mockserver_workspace, kind):
    depth = 5000 if kind == "yaml" else 500
    body = b'{"rules": [{"respond": {"status": 200, "body": ' + b"[" * depth + b"]" * depth + b"}}]}"
    url = admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/scenarios")
    content_type = "application/yaml" if kind == "yaml" else "application/json"
    answer = httpx.post(url, content=body, headers={"content-type": content_type})
    assert answer.status_code == 422
    assert "nested" in answer.json()["message"]


def test_scenarios_check_reports_a_bomb(tmp_path):
    from mockserver.core.scenarios import check_file

    path = tmp_path / "bomb.yaml"
    path.write_bytes(BOMB)
    [problem] = check_file(str(path), PROVIDERS)
    assert problem.startswith(f"{path}: (document): ") and "aliases" in problem


# -- clock ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"advance": "P99999999D"},
        {"advance": "P9000Y"},
        {"advance": "-P9000Y"},
        {"advance": "PT99999999999999999999999S"},
        {"advance": "P99999999999999999999W"},
        {"set": "9999-12-31T23:59:59Z"},
        {"set": "0001-01-01T00:00:00Z"},
        {"set": "2101-01-01T00:00:00Z"},
    ],
)
def test_clock_moves_out_of_range_are_refused(mockserver, mockserver_workspace, body):
    base = f"/workspaces/{mockserver_workspace.id}/clock"
    before = mockserver.admin.post(base, json={"frozen": True})
    answer = mockserver.admin.http.post(base, json=body)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"
    assert "1970" in answer.json()["message"] and "2100" in answer.json()["message"]
    assert mockserver.admin.get(base) == before


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31T00:00:00Z", "1969-12-31T23:59:59Z"])
def test_a_workspace_clock_start_out_of_range_is_refused(mockserver, start):
    before = mockserver.admin.get("/workspaces")
    answer = mockserver.admin.http.post("/workspaces", json={"clock_start": start})
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("clock_start: ") and "1970" in answer.json()["message"]
    assert mockserver.admin.get("/workspaces") == before


def test_the_edges_of_the_range_work(mockserver):
    for start in ("1970-01-01T00:00:00Z", "2100-12-31T00:00:00Z"):
        workspace = mockserver.admin.create_workspace(clock_start=start)
        creds = workspace.credentials["fakturan"]
        answer = httpx.get(
            f"{mockserver.url}/fakturan/api/v2/invoices", auth=(creds["username"], creds["password"])
        )
        assert answer.status_code == 200
        assert set(workspace.snapshot()["state"]) == set(workspace.credentials)  # every provider seeds
        far = "P131Y" if start.startswith("1970") else "-P131Y"
        assert (
            mockserver.admin.http.post(f"/workspaces/{workspace.id}/clock", json={"advance": far}).status_code
            == 422
        )
        workspace.delete()


def test_clock_start_flag_out_of_range_is_one_line(capsys):
    from mockserver.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--clock-start", "0001-01-01"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "mockserver: --clock-start: must be an ISO 8601 instant from 1970 to 2100 "
        "such as 2026-01-31T00:00:00Z, got '0001-01-01'\n"
    )


# -- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"fakturan": {"tables": []}}, "state.fakturan.tables: must be an object"),
        ({"fakturan": {"tables": {"invoices": 1}}}, "state.fakturan.tables.invoices: must be an object"),
        (
            {"fakturan": {"tables": {"invoices": {"7": [1]}}}},
            "state.fakturan.tables.invoices.7: must be an object",
        ),
        ({"fakturan": {"counters": []}}, "state.fakturan.counters: must be an object"),
        (
            {"fakturan": {"counters": {"invoices": "7"}}},
            "state.fakturan.counters.invoices: must be an integer",
        ),
        (
            {"fakturan": {"counters": {"invoices": True}}},
            "state.fakturan.counters.invoices: must be an integer",
        ),
        (
            {"fakturan": {"counters": {"invoices": -1}}},
            "state.fakturan.counters.invoices: must be an integer",
        ),
        (
            {"fakturan": {"counters": {"invoices": 2**64}}},
            "state.fakturan.counters.invoices: must be an integer",
        ),
    ],
)
def test_a_snapshot_is_checked_deeply(mockserver, state, message):
    workspace = mockserver.admin.create_workspace()
    before = workspace.snapshot()
    answer = mockserver.admin.http.put(f"/workspaces/{workspace.id}/snapshot", json={"state": state})
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid" and answer.json()["message"].startswith(message)
    after = workspace.snapshot()
    assert after["state"] == before["state"] and after["clock"]["start"] == before["clock"]["start"]
    workspace.delete()


def test_check_states_names_every_path_and_accepts_good_state():
    from mockserver.core.snapshots import state_problems

    good = {"fakturan": {"tables": {"invoices": {"1": {"id": 1}}}, "counters": {"invoices": 1}, "extra": 5}}
    assert state_problems(good) == []
    bad = {"fakturan": {"tables": {"a": {"1": 2}, "b": 3}}, "konto": {"counters": {"x": 1.5}}}
    assert state_problems(bad) == [
        "state.fakturan.tables.a.1: must be an object",
        "state.fakturan.tables.b: must be an object",
        "state.konto.counters.x: must be an integer from 0 to 2^53",
    ]


# -- workspaces and the journal -------------------------------------------------------------------


def test_there_is_a_maximum_number_of_workspaces(small_server):
    made = [httpx.post(admin_url(small_server, "/workspaces"), json={}) for _ in range(2)]
    assert [answer.status_code for answer in made] == [201, 201]
    refused = httpx.post(admin_url(small_server, "/workspaces"), json={})
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "too_many",
        "message": "at most 3 workspaces (the default one included); delete one, or raise --max-workspaces",
    }
    assert len(httpx.get(admin_url(small_server, "/workspaces")).json()["workspaces"]) == 3
    httpx.delete(admin_url(small_server, f"/workspaces/{made[0].json()['id']}"))
    assert httpx.post(admin_url(small_server, "/workspaces"), json={}).status_code == 201


def test_journal_bodies_are_capped_with_a_marker(small_server):
    name = "N" * 200
    answer = httpx.post(
        f"{small_server.url}/fakturan/api/v2/clients",
        json={"company": name},
        auth=("demo-key-id", "demo-key-secret"),
    )
    assert answer.status_code == 201
    [entry] = httpx.get(admin_url(small_server, "/workspaces/default/requests?method=POST")).json()[
        "requests"
    ]
    sent = len(answer.request.content)
    assert entry["request"]["truncated"] == {"size": sent, "kept": 100}
    assert entry["request"]["body"] == answer.request.content[:100].decode()
    assert entry["response"]["truncated"] == {"size": len(answer.content), "kept": 100}
    assert len(entry["response"]["body"].encode()) == 100


def test_journal_entries_within_the_limit_carry_no_marker(mockserver, mockserver_workspace):
    with mockserver_workspace.client("fakturan") as api:
        api.get("/api/v2/clients/1")
    [entry] = mockserver_workspace.requests()
    assert "truncated" not in entry["request"] and "truncated" not in entry["response"]
    assert entry["response"]["body"]["data"]["id"] == 1


def test_secrets_are_masked_in_the_journal(mockserver, mockserver_workspace):
    creds = mockserver_workspace.credentials
    httpx.get(
        f"{mockserver.url}/fakturan/api/v2/clients/1",
        auth=(creds["fakturan"]["username"], creds["fakturan"]["password"]),
        headers={"cookie": "session=s3cret", "x-api-key": "k3y", "apiKey": "conta-style", "x-plain": "1"},
    )
    [fakturan] = mockserver_workspace.requests()
    headers = fakturan["request"]["headers"]
    assert headers["authorization"] == "Basic ***"
    assert headers["cookie"] == "***" and headers["x-api-key"] == "***" and headers["apikey"] == "***"
    assert headers["x-plain"] == "1"
    assert creds["fakturan"]["password"] not in str(fakturan) and "s3cret" not in str(fakturan)


def test_the_show_secrets_flag_keeps_them():
    server = RunningServer("--journal-show-secrets")
    try:
        httpx.get(f"{server.url}/fakturan/api/v2/clients/1", auth=("demo-key-id", "demo-key-secret"))
        [entry] = httpx.get(admin_url(server, "/workspaces/default/requests")).json()["requests"]
        assert entry["request"]["headers"]["authorization"].startswith("Basic ZGVtby1")
    finally:
        server.stop()


def test_journal_unit_caps_and_masks():
    from mockserver.core.journal import Journal

    journal = Journal(capacity=5, body_limit=4)
    entry = journal.start(
        at="t",
        provider="p",
        method="POST",
        path="/",
        query="",
        request_headers=[(b"authorization", b"Bearer abc"), (b"x-plain", b"1")],
        request_body=b"0123456789",
    )
    for chunk in (b"ab", b"cd", b"ef"):
        entry.response_body += chunk
    assert entry.response_body == b"abcd"
    shown = entry.to_dict()
    assert shown["request"] == {
        "headers": {"authorization": "Bearer ***", "x-plain": "1"},
        "body": "0123",
        "truncated": {"size": 10, "kept": 4},
    }
    assert shown["response"]["truncated"] == {"size": 6, "kept": 4}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--journal-body-limit", "-1"],
            "mockserver: --journal-body-limit: must be an integer, 0 or more, got '-1'",
        ),
        (["--max-workspaces", "0"], "mockserver: --max-workspaces: must be an integer, 1 or more, got '0'"),
        (
            ["--journal-show-secrets"],
            None,
        ),
    ],
)
def test_the_new_flags_are_checked(capsys, monkeypatch, args, message):
    from mockserver.cli import Parser, _add_serve_flags, settings_from

    if message is None:
        parser = Parser(prog="mockserver")
        _add_serve_flags(parser)
        assert settings_from(parser.parse_args(args), environ={}).journal_show_secrets is True
        assert settings_from(parser.parse_args([]), environ={}).journal_show_secrets is False
        return
    from mockserver.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve", *args])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == message + "\n"


def test_beyond_loopback_any_host_name_may_lead_here_and_the_token_guards():
    server = RunningServer("--host", "0.0.0.0", "--admin-token", "t0ken")
    try:
        url = server.url.replace("0.0.0.0", "127.0.0.1") + "/_admin/workspaces"
        named = {"host": "mockserver:8080"}
        assert httpx.get(url, headers=named).status_code == 401
        assert httpx.get(url, headers={**named, "authorization": "Bearer t0ken"}).status_code == 200
        foreign = {**named, "authorization": "Bearer t0ken", "origin": "http://evil.example"}
        assert httpx.get(url, headers=foreign).status_code == 403
    finally:
        server.stop()


# -- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["DELETE", "PATCH"])
def test_a_rule_id_with_a_line_break_is_answered_in_the_control_planes_shape(
    mockserver, mockserver_workspace, method
):
    # Found by the contract fuzz test: the outer router's mount did not match a path holding
    # a line break, so Starlette's plain-text "Not Found" answered instead of the control plane.
    url = admin_url(mockserver, f"/workspaces/{mockserver_workspace.id}/scenarios/r%0A1")
    answer = httpx.request(method, url, json={"enabled": False} if method == "PATCH" else None)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"error": "not_found", "message": "no scenario rule 'r\\n1' in this workspace"}
    assert mockserver_workspace.admin.get(f"/workspaces/{mockserver_workspace.id}/scenarios") == {"rules": []}
