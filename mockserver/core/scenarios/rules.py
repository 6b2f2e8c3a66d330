"""Compiled rules and a workspace's set of them: matching, counters, windows, seeded chance.

Everything that can be prepared is prepared when a rule is loaded (globs become matchers, methods
a set, durations seconds), so a request that matches nothing costs a few comparisons per rule.
Counters, rate-limit windows and random generators belong to the workspace's `ScenarioSet`, so
two workspaces never influence each other and `reset` starts them over.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import orjson

from mockserver.core.clock import Clock
from mockserver.core.forms import FormError, read_form
from mockserver.core.globs import compile_glob
from mockserver.core.incoming import Incoming

if TYPE_CHECKING:
    from mockserver.core.scenarios.models import RuleSpec

_MISSING = object()


def same_value(expected: Any, actual: Any, form: bool = False) -> bool:
    """JSON equality that keeps `true` and `1` apart; in a form, where every field is text,
    the field "1" equals 1 and "true" equals true."""
    if form and isinstance(actual, str) and not isinstance(expected, str):
        return actual == orjson.dumps(expected).decode()
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return expected == actual


def dotted(document: Any, steps: tuple[str, ...]) -> Any:
    """`lines.0.price` (as its steps) into nested objects and lists; _MISSING if any is absent."""
    for step in steps:
        if isinstance(document, dict):
            document = document.get(step, _MISSING)
        elif isinstance(document, list) and step.isdigit() and int(step) < len(document):
            document = document[int(step)]
        else:
            return _MISSING
        if document is _MISSING:
            return _MISSING
    return document


class RequestView:
    """The parts of a request rules look at, each decoded at most once and only if asked."""

    __slots__ = ("provider", "incoming", "form", "_query", "_headers", "_body")

    def __init__(self, provider: str, incoming: Incoming) -> None:
        self.provider = provider
        self.incoming = incoming
        self.form = False
        self._query: dict[str, str] | None = None
        self._headers: dict[str, str] | None = None
        self._body: Any = None

    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            self._query = dict(
                parse_qsl(self.incoming.query_string.decode("latin-1"), keep_blank_values=True)
            )
        return self._query

    @property
    def headers(self) -> dict[str, str]:
        if self._headers is None:
            self._headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self.incoming.headers
            }
        return self._headers

    @property
    def body(self) -> Any:
        """The JSON body; a form (url-encoded or multipart) as a flat object of its text fields,
        since Konto's clients post forms."""
        if self._body is None:
            raw = self.incoming.body
            try:
                self._body = orjson.loads(raw) if raw else {}
            except orjson.JSONDecodeError:
                self.form = True
                try:
                    self._body = read_form(self.headers.get("content-type"), raw).fields
                except FormError:
                    self._body = {}  # an unreadable form matches no body condition
        return self._body


class Rule:
    """One loaded rule: its spec compiled for matching, plus its counters in this workspace."""

    def __init__(self, rule_id: str, spec: RuleSpec, seed: int, origin: str = "admin") -> None:
        self.id = rule_id
        self.spec = spec
        self.origin = origin
        self.seed = seed
        self.enabled = True  # a disabled rule neither fires nor counts, and keeps its place
        match = spec.match
        self.provider = match.provider
        methods = [match.method] if isinstance(match.method, str) else match.method
        self.methods = frozenset(m.upper() for m in methods) if methods else None
        self.path = compile_glob(match.path) if match.path else None
        self.query = tuple(match.query.items()) if match.query else None
        self.headers = tuple((k.lower(), v) for k, v in match.headers.items()) if match.headers else None
        self.body = tuple((tuple(k.split(".")), v) for k, v in match.body.items()) if match.body else None
        self.when = spec.when
        self.nth = frozenset(spec.when.nth) if spec.when.nth else None
        self.window = spec.rate_limit.seconds if spec.rate_limit else None
        self.reset()

    @property
    def label(self) -> str:
        """What the journal shows: the rule's name, or its id when it has none."""
        return self.spec.name or self.id

    @property
    def source(self) -> dict:
        """The rule as written (JSON-ready), which is what persistence and listings keep."""
        return self.spec.model_dump(mode="json", exclude_unset=True)

    def reset(self) -> None:
        self.matched = 0
        self.hits = 0
        self.accepted: deque[float] = deque()
        self.random = random.Random(f"{self.seed}:{self.id}")

    def applies_to(self, provider: str, method: str) -> bool:
        """Provider and method, checked once per set of rules rather than once per request."""
        return self.provider in (None, provider) and (self.methods is None or method in self.methods)

    def matches(self, request: RequestView) -> bool:
        """The rest of `match`, for a request `applies_to` has already let through. Plain loops
        over prepared tuples: this runs for every loaded rule on every request."""
        if self.path is not None and not self.path.match(request.incoming.full_path):
            return False
        if self.query is not None:
            query = request.query
            for name, value in self.query:
                if query.get(name) != value:
                    return False
        if self.headers is not None:
            headers = request.headers
            for name, value in self.headers:
                if headers.get(name) != value:
                    return False
        if self.body is not None:
            body, form = request.body, request.form
            for steps, value in self.body:
                if not same_value(value, dotted(body, steps), form):
                    return False
        return True

    def holds(self, now: datetime) -> bool:
        """The `when` conditions, against this rule's count of matching requests so far."""
        when, count = self.when, self.matched
        if self.nth is not None and count not in self.nth:
            return False
        if when.times is not None and self.hits >= when.times:
            return False
        if when.after is not None and count <= when.after:
            return False
        if when.every is not None and count % when.every:
            return False
        if when.between is not None and not when.between[0] <= now < when.between[1]:
            return False
        return when.probability is None or self.random.random() < when.probability

    def over_limit(self, now: datetime) -> int | None:
        """Within the limit: counts the request and returns None. Beyond it: Retry-After seconds."""
        # Called only for a rule with a rate_limit, which is what gives it a window.
        assert self.window is not None and self.spec.rate_limit is not None
        moment = now.timestamp()
        while self.accepted and self.accepted[0] <= moment - self.window:
            self.accepted.popleft()
        if len(self.accepted) < self.spec.rate_limit.requests:
            self.accepted.append(moment)
            return None
        return max(1, math.ceil(self.accepted[0] + self.window - moment))

    def delay_seconds(self) -> float:
        delay = self.spec.delay
        if delay is None:
            return 0.0
        if isinstance(delay, int):
            return delay / 1000
        return self.random.randint(delay[0], delay[1]) / 1000

    def listing(self) -> dict:
        return {
            "id": self.id,
            **self.source,
            "origin": self.origin,
            "enabled": self.enabled,
            "matched": self.matched,
            "hits": self.hits,
        }


