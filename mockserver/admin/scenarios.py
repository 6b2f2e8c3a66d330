"""Scenario rules through the control plane, and the rules every new workspace starts with.

`GET/POST/DELETE /_admin/workspaces/{id}/scenarios` list, add (YAML or JSON body, the file
format) and remove a workspace's rules. `ScenarioHook` gives each workspace created later the
`--scenario` files' rules, unless its creation body says otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.admin.routes import JSONResponse, read_json, workspace_from
from mockserver.core.scenarios import ScenarioError, load_file, parse_document, parse_text
from mockserver.core.workspaces import Workspace, WorkspaceError

if TYPE_CHECKING:
    from mockserver.core.scenarios.models import RuleSpec

STARTUP_ORIGIN = "file:"


def invalid(problems: list[str]) -> JSONResponse:
    return JSONResponse(
        {"error": "invalid", "message": "; ".join(problems), "problems": problems}, status_code=422
    )


def providers_of(request: Request) -> frozenset[str]:
    return frozenset(request.app.state.registry.providers)


async def list_rules(request: Request) -> Response:
    workspace = workspace_from(request)
    return JSONResponse({"rules": [rule.listing() for rule in workspace.scenarios]})


async def add_rules(request: Request) -> Response:
    """A whole document or nothing: one bad rule and none of them is loaded."""
    workspace = workspace_from(request)
    body = await request.body()
    if not body.strip():
        raise WorkspaceError(400, 'expected a scenario document such as {"rules": [...]} (YAML or JSON)')
    try:
        specs = parse_text(body, "request body", providers_of(request))
    except ScenarioError as error:
        return invalid(error.problems)
    added = workspace.scenarios.add(specs)
    return JSONResponse({"rules": [rule.listing() for rule in added]}, status_code=201)


async def clear_rules(request: Request) -> Response:
    workspace_from(request).scenarios.clear()
    return Response(status_code=204)


async def remove_rule(request: Request) -> Response:
    rule_id = request.path_params["rule_id"]
    if not workspace_from(request).scenarios.remove(rule_id):
        raise WorkspaceError(404, f"no scenario rule {rule_id!r} in this workspace")
    return Response(status_code=204)


async def switch_rule(request: Request) -> Response:
    """`PATCH .../scenarios/{rule_id}` `{"enabled": false}`: a disabled rule keeps its place and
    counters but neither fires nor counts until enabled again."""
    body = await read_json(request)
    if not isinstance(body, dict) or set(body) != {"enabled"} or not isinstance(body["enabled"], bool):
        raise WorkspaceError(422, 'expected {"enabled": true} or {"enabled": false}')
    rule_id = request.path_params["rule_id"]
    rule = workspace_from(request).scenarios.enable(rule_id, body["enabled"])
    if rule is None:
        raise WorkspaceError(404, f"no scenario rule {rule_id!r} in this workspace")
    return JSONResponse(rule.listing())


ROUTES = [
    Route("/workspaces/{id}/scenarios", list_rules, methods=["GET"]),
    Route("/workspaces/{id}/scenarios", add_rules, methods=["POST"]),
    Route("/workspaces/{id}/scenarios", clear_rules, methods=["DELETE"]),
    Route("/workspaces/{id}/scenarios/{rule_id}", remove_rule, methods=["DELETE"]),
    Route("/workspaces/{id}/scenarios/{rule_id}", switch_rule, methods=["PATCH"]),
]


class ScenarioHook:
    """Rules for a workspace being created: the creation body's `"scenarios"` (a list of rules;
    `[]` for none) if given, else a fork's source workspace's rules, else the startup files'."""

    def __init__(self, startup: list[tuple[str, list[RuleSpec]]], providers: frozenset[str]) -> None:
        self.startup = startup
        self.providers = providers

    def _given(self, body: dict) -> list[RuleSpec]:
        rules = body["scenarios"]
        if not isinstance(rules, list):
            raise WorkspaceError(422, "scenarios is a list of scenario rules ([] for none)")
        try:
            return parse_document({"rules": rules}, "scenarios", self.providers)
        except ScenarioError as error:
            raise WorkspaceError(422, "; ".join(error.problems)) from None

    def validate(self, body: dict) -> None:
        if "scenarios" in body:
            self._given(body)

    def created(self, workspace: Workspace, body: dict) -> None:
        if "scenarios" in body:
            workspace.scenarios.add(self._given(body))
        elif body.get("from") is not None:
            for rule in workspace.registry.get(body["from"]).scenarios:
                workspace.scenarios.add([rule.spec], rule.origin)
        else:
            load_startup(workspace, self.startup)


def load_startup(workspace: Workspace, startup: list[tuple[str, list[RuleSpec]]]) -> None:
    """The `--scenario` files' rules, replacing any an earlier run left in persisted state."""
    workspace.scenarios.remove_origin(STARTUP_ORIGIN)
    for path, specs in reversed(startup):
        workspace.scenarios.add(specs, STARTUP_ORIGIN + path, first=True)


def load_startup_files(paths: list[str], providers: frozenset[str]) -> list[tuple[str, list[RuleSpec]]]:
    """All `--scenario` files, or ScenarioError naming every problem in any of them."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load_file(path, providers)))
        except ScenarioError as error:
            problems.extend(error.problems)
    if problems:
        raise ScenarioError(problems)
    return loaded
