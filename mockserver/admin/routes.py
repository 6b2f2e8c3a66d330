"""The control plane under /_admin: JSON in, JSON out, reading and writing workspaces directly.

It never goes through a provider's handlers: tests use it to set the stage (create, fork, reset,
move the clock) and to look behind it (snapshots, the journal).
"""

from __future__ import annotations

import hmac
import time
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.admin.guard import Guard
from mockserver.core.clock import Clock, clock_instant
from mockserver.core.providers import Provider
from mockserver.core.responses import JSONResponse
from mockserver.core.workspaces import Registry, Workspace, WorkspaceError

STATIC = Path(__file__).parent / "static"


def error(status: int, message: str) -> JSONResponse:
    names = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        422: "invalid",
        429: "too_many",
    }
    return JSONResponse({"error": names.get(status, "error"), "message": message}, status_code=status)


async def read_json(request: Request, *, default=None):
    body = await request.body()
    if not body.strip():
        if default is None:
            raise WorkspaceError(400, "expected a JSON body")
        return default
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise WorkspaceError(400, f"malformed JSON: {exc}") from None


def registry_of(request: Request) -> Registry:
    return request.app.state.registry


def workspace_from(request: Request) -> Workspace:
    workspace = registry_of(request).get(request.path_params["id"])
    workspace.last_used = time.perf_counter()  # looking at a workspace keeps it alive too
    return workspace


def catch_up(workspace: Workspace) -> None:
    for provider in workspace.registry.providers.values():
        provider.on_clock(workspace)


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


_DOCUMENT: list[bytes] = []  # built on first request: schema generation is slow start-up work


async def openapi_document(request: Request) -> Response:
    if not _DOCUMENT:
        from mockserver.admin.openapi import document

        _DOCUMENT.append(orjson.dumps(document()))
    return Response(_DOCUMENT[0], media_type="application/json")


async def list_workspaces(request: Request) -> Response:
    return JSONResponse({"workspaces": [ws.describe() for ws in registry_of(request).workspaces.values()]})


async def create_workspace(request: Request) -> Response:
    body = await read_json(request, default={})
    if not isinstance(body, dict):
        raise WorkspaceError(422, 'expected a JSON object such as {"seed": 1}')
    seed = body.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise WorkspaceError(422, "seed must be an integer")
    source = body.get("from")
    if source is not None and not isinstance(source, str):
        raise WorkspaceError(422, "from must be a workspace id")
    clock_start = None
    if body.get("clock_start") is not None:
        try:
            clock_start = clock_instant(body["clock_start"])
        except ValueError as exc:
            raise WorkspaceError(422, f"clock_start: {exc}") from None
    workspace_id = body.get("id")
    if workspace_id is not None and not isinstance(workspace_id, str):
        raise WorkspaceError(422, "id must be a string")
    hooks = request.app.state.workspace_hooks
    for hook in hooks:
        hook.validate(body)
    limit = request.app.state.max_workspaces
    if len(registry_of(request).workspaces) >= limit:
        raise WorkspaceError(
            429,
            f"at most {limit} workspaces (the default one included); delete one, or raise --max-workspaces",
        )
    workspace = registry_of(request).create(
        seed=seed, source=source, clock_start=clock_start, workspace_id=workspace_id
    )
    for hook in hooks:
        hook.created(workspace, body)
    return JSONResponse(workspace.describe(), status_code=201)


async def show_workspace(request: Request) -> Response:
    return JSONResponse(workspace_from(request).describe())


async def delete_workspace(request: Request) -> Response:
    registry_of(request).delete(request.path_params["id"])
    return Response(status_code=204)


async def reset_workspace(request: Request) -> Response:
    workspace = workspace_from(request)
    workspace.reset()
    return JSONResponse(workspace.describe())


async def snapshot(request: Request) -> Response:
    workspace = workspace_from(request)
    if request.method == "GET":
        catch_up(workspace)
        return JSONResponse(workspace.snapshot())
    workspace.restore(await read_json(request))
    return JSONResponse(workspace.describe())


async def clock(request: Request) -> Response:
    workspace = workspace_from(request)
    if request.method == "POST":
        body = await read_json(request)
        if not isinstance(body, dict) or not ({"advance", "set", "frozen"} & set(body)):
            raise WorkspaceError(
                422, 'expected {"advance":"P30D"}, {"set":"2026-01-31T12:00:00Z"} or {"frozen":true}'
            )
        if "frozen" in body and not isinstance(body["frozen"], bool):
            raise WorkspaceError(422, "frozen must be true or false")
        try:
            moment = clock_instant(body["set"]) if "set" in body else None
            if "advance" in body:
                # Validated before anything changes, from where the clock will be once set.
                probe = Clock(workspace.clock.start, frozen=True, now=moment or workspace.clock.now())
                probe.advanced(body["advance"])
        except ValueError as exc:
            raise WorkspaceError(422, str(exc)) from None
        # Freeze first, so that a frozen clock shows exactly the instant that was set.
        if "frozen" in body:
            workspace.clock.freeze(body["frozen"])
        if moment is not None:
            workspace.clock.set(moment)
        if "advance" in body:
            workspace.clock.advance(body["advance"])
        catch_up(workspace)
    return JSONResponse(workspace.clock.to_dict())