@dataclass(slots=True)
class Firing:
    """A rule that fired on a request; `retry_after` is set when its rate limit answered."""

    rule: Rule
    retry_after: int | None = None


class ScenarioSet:
    """A workspace's rules, in order, with their counters. Empty and cheap unless rules load."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rules: list[Rule] = []
        self._next = 0
        self._candidates: dict[tuple[str, str], list[Rule]] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def add(self, specs: list[RuleSpec], origin: str = "admin", *, first: bool = False) -> list[Rule]:
        """Append the rules (or put them before all others: `first`), with fresh ids."""
        added = []
        for spec in specs:
            self._next += 1
            added.append(Rule(f"r{self._next}", spec, self.seed, origin))
        self.rules = added + self.rules if first else self.rules + added
        self._candidates = {}
        return added

    def remove(self, rule_id: str) -> bool:
        kept = [rule for rule in self.rules if rule.id != rule_id]
        found = len(kept) != len(self.rules)
        self.rules, self._candidates = kept, {}
        return found

    def enable(self, rule_id: str, enabled: bool) -> Rule | None:
        """Switch a rule on or off; None if there is no such rule."""
        rule = next((r for r in self.rules if r.id == rule_id), None)
        if rule is not None:
            rule.enabled, self._candidates = enabled, {}
        return rule

    def remove_origin(self, prefix: str) -> None:
        """Drop the rules loaded from where `prefix` says (e.g. every startup file: `file:`)."""
        self.rules, self._candidates = [r for r in self.rules if not r.origin.startswith(prefix)], {}

    def clear(self) -> None:
        self.rules, self._candidates = [], {}

    def reset(self) -> None:
        """Counters, windows and random sequences start over; the rules stay."""
        for rule in self.rules:
            rule.reset()

    def candidates(self, provider: str, method: str) -> list[Rule]:
        """The rules that can match this provider's requests with this method, in order;
        cached until the rules change, so a request only runs the rest of each rule's match."""
        key = (provider, method)
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) >= 64:  # clients may send any method name; keep it bounded
                self._candidates = {}
            found = self._candidates[key] = [
                r for r in self.rules if r.enabled and r.applies_to(provider, method)
            ]
        return found

    def select(self, provider: str, incoming: Incoming, clock: Clock) -> Firing | None:
        """The first rule whose match and when hold. Every rule counts the requests matching it,
        even after an earlier rule fired, so `nth: 2` means the 2nd such request, whatever else."""
        request = RequestView(provider, incoming)
        fired = None
        now = None
        for rule in self.candidates(provider, incoming.method):
            if not rule.matches(request):
                continue
            rule.matched += 1
            if fired is not None:
                continue
            now = now or clock.now()
            if not rule.holds(now):
                continue
            retry_after = rule.over_limit(now) if rule.window is not None else None
            if rule.window is not None and retry_after is None:
                continue
            rule.hits += 1
            fired = Firing(rule, retry_after)
        return fired

    # -- persistence ---------------------------------------------------------------------------

    def to_data(self) -> list[dict]:
        return [
            {
                **rule.source,
                "id": rule.id,
                "origin": rule.origin,
                **({} if rule.enabled else {"enabled": False}),
            }
            for rule in self.rules
        ]

    def restore(self, data: list[dict]) -> None:
        """Rules as `to_data` wrote them, ids and origins kept; counters start at zero."""
        from mockserver.core.scenarios.models import RuleSpec  # not at start-up: see __init__

        rules: list[Rule] = []
        for item in data:
            fields = {
                k: v for k, v in item.items() if k not in ("id", "origin", "enabled", "matched", "hits")
            }
            rule_id = str(item.get("id") or f"r{self._next + len(rules) + 1}")
            rule = Rule(rule_id, RuleSpec.model_validate(fields), self.seed, item.get("origin", "admin"))
            rule.enabled = item.get("enabled", True) is not False
            rules.append(rule)
        numbers = [int(r.id[1:]) for r in rules if r.id[1:].isdigit()]
        self.rules, self._next, self._candidates = rules, max(numbers, default=0), {}
