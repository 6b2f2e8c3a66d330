"""Reading scenario documents within bounds: a few hundred bytes must never become gigabytes.

YAML aliases let a tiny document stand for a huge one (`a: &a [x, x]`, `b: &b [*a, *a]`, ...:
498 bytes, 69 MB of expanded data), and the loader, the validator and every later copy walk the
expanded form. Deep nesting exhausts the recursive YAML composer and later recursive readers.
So the YAML loader counts aliases and the expanded size of every node as it composes them, and
any document (YAML or JSON) is refused past a nesting depth.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, SequenceNode

MAX_ALIASES = 50
MAX_NODES = 100_000
MAX_DEPTH = 64


class TooComplex(ComposerError):
    """A document past one of the bounds; `problem` says which."""


class BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for once expanded

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise TooComplex(None, None, f"more than {MAX_ALIASES} aliases (*name)", mark)
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise TooComplex(None, None, "a recursive alias (an anchor used inside itself)", mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TooComplex(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._sizes[id(item)] for item in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._sizes[id(key)] + self._sizes[id(value)] for key, value in node.value)
        if size > MAX_NODES:
            raise TooComplex(
                None, None, f"expands to more than {MAX_NODES} nodes (through aliases)", node.start_mark
            )
        self._sizes[id(node)] = size
        return node


def load_yaml(text: str | bytes):
    """yaml.safe_load within the bounds above; yaml.YAMLError (TooComplex past a bound)."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def too_deep(data) -> bool:
    """Whether JSON-like `data` nests deeper than MAX_DEPTH (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > MAX_DEPTH:
                return True
            pending.extend((item, depth + 1) for item in value)
    return False
