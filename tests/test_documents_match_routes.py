"""For every provider, the method/path pairs its OpenAPI document lists are exactly the pairs
the sandbox routes: each documented pair reaches an operation, every other method on a
documented path is refused by routing, and nothing is routed that the document leaves out."""

from __future__ import annotations

import re

import pytest

from mockserver.providers import all_providers

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
DECLARED = [p for p in all_providers() if getattr(p, "operations", None) is not None]


def concrete(path: str) -> str:
    """A documented path with each parameter filled in with a value its converter accepts."""
    return re.sub(r"{[^}]+}", "1", path)


def shape(path: str) -> str:
    return re.sub(r"{[^}]+}", "{}", path)


@pytest.mark.parametrize("provider", DECLARED, ids=lambda p: p.name)
def test_the_document_lists_exactly_the_routed_pairs(provider):
    document = provider.openapi()
    documented = {(m.upper(), path) for path, item in document["paths"].items() for m in item}
    routed = {(op.method, op.documented_path) for op in provider.operations}
    assert documented == routed
    # A path's shape, its parameters unnamed: Conta names one parameter `{id}` for GET and
    # `{invoiceId}` for POST on the same path, and both reach the same route.
    shaped = {(method, shape(path)) for method, path in documented}
    for path in {path for _, path in documented}:
        for method in METHODS:
            found = provider.router.match(method, concrete(path))
            assert (found.operation is not None) == ((method, shape(path)) in shaped), (method, path)
