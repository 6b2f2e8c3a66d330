"""Scenario path globs: the same meaning as before, in time linear in the path whatever the glob."""

from __future__ import annotations

import random
import re
import time

import httpx
import pytest

from mockserver.core.globs import MAX_ALTERNATIVES, GlobError, compile_glob

PATHOLOGICAL = "/fakturan/**a**a**a**a**a**a**a**b"


def reference(pattern: str) -> re.Pattern:
    """The naive translation (exponential on near misses, fine on these tiny inputs)."""
    parts = []
    for token in re.split(r"(\*\*|\*|\?|\{[^{}]*\})", pattern):
        if token == "**":
            parts.append(".*")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        elif token.startswith("{") and token.endswith("}"):
            parts.append("(?:" + "|".join(re.escape(alt) for alt in token[1:-1].split(",")) + ")")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def test_globs_mean_what_the_scenario_format_says():
    pieces = ["a", "b", "/", "*", "**", "?", "{a,b/}", "{,ab}", "{*,a}"]
    generator = random.Random(12)
    for _ in range(3000):
        pattern = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 7)))
        glob, expected = compile_glob(pattern), reference(pattern)
        for _ in range(20):
            path = "".join(generator.choice("ab/*") for _ in range(generator.randint(0, 8)))
            assert bool(glob.match(path)) == (expected.match(path) is not None), (pattern, path)


@pytest.mark.parametrize("pattern", [PATHOLOGICAL, "/fakturan/*a*a*a*a*a*a*a*b", "/**a*a**a*a**b"])
def test_a_near_miss_costs_one_pass_over_the_path(pattern):
    glob = compile_glob(pattern)
    started = time.perf_counter()
    assert not glob.match("/fakturan/" + "a" * 4000)
    # Generous for a slow CI machine; the naive regex needs hours here.
    assert time.perf_counter() - started < 1.0


def test_too_many_alternatives_are_refused():
    with pytest.raises(GlobError, match=str(MAX_ALTERNATIVES)):
        compile_glob("/{a,b}/{a,b}/{a,b}/{a,b}/{a,b}/{a,b}/{a,b}")


def test_the_pathological_glob_answers_over_http(mockserver, mockserver_workspace):
    mockserver_workspace.add_scenario(
        {"rules": [{"match": {"path": PATHOLOGICAL}, "respond": {"status": 418}}]}
    )
    credentials = mockserver_workspace.credentials["fakturan"]
    started = time.perf_counter()
    answer = httpx.get(
        mockserver.url + "/fakturan/" + "a" * 60,
        auth=(credentials["username"], credentials["password"]),
        timeout=10,
    )
    assert answer.status_code == 404  # no rule fired: the provider's own answer
    assert time.perf_counter() - started < 2.0
    assert httpx.get(mockserver.url + "/_admin/health").status_code == 200


def test_a_glob_with_too_many_alternatives_is_a_422(mockserver, mockserver_workspace):
    path = "/fakturan" + "/{a,b}" * 7
    answer = httpx.post(
        f"{mockserver.url}/_admin/workspaces/{mockserver_workspace.id}/scenarios",
        json={"rules": [{"match": {"path": path}, "respond": {"status": 418}}]},
    )
    assert answer.status_code == 422
    assert "match.path" in answer.json()["message"] and "64" in answer.json()["message"]


def test_the_journal_path_filter_is_linear_too():
    from mockserver.core.journal import Journal

    journal = Journal(10)
    journal.start(at="", provider="fakturan", method="GET", path="/fakturan/" + "a" * 4000, query="")
    started = time.perf_counter()
    assert journal.query(path="/fakturan/*a*a*a*a*a*a*a*a*b") == []
    assert time.perf_counter() - started < 1.0
