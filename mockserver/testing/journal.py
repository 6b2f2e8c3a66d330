"""Journal assertions for tests: "exactly one POST to /invoices", with the near misses printed
when it does not hold, so a failing test says what the code under test sent instead."""

from __future__ import annotations

import fnmatch


def path_matches(actual: str, wanted: str) -> bool:
    """The full path, its end (`/invoices` matches `/fakturan/api/v2/invoices`), or a glob."""
    if any(ch in wanted for ch in "*?["):
        return fnmatch.fnmatchcase(actual, wanted) or fnmatch.fnmatchcase(actual, "*" + wanted)
    return actual == wanted or actual.endswith(wanted if wanted.startswith("/") else "/" + wanted)


def _criteria(method, path, provider, status) -> dict:
    given = {"method": method and method.upper(), "path": path, "provider": provider, "status": status}
    return {name: value for name, value in given.items() if value is not None}


def _holds(entry: dict, name: str, value) -> bool:
    if name == "path":
        return path_matches(entry["path"], value)
    return entry[name] == value


def describe(entry: dict) -> str:
    rule = f" (rule {entry['rule']})" if entry.get("rule") else ""
    query = f"?{entry['query']}" if entry.get("query") else ""
    return f"#{entry['id']} {entry['provider']} {entry['method']} {entry['path']}{query} -> {entry['status']}{rule}"


def matching(entries: list[dict], method=None, path=None, provider=None, status=None) -> list[dict]:
    criteria = _criteria(method, path, provider, status)
    return [e for e in entries if all(_holds(e, name, value) for name, value in criteria.items())]


def assert_requests(
    entries: list[dict], count: int, *, method=None, path=None, provider=None, status=None
) -> list[dict]:
    """The matching entries (oldest first) if there are exactly `count`; else AssertionError
    listing the matches and the near misses (requests that fail only one of the criteria)."""
    criteria = _criteria(method, path, provider, status)
    found = matching(entries, method, path, provider, status)
    if len(found) == count:
        return list(reversed(found))
    near = [
        e
        for e in entries
        if e not in found and sum(not _holds(e, name, value) for name, value in criteria.items()) == 1
    ]
    wanted = ", ".join(f"{name}={value!r}" for name, value in criteria.items()) or "any request"
    lines = [f"expected {count} request(s) with {wanted}, found {len(found)}"]
    lines += ["  matching:"] + [f"    {describe(e)}" for e in found] if found else []
    lines += ["  near misses:"] + [f"    {describe(e)}" for e in near] if near else ["  no near misses"]
    if not found and not near:
        lines += ["  journal:"] + [f"    {describe(e)}" for e in entries[:20]]
    raise AssertionError("\n".join(lines))
