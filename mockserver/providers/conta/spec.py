"""Conta's published OpenAPI document: the source of the request schemas the sandbox validates
against, of the document it serves, and of the checks its tests run on every answer.

The document (conta-openapi.json beside this file, a copy of the one Conta publishes) has
defects that trip standard validators; they are handled here, once:
- 11 responses put the schema straight under `application/json` with no `schema` key: the
  media-type object itself is taken as the schema (`content_schema`).
- Error schemas type `messages` as an array although every real body has an object
  `{"EN": ..., "NO": ...}`; custom exceptions list their property names in a top-level
  `required`; `errorResponseInput` types `errors` as strings: `error_schema` builds the corrected
  envelope instead of using those schemas as they stand.
- `GET /defaultRequest` is no operation but the template of the errors every route may answer:
  it is left out of what is served and counted.

Validation is a small interpreter of exactly the JSON-schema keywords the document uses (type,
properties, required, items, enum, minLength/maxLength, minimum/maximum, pattern, format date,
date-time and email, x-earliest/x-latest, nullable, $ref, allOf, oneOf): the schemas are used
as published, nothing is transcribed by hand into models that could drift from them, and the
jsonschema package (not a dependency) would still need every one of these fixes. Numbers are
also bounded by what Conta can store (int64, and ±99 999 999 999.99 for money) where the
document declares a wider range or none, so no value a client sends overflows. Every failed
condition is reported, with the path, the value and the spec's `x-asgard-datatype`, which is
what Conta's `InputOpException` lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson

DOCUMENT = Path(__file__).with_name("conta-openapi.json")
TEMPLATE = "/defaultRequest"
METHODS = ("get", "post", "put", "delete", "patch")
# Bounds of what Conta can store, applied where the document declares none or a wider one:
# integers are int64, numbers are money (`ASGARD_TYPE_CURRENCY`, ±99 999 999 999.99; prices and
# quantities are typed FLOAT with double's range, which no invoice needs).
INT64 = 2**63 - 1
NUMBER_LIMIT = 99_999_999_999.99
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def published() -> dict:
    """The published document as parsed (read-only: copy before changing anything)."""
    return orjson.loads(DOCUMENT.read_bytes())


def schemas() -> dict:
    return published()["components"]["schemas"]


def operations() -> Iterator[tuple[str, str, dict]]:
    """(METHOD, path, operation) for the 71 operations, the template left out."""
    for path, item in published()["paths"].items():
        if path == TEMPLATE:
            continue
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def operation(method: str, path: str) -> dict | None:
    item = published()["paths"].get(path) or {}
    return item.get(method.lower())


def resolve(node: Mapping) -> Mapping:
    """Follow `$ref`s to the schema they name."""
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = published()["components"][kind][name]
    return node


def content_schema(media: Mapping) -> Mapping:
    """A media-type object's schema; the document sometimes writes the schema in its place."""
    return media["schema"] if "schema" in media else media


def request_schema(method: str, path: str) -> Mapping | None:
    op = operation(method, path)
    if not op or "requestBody" not in op:
        return None
    content = op["requestBody"]["content"]
    media = content.get("application/json") or next(iter(content.values()))
    return content_schema(media)


def response_schema(method: str, path: str, status: int) -> Mapping | None:
    """The published schema of a success or 422 answer; None where the spec has no body."""
    op = operation(method, path)
    answer = (op or {}).get("responses", {}).get(str(status))
    if not answer or not answer.get("content"):
        return None
    return content_schema(next(iter(answer["content"].values())))


def parameters(method: str, path: str) -> list[dict]:
    """The operation's parameters, path-level ones included, `$ref`s resolved."""
    item = published()["paths"].get(path) or {}
    found = [*item.get("parameters", ()), *(item.get(method.lower()) or {}).get("parameters", ())]
    return [dict(resolve(p)) for p in found]


def declared_exceptions(method: str, path: str) -> list[str]:
    """The names of the business exceptions an operation declares under 422."""
    schema = response_schema(method, path, 422) or {}
    # One exception is declared as a bare `$ref` (the reports' `endDateBeforeStartDateException`).
    refs = schema.get("oneOf") or ([schema] if "$ref" in schema else [])
    return [exception_name(ref["$ref"].split("/")[-1]) for ref in refs]


def exception_name(component: str) -> str:
    """`customerNotFoundException` / `apiLoginRequiredException` -> the PascalCase wire name."""
    if component.startswith("api") and component[3:4].isupper():
        return component[3:]
    return component[:1].upper() + component[1:]


@cache
def custom_properties() -> dict[str, tuple[str, ...]]:
    """Wire name -> the property names of each custom exception that defines some."""
    out = {}
    for key, schema in schemas().items():
        parts = schema.get("allOf")
        if not key.endswith("Exception") or not parts or len(parts) < 2:
            continue
        props = parts[1].get("properties", {}).get("properties", {}).get("properties", {})
        out[exception_name(key)] = tuple(props)
    return out


# -- validation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One failed condition: where, which condition (`required`, `maxLength`, ...), the value."""

    path: str
    condition: str
    value: Any
    data_type: tuple[str, ...] = ()


def data_type(schema: Mapping) -> tuple[str, ...]:
    schema = resolve(schema)
    # Mostly type names; an inline enum's entry also lists its values, which are no type name.
    found = tuple(item for item in schema.get("x-asgard-datatype", ()) if isinstance(item, str))
    if found:
        return found
    kind = schema.get("type")
    if "enum" in schema:
        return ("ASGARD_TYPE_ENUM",)
    return (f"ASGARD_TYPE_{str(kind).upper()}",) if kind else ()


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _is_type(value: Any, kind: str | None) -> bool:
    if kind is None:
        return True
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True  # a type the document invents (none among the ones validated)


