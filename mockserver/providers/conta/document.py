"""The OpenAPI document the sandbox serves at `/conta/openapi.json`: Conta's published one
(spec.py) filtered to what is emulated, the errors as they are on the wire, the exceptions an
operation borrows from a sibling route (`x-mockserver-borrowed`), and the operations the sandbox
adds itself, marked `x-mockserver-guide-only` or `x-mockserver-sandbox-only`."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import orjson

from mockserver.providers.conta import spec

GUIDE_ONLY_NOTE = (
    "Not in Conta's published document: the guide (hjelp.conta.no/api) lists it, and the sandbox "
    "emulates it. Answers 200 with an empty body; a customer that invoices refer to is refused "
    "with 409 InUseIdModelStorageException."
)
HEADERS = ("httpContaLanguage", "httpContaForceRollback", "httpForceReadonlyDb")


def _refs(node) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            kind, name = node["$ref"].split("/")[-2:]
            yield kind, name
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(components: dict, paths: dict) -> dict:
    """Only the components the kept paths refer to, directly or through other components."""
    kept: dict[str, dict] = {}
    pending = list(_refs(paths))
    while pending:
        kind, name = pending.pop()
        if name in kept.setdefault(kind, {}):
            continue
        kept[kind][name] = components[kind][name]
        pending.extend(_refs(components[kind][name]))
    return {kind: dict(sorted(found.items())) for kind, found in kept.items()}


def _ref(parameter: str) -> dict:
    return {"$ref": f"#/components/parameters/{parameter}"}


def _served_responses(responses: dict) -> dict:
    """Responses as served: each schema under `schema`, error schemas as on the wire."""
    served = copy.deepcopy(responses)
    for status, answer in served.items():
        for media_type, media in list(answer.get("content", {}).items()):
            if "schema" not in media:
                answer["content"][media_type] = media = {"schema": media}
            if status >= "400":
                media["schema"] = _wire_errors(media["schema"])
    return served


def _wire_error(component: str) -> dict:
    if component == "errorResponseInput":
        return spec.error_schema("InputOpException")
    if component == "errorResponseSystem":
        return spec.error_schema("SystemException")
    if component == "errorResponseCustom":  # any business exception, by its own name
        return {
            "type": "object",
            "properties": {
                "category": {"type": "string", "enum": ["CUSTOM"]},
                "name": {"type": "string"},
                "messages": spec.MESSAGES,
            },
            "required": ["category", "name", "messages"],
        }
    return spec.error_schema(spec.exception_name(component))


def _wire_errors(schema: dict) -> dict:
    """An error answer's published exception components (a `$ref` or a `oneOf` of them), as
    the envelopes those errors have on the wire (`spec.error_schema`): the published ones type
    `messages` as an array and leave `name` open, so no real error body matched exactly one."""
    if "$ref" in schema:
        return _wire_error(schema["$ref"].split("/")[-1])
    refs = [option["$ref"] for option in schema.get("oneOf", ()) if "$ref" in option]
    if not refs or len(refs) != len(schema["oneOf"]):
        return schema
    return {"oneOf": [_wire_error(ref.split("/")[-1]) for ref in refs]}


def _with_borrowed(responses: dict, options) -> dict:
    """The published responses with the 422 exceptions the sandbox borrows on this operation
    (`options={"borrowed": names}`: declared by the spec on a sibling route) added to its
    `oneOf`, and named in `x-mockserver-borrowed`, so the served document lists every answer."""
    names = options.get("borrowed", ())
    if not names:
        return responses
    refs = [{"$ref": f"#/components/schemas/{name[:1].lower()}{name[1:]}"} for name in names]
    published = copy.deepcopy(responses.get("422")) or {"description": "Custom error", "content": {}}
    media = published["content"].setdefault("application/json", {})
    schema = media.get("schema", media)  # a schema written in place of its media type, or none yet
    schema.setdefault("oneOf", []).extend(ref for ref in refs if ref not in schema["oneOf"])
    published["x-mockserver-borrowed"] = list(names)
    return {**responses, "422": published}


def _sandbox_only(method: str, path: str, op, template: dict) -> dict:
    """An operation the sandbox adds on its own (the invoice file download behind `fileUrl`),
    documented from its declaration and marked `x-mockserver-sandbox-only`."""
    own = [
        {
            "name": p.name,
            "in": p.location,
            "required": p.required,
            "schema": dict(p.schema),
            "description": p.description,
        }
        for p in op.params
    ]
    return {
        "tags": [op.tag] if op.tag else [],
        "summary": op.summary,
        "description": "Not in Conta's published document: served by the sandbox only.",
        "operationId": f"{method.upper()} {path} (sandbox only)",
        "x-mockserver-sandbox-only": True,
        "parameters": [
            _ref("httpContaApiGatewayKey"),
            _ref("opContextOrgId"),
            *own,
            *(_ref(n) for n in HEADERS),
        ],
        "responses": _served_responses(
            {
                **template,
                "200": {
                    "description": op.returns,
                    "content": {op.media_type: {"schema": {"type": "string", "format": "binary"}}},
                },
            }
        ),
    }


def document(provider) -> dict:
    """The published document filtered to the emulated operations (and the components they
    use), plus the guide-only customer DELETE (marked `x-mockserver-guide-only`). Two fixes make it valid OpenAPI without changing
    what it says: a response schema written in place of its media-type object is moved under
    `schema`, and the headers of the `/defaultRequest` template are listed on every path."""
    source = orjson.loads(spec.DOCUMENT.read_bytes())
    emulated = {(op.method.lower(), op.documented_path): op for op in provider.operations}
    # The template's errors (401, 403, 404, ...) may answer any route, as the description says;
    # listed on each operation so that a client (and a contract check) knows their shapes.
    template = source["paths"].get("/defaultRequest", {}).get("get", {}).get("responses", {})
    paths: dict = {}
    for path, item in source["paths"].items():
        kept = {m: entry for m, entry in item.items() if m in spec.METHODS and (m, path) in emulated}
        if not kept:
            continue
        for method, entry in kept.items():
            responses = _with_borrowed(entry.get("responses", {}), emulated[(method, path)].options)
            entry["responses"] = _served_responses({**template, **responses})
        # Path-level parameters go on each operation: a path's keys are its methods only.
        shared = [*item.get("parameters", ()), *(_ref(name) for name in HEADERS)]
        for entry in kept.values():
            entry["parameters"] = [*shared, *entry.get("parameters", ())]
        paths[path] = kept
    for (method, path), op in emulated.items():
        if op.options.get("guide-only"):
            entry = {
                "tags": [op.tag] if op.tag else [],
                "summary": op.summary,
                "description": GUIDE_ONLY_NOTE,
                "operationId": f"{method.upper()} {path} (guide only)",
                "x-mockserver-guide-only": True,
                "parameters": [
                    _ref("httpContaApiGatewayKey"),
                    _ref("opContextOrgId"),
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    },
                    *(_ref(name) for name in HEADERS),
                ],
                "responses": _served_responses({**template, "200": {"description": "Null"}}),
            }
            paths.setdefault(path, {})[method] = entry
        elif op.options.get("sandbox-only"):
            paths.setdefault(path, {})[method] = _sandbox_only(method, path, op, template)
    source["paths"] = paths
    source["components"] = _reachable(source["components"], paths)
    source["servers"] = [{"url": f"/{provider.name}"}]
    source["info"] = {
        **source["info"],
        "description": (
            "Conta's published API document, filtered to the operations mockserver emulates "
            f"({sum(1 for m, p in emulated if spec.operation(m.upper(), p))} of {sum(1 for _ in spec.operations())}, "
            "plus the guide's customer DELETE and the sandbox's own invoice file download). "
            "Every route may also answer the errors of the published template: 401 "
            "LoginRequiredException, 403 OrgAccessDeniedException, 404, 405, 409 InputOpException, "
            "413 PostRequestTooLargeException, 500, 503 MaintenanceException."
        ),
    }
    source["components"]["securitySchemes"] = {"apiKey": {"type": "apiKey", "in": "header", "name": "apiKey"}}
    source["security"] = [{"apiKey": []}]
    return source
