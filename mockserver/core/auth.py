"""How a request proves which workspace it belongs to: the credential strategies of the five
providers, as data a provider declaration picks from.

A strategy makes a workspace's credentials (the documented defaults, or fresh unique ones),
names the keys under which the registry indexes them, and reads the key a request presents
(`identify`), once per request: the value is kept on the `Incoming` for the handler and journal.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from mockserver.core.incoming import Incoming


def random_secret(nbytes: int = 16) -> str:
    return secrets.token_hex(nbytes)


class Auth(Protocol):
    # Read-only, so that the frozen dataclasses below (whose fields cannot be set) conform.
    @property
    def default_credentials(self) -> Mapping[str, str]: ...

    def new_credentials(self, workspace_id: str) -> dict: ...

    def credential_keys(self, credentials: dict) -> list[str]: ...

    def identify(self, incoming: Incoming) -> str | None: ...


@functools.lru_cache(maxsize=1024)  # a client sends the same header on every request
def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """`Authorization: Basic base64(user:password)` as (user, password)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


@functools.lru_cache(maxsize=1024)
def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").strip().partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def presented_bearer(incoming: Incoming) -> str | None:
    """The request's bearer token, read once: the gateway's lookup and the provider's check
    share it."""
    return incoming.once("bearer", lambda: bearer_token(incoming.header("authorization")))


def presented_basic(incoming: Incoming) -> tuple[str, str] | None:
    """The request's HTTP Basic pair, read once: the gateway's lookup and the provider's parser
    share it."""
    return incoming.once("basic", lambda: basic_credentials(incoming.header("authorization")))


def _joined(credentials: Mapping[str, str], fields: tuple[str, ...]) -> str:
    return ":".join(credentials[name] for name in fields)


@dataclass(frozen=True)
class HttpBasic:
    """HTTP Basic with a username and a password (Fakturan's key id and secret)."""

    default_credentials: Mapping[str, str]
    username_prefix: str = "key-"

    def new_credentials(self, workspace_id: str) -> dict:
        return {"username": f"{self.username_prefix}{workspace_id}", "password": random_secret()}

    def credential_keys(self, credentials: dict) -> list[str]:
        return [_joined(credentials, ("username", "password"))]

    def identify(self, incoming: Incoming) -> str | None:
        found = presented_basic(incoming)
        return f"{found[0]}:{found[1]}" if found else None


@dataclass(frozen=True)
class HeaderKey:
    """A secret in a header of its own (Conta's `apiKey`), or a fixed bearer token (Kontera's),
    when `scheme` is "Bearer"."""

    default_credentials: Mapping[str, str]
    header: str
    field: str
    prefix: str = ""
    scheme: str | None = None

    def new_credentials(self, workspace_id: str) -> dict:
        return {self.field: f"{self.prefix}{random_secret()}"}

    def credential_keys(self, credentials: dict) -> list[str]:
        return [credentials[self.field]]

    def identify(self, incoming: Incoming) -> str | None:
        value = incoming.header(self.header)
        if self.scheme is not None:
            return bearer_token(value) if self.scheme.lower() == "bearer" else None
        return (value or "").strip() or None


@dataclass(frozen=True)
class FormFields:
    """Credentials as fields of the request's form (Konto's `username` and `api_key`): `read`
    is the provider's own form reader, whose parse the handler then reuses."""

    default_credentials: Mapping[str, str]
    fields: tuple[str, ...]
    read: Callable[[Incoming], Mapping[str, object] | None]
    new: Callable[[str], dict] = field(default=lambda workspace_id: {})

    def new_credentials(self, workspace_id: str) -> dict:
        return self.new(workspace_id)

    def credential_keys(self, credentials: dict) -> list[str]:
        return [_joined(credentials, self.fields)]

    def identify(self, incoming: Incoming) -> str | None:
        form = self.read(incoming)
        if form is None:
            return None
        values = [form.get(name) for name in self.fields]
        if all(isinstance(value, str) and value for value in values):
            return ":".join(values)  # type: ignore[arg-type]
        return None


@dataclass(frozen=True)
class FirstOf:
    """Credentials a request may present one way or another (Konto's form fields, else HTTP
    Basic). `first` makes and indexes a workspace's credentials; a request is identified by the
    first strategy that finds a key in it, so both must spell the same credentials as the same
    key (`username:api_key` either way)."""

    first: Auth
    then: Auth

    @property
    def default_credentials(self) -> Mapping[str, str]:
        return self.first.default_credentials

    def new_credentials(self, workspace_id: str) -> dict:
        return self.first.new_credentials(workspace_id)

    def credential_keys(self, credentials: dict) -> list[str]:
        return self.first.credential_keys(credentials)

    def identify(self, incoming: Incoming) -> str | None:
        found = self.first.identify(incoming)
        return found if found is not None else self.then.identify(incoming)


def route_key(client_id: str) -> str:
    """The workspace part of every token issued for `client_id`: a request finds its workspace
    from the token itself, which keeps working after a reset, a restore or a restart."""
    return hashlib.sha256(client_id.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ClientCredentials:
    """OAuth-style client credentials exchanged for bearer tokens that expire on the workspace
    clock (Regtech). Tokens are `<route key>.<secret>`; the rules keep which are alive.

    `locate` reads the key of requests that carry no bearer token (the token request itself,
    a link handed to a recipient) and answers None for the others.
    """

    default_credentials: Mapping[str, str]
    locate: Callable[[Incoming], str | None] = field(default=lambda incoming: None)

    def new_credentials(self, workspace_id: str) -> dict:
        return {"clientId": f"client-{random_secret(8)}", "clientSecret": random_secret(16)}

    def credential_keys(self, credentials: dict) -> list[str]:
        client_id = credentials["clientId"]
        return [f"client:{client_id}", f"ws:{route_key(client_id)}"]

    def identify(self, incoming: Incoming) -> str | None:
        located = self.locate(incoming)
        if located is not None:
            return located
        token = presented_bearer(incoming)
        key, dot, secret = (token or "").partition(".")
        return f"ws:{key}" if dot and key and secret else None
