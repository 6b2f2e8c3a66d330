"""Reading credentials out of raw requests: the token request, bearer tokens, view links.

Pure functions over headers and bytes, shared by the provider's `identify` (which runs before
any routing, on the gateway's buffered request) and by the token route, so both read a token
request the same way.

Tokens and view links start with the workspace's route key (a hash of its clientId, which
`credential_keys` registers), so a request finds its workspace from the token itself: that keeps
working after a reset, a snapshot restore or a restart with --state-file, and lets every
workspace seeded alike hold the same seeded view links without clashing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

import orjson

from mockserver.providers.regtech import errors

TOKEN_PATH = "/auth/token"
VIEW_PREFIX = "/view/"


def route_key(client_id: str) -> str:
    """The workspace part of every token and view link issued for `client_id`."""
    return hashlib.sha256(client_id.encode()).hexdigest()[:16]


def local_path(path: str) -> str:
    """The path below the provider's prefix, as the real API sees it."""
    return path.removeprefix("/regtech") or "/"


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def key_of_token(token: str) -> str | None:
    """`<route key>.<secret>` -> the route key; anything else is no token of ours."""
    key, dot, secret = token.partition(".")
    return key if dot and key and secret else None


@dataclass(slots=True)
class TokenAsk:
    """What a token request presented; `problem` is the 400 to answer if it is malformed."""

    client_id: str | None = None
    client_secret: str | None = None
    problem: errors.RegtechError | None = None


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
