"""GET /_admin/openapi.json describes the control plane's workspace routes from the pydantic
models of their bodies; the contract fuzz test holds the answers to it."""

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount, Route

from mockserver.admin.openapi import OPERATIONS, WorkspaceInfo
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.openapi_refs import unresolved_refs


@pytest.fixture(scope="module")
def document(mockserver):
    answer = httpx.get(f"{mockserver.url}/_admin/openapi.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    return answer.json()


def test_the_document_lists_the_workspace_routes(document):
    listed = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert listed == {(op.method, op.path) for op in OPERATIONS}
    for route in ("", "/reset", "/snapshot", "/clock", "/requests", "/outbox", "/scenarios"):
        assert any(path == "/workspaces/{id}" + route for _, path in listed), route
    assert document["servers"] == [{"url": "/_admin"}]
    assert unresolved_refs(document) == []


def test_the_creation_body_is_optional_and_named_as_sent(document):
    create = document["paths"]["/workspaces"]["post"]
    assert create["requestBody"]["required"] is False
    properties = document["components"]["schemas"]["WorkspaceCreate"]["properties"]
    assert set(properties) == {"id", "seed", "from", "clock_start", "scenarios"}


def _routed() -> set[tuple[str, str]]:
    """(method, path) of every plain route of the control plane's Starlette app."""
    app = create_app(Settings())
    admin = next(r for r in app.app.routes if isinstance(r, Mount) and r.path == "/_admin").app
    while not isinstance(admin, Starlette):  # inside the guard and the token check
        admin = admin.app
    return {
        (method, route.path)
        for route in admin.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_every_documented_pair_is_routed_and_every_workspace_route_documented():
    routed = _routed()
    documented = {(op.method, op.path) for op in OPERATIONS}
    assert documented <= routed
    families = ("", "/reset", "/snapshot", "/clock", "/requests", "/outbox", "/scenarios")
    workspace_routes = {
        (method, path)
        for method, path in routed
        if path in ("/workspaces", "/health")
        or any(
            path.startswith("/workspaces/{id}" + family) and (family or path == "/workspaces/{id}")
            for family in families
        )
    }
    assert workspace_routes == documented


def test_a_workspace_answer_matches_its_model(mockserver):
    WorkspaceInfo.model_validate(httpx.get(f"{mockserver.url}/_admin/workspaces/default").json())
