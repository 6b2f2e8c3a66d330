"""A provider as data: what it is called, how its callers prove who they are, how it speaks
(its dialect and error shape), its operations, its seed. The platform (gateway, workspaces,
admin, scenarios) does everything else the same way for every provider.

Nothing in core imports a provider: `mockserver.providers.all_providers()` lists them, each as
a `LazyProvider` whose operations, models and seed are imported on first use.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from mockserver.core.auth import Auth
from mockserver.core.errors import ErrorShape
from mockserver.core.incoming import Incoming
from mockserver.core.operations import Call, Dialect, Operation, Router, respond

if TYPE_CHECKING:
    from mockserver.core.seeding import Seeding
    from mockserver.core.store import Store
    from mockserver.core.workspaces import Workspace

INCOMING = "mockserver.incoming"
WORKSPACE = "mockserver.workspace"
OUTBOUND = "mockserver.outbound"


class Credentials:
    """What the platform asks of a provider's credentials, answered by its `auth`: the same for
    a provider and its light declaration (LazyProvider), which must not load it to answer."""

    auth: Auth

    @property
    def default_credentials(self) -> Mapping[str, str]:
        return self.auth.default_credentials

    def new_credentials(self, workspace_id: str) -> dict:
        return self.auth.new_credentials(workspace_id)

    def credential_keys(self, credentials: dict) -> list[str]:
        return self.auth.credential_keys(credentials)


@dataclass(eq=False)
class Provider(Credentials):
    name: str  # the path prefix, the key in credentials and snapshots
    title: str
    locale: str  # Faker locale of its seed data
    auth: Auth
    dialect: Dialect
    errors: ErrorShape
    operations: Sequence[Operation]
    seed: Callable[[Seeding], dict]  # the seeded state: JSON-ready, a pure function of `seeding`
    # Faker's answers to the default seed, played back instead of Faker (core.seeding).
    recorded_answers: Path | None = None
    version: str = "1"
    description: str = ""
    unique: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> unique fields
    indexed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> filter fields
    # Whatever the workspace clock has made due (deliveries, recurring invoices), run before each
    # of the provider's requests and after the clock moves.
    catch_up: Callable[[Store, datetime], None] | None = None
    admin: Sequence[BaseRoute] = ()  # control-plane routes under /_admin/workspaces/{id}/<name>
    # A provider that publishes its own OpenAPI document serves that, filtered to what is emulated.
    document: Callable[[Provider], dict] | None = None
    security_schemes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def loaded(self) -> Provider:
        """The provider itself (a LazyProvider's `loaded` imports it)."""
        return self

    @property
    def has_admin(self) -> bool:
        return bool(self.admin)

    @cached_property
    def router(self) -> Router:
        return Router(self.operations)

    # -- what the platform asks of every provider ----------------------------------------------

    def identify(self, incoming: Incoming) -> str | None:
        return self.auth.identify(incoming)

    def unauthenticated(self, incoming: Incoming) -> Response | None:
        return self.errors.unauthenticated(incoming)

    def error_response(self, status: int, message: str | None = None) -> Response:
        return self.errors.status(status, message)

    def admin_routes(self) -> list[BaseRoute]:
        return list(self.admin)

    def openapi(self) -> dict:
        from mockserver.core.openapi import derive_document

        return self.document(self) if self.document else derive_document(self)

    def on_clock(self, workspace: Workspace, now: datetime | None = None) -> None:
        """Catch up with the workspace clock, at `now` when the caller has just read it."""
        if self.catch_up is not None:
            self.catch_up(workspace.store(self.name), now or workspace.clock.now())

    def respond(
        self, workspace: Workspace, incoming: Incoming, outbound: list, now: datetime | None = None
    ) -> Response:
        """The answer to one request in `workspace` at `now` (the workspace clock's, when not
        given), what it sent out appended to `outbound`."""
        call = Call(
            workspace.store(self.name),
            workspace.clock,
            workspace.credentials.get(self.name, {}),
            workspace.id,
            workspace.seed,
            lambda: incoming.base_url,
            incoming.path,
            now,
        )
        response = respond(self.router, self.dialect, self.errors, incoming, call)
        outbound.extend(call.outbound)
        return response

    @property
    def direct(self) -> bool:
        """Whether the gateway may call `respond` itself and send the answer as raw messages:
        true unless a subclass wraps `serve` (a provider that needs the request's context around
        its answer wraps `respond`, as Conta does, and keeps this path)."""
        return type(self).serve is Provider.serve

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The gateway's app for this provider: straight to the declared operation."""
        response = self.respond(scope[WORKSPACE], scope[INCOMING], scope[OUTBOUND])
        await response(scope, receive, send)


_LOADING = threading.RLock()  # two first requests in two threads import and take one provider


class LazyProvider(Credentials):
    """A provider known by its light declaration: its name, title and auth, enough to list it,
    create workspaces with its credentials and route those to them, without importing its
    operations, models and seed (most of the server's start-up). Anything else imports the
    declaring module once and answers from the Provider there: the first request under the
    provider's prefix, the first seeding of its state, its documents or control-plane routes."""

    def __init__(self, name: str, title: str, auth: Auth, load: str, *, has_admin: bool = False) -> None:
        self.name = name
        self.title = title
        self.auth = auth
        self.has_admin = has_admin  # whether it has routes under /_admin/workspaces/{id}/<name>
        self._load = load  # "module:ATTRIBUTE" of the Provider
        self._loaded: Provider | None = None

    @property
    def loaded(self) -> Provider:
        found = self._loaded
        if found is None:
            with _LOADING:
                if self._loaded is None:
                    module, _, attribute = self._load.partition(":")
                    self._loaded = getattr(importlib.import_module(module), attribute)
                found = self._loaded
        assert found is not None and found.name == self.name, self._load
        return found

    def module_getattr(self, exported: str) -> Callable[[str], Any]:
        """A provider package's module `__getattr__`: `exported` (CONTA, ...) is the Provider,
        imported on first use; `from mockserver.providers.conta import CONTA` keeps working."""

        def module_getattr(name: str) -> Any:
            if name == exported:
                return self.loaded
            raise AttributeError(f"module has no attribute {name!r}")

        return module_getattr

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):  # copy and pickle probe dunders, maybe before __init__ has run
            raise AttributeError(attribute)
        return getattr(self.loaded, attribute)
