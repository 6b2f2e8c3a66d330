"""The token endpoint and bearer tokens: 3600 s of the workspace clock, then 401."""

import base64

import httpx
import pytest

from tests.providers.regtech.conftest import get_token


@pytest.fixture
def creds(mockserver_workspace):
    return mockserver_workspace.credentials["regtech"]


@pytest.fixture
def token_url(mockserver):
    return f"{mockserver.url}/regtech/auth/token"


def status_with(mockserver, token: str | None, invoice_id: str = "FI-1001") -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"{mockserver.url}/regtech/invoice/{invoice_id}/status", headers=headers)


def test_json_credentials_give_a_bearer_token(token_url, creds):
    answer = httpx.post(token_url, json=creds)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert answer.headers["cache-control"] == "no-store"


def test_the_oauth_form_and_http_basic_work_too(mockserver, token_url, creds):
    form = {
        "grant_type": "client_credentials",
        "client_id": creds["clientId"],
        "client_secret": creds["clientSecret"],
    }
    by_form = httpx.post(token_url, data=form)
    basic = base64.b64encode(f"{creds['clientId']}:{creds['clientSecret']}".encode()).decode()
    by_basic = httpx.post(
        token_url, data={"grant_type": "client_credentials"}, headers={"authorization": f"Basic {basic}"}
    )
    for answer in (by_form, by_basic):
        assert answer.status_code == 200, answer.text
        assert status_with(mockserver, answer.json()["access_token"]).status_code == 200


@pytest.mark.parametrize("change", [{"clientSecret": "wrong"}, {"clientId": "nobody"}])
def test_wrong_credentials_are_invalid_client(token_url, creds, change):
    answer = httpx.post(token_url, json={**creds, **change})
    assert answer.status_code == 401
    assert answer.json() == {
        "statusCode": "401",
        "error": "invalid_client",
        "message": "Client authentication failed: unknown clientId or wrong clientSecret",
    }


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"clientId": "demo-client"}, "invalid_request"),
        ({}, "invalid_request"),
        ({"clientId": 1, "clientSecret": 2}, "invalid_request"),
        (b"{not json", "invalid_request"),
        (
            {"grantType": "password", "clientId": "demo-client", "clientSecret": "demo-secret"},
            "unsupported_grant_type",
        ),
    ],
)
def test_malformed_token_requests_are_400(token_url, body, error):
    answer = (
        httpx.post(token_url, content=body) if isinstance(body, bytes) else httpx.post(token_url, json=body)
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == error and answer.json()["statusCode"] == "400"


def test_a_form_without_grant_type_is_400(token_url, creds):
    answer = httpx.post(
        token_url, data={"client_id": creds["clientId"], "client_secret": creds["clientSecret"]}
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == "grant_type is required"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Authorization header with a Bearer token is required"),
        ("Bearer nonsense", "Invalid access token"),
        ("Bearer 0123456789abcdef.unknown", "Invalid access token"),
        ("Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=", "Authorization header with a Bearer token is required"),
    ],
)
def test_missing_or_unknown_tokens_are_401(mockserver, header, message):
    answer = httpx.get(
        f"{mockserver.url}/regtech/invoice/FI-1001/status",
        headers={"authorization": header} if header else {},
    )
    assert answer.status_code == 401
    assert answer.json() == {"statusCode": "401", "message": message, "error": "Unauthorized"}


def test_an_unknown_token_of_a_known_workspace_is_401(mockserver, mockserver_workspace, creds):
    prefix = get_token(mockserver.url, creds).split(".")[0]
    answer = status_with(mockserver, f"{prefix}.made-up")
    assert answer.status_code == 401 and answer.json()["message"] == "Invalid access token"


def test_a_token_expires_after_3600_seconds_of_the_workspace_clock(mockserver, mockserver_workspace, creds):
    old = get_token(mockserver.url, creds)
    mockserver_workspace.advance("PT3599S")
    assert status_with(mockserver, old).status_code == 200
    mockserver_workspace.advance("PT2S")
    expired = status_with(mockserver, old)
    assert expired.status_code == 401
    assert expired.json()["message"] == "Access token has expired; request a new one from /auth/token"
    assert status_with(mockserver, get_token(mockserver.url, creds)).status_code == 200


def test_tokens_belong_to_their_workspace(mockserver, mockserver_workspace, creds):
    mine = get_token(mockserver.url, creds)
    other = mockserver.admin.create_workspace()
    try:
        theirs = get_token(mockserver.url, other.credentials["regtech"])
        other.advance("PT2H")  # only the other workspace's clock moves
        assert status_with(mockserver, theirs).status_code == 401
        assert status_with(mockserver, mine).status_code == 200
    finally:
        other.delete()


def test_reset_forgets_the_workspace_tokens(mockserver, mockserver_workspace, creds):
    token = get_token(mockserver.url, creds)
    mockserver_workspace.reset()
    assert status_with(mockserver, token).status_code == 401


def test_the_token_endpoint_only_takes_post(token_url):
    answer = httpx.get(token_url)
    assert answer.status_code == 405
    assert answer.json()["statusCode"] == "405"
