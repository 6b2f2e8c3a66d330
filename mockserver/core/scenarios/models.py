"""The scenario file format (CONTRACT.md, "Scenarios"), as pydantic models.

Everything a rule can say is checked here, once, when a file or an admin request is loaded, so
that a typo is reported with its file, rule and field instead of silently never matching.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mockserver.core.clock import duration_seconds
from mockserver.core.globs import compile_glob

MAX_DELAY_MS = 600_000
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _scalar_text(value: Any, what: str) -> str:
    """YAML reads `Retry-After: 30` as an int and `x: true` as a bool; users mean the text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise ValueError(f"{what} must be a string, number or boolean")


def _text_map(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a mapping of names to values")
    return {str(key): _scalar_text(item, f"{what} value of {key!r}") for key, item in value.items()}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Match(Strict):
    """Which requests a rule looks at; every condition given must hold."""

    provider: str | None = None
    method: str | list[str] | None = None
    path: str | None = None
    query: dict[str, str] | None = None
    headers: dict[str, str] | None = None
    body: dict[str, Any] | None = None

    @field_validator("query", "headers", mode="before")
    @classmethod
    def _texts(cls, value: Any, info) -> dict[str, str] | None:
        return None if value is None else _text_map(value, info.field_name)

    @field_validator("method")
    @classmethod
    def _method(cls, value: str | list[str] | None) -> str | list[str] | None:
        if value == []:
            raise ValueError("method is a method or a non-empty list of methods")
        methods = [value] if isinstance(value, str) else value or []
        for method in methods:
            if not method.isalpha():
                raise ValueError(f"{method!r} is not an HTTP method such as GET or POST")
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str | None, info) -> str | None:
        if value is None:
            return None
        if not value.startswith(("/", "*")):
            raise ValueError(
                "path is the full request path, e.g. /fakturan/api/v2/invoices (globs: * and **)"
            )
        provider, first = info.data.get("provider"), value.split("/")[1] if "/" in value else ""
        if provider and value.startswith("/") and not set(first) & set("*?{") and first != provider:
            raise ValueError(
                f"path must start with /{provider}: it is the full request path, "
                f"prefix included (got {value!r})"
            )
        compile_glob(value)  # GlobError (a ValueError) names the limit it exceeds
        return value


class When(Strict):
    """Which of the matching requests a rule fires on; every condition given must hold."""

    nth: list[int] | None = None
    times: int | None = Field(None, ge=1)
    after: int | None = Field(None, ge=0)
    every: int | None = Field(None, ge=1)
    probability: float | None = Field(None, ge=0, le=1)
    between: tuple[datetime, datetime] | None = None

    @field_validator("nth", mode="before")
    @classmethod
    def _nth(cls, value: Any) -> Any:
        return [value] if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("nth")
    @classmethod
    def _nth_positive(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and (not value or min(value) < 1):
            raise ValueError("nth counts matching requests from 1: give a number or a list of numbers >= 1")
        return value

    @field_validator("between")
    @classmethod
    def _window(cls, value: tuple[datetime, datetime] | None) -> tuple[datetime, datetime] | None:
        if value is None:
            return None
        start, end = (moment if moment.tzinfo else moment.replace(tzinfo=UTC) for moment in value)
        if not start < end:
            raise ValueError("between is [start, end] with start before end")
        return start.astimezone(UTC), end.astimezone(UTC)


class Respond(Strict):
    """The answer a rule gives; without a body, the provider's own error for that status."""

    status: int = Field(ge=200, le=599)
    headers: dict[str, str] = Field(default_factory=dict)
    body: Any = None
    message: str | None = None

    @field_validator("headers", mode="before")
    @classmethod
    def _headers(cls, value: Any) -> dict[str, str]:
        headers = _text_map(value or {}, "headers")
        for name, text in headers.items():
            if not _HEADER_NAME.match(name):
                raise ValueError(f"{name!r} is not a valid header name")
            if "\r" in text or "\n" in text:
                raise ValueError(f"header {name} must not contain line breaks")
        return headers


class RateLimit(Strict):
    """N requests per window; beyond it the provider's 429 with Retry-After."""

    requests: int = Field(ge=1)
    per: str

    @field_validator("per")
    @classmethod
    def _per(cls, value: str) -> str:
        if duration_seconds(value) <= 0:
            raise ValueError("per must be a positive ISO 8601 duration such as PT1S or PT1M")
        return value

    @property
    def seconds(self) -> float:
        return duration_seconds(self.per)


class RuleSpec(Strict):
    """One rule of a scenario document, as written."""

    name: str | None = None
    match: Match = Field(default_factory=Match)
    when: When = Field(default_factory=When)
    respond: Respond | None = None
    delay: int | tuple[int, int] | None = None
    fault: Literal["reset", "timeout", "malformed"] | None = None
    rate_limit: RateLimit | None = None
    after_commit: bool = False

    @field_validator("delay")
    @classmethod
    def _delay(cls, value: int | tuple[int, int] | None) -> int | tuple[int, int] | None:
        low, high = (value, value) if isinstance(value, int) else value or (0, 0)
        if low < 0 or high < low:
            raise ValueError("delay is milliseconds >= 0, or [min, max] with min <= max")
        if high > MAX_DELAY_MS:
            raise ValueError(
                f"delay is at most {MAX_DELAY_MS} ms (10 minutes); for a hung request use fault: timeout"
            )
        return value

    @model_validator(mode="after")
    def _effects(self) -> RuleSpec:
        if self.respond is None and self.delay is None and self.fault is None and self.rate_limit is None:
            raise ValueError("a rule needs at least one effect: respond, delay, fault or rate_limit")
        if self.rate_limit and (self.respond or self.fault or self.after_commit):
            raise ValueError("rate_limit answers with the provider's own 429; combine it only with delay")
        if self.fault in ("reset", "timeout") and self.respond:
            raise ValueError(f"fault: {self.fault} sends no answer, so respond would never be seen")
        if self.after_commit and not (self.respond or self.fault):
            raise ValueError("after_commit needs respond or fault: what should the client get instead?")
        return self


class Document(Strict):
    """A scenario file: `{"rules": [...]}`."""

    rules: list[RuleSpec]


def describe_errors(error, source: str, document: Any) -> list[str]:
    """One line per problem: `<source>: rule <n> "<name>": <field>: <what is wrong>` (n from 1)."""
    problems = []
    rules = document.get("rules") if isinstance(document, dict) else None
    for item in error.errors():
        location = list(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling against the scenario format)"
        if location[:1] == ["rules"] and len(location) > 1 and isinstance(location[1], int):
            index = location[1]
            assert rules is not None  # an error at rules[index] means the document has a rules list
            named = rules[index].get("name") if isinstance(rules[index], dict) else None
            where = f"rule {index + 1}" + (f' "{named}"' if named else "")
            field = ".".join(str(part) for part in location[2:] if not _is_union_tag(part)) or "(rule)"
            problems.append(f"{source}: {where}: {field}: {message}")
        else:
            field = ".".join(str(part) for part in location) or "(document)"
            problems.append(f"{source}: {field}: {message}")
    return problems


def _is_union_tag(part: Any) -> bool:
    """pydantic names the union member it tried (`int`, `tuple[int, int]`) in the location."""
    return isinstance(part, str) and (part in ("int", "str", "list[str]", "list[int]") or "[" in part)
