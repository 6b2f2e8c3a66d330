"""One declaration per operation, and the one endpoint that runs any of them.

An `Operation` says everything about one method and path: the models of its path, query and
body, its success status and response model, the errors it may answer, the rule it calls and a
summary. Routing, the OpenAPI document, the docs page and the route/document test all read the
same declarations, so none of them can drift from what the server does.

Running one is always the same: the provider's `Dialect` parses the request into the rule's
arguments (Rails-style collect-all, Konto's first error, strict report-all: the dialect's
choice), the rule runs inside a store transaction with a `Call` (state, clock, credentials,
outbox; never the request), and the dialect renders the result in the provider's envelope.
Errors raised on the way are rendered by the provider's `ErrorShape`; anything unexpected is
logged once with its traceback and answered as the provider's 500.

The odd endpoint (an HTML page, an upload) declares `read` and/or `write` of its own: it is
still in the table, so it is routed, documented and counted like the rest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from pydantic import BaseModel
from starlette.responses import Response

from mockserver.core.errors import ErrorShape, ProviderError
from mockserver.core.incoming import Incoming

if TYPE_CHECKING:
    from types import UnionType

    from mockserver.core.clock import Clock
    from mockserver.core.store import Store

log = logging.getLogger("mockserver.operations")


@dataclass(frozen=True)
class Param:
    """A parameter documented beside the models (a header, a query parameter the dialect reads
    itself)."""

    name: str
    location: str = "query"  # query | path | header
    schema: Mapping = field(default_factory=lambda: {"type": "string"})
    description: str = ""
    required: bool = False


def answer(
    description: str, model: type[BaseModel] | UnionType | None = None, media_type: str = "application/json"
):
    """A documented error answer of an operation: `errors={404: answer("not found", Error)}`, or
    `answer("refused", Message | Errors)` for an answer that is one model or the other."""
    return (description, model, media_type)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # below the provider's prefix; `{id:int}` or `{name}` segments
    rule: Callable[..., Any]
    summary: str
    operation_id: str = ""  # defaults to the rule's name
    tag: str = ""
    body: type[BaseModel] | None = None
    body_media_type: str = "application/json"
    query: type[BaseModel] | None = None
    params: tuple[Param, ...] = ()
    status: int = 200
    response: type[BaseModel] | None = None
    media_type: str = "application/json"
    returns: str = ""  # what the success answer is, in a few words
    errors: Mapping[int, tuple] = field(default_factory=dict)  # status -> answer(...)
    secured: bool = True
    # Escape hatches, still declared here: parse the request / render the result this way.
    read: Callable[[Operation, Incoming, dict, Call], dict] | None = None
    write: Callable[[Operation, Any, Call], Response] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # what the provider's dialect reads

    @property
    def name(self) -> str:
        return self.operation_id or self.rule.__name__

    @property
    def documented_path(self) -> str:
        """The path as OpenAPI writes it: `/clients/{id}`."""
        return CONVERTER.sub(r"{\1}", self.path)


class Call:
    """What a rule gets: the provider's store in this workspace, the workspace clock (`now()`
    is the request's instant, the same however often a rule asks), its credentials, the
    outbox, and how to write a link back to this sandbox."""

    __slots__ = (
        "store",
        "clock",
        "credentials",
        "workspace_id",
        "seed",
        "_base_url",
        "path",
        "outbound",
        "_now",
    )

    def __init__(
        self,
        store: Store,
        clock: Clock,
        credentials: Mapping[str, str],
        workspace_id: str,
        seed: int,
        base_url: str | Callable[[], str],
        path: str,
        now: datetime | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.credentials = credentials
        self.workspace_id = workspace_id
        self.seed = seed
        self._base_url = base_url  # or how to work it out, when a link is written
        self.path = path
        self.outbound: list[dict] = []
        self._now = now  # the request's instant, when the gateway has read it: one per request

    @property
    def base_url(self) -> str:
        """The provider's root as the client reached it: "http://host:8080/fakturan"."""
        if not isinstance(self._base_url, str):
            self._base_url = self._base_url()
        return self._base_url

    def now(self) -> datetime:
        return self._now if self._now is not None else self.clock.now()

    def today(self) -> date:
        return self.now().date()

    def send(self, message: dict) -> None:
        """Put a message in the outbox: delivered only if the rule succeeds."""
        self.outbound.append(message)

    def link(self, path: str = "", query: str = "") -> str:
        """An absolute URL of `path` (below the provider's prefix) as the client reached us."""
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")


class Dialect(Protocol):
    """How one provider reads requests into rule arguments and writes results back."""

    def parse(self, operation: Operation, incoming: Incoming, params: dict, call: Call) -> dict: ...

    def answer(self, operation: Operation, result: Any, call: Call) -> Response: ...


# -- routing ---------------------------------------------------------------------------------------

CONVERTER = re.compile(r"{(\w+)(?::(\w+))?}")
_PATTERNS = {"int": (r"[0-9]+", int), "str": (r"[^/]+", str)}
_UNNAMED = re.compile(r"\(\?P<\w+>")  # a named group's opening, for a template's shape
FOUND_CAPACITY = 1024  # paths whose match a router keeps


