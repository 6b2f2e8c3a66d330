"""The contract check every Conta test runs on every answer it receives: the body must match
the published schema of that operation and status (research §5's fallbacks: the media-type
object as the schema where the document writes it so, and a corrected envelope for errors).

`checked_client(url, key)` is an httpx client whose every response is checked (an event hook),
so a test cannot forget; `check(method, path, status, body)` is the check itself, for answers
that reach a test another way. A violation fails the test with every problem listed.
"""

from __future__ import annotations

import orjson

from mockserver.providers.conta import CONTA, spec

TEMPLATE_STATUSES = (400, 401, 403, 404, 405, 409, 413, 500, 503)


def declared_borrowed(method: str, path: str) -> set[str]:
    """The exceptions an operation declares as borrowed (`options={"borrowed": ...}`), which the
    served document also lists under its 422."""
    found = CONTA.router.match(method, path).operation
    return set(found.options.get("borrowed", ())) if found is not None else set()


def template_names(status: int) -> set[str]:
    """The exception names the published `/defaultRequest` template allows for a status."""
    answer = spec.published()["paths"][spec.TEMPLATE]["get"]["responses"].get(str(status))
    if not answer:
        return set()
    schema = spec.content_schema(answer["content"]["application/json"])
    names = set()
    for option in schema.get("oneOf", [schema]):
        component = option["$ref"].split("/")[-1]
        names.add(
            {"errorResponseInput": "InputOpException", "errorResponseSystem": "SystemException"}.get(
                component, spec.exception_name(component)
            )
        )
    return names


def documented_path(method: str, path: str) -> tuple[str | None, bool]:
    """The operation's documented path for a concrete request path below /conta, and whether it
    is one of the published operations (False for the guide-only DELETE)."""
    found = CONTA.router.match(method, path)
    if found.operation is None:
        return None, False
    template = found.operation.documented_path
    return template, spec.operation(method, template) is not None


def problems(method: str, path: str, status: int, body: bytes) -> list[str]:
    template, published = documented_path(method, path)
    if status == 200:
        if template is None:
            return [f"200 for {method} {path}, which is not emulated"]
        schema = spec.response_schema(method, template, 200) if published else None
        operation = CONTA.router.match(method, path).operation
        if not published and operation is not None and operation.media_type == "application/pdf":
            return [] if body.startswith(b"%PDF-") else [f"expected a PDF, got {body[:80]!r}"]
        if schema is None:
            return [] if body == b"" else [f"expected no body, got {body[:80]!r}"]
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            return [f"not JSON: {body[:80]!r}"]
        found = spec.problems(schema, value, strict=True)
        return [f"{p.path or '<body>'}: {p.condition} ({p.value!r})" for p in found]
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return [f"error body not JSON: {body[:80]!r}"]
    name = value.get("name") if isinstance(value, dict) else None
    if not isinstance(name, str) or not spec.is_exception(name):
        return [f"{status} names no exception of the spec: {value!r}"]
    found = [
        f"{p.path or '<body>'}: {p.condition} ({p.value!r})"
        for p in spec.problems(spec.error_schema(name), value, strict=True)
    ]
    if status == 422:
        allowed = set(spec.declared_exceptions(method, template)) if published else set()
        allowed |= declared_borrowed(method, path)
    elif status in TEMPLATE_STATUSES:
        allowed = template_names(status)
    else:
        allowed = {"RestRequestException", "ToolException"}  # scenario statuses the template lacks
    if name not in allowed:
        found.append(f"{name} is not an exception of {status} for {method} {template}")
    return found


def check(method: str, path: str, status: int, body: bytes) -> None:
    found = problems(method, path, status, body)
    assert not found, f"{method} {path} -> {status} breaks the published contract:\n" + "\n".join(found)


def hook(response) -> None:
    response.read()
    request = response.request
    path = request.url.path
    prefix = "/conta"
    if path.startswith(prefix):
        path = path[len(prefix) :] or "/"
    check(request.method, path, response.status_code, response.content)
