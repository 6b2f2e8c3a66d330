"""Reading credentials out of raw requests: the token request, bearer tokens, view links.

The token request is read once per request (`token_request`, kept on the `Incoming`) and
shared by the gateway's workspace lookup (`locate`, which runs before any routing), the
provider's `unauthenticated` answer and the token endpoint.

Tokens and view links start with the workspace's route key (`core.auth.route_key`, a hash of
its clientId, which `core.auth.ClientCredentials` registers), so a request finds its workspace
from the token itself: that keeps working after a reset, a snapshot restore or a restart with
--state-file, and lets every workspace seeded alike hold the same seeded view links without
clashing.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

import orjson

from mockserver.core.incoming import Incoming
from mockserver.providers.regtech import errors

TOKEN_PATH = "/auth/token"
VIEW_PREFIX = "/view/"


def locate(incoming: Incoming) -> str | None:
    """The workspace key of requests that carry no bearer token: the clientId of a token
    request, the route key in a view link. A key that no workspace has (a token request naming
    no client, a link without a key) keeps those requests away from the bearer-token lookup, so
    the provider's `unauthenticated` answers them."""
    if incoming.path == TOKEN_PATH:
        return f"client:{token_request(incoming).client_id or ''}"
    if incoming.path.startswith(VIEW_PREFIX):
        return f"ws:{incoming.path.removeprefix(VIEW_PREFIX).split('/')[0]}"
    return None


@dataclass(slots=True)
class TokenAsk:
    """What a token request presented; `problem` is the 400 to answer if it is malformed."""

    client_id: str | None = None
    client_secret: str | None = None
    problem: errors.RegtechError | None = None


def token_request(incoming: Incoming) -> TokenAsk:
    """The token request of `incoming`, read once for the gateway's lookup and the endpoint."""
    return incoming.once(
        "regtech.token_request",
        lambda: read_token_request(
            incoming.header("content-type"), incoming.header("authorization"), incoming.body
        ),
    )


def read_token_request(content_type: str | None, authorization: str | None, body: bytes) -> TokenAsk:
    """JSON `{"clientId","clientSecret"}`, or the OAuth form (`grant_type=client_credentials&
    client_id=&client_secret=`), with the client optionally in HTTP Basic as RFC 6749 allows."""
    if "application/x-www-form-urlencoded" in (content_type or ""):
        fields = {key: values[0] for key, values in parse_qs(body.decode("latin-1")).items()}
        grant = fields.get("grant_type")
        if grant is None:
            return TokenAsk(problem=errors.InvalidTokenRequest("grant_type is required"))
        client_id, secret = fields.get("client_id"), fields.get("client_secret")
    else:
        try:
            data = orjson.loads(body) if body.strip() else {}
        except orjson.JSONDecodeError:
            return TokenAsk(problem=errors.InvalidTokenRequest(errors.NOT_JSON))
        if not isinstance(data, dict):
            return TokenAsk(problem=errors.InvalidTokenRequest("Request body must be a JSON object"))
        grant = data.get("grantType", data.get("grant_type"))
        client_id = data.get("clientId", data.get("client_id"))
        secret = data.get("clientSecret", data.get("client_secret"))
    if grant is not None and grant != "client_credentials":
        return TokenAsk(problem=errors.UnsupportedGrantType())
    if client_id is None and secret is None:
        client_id, secret = _basic(authorization)
    if not isinstance(client_id, str) or not isinstance(secret, str) or not client_id or not secret:
        return TokenAsk(problem=errors.InvalidTokenRequest())
    return TokenAsk(client_id, secret)


def _basic(authorization: str | None) -> tuple[str | None, str | None]:
    scheme, _, encoded = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, colon, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if colon else (None, None)


def secret_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
