"""A workspace's data, by provider and table, for the dashboard's data browser.

`GET /_admin/workspaces/{id}/data/{provider}` lists the tables with their counts,
`.../data/{provider}/{table}?q=&page=&per_page=` pages through one (q: case-insensitive text
anywhere in a record), `.../data/{provider}/{table}/{record}` is one record. Read-only: the
browser looks, tests and the control plane's other routes change.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.admin.routes import JSONResponse, catch_up, workspace_from
from mockserver.core.workspaces import WorkspaceError

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_QUERY = 200


def tables_of(state: dict) -> dict[str, dict]:
    """The tables of a provider's state, `{"tables": {name: {id: document}}, ...}`, the shape of
    `mockserver.core.store`. A provider still on another shape shows no tables until it moves."""
    tables = state.get("tables")
    if not isinstance(tables, dict):
        return {}
    return {name: rows for name, rows in tables.items() if isinstance(rows, dict)}


def _tables(request: Request) -> dict[str, dict]:
    workspace = workspace_from(request)
    provider = request.path_params["provider"]
    if provider not in workspace.registry.providers:
        known = ", ".join(workspace.registry.providers)
        raise WorkspaceError(404, f"no provider {provider!r} (known: {known})")
    catch_up(workspace)
    return tables_of(workspace.state(provider))


def _table(request: Request) -> dict:
    tables = _tables(request)
    name = request.path_params["table"]
    if name not in tables:
        known = ", ".join(tables) or "none"
        raise WorkspaceError(404, f"no table {name!r} in {request.path_params['provider']} (tables: {known})")
    return tables[name]


def _bounded(params, name: str, default: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise WorkspaceError(422, f"{name} must be an integer from 1 to {high}, got {raw!r}")
    return int(raw)


async def list_tables(request: Request) -> Response:
    tables = _tables(request)
    return JSONResponse(
        {
            "provider": request.path_params["provider"],
            "tables": [{"name": name, "count": len(rows)} for name, rows in tables.items()],
        }
    )


async def list_records(request: Request) -> Response:
    rows = _table(request)
    params = request.query_params
    query = params.get("q", "").strip().casefold()
    if len(query) > MAX_QUERY:
        raise WorkspaceError(422, f"q is at most {MAX_QUERY} characters")
    page = _bounded(params, "page", 1, 1_000_000)
    per_page = _bounded(params, "per_page", PER_PAGE, MAX_PER_PAGE)
    found = [
        (key, document)
        for key, document in rows.items()
        if not query or query in key.casefold() or query in orjson.dumps(document).decode().casefold()
    ]
    start = (page - 1) * per_page
    return JSONResponse(
        {
            "provider": request.path_params["provider"],
            "table": request.path_params["table"],
            "q": params.get("q", ""),
            "total": len(found),
            "page": page,
            "per_page": per_page,
            "records": [{"id": key, "record": document} for key, document in found[start : start + per_page]],
        }
    )


async def show_record(request: Request) -> Response:
    rows = _table(request)
    key = request.path_params["record"]
    if key not in rows:
        raise WorkspaceError(404, f"no record {key!r} in {request.path_params['table']}")
    return JSONResponse({"id": key, "record": rows[key]})


DATA = "/workspaces/{id}/data/{provider}"
ROUTES = [
    Route(DATA, list_tables, methods=["GET"]),
    Route(DATA + "/{table}", list_records, methods=["GET"]),
    Route(DATA + "/{table}/{record}", show_record, methods=["GET"]),
]
