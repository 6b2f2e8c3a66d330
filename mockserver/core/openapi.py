"""OpenAPI documents built from the same pydantic models that validate requests.

A provider lists its operations as data (`Operation`); `build_document` turns the list and the
models into an OpenAPI 3.1 document, so the document cannot drift from what the server accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

REF_TEMPLATE = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Param:
    name: str
    location: str = "query"  # query | path | header
    schema: dict = field(default_factory=lambda: {"type": "string"})
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    tag: str = ""
    params: tuple[Param, ...] = ()
    request: type[BaseModel] | None = None
    request_media_type: str = "application/json"
    # status -> (description, model or None, media type)
    responses: dict = field(default_factory=dict)
    secured: bool = True


def response(description: str, model: type[BaseModel] | None = None, media_type: str = "application/json"):
    return (description, model, media_type)


def build_document(
    *,
    title: str,
    version: str,
    description: str,
    server_url: str,
    operations: list[Operation],
    security_schemes: dict | None = None,
) -> dict:
    requests = {op.request for op in operations if op.request}
    answers = {model for op in operations for _, model, _ in op.responses.values() if model}
    keyed = [(m, "validation") for m in sorted(requests, key=_name)] + [
        (m, "serialization") for m in sorted(answers, key=_name)
    ]
    refs, definitions = models_json_schema(keyed, ref_template=REF_TEMPLATE)
    paths: dict = {}
    for op in operations:
        entry: dict = {"operationId": op.operation_id, "summary": op.summary, "responses": {}}
        if op.tag:
            entry["tags"] = [op.tag]
        path_params = [p for p in _path_params(op.path) if p not in {q.name for q in op.params}]
        params = [Param(name, "path", {"type": "integer"}, required=True) for name in path_params] + list(
            op.params
        )
        if params:
            entry["parameters"] = [_param(p) for p in params]
        if op.request:
            entry["requestBody"] = {
                "required": True,
                "content": {op.request_media_type: {"schema": refs[(op.request, "validation")]}},
            }
        for status, (text, model, media_type) in sorted(op.responses.items()):
            answer: dict = {"description": text}
            if model:
                answer["content"] = {media_type: {"schema": refs[(model, "serialization")]}}
            elif media_type != "application/json":
                answer["content"] = {media_type: {"schema": {"type": "string"}}}
            entry["responses"][str(status)] = answer
        if not op.secured:
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    document = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": definitions.get("$defs", {})},
    }
    if security_schemes:
        document["components"]["securitySchemes"] = security_schemes
        document["security"] = [{name: []} for name in security_schemes]
    return document


def _name(model: type[BaseModel]) -> str:
    return model.__name__


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _param(param: Param) -> dict:
    out = {
        "name": param.name,
        "in": param.location,
        "required": param.required or param.location == "path",
        "schema": param.schema,
    }
    if param.description:
        out["description"] = param.description
    return out
