"""The table store: all-or-nothing transactions, copy on write between forks, unique indexes."""

import pytest

from mockserver.core.store import Store, copy_state


def seeded() -> Store:
    store = Store(unique={"invoices": ("number",)})
    with store.transaction():
        store.set_value("account", {"currency": "SEK"})
        for number in (1, 2, 3):
            store.insert("invoices", {"number": number, "sum": "10.0"})
    return store


def test_a_failed_transaction_leaves_nothing_behind():
    store = seeded()
    before = copy_state(store.state)
    with pytest.raises(ValueError), store.transaction():
        store.insert("invoices", {"number": 4})
        store.edit("invoices", 1)["sum"] = "99.0"
        store.delete("invoices", 2)
        store.set_value("account", {"currency": "EUR"})
        store.next("rows")
        raise ValueError("refused half way")
    assert store.state == before
    assert store.find("invoices", "number", 2)["id"] == 2
    assert not store.taken("invoices", "number", 4)


def test_a_fork_shares_tables_until_it_writes_them():
    parent = seeded()
    child = parent.fork()
    assert child.table("invoices") is parent.table("invoices")
    child.edit("invoices", 1)["sum"] = "0.0"
    child.insert("invoices", {"number": 9})
    assert parent.get("invoices", 1)["sum"] == "10.0"
    assert parent.count("invoices") == 3 and child.count("invoices") == 4
    parent.delete("invoices", 3)
    assert child.get("invoices", 3) is not None
    assert child.peek("invoices") == 4 and parent.peek("invoices") == 3


def test_unique_index_follows_writes():
    store = seeded()
    assert store.taken("invoices", "number", 2)
    assert not store.taken("invoices", "number", 2, besides=2)
    store.edit("invoices", 2)  # an edit that keeps the number keeps the index right
    store.put("invoices", 2, {**store.get("invoices", 2), "number": 20})
    assert not store.taken("invoices", "number", 2)
    assert store.find("invoices", "number", 20)["id"] == 2
    assert not store.taken("invoices", "number", "20")  # JSON types are kept apart
