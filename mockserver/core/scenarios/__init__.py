"""Scripted faults: rules that make a provider slow, flaky, rate-limited or broken on purpose.

A scenario document (YAML or JSON, CONTRACT.md "Scenarios") is a list of rules. Each workspace
holds its own `ScenarioSet`; the gateway asks it, for every request, which rule fires, and
`effects.play` carries the rule out. This module loads and checks documents, reporting every
problem with its file, rule and field, so a broken file is refused before anything is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from mockserver.core.scenarios.effects import SERVER_SEND, play
from mockserver.core.scenarios.rules import Firing, Rule, ScenarioSet

if TYPE_CHECKING:
    from mockserver.core.scenarios.models import RuleSpec

__all__ = [
    "SERVER_SEND",
    "Firing",
    "Rule",
    "RuleSpec",
    "ScenarioError",
    "ScenarioSet",
    "check_file",
    "load_file",
    "parse_document",
    "parse_text",
    "play",
]


def __getattr__(name: str) -> Any:
    # The rule models and the YAML reader are imported when a document is first read, not at
    # start-up: a server started without --scenario needs neither for its first answer.
    if name == "RuleSpec":
        from mockserver.core.scenarios.models import RuleSpec

        return RuleSpec
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ScenarioError(ValueError):
    """A scenario document that cannot be loaded; `problems` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_document(data: Any, source: str, providers: frozenset[str] | None = None) -> list[RuleSpec]:
    """The rules of a document already read into Python data, or ScenarioError."""
    from pydantic import ValidationError

    from mockserver.core.scenarios.bounded import MAX_DEPTH, too_deep
    from mockserver.core.scenarios.models import Document, describe_errors

    if too_deep(data):
        raise ScenarioError([f"{source}: (document): nested more than {MAX_DEPTH} levels deep"])
    if isinstance(data, list):
        raise ScenarioError(
            [f'{source}: (document): a scenario document is an object {{"rules": [...]}}, not a bare list']
        )
    try:
        document = Document.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(describe_errors(error, source, data)) from None
    problems = []
    for index, rule in enumerate(document.rules):
        name = rule.match.provider
        if name is not None and providers is not None and name not in providers:
            label = f"rule {index + 1}" + (f' "{rule.name}"' if rule.name else "")
            problems.append(
                f"{source}: {label}: match.provider: unknown provider {name!r} "
                f"(known: {', '.join(sorted(providers))})"
            )
    if problems:
        raise ScenarioError(problems)
    return document.rules


def parse_text(text: str | bytes, source: str, providers: frozenset[str] | None = None) -> list[RuleSpec]:
    """Rules from YAML or JSON text. JSON is read as JSON first: YAML would refuse its tabs."""
    import yaml

    from mockserver.core.scenarios.bounded import TooComplex, load_yaml

    try:
        return parse_document(orjson.loads(text), source, providers)
    except orjson.JSONDecodeError:
        pass
    try:
        data = load_yaml(text)
    except TooComplex as error:
        mark = error.problem_mark
        assert mark is not None  # BoundedLoader raises TooComplex with the node's or event's mark
        raise ScenarioError(
            [
                f"{source}: (document): refused at line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
            ]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioError([f"{source}: (document): not valid YAML or JSON{where}: {problem}"]) from None
    if data is None:
        raise ScenarioError([f'{source}: (document): empty; expected {{"rules": [...]}}'])
    return parse_document(data, source, providers)


def load_file(path: str, providers: frozenset[str] | None = None) -> list[RuleSpec]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"]) from None
    return parse_text(text, path, providers)


def check_file(path: str, providers: frozenset[str] | None = None) -> list[str]:
    """Problems in a scenario file, each naming the file, the rule and the field; [] if valid.
    `providers` are the names a rule may match (None: any name; core knows no providers)."""
    try:
        load_file(path, providers)
    except ScenarioError as error:
        return error.problems
    return []