async def requests(request: Request) -> Response:
    workspace = workspace_from(request)
    if request.method == "DELETE":
        workspace.journal.clear()
        return Response(status_code=204)
    params = request.query_params
    try:
        status = int(params["status"]) if params.get("status") else None
        limit = int(params["limit"]) if params.get("limit") else None
    except ValueError:
        raise WorkspaceError(422, "status and limit must be integers") from None
    found = workspace.journal.query(
        provider=params.get("provider"),
        method=params.get("method"),
        path=params.get("path"),
        status=status,
        limit=limit,
    )
    return JSONResponse({"requests": found})


ASSETS = {"app.js": "text/javascript", "app.css": "text/css"}


async def dashboard(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html")


async def dashboard_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        raise WorkspaceError(404, f"no dashboard file {name!r}")
    return FileResponse(STATIC / name, media_type=ASSETS[name])


async def workspace_error(request: Request, exc: WorkspaceError) -> Response:
    return error(exc.status, exc.message)


async def http_error(request: Request, exc: HTTPException) -> Response:
    return error(exc.status_code, exc.detail)


class AdminToken:
    """When the server listens beyond loopback, the control plane wants `Authorization: Bearer`.
    Health and the dashboard's static files are open: the page holds no data and asks for the
    token itself (its login form), which a browser could not send on a plain navigation."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.expected is not None and scope["type"] == "http" and not _open(scope["path"]):
            given = dict(scope.get("headers", [])).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                await error(401, "the control plane needs Authorization: Bearer <admin token>")(
                    scope, receive, send
                )
                return
        await self.app(scope, receive, send)


class MarksChanges:
    """Tells the registry after every control-plane write which workspace it touched (creates
    and deletes touch the set of workspaces), so that the state file is written behind: one
    place for every route, the providers' own admin routes included."""

    def __init__(self, app: ASGIApp, registry: Registry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                path = scope["path"].removeprefix(scope.get("root_path", ""))
                _, _, rest = path.partition("/workspaces/")
                workspace_id = rest.split("/", 1)[0]
                self.registry.changed(self.registry.workspaces.get(workspace_id))


class ProviderRoutes:
    """A provider's own control-plane routes, taken on their first request: taking them imports
    the provider, which a server whose clients never touch it need not pay for."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.router: Router | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.router is None:
            self.router = Router(routes=self.provider.admin_routes())
        await self.router(scope, receive, send)


def _open(path: str) -> bool:
    return path in ("/_admin/health", "/_admin/ui") or path.startswith("/_admin/ui/")


def build_admin(
    registry: Registry,
    *,
    admin_token: str | None,
    workspace_hooks: list | None = None,
    extra_routes: list | None = None,
    host: str = "127.0.0.1",
    loopback_only: bool = True,
    max_body_bytes: int = 10 * 1024 * 1024,
    max_workspaces: int = 1000,
) -> ASGIApp:
    per_workspace = "/workspaces/{id}"
    provider_mounts = [
        Mount(f"{per_workspace}/{name}", app=ProviderRoutes(provider))
        for name, provider in registry.providers.items()
        if provider.has_admin
    ]
    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/openapi.json", openapi_document, methods=["GET"]),
            Route("/workspaces", list_workspaces, methods=["GET"]),
            Route("/workspaces", create_workspace, methods=["POST"]),
            Route(per_workspace, show_workspace, methods=["GET"]),
            Route(per_workspace, delete_workspace, methods=["DELETE"]),
            Route(f"{per_workspace}/reset", reset_workspace, methods=["POST"]),
            Route(f"{per_workspace}/snapshot", snapshot, methods=["GET", "PUT"]),
            Route(f"{per_workspace}/clock", clock, methods=["GET", "POST"]),
            Route(f"{per_workspace}/requests", requests, methods=["GET", "DELETE"]),
            *(extra_routes or []),
            *provider_mounts,
            Route("/ui", dashboard),
            Route("/ui/{name}", dashboard_asset),
        ],
        # Starlette calls each handler only for its key's class; its mapping type cannot say so.
        exception_handlers={WorkspaceError: workspace_error, HTTPException: http_error},  # type: ignore[dict-item]
    )
    app.state.registry = registry
    app.state.workspace_hooks = workspace_hooks or []
    app.state.max_workspaces = max_workspaces
    return Guard(
        AdminToken(MarksChanges(app, registry), admin_token),
        render=error,
        host=host,
        loopback_only=loopback_only,
        max_body_bytes=max_body_bytes,
    )
