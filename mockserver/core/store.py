"""Tables of JSON documents: the shape of every provider's state.

A workspace's state is plain JSON (dicts keyed by string ids, lists, strings, numbers), never
Decimals or datetimes. That one rule makes snapshots, persistence and forking a copy of data,
and copying fast: a fork is an orjson round trip, not a re-seed.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson


def copy_state(state: dict) -> dict:
    """A deep copy of JSON-ready state, an order of magnitude faster than copy.deepcopy."""
    return orjson.loads(orjson.dumps(state))


class Tables:
    """A view over a state dict: named tables of documents with sequential integer ids."""

    __slots__ = ("data",)

    def __init__(self, data: dict) -> None:
        self.data = data
        data.setdefault("tables", {})
        data.setdefault("sequences", {})

    def table(self, name: str) -> dict[str, dict]:
        return self.data["tables"].setdefault(name, {})

    def next_id(self, sequence: str) -> int:
        sequences = self.data["sequences"]
        sequences[sequence] = sequences.get(sequence, 0) + 1
        return sequences[sequence]

    def insert(self, name: str, document: dict) -> dict:
        """Store `document` under a fresh id from the table's own sequence."""
        document["id"] = self.next_id(name)
        self.table(name)[str(document["id"])] = document
        return document

    def get(self, name: str, doc_id: object) -> dict | None:
        return self.table(name).get(str(doc_id))

    def all(self, name: str) -> Iterator[dict]:
        return iter(self.table(name).values())

    def delete(self, name: str, doc_id: object) -> dict | None:
        return self.table(name).pop(str(doc_id), None)
