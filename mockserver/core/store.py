"""The table store every provider keeps its state in.

A provider's state is plain JSON: `{"tables": {name: {id: document}}, "counters": {name: n}, ...}`
plus whatever small top-level values the provider keeps (an account, a configuration). Never
Decimals or datetimes: that one rule makes snapshots, persistence and forking a copy of data.

All writes go through `Store`, for three reasons:
- **All or nothing.** Inside `transaction()` every write is logged with what it replaced; a rule
  that raises half way is rolled back, counters included, so a refused request leaves nothing.
- **Copy on write.** A fork or a fresh workspace shares its tables with the seed (or the origin)
  until it first writes one, then copies that table's dict (not its documents: a document is
  only ever replaced, through `edit`, never changed where it lies). An untouched workspace costs
  a few dicts, not a copy of everything.
- **Indexes.** A table can declare unique fields (value -> id) and filter fields (value -> ids);
  the store keeps the index beside the table, so uniqueness checks, lookups and the documented
  filters do not scan (built on first use, so restored state rebuilds them).

Documents handed out by `get`, `all` and `find` are the stored ones and must not be mutated:
call `edit(table, id)` for a private copy that replaces the stored one (and is undone on rollback).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any

import orjson

_MISSING = object()


def copy_state(state: Any) -> Any:
    """A deep copy of JSON-ready state, an order of magnitude faster than copy.deepcopy."""
    return orjson.loads(orjson.dumps(state))


def empty_state() -> dict:
    return {"tables": {}, "counters": {}}


class Store:
    """One provider's state in one workspace: tables of documents, counters, top-level values."""

    __slots__ = ("state", "_owned", "_undo", "_unique", "_indexes", "_indexed", "_filters", "_edited")

    def __init__(
        self,
        state: dict | None = None,
        *,
        unique: Mapping[str, tuple[str, ...]] | None = None,
        indexed: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.state = state if state is not None else empty_state()
        self.state.setdefault("tables", {})
        self.state.setdefault("counters", {})
        self._owned: set[str] | None = None  # None: every table is this store's own
        self._undo: list[Callable[[], None]] | None = None
        self._unique = unique or {}
        self._indexes: dict[tuple[str, str], dict] = {}
        self._indexed = indexed or {}
        self._filters: dict[tuple[str, str], dict[object, dict[str, None]]] = {}
        self._edited: list[tuple[str, str, dict, dict]] = []

    # -- forking -------------------------------------------------------------------------------

    def fork(self) -> Store:
        """A store that shares this one's tables until it writes them (copy on write). Top-level
        values and counters are small, so they are copied at once."""
        tables = self.state["tables"]
        rest = copy_state({key: value for key, value in self.state.items() if key != "tables"})
        child = Store({**rest, "tables": dict(tables)}, unique=self._unique, indexed=self._indexed)
        # Both sides now share every table, so both copy a table before they first write it.
        child._owned, self._owned = set(), set()
        return child

    # -- reading -------------------------------------------------------------------------------

    def table(self, name: str) -> dict[str, dict]:
        """The table's documents by id (read-only: write with insert/put/edit/delete)."""
        return self.state["tables"].get(name) or {}

    def get(self, name: str, doc_id: object) -> dict | None:
        return self.table(name).get(str(doc_id))

    def all(self, name: str) -> Iterator[dict]:
        return iter(self.table(name).values())

    def count(self, name: str) -> int:
        return len(self.table(name))

    def names(self) -> list[str]:
        return list(self.state["tables"])

    def find(self, name: str, field: str, value: object) -> dict | None:
        """The document whose unique `field` equals `value`, through the index."""
        doc_id = self._index(name, field).get(_key(value))
        return None if doc_id is None else self.get(name, doc_id)

    def taken(self, name: str, field: str, value: object, *, besides: object = None) -> bool:
        """Whether another document than `besides` (an id) holds `value` in unique `field`."""
        doc_id = self._index(name, field).get(_key(value))
        return doc_id is not None and doc_id != (None if besides is None else str(besides))

    def where(self, name: str, field: str, value: object) -> list[dict]:
        """The documents whose indexed `field` equals `value`, in id order (natural: "2" < "10")."""
        bucket = self._filter(name, field).get(_key(value), {})
        table = self.table(name)
        return [table[key] for key in bucket]

    def value(self, key: str, default: Any = None) -> Any:
        """A top-level value (an account, a configuration), read-only."""
        return self.state.get(key, default)

    # -- writing -------------------------------------------------------------------------------

    def next(self, counter: str, start: int = 0) -> int:
        """The counter's next value (1, 2, ... or start + 1, ...)."""
        counters = self.state["counters"]
        previous = counters.get(counter, _MISSING)
        value = counters[counter] = (start if previous is _MISSING else previous) + 1
        self._log(lambda: _restore(counters, counter, previous))
        return value

    def peek(self, counter: str, start: int = 0) -> int:
        return self.state["counters"].get(counter, start)

    def set_counter(self, counter: str, value: int) -> None:
        counters = self.state["counters"]
        previous = counters.get(counter, _MISSING)
        counters[counter] = value
        self._log(lambda: _restore(counters, counter, previous))

    def insert(self, name: str, document: dict, doc_id: object = None) -> dict:
        """Store `document` under `doc_id`, or under the next value of the table's own counter
        (written into the document's `id`)."""
        if doc_id is None:
            doc_id = document["id"] = self.next(name)
        self.put(name, doc_id, document)
        return document

    def put(self, name: str, doc_id: object, document: dict) -> dict:
        """Store `document` under `doc_id`, replacing whatever was there."""
        table, key = self._writable(name), str(doc_id)
        previous = table.get(key, _MISSING)
        self._unindex(name, key, None if previous is _MISSING else previous)
        table[key] = document
        self._reindex(name, key, document)

        def undo() -> None:
            self._unindex(name, key, document)
            _restore(table, key, previous)
            if previous is not _MISSING:
                self._reindex(name, key, previous)

        self._log(undo)
        return document

    def edit(self, name: str, doc_id: object) -> dict:
        """A private copy of the document, stored in its place, to change freely. Raises
        KeyError for an unknown id (look it up first: the provider says "not found" its way)."""
        current = self.table(name)[str(doc_id)]
        copy = self.put(name, doc_id, copy_state(current))
        if name in self._unique or name in self._indexed:
            # The caller changes the copy after this: its indexes are brought up to date at
            # the next lookup, from what it then holds.
            self._edited.append((name, str(doc_id), copy, current))
        return copy

    def delete(self, name: str, doc_id: object) -> dict | None:
        table, key = self._writable(name), str(doc_id)
        previous = table.pop(key, None)
        if previous is None:
            return None
        self._unindex(name, key, previous)

        def undo() -> None:
            table[key] = previous
            self._reindex(name, key, previous)

        self._log(undo)
        return previous

    def set_value(self, key: str, value: Any) -> None:
        """Replace a top-level value (pass a new object; the old one is kept for rollback)."""
        previous = self.state.get(key, _MISSING)
        self.state[key] = value
        self._log(lambda: _restore(self.state, key, previous))

    # -- transactions --------------------------------------------------------------------------

    def transaction(self) -> Transaction:
        """All writes inside (`with store.transaction():`) take effect together or, if anything
        raises, not at all."""
        return Transaction(self)

    def _log(self, undo: Callable[[], None]) -> None:
        if self._undo is not None:
            self._undo.append(undo)

    # -- internals -----------------------------------------------------------------------------

    def _writable(self, name: str) -> dict:
        tables = self.state["tables"]
        table = tables.get(name)
        if table is None:
            table = tables[name] = {}
            if self._owned is not None:
                self._owned.add(name)
        elif self._owned is not None and name not in self._owned:
            table = tables[name] = dict(table)
            self._owned.add(name)
        return table

    def _catch_up_edits(self) -> None:
        edited, self._edited = self._edited, []
        for name, key, copy, indexed_as in edited:
            if self.table(name).get(key) is copy:  # still stored (not replaced, deleted or undone)
                self._unindex(name, key, indexed_as)
                self._reindex(name, key, copy)

    def _index(self, name: str, field: str) -> dict:
        if self._edited:
            self._catch_up_edits()
        index = self._indexes.get((name, field))
        if index is None:
            index = self._indexes[(name, field)] = {
                _key(doc.get(field)): key
                for key, doc in self.table(name).items()
                if doc.get(field) is not None
            }
        return index

    def _filter(self, name: str, field: str) -> dict[object, dict[str, None]]:
        if self._edited:
            self._catch_up_edits()
        index = self._filters.get((name, field))
        if index is None:
            if field not in self._indexed.get(name, ()):
                raise KeyError(f"{name}.{field} is not an indexed field")
            index = self._filters[(name, field)] = {}
            for key in sorted(self.table(name), key=_natural):
                _add(index.setdefault(_key(self.table(name)[key].get(field)), {}), key)
        return index

    def _reindex(self, name: str, key: str, document: dict) -> None:
        for field in self._unique.get(name, ()):
            if (name, field) in self._indexes and document.get(field) is not None:
                self._indexes[(name, field)][_key(document[field])] = key
        for field in self._indexed.get(name, ()):
            index = self._filters.get((name, field))
            if index is not None:
                _add(index.setdefault(_key(document.get(field)), {}), key)

    def _unindex(self, name: str, key: str, document: dict | None) -> None:
        if document is None:
            return
        for field in self._unique.get(name, ()):
            index = self._indexes.get((name, field))
            if index is not None and index.get(_key(document.get(field))) == key:
                del index[_key(document[field])]
        for field in self._indexed.get(name, ()):
            filters = self._filters.get((name, field))
            bucket = filters.get(_key(document.get(field))) if filters is not None else None
            if bucket is not None:
                bucket.pop(key, None)


def _key(value: object) -> object:
    # Hashable and exact: "7" and 7 are different values, as they are in JSON.
    return (type(value), value) if not isinstance(value, _CONTAINERS) else orjson.dumps(value)


_CONTAINERS = (list, dict)  # a tuple built once: `list | dict` would build a union on each call


def _natural(key: str) -> tuple[int, str]:
    return (len(key), key) if key.isdigit() else (1 << 30, key)


def _add(bucket: dict[str, None], key: str) -> None:
    """Add `key` to a filter bucket kept in id order: new ids come last, so only a document
    that comes back (an undo, a changed value) costs a sort."""
    if key in bucket:
        return
    if bucket and _natural(key) < _natural(next(reversed(bucket))):
        ordered = sorted([*bucket, key], key=_natural)
        bucket.clear()
        bucket.update(dict.fromkeys(ordered))
    else:
        bucket[key] = None


def _restore(container: dict, key: str, previous: object) -> None:
    if previous is _MISSING:
        container.pop(key, None)
    else:
        container[key] = previous


class Transaction:
    """`Store.transaction()`: a class rather than a generator-based context manager, because
    every request opens one and this costs a third as much. Nested, the outer one decides."""

    __slots__ = ("store", "outer")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.outer = False

    def __enter__(self) -> Store:
        store = self.store
        if store._undo is None:
            self.outer = True
            store._undo = []
        return store

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self.outer:
            return
        store = self.store
        try:
            if kind is not None:
                for undo in reversed(store._undo or ()):
                    undo()
        finally:
            store._undo = None
