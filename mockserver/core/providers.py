"""What every provider package supplies to the platform.

A provider is a small class: its name and locale, how to recognise a workspace's credentials in
a request, how to seed its state, its Starlette routes, and how to say an error in its own words.
The platform (gateway, workspaces, admin, scenarios) does everything else the same way for all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

if TYPE_CHECKING:
    from mockserver.core.seeding import Seeding
    from mockserver.core.workspaces import Workspace


@dataclass(slots=True)
class Incoming:
    """A request as the gateway has buffered it, before any provider code parsed it."""

    method: str
    path: str
    query_string: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return None


class Provider:
    """Base class for one emulated provider; subclasses fill in the ClassVars and hooks."""

    name: ClassVar[str]  # "fakturan": the path prefix, the key in credentials and snapshots
    title: ClassVar[str]
    locale: ClassVar[str]  # Faker locale of its seed data
    default_credentials: ClassVar[dict]

    def new_credentials(self, workspace_id: str) -> dict:
        """Credentials for a new workspace; unique, so requests route to exactly one workspace."""
        raise NotImplementedError

    def credential_keys(self, credentials: dict) -> list[str]:
        """The keys under which a workspace is found, as `identify` will return them."""
        raise NotImplementedError

    def identify(self, incoming: Incoming) -> str | None:
        """The credential key a request presents, or None if it presents none."""
        raise NotImplementedError

    def unauthenticated(self, incoming: Incoming) -> Response | None:
        """The answer to a request whose credentials match no workspace; None lets it through
        (to the default workspace), for endpoints such as a token endpoint."""
        return self.error_response(401)

    def error_response(self, status: int, message: str | None = None) -> Response:
        """The provider's own error for an HTTP status, used for 4xx the platform raises
        (body too large) and for scenario responses without a body."""
        raise NotImplementedError

    def seed(self, seeding: Seeding) -> dict:
        """The seeded state: JSON-ready, a pure function of `seeding`."""
        raise NotImplementedError

    def routes(self) -> list[BaseRoute]:
        raise NotImplementedError

    def exception_handlers(self) -> dict:
        return {}

    def admin_routes(self) -> list[BaseRoute]:
        """Control-plane routes, mounted at /_admin/workspaces/{id}/<name>/..."""
        return []

    def openapi(self) -> dict:
        raise NotImplementedError

    def on_clock(self, workspace: Workspace) -> None:
        """Catch up on whatever the workspace's clock has made due (deliveries, recurring
        invoices). Called before each of the provider's requests and after the clock moves."""

    def build_app(self) -> Starlette:
        return Starlette(routes=self.routes(), exception_handlers=self.exception_handlers())


def random_secret(nbytes: int = 16) -> str:
    return secrets.token_hex(nbytes)


def workspace_of(request: Request) -> Workspace:
    """The workspace the gateway routed this request to."""
    return request.scope["mockserver.workspace"]


def external_url(request: Request, path: str = "") -> str:
    """An absolute URL for `path` (a path below the provider's prefix) as the client addressed us:
    with the prefix under the main port, without it under `--provider-port`."""
    prefix = "" if request.scope.get("mockserver.at_root") else request.scope.get("root_path", "")
    return f"{request.url.scheme}://{request.url.netloc}{prefix}{path}"


def provider_path(request: Request) -> str:
    """The request's path below the provider's prefix (`/api/v2/clients`)."""
    return request.url.path.removeprefix(request.scope.get("root_path", ""))


def note_outbound(request: Request, message: dict) -> None:
    """Record in the journal what the real provider would have sent out (an email, a letter)."""
    request.scope["mockserver.outbound"].append(message)
