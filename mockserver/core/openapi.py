"""OpenAPI documents built from the same declarations and models that route and validate.

`derive_document(provider)` reads a provider's `Operation` declarations (core.operations) and
their pydantic models into an OpenAPI 3.1 document, so the document cannot drift from what the
server accepts and answers. A provider that publishes its own document declares `document`
instead and serves that, filtered to what is emulated (`published_subset`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import UnionType
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from mockserver.core.operations import CONVERTER, Param

if TYPE_CHECKING:
    from mockserver.core import operations
    from mockserver.core.providers import Provider

REF_TEMPLATE = "#/components/schemas/{model}"


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
    # status -> (description, model, `A | B` or None, media type)
    responses: dict = field(default_factory=dict)
    secured: bool = True


def derive_document(provider: Provider) -> dict:
    return build_document(
        title=provider.title,
        version=provider.version,
        description=provider.description,
        server_url=f"/{provider.name}",
        operations=[_documented(op) for op in provider.operations],
        security_schemes=dict(provider.security_schemes) or None,
    )


def _documented(op: operations.Operation) -> Operation:
    path_types = dict(CONVERTER.findall(op.path))
    declared = {param.name for param in op.params}  # a path parameter with its own description
    params = [
        Param(name, "path", {"type": "integer" if kind == "int" else "string"}, required=True)
        for name, kind in path_types.items()
        if name not in declared
    ]
    if op.query is not None:
        schema = op.query.model_json_schema(ref_template=REF_TEMPLATE)
        required = set(schema.get("required", ()))
        for name, prop in schema.get("properties", {}).items():
            description = prop.pop("description", "")
            prop.pop("title", None)
            params.append(Param(name, "query", prop, description, name in required))
    params.extend(op.params)
    return Operation(
        op.method,
        op.documented_path,
        op.name,
        op.summary,
        op.tag,
        tuple(params),
        request=op.body,
        request_media_type=op.body_media_type,
        responses={op.status: (op.returns or "success", op.response, op.media_type), **op.errors},
        secured=op.secured,
    )


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
    answers = {one for op in operations for _, model, _ in op.responses.values() for one in _one_of(model)}
    keyed: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (m, "validation") for m in sorted(requests, key=_name)
    ]
    keyed += [(m, "serialization") for m in sorted(answers, key=_name)]
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
                schemas = [refs[(one, "serialization")] for one in _one_of(model)]
                schema = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
                answer["content"] = {media_type: {"schema": schema}}
            elif media_type != "application/json":
                answer["content"] = {media_type: {"schema": {"type": "string"}}}
            entry["responses"][str(status)] = answer
        if not op.secured:
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry
    document: dict[str, Any] = {
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


def _one_of(model: type[BaseModel] | UnionType | None) -> tuple[type[BaseModel], ...]:
    """The models an answer may be: `A | B` is declared for an answer that is one or the other."""
    if model is None:
        return ()
    return get_args(model) if isinstance(model, UnionType) else (model,)


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