class Match(NamedTuple):
    """What the router found (a named tuple: built on every request, and cheaper than a frozen
    dataclass)."""

    operation: Operation | None
    params: dict
    allowed: tuple[str, ...] = ()  # methods at this path when `operation` is None


class Router:
    """Method and path to operation: a dict for literal paths, one regex per templated one."""

    def __init__(self, operations: Sequence[Operation]) -> None:
        self.literal: dict[str, dict[str, Operation]] = {}
        self.templated: list[tuple[re.Pattern, dict[str, Callable], dict[str, Operation]]] = []
        # Operations whose parameters are named otherwise than their path's first operation's
        # (Conta: GET `invoices/{id}/payments`, POST `invoices/{invoiceId}/payments`), by id.
        self.renamed: dict[int, tuple[str, ...]] = {}
        by_pattern: dict[str, tuple[re.Pattern, dict, dict]] = {}
        for op in operations:
            if "{" not in op.path:
                methods = self.literal.setdefault(op.path, {})
            else:
                source, casts = _compile(op.path)
                shape = _UNNAMED.sub("(", source)
                if shape not in by_pattern:
                    by_pattern[shape] = (re.compile(source), casts, {})
                    self.templated.append(by_pattern[shape])
                elif by_pattern[shape][0].pattern != source:
                    self.renamed[id(op)] = tuple(found.group(1) for found in CONVERTER.finditer(op.path))
                methods = by_pattern[shape][2]
            if op.method in methods:
                raise ValueError(f"two operations for {op.method} {op.path}")
            methods[op.method] = op
        # What `match` found at templated paths lately: a client asks for the same few paths
        # over and over, and a dict lookup costs a fraction of trying each template in turn.
        self._found: dict[tuple[str, str], tuple[Operation | None, tuple, tuple[str, ...]]] = {}

    def match(self, method: str, path: str) -> Match:
        if path in self.literal:
            return self._match(method, path)
        key = (method, path)
        found = self._found.get(key)
        if found is None:
            matched = self._match(method, path)
            if len(self._found) >= FOUND_CAPACITY:
                self._found.clear()  # any path with an id is another key: start over, not grow
            found = self._found[key] = (matched.operation, tuple(matched.params.items()), matched.allowed)
        # The params are a new dict each time: a dialect may build its arguments on them.
        return Match(found[0], dict(found[1]), found[2])

    def _match(self, method: str, path: str) -> Match:
        methods = self.literal.get(path)
        params: dict = {}
        if methods is None:
            for pattern, casts, candidates in self.templated:
                found = pattern.fullmatch(path)
                if found:
                    methods = candidates
                    params = {name: casts[name](value) for name, value in found.groupdict().items()}
                    break
        if methods is None:
            return Match(None, {})
        # HEAD is answered as GET where only GET is declared, as Starlette routes answered it
        # before providers moved onto the registry (the server sends the headers only).
        op = methods.get(method) or (methods.get("GET") if method == "HEAD" else None)
        if op is not None and self.renamed and id(op) in self.renamed:
            params = dict(zip(self.renamed[id(op)], params.values(), strict=True))
        return Match(op, params) if op else Match(None, params, tuple(methods))


def _compile(template: str) -> tuple[str, dict[str, Callable]]:
    casts: dict[str, Callable] = {}
    out, last = "", 0
    for found in CONVERTER.finditer(template):
        name, kind = found.group(1), found.group(2) or "str"
        pattern, cast = _PATTERNS[kind]
        casts[name] = cast
        out += re.escape(template[last : found.start()]) + f"(?P<{name}>{pattern})"
        last = found.end()
    return out + re.escape(template[last:]), casts


# -- running ---------------------------------------------------------------------------------------


def run(operation: Operation, params: dict, incoming: Incoming, call: Call, dialect: Dialect) -> Response:
    """Parse, then call the rule and render its result in one store transaction: a result that
    cannot be rendered leaves nothing stored either. Raises ProviderError."""
    read = operation.read or dialect.parse
    write = operation.write or dialect.answer
    arguments = read(operation, incoming, params, call)
    with call.store.transaction():
        return write(operation, operation.rule(call, **arguments), call)


def respond(
    router: Router,
    dialect: Dialect,
    errors: ErrorShape,
    incoming: Incoming,
    call: Call,
) -> Response:
    """The provider's answer to one request, whatever happens on the way."""
    try:
        found = router.match(incoming.method, incoming.path)
        if found.operation is None:
            if found.allowed:
                return errors.method_not_allowed(incoming.method, incoming.path, found.allowed)
            return errors.not_found(incoming.method, incoming.path)
        try:
            return run(found.operation, found.params, incoming, call, dialect)
        except ProviderError as error:
            call.outbound.clear()
            return errors.render(error)
    except Exception:
        call.outbound.clear()
        log.exception("unexpected error in %s %s", incoming.method, incoming.path)
        return errors.status(500)
