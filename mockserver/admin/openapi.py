"""The control plane's OpenAPI document, GET /_admin/openapi.json: the workspace routes, their
bodies as the pydantic models below, built by the same `core.openapi.build_document` that
builds the providers' documents.

The handlers read and write plain JSON; these models say what that JSON is, and the contract
fuzz test (tests/test_contract_fuzz.py) holds every answer to them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from mockserver.core.models import Model
from mockserver.core.openapi import Operation, build_document, response
from mockserver.core.operations import Param

WORKSPACE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
INSTANT = "an instant, ISO 8601 with a time zone (2026-01-31T12:00:00Z)"


# -- what the control plane is sent ------------------------------------------------------------


class WorkspaceCreate(Model):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, pattern=WORKSPACE_ID, description="default: ws_<random>")
    seed: int | None = Field(None, description="default: the server's --seed, or the source's")
    from_: str | None = Field(None, alias="from", description="fork this workspace's state and clock")
    clock_start: str | None = Field(None, description=INSTANT)
    scenarios: list[dict[str, Any]] | None = Field(
        None, description="scenario rules to start with ([] for none); default: the --scenario files'"
    )


class ClockChange(Model):
    """Any of the three; frozen first, then set, then advance."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    advance: str | None = Field(None, description="an ISO 8601 duration (P30D, PT2H)")
    set: str | None = Field(None, description=INSTANT)
    frozen: bool | None = None


class ClockState(Model):
    now: str
    start: str
    frozen: bool


class SnapshotRestore(Model):
    """A snapshot as GET .../snapshot answers it; only `state` is required."""

    state: dict[str, dict[str, Any]] = Field(description="per provider, its state")
    clock: ClockState | None = None


class ScenarioDocument(Model):
    """A scenario document (also accepted as YAML, application/yaml)."""

    rules: list[dict[str, Any]]


class RuleSwitch(Model):
    model_config = ConfigDict(extra="forbid")

    enabled: bool


# -- what it answers -----------------------------------------------------------------------------


class Health(Model):
    status: Literal["ok"]


class WorkspaceInfo(Model):
    id: str
    seed: int
    clock_start: str
    credentials: dict[str, dict[str, str]] = Field(description="per provider, what its clients send")


class WorkspaceList(Model):
    workspaces: list[WorkspaceInfo]


class Snapshot(WorkspaceInfo):
    clock: ClockState
    state: dict[str, dict[str, Any]]


class ExchangeSide(Model):
    headers: dict[str, str]
    body: Any = Field(description="JSON as JSON, anything else as text, null when empty")
    truncated: dict[str, int] | None = None


class JournalEntry(Model):
    id: int
    at: str
    provider: str
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    request: ExchangeSide
    response: ExchangeSide
    rule: str | None = Field(description="the scenario rule that answered, if one did")
    outbound: list[dict[str, Any]]


class Journal(Model):
    requests: list[JournalEntry] = Field(description="newest first")


class OutboxMessage(Model):
    model_config = ConfigDict(extra="allow")

    id: int
    at: str
    provider: str
    request_id: int | None = None


class Outbox(Model):
    messages: list[OutboxMessage] = Field(description="oldest first")


class Rule(Model):
    """A loaded rule: the rule as given, with its id, origin and counters."""

    model_config = ConfigDict(extra="allow")

    id: str
    origin: str
    enabled: bool
    matched: int
    hits: int


class Rules(Model):
    rules: list[Rule]


class AdminError(Model):
    error: str = Field(description="bad_request, not_found, conflict, invalid, too_many, ...")
    message: str
    problems: list[str] | None = Field(None, description="a scenario document's problems, each")


# -- the routes ----------------------------------------------------------------------------------


def _errors(*statuses: int) -> dict:
    said = {
        400: "malformed JSON, or no body where one is needed",
        404: "no such workspace (or rule)",
        409: "conflict: an id already taken, or the default workspace",
        413: "the body is larger than the server's limit",
        415: "a body that is not JSON (or YAML, for scenarios)",
        422: "invalid: the message says what",
        429: "as many workspaces as --max-workspaces allows",
    }
    return {status: response(said[status], AdminError) for status in statuses}


WS = "/workspaces/{id}"
ID = Param("id", "path", {"type": "string"}, "a workspace id (default: the default workspace)", True)
RULE_ID = Param("rule_id", "path", {"type": "string"}, "a rule id as listed (r1, r2, ...)", True)
JOURNAL_FILTERS = (
    Param("provider", schema={"type": "string"}),
    Param("method", schema={"type": "string"}),
    Param("path", schema={"type": "string"}, description="a glob, or without wildcards a prefix"),
    Param("status", schema={"type": "integer"}),
    Param("limit", schema={"type": "integer"}),
)
BODY = (400, 413, 415)