def _parse_date(text: str) -> date | None:
    if not DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _format_problem(schema: Mapping, value: str) -> str | None:
    form = schema.get("format")
    if form == "date":
        parsed = _parse_date(value)
        if parsed is None:
            return "format"
        if schema.get("x-earliest") and value < schema["x-earliest"]:
            return "minimum"
        if schema.get("x-latest") and value > schema["x-latest"]:
            return "maximum"
    elif form == "date-time":
        if _parse_datetime(value) is None:
            return "format"
    elif form == "email" and not EMAIL.match(value):
        return "format"
    return None


def problems(schema: Mapping, value: Any, path: str = "", *, strict: bool = False) -> list[Problem]:
    """Every condition of `schema` that `value` fails (empty: valid). `strict` also reports
    properties the schema does not define (`unknown`): an answer must not invent fields,
    while a request may carry fields Conta ignores."""
    out: list[Problem] = []
    _check(schema, value, path, out, strict)
    return out


def _check(schema: Mapping, value: Any, path: str, out: list[Problem], strict: bool = False) -> None:
    schema = resolve(schema)
    if value is None:
        if not schema.get("nullable"):
            out.append(Problem(path, "type", value, data_type(schema)))
        return
    if "allOf" in schema:
        for part in schema["allOf"]:
            _check(part, value, path, out)
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf") or ()
        attempts: list[list[Problem]] = [problems(option, value, path, strict=strict) for option in options]
        if attempts and all(attempts):
            fewest: list[Problem] = min(attempts, key=len)
            out.extend(fewest)
    kind = schema.get("type")
    if not _is_type(value, kind):
        out.append(Problem(path, "type", value, data_type(schema)))
        return
    if "enum" in schema and value not in schema["enum"]:
        out.append(Problem(path, "enum", value, data_type(schema)))
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            out.append(Problem(path, "minLength", value, data_type(schema)))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(Problem(path, "maxLength", value, data_type(schema)))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(Problem(path, "pattern", value, data_type(schema)))
        failed = _format_problem(schema, value)
        if failed:
            out.append(Problem(path, failed, value, data_type(schema)))
    elif isinstance(value, int | float) and not isinstance(value, bool) and kind in ("integer", "number"):
        limit = INT64 if kind == "integer" else NUMBER_LIMIT
        low, high = max(schema.get("minimum", -limit), -limit), min(schema.get("maximum", limit), limit)
        if value < low:
            out.append(Problem(path, "minimum", value, data_type(schema)))
        if value > high:
            out.append(Problem(path, "maximum", value, data_type(schema)))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(schema["items"], item, _join(path, index), out, strict)
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        required = schema.get("required", ())
        if isinstance(required, list):
            for name in required:
                if name in properties and value.get(name) is None:
                    out.append(Problem(_join(path, name), "required", None, data_type(properties[name])))
        for name, item in value.items():
            if name in properties and not (item is None and name in required):
                _check(properties[name], item, _join(path, name), out, strict)
            elif strict and name not in properties and "properties" in schema:
                out.append(Problem(_join(path, name), "unknown", item))


# -- the corrected error envelope ------------------------------------------------------------

LANGUAGES = {"type": "string", "minLength": 1}
MESSAGES = {
    "type": "object",
    "properties": {"EN": LANGUAGES, "NO": LANGUAGES},
    "required": ["EN", "NO"],
}


def error_schema(name: str) -> dict:
    """The envelope an error named `name` must have on the wire, with §0's defects corrected:
    `messages` an object with both languages, `properties` only for exceptions that define
    some (and then exactly those), `errors` a list of condition objects for input errors."""
    if name == "InputOpException":
        condition = {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["propertyCondition", "modelCondition"]},
                "id": {"type": "string", "minLength": 1},
                "property": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "value": {"nullable": True},
                        "pathName": MESSAGES,
                        "dataType": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["path", "pathName", "dataType"],
                },
                "messages": MESSAGES,
            },
            "required": ["type", "id", "messages"],
        }
        return {
            "type": "object",
            "properties": {
                "category": {"type": "string", "enum": ["INPUT"]},
                "name": {"type": "string", "enum": [name]},
                "input": {"type": "object"},
                "errors": {"type": "array", "items": condition},
            },
            "required": ["category", "name", "input", "errors"],
        }
    if name == "SystemException":
        return {
            "type": "object",
            "properties": {
                "category": {"type": "string", "enum": ["SYSTEM"]},
                "name": {"type": "string", "enum": [name]},
                "messages": {"type": "object", "properties": {"EN": LANGUAGES}, "required": ["EN"]},
            },
            "required": ["category", "name", "messages"],
        }
    api = f"api{name}" in schemas()
    properties: dict[str, Any] = {
        "category": {"type": "string", "enum": ["API" if api else "CUSTOM"]},
        "name": {"type": "string", "enum": [name]},
        "messages": MESSAGES,
    }
    required = ["category", "name", "messages"]
    if api and "mode" in schemas()[f"api{name}"].get("properties", {}):
        properties["mode"] = schemas()[f"api{name}"]["properties"]["mode"]
    names = custom_properties().get(name)
    if names:
        component = name[:1].lower() + name[1:]
        defined = schemas()[component]["allOf"][1]["properties"]["properties"]
        properties["properties"] = {**defined, "required": list(names)}
        required.append("properties")
    return {"type": "object", "properties": properties, "required": required}


def is_exception(name: str) -> bool:
    return name in ("InputOpException", "SystemException") or (
        f"api{name}" in schemas() or name in custom_properties() or (name[:1].lower() + name[1:]) in schemas()
    )
