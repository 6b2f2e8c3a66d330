"""The ASGI application: the providers under their prefixes, the control plane, the index."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver import __version__
from mockserver.admin import data as admin_data
from mockserver.admin import live as admin_live
from mockserver.admin import outbox as admin_outbox
from mockserver.admin import scenarios as admin_scenarios
from mockserver.admin.routes import JSONResponse, build_admin
from mockserver.core import apidocs, persistence
from mockserver.core.gateway import Gateway
from mockserver.core.providers import Provider
from mockserver.core.workspaces import Registry
from mockserver.providers import all_providers
from mockserver.settings import Settings


def create_app(settings: Settings | None = None) -> Sandbox:
    settings = settings or Settings()
    providers = all_providers()
    registry = Registry(
        providers,
        default_seed=settings.seed,
        clock_start=settings.clock_start,
        journal_capacity=settings.journal_size,
        journal_options={
            "body_limit": settings.journal_body_limit,
            "show_secrets": settings.journal_show_secrets,
            "byte_limit": settings.journal_bytes,
        },
        idle_timeout=settings.workspace_idle_timeout,
    )
    writer = None
    if settings.state_file:
        # Both refuse (StateFileError) before anything serves: an unreadable file must not turn
        # into an empty start that the first write then makes permanent.
        persistence.check_writable(settings.state_file)
        loaded = persistence.load(registry, settings.state_file)
        writer = persistence.StateWriter(
            registry, settings.state_file, delay=settings.state_write_delay, loaded=loaded
        )
    # Refuses a broken file (ScenarioError) before anything serves: never half-configured.
    startup = admin_scenarios.load_startup_files(settings.scenario, frozenset(registry.providers))
    admin_scenarios.load_startup(registry.default, startup)
    scenario_hook = admin_scenarios.ScenarioHook(startup, frozenset(registry.providers))

    gateways = Gateways(
        lambda p: Gateway(
            p.loaded,
            registry,
            max_body_bytes=settings.max_body_bytes,
            timeout_hold=settings.timeout_hold,
            body_timeout=settings.body_timeout,
        ),
        providers,
    )

    def openapi_route(provider) -> Route:
        built: list[bytes] = []  # generated on first request: schema generation is slow start-up work

        async def serve_openapi(request: Request) -> Response:
            if not built:
                built.append(orjson.dumps(provider.openapi()))
            return Response(built[0], media_type="application/json")

        return Route(f"/{provider.name}/openapi.json", serve_openapi, methods=["GET"])

    async def index(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return JSONResponse(
            {
                "name": "mockserver",
                "version": __version__,
                "providers": [
                    {
                        "name": p.name,
                        "title": p.title,
                        "base_url": f"{base}/{p.name}",
                        "openapi": f"{base}/{p.name}/openapi.json",
                        "docs": f"{base}/{p.name}/docs",
                    }
                    for p in providers
                ],
                "admin": f"{base}/_admin",
                "dashboard": f"{base}/_admin/ui",
            }
        )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if writer is not None:
            writer.start()
        yield
        if writer is not None:
            await writer.close()

    admin_token = None if settings.loopback_only and not settings.admin_token else settings.admin_token
    admin = build_admin(
        registry,
        admin_token=admin_token,
        workspace_hooks=[scenario_hook],
        extra_routes=admin_scenarios.ROUTES + admin_data.ROUTES + admin_live.ROUTES + admin_outbox.ROUTES,
        host=settings.host,
        loopback_only=settings.loopback_only,
        max_body_bytes=settings.max_body_bytes,
        max_workspaces=settings.max_workspaces,
    )
    app = Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Mount("/_admin", admin),
            *[openapi_route(p) for p in providers],
            *[route for p in providers for route in apidocs.routes(p)],
            *[Mount(f"/{name}", gateways.app(name)) for name in gateways],
        ],
        lifespan=lifespan,
    )
    app.state.registry = registry
    app.state.settings = settings
    app.state.gateways = gateways
    return Sandbox(app, gateways, admin)


class Gateways(Mapping[str, Gateway]):
    """Each provider's gateway, built on its first request: building one imports the provider's
    operations, models and seed, which a server that never serves it need not pay for."""

    def __init__(self, build: Callable[[Provider], Gateway], providers: list[Provider]) -> None:
        self.build = build
        self.providers = {p.name: p for p in providers}
        self.built: dict[str, Gateway] = {}  # the hot path's lookup
        self._lock = threading.Lock()  # one gateway per provider, whichever thread asks first

    def __getitem__(self, name: str) -> Gateway:
        found = self.built.get(name)
        if found is None:
            provider = self.providers[name]
            with self._lock:
                found = self.built.get(name) or self.built.setdefault(name, self.build(provider))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.providers)

    def __len__(self) -> int:
        return len(self.providers)

    def __contains__(self, name: object) -> bool:
        return name in self.providers

    def app(self, name: str) -> ASGIApp:
        async def gateway(scope: Scope, receive: Receive, send: Send) -> None:
            await self[name](scope, receive, send)

        return gateway


class Sandbox:
    """The outermost ASGI app. A provider's request goes straight to its gateway, found by the
    first segment of the path; only the rest (the index, the control plane, the OpenAPI
    documents and docs pages) goes through Starlette's router. That keeps the hot path at one
    dict lookup instead of a router, a mount and their middleware."""

    def __init__(self, app: Starlette, gateways: Gateways, admin: ASGIApp | None = None) -> None:
        self.app = app
        self.state = app.state
        self.gateways = gateways
        self.admin = admin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            name, _, rest = scope["path"][1:].partition("/")
            if name == "_admin" and rest and self.admin is not None:
                # Straight to the control plane, which answers every path below it in its own
                # shape: the router's mount pattern does not match a path holding a line break.
                root = scope.get("root_path", "") + "/_admin"
                await self.admin({**scope, "root_path": root}, receive, send)
                return
            gateway = self.gateways.built.get(name)
            if gateway is None and name in self.gateways:
                gateway = self.gateways[name]  # its first request: the provider is loaded now
            if (
                gateway is not None
                and rest != "openapi.json"
                and rest != "docs"
                and not rest.startswith("docs/")
            ):
                await gateway(scope, receive, send)
                return
        await self.app(scope, receive, send)


class AtPrefix:
    """Serves one provider at the root of its own port (`--provider-port conta=8081`) by
    presenting each request to the main app as if it had come in under the provider's prefix."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {
                **scope,
                "path": self.prefix + scope["path"],
                "mockserver.at_root": True,
                "raw_path": self.prefix.encode() + scope.get("raw_path", scope["path"].encode()),
            }
        await self.app(scope, receive, send)