def _op(method: str, path: str, name: str, summary: str, answers: dict, **more: Any) -> Operation:
    tag = "workspaces" if path.count("/") <= 2 else path.split("/")[3]
    params: tuple[Param, ...] = (ID,) if "{id}" in path else ()
    params += (RULE_ID,) if "{rule_id}" in path else ()
    return Operation(
        method, path, name, summary, tag, params + more.pop("params", ()), responses=answers, **more
    )


OPERATIONS = [
    _op("GET", "/health", "health", "The server is up", {200: response("up", Health)}),
    _op("GET", "/workspaces", "listWorkspaces", "All workspaces", {200: response("all", WorkspaceList)}),
    _op(
        "POST",
        "/workspaces",
        "createWorkspace",
        "A new workspace: seeded, or a fork of another (from)",
        {201: response("created", WorkspaceInfo), **_errors(*BODY, 404, 409, 422, 429)},
        request=WorkspaceCreate,
    ),
    _op("GET", WS, "getWorkspace", "One workspace", {200: response("found", WorkspaceInfo), **_errors(404)}),
    _op(
        "DELETE",
        WS,
        "deleteWorkspace",
        "Delete a workspace (never the default one)",
        {204: response("deleted"), **_errors(404, 409)},
    ),
    _op(
        "POST",
        f"{WS}/reset",
        "resetWorkspace",
        "Back to the seeded state: data, clock, journal, outbox; rules stay, counters restart",
        {200: response("reset", WorkspaceInfo), **_errors(404)},
    ),
    _op(
        "GET",
        f"{WS}/snapshot",
        "getSnapshot",
        "The workspace's state and clock",
        {200: response("its state", Snapshot), **_errors(404)},
    ),
    _op(
        "PUT",
        f"{WS}/snapshot",
        "restoreSnapshot",
        "Replace state (and clock) from a snapshot, validated whole first",
        {200: response("restored", WorkspaceInfo), **_errors(*BODY, 404, 422)},
        request=SnapshotRestore,
    ),
    _op("GET", f"{WS}/clock", "getClock", "The clock", {200: response("now", ClockState), **_errors(404)}),
    _op(
        "POST",
        f"{WS}/clock",
        "moveClock",
        "Freeze, set or advance the clock (what became due runs)",
        {200: response("moved", ClockState), **_errors(*BODY, 404, 422)},
        request=ClockChange,
    ),
    _op(
        "GET",
        f"{WS}/requests",
        "listRequests",
        "The journal: every request and answer, newest first",
        {200: response("matching", Journal), **_errors(404, 422)},
        params=JOURNAL_FILTERS,
    ),
    _op(
        "DELETE",
        f"{WS}/requests",
        "clearRequests",
        "Empty the journal",
        {204: response("emptied"), **_errors(404)},
    ),
    _op(
        "GET",
        f"{WS}/outbox",
        "listOutbox",
        "What the providers would have sent, oldest first",
        {200: response("messages", Outbox), **_errors(404)},
        params=(Param("provider", schema={"type": "string"}),),
    ),
    _op(
        "DELETE",
        f"{WS}/outbox",
        "clearOutbox",
        "Empty the outbox",
        {204: response("emptied"), **_errors(404)},
    ),
    _op(
        "GET",
        f"{WS}/scenarios",
        "listRules",
        "The scenario rules",
        {200: response("rules", Rules), **_errors(404)},
    ),
    _op(
        "POST",
        f"{WS}/scenarios",
        "addRules",
        "Add a scenario document's rules: all of them or none",
        {201: response("added", Rules), **_errors(*BODY, 404, 422)},
        request=ScenarioDocument,
    ),
    _op(
        "DELETE",
        f"{WS}/scenarios",
        "clearRules",
        "Remove every rule",
        {204: response("removed"), **_errors(404)},
    ),
    _op(
        "DELETE",
        f"{WS}/scenarios/{{rule_id}}",
        "removeRule",
        "Remove one rule",
        {204: response("removed"), **_errors(404)},
    ),
    _op(
        "PATCH",
        f"{WS}/scenarios/{{rule_id}}",
        "switchRule",
        "Enable or disable one rule",
        {200: response("switched", Rule), **_errors(*BODY, 404, 422)},
        request=RuleSwitch,
    ),
]


def document() -> dict:
    built = build_document(
        title="mockserver control plane",
        version="1",
        description=(
            "Workspaces, their clocks, journals, outboxes, snapshots and scenario rules. Beyond "
            "loopback every route wants Authorization: Bearer <admin token> (401 without it); on "
            "loopback, a cross-site Origin or a Host that is not a loopback name is refused, 403."
        ),
        server_url="/_admin",
        operations=OPERATIONS,
    )
    # Creating a workspace needs no body: none is {}.
    built["paths"]["/workspaces"]["post"]["requestBody"]["required"] = False
    return built
