"""httpx clients for a workspace's providers, preconfigured with its credentials.

Chosen by the shape of the credentials the control plane hands out, so a provider added later
(with one of these shapes) needs nothing here:
HTTP Basic (`username`/`password`), form fields in the query string (`username`/`api_key`),
an OAuth-style token endpoint (`clientId`/`clientSecret`), an `apiKey` header, a bearer `token`.
"""

from __future__ import annotations

import httpx


class TokenEndpoint(httpx.Auth):
    """Fetches a bearer token from `<base>/auth/token` on first use and again after a 401."""

    requires_response_body = True

    def __init__(self, token_url: str, client_id: str, client_secret: str) -> None:
        self.token_url = token_url
        self.body = {"clientId": client_id, "clientSecret": client_secret}
        self.token: str | None = None

    def _fetch(self):
        answer = yield httpx.Request("POST", self.token_url, json=self.body)
        answer.raise_for_status()
        self.token = answer.json()["access_token"]

    def auth_flow(self, request: httpx.Request):
        if self.token is None:
            yield from self._fetch()
        request.headers["authorization"] = f"Bearer {self.token}"
        answer = yield request
        if answer.status_code == 401:
            yield from self._fetch()
            request.headers["authorization"] = f"Bearer {self.token}"
            yield request


def provider_client(base_url: str, credentials: dict, **options) -> httpx.Client:
    """A client whose base URL is the provider's prefix (`http://host:port/fakturan`)."""
    options.setdefault("timeout", 10)
    keys = set(credentials)
    if {"username", "password"} <= keys:
        return httpx.Client(
            base_url=base_url, auth=(credentials["username"], credentials["password"]), **options
        )
    if {"username", "api_key"} <= keys:
        params = {"username": credentials["username"], "api_key": credentials["api_key"]}
        return httpx.Client(base_url=base_url, params=params, **options)
    if {"clientId", "clientSecret"} <= keys:
        auth = TokenEndpoint(f"{base_url}/auth/token", credentials["clientId"], credentials["clientSecret"])
        return httpx.Client(base_url=base_url, auth=auth, **options)
    if "apiKey" in keys:
        return httpx.Client(base_url=base_url, headers={"apiKey": credentials["apiKey"]}, **options)
    if "token" in keys:
        return httpx.Client(
            base_url=base_url, headers={"authorization": f"Bearer {credentials['token']}"}, **options
        )
    raise ValueError(f"no client for credentials with keys {sorted(keys)}")
