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


def test_filter_indexes_follow_every_write_rollback_and_fork():
    store = Store(indexed={"invoices": ("client_id",)})
    for client_id in (1, 2, 1):
        store.insert("invoices", {"client_id": client_id})
    assert [doc["id"] for doc in store.where("invoices", "client_id", 1)] == [1, 3]
    store.put("invoices", 1, {"id": 1, "client_id": 2})
    assert [doc["id"] for doc in store.where("invoices", "client_id", 2)] == [1, 2]
    with pytest.raises(RuntimeError), store.transaction():
        store.delete("invoices", 2)
        store.insert("invoices", {"client_id": 2})
        raise RuntimeError
    assert [doc["id"] for doc in store.where("invoices", "client_id", 2)] == [1, 2]
    child = store.fork()
    child.put("invoices", 3, {"id": 3, "client_id": 2})
    assert [doc["id"] for doc in child.where("invoices", "client_id", 2)] == [1, 2, 3]
    assert [doc["id"] for doc in store.where("invoices", "client_id", 2)] == [1, 2]
    assert store.where("invoices", "client_id", "1") == [], "7 and '7' are different values"
    with pytest.raises(KeyError, match="not an indexed field"):
        store.where("invoices", "number", 1)


def test_indexes_follow_a_document_changed_through_edit():
    store = Store(unique={"customers": ("kennitala",)}, indexed={"customers": ("group",)})
    store.insert("customers", {"kennitala": "1", "group": "a"})
    assert store.find("customers", "kennitala", "1") is not None  # indexes built
    assert len(store.where("customers", "group", "a")) == 1
    edited = store.edit("customers", 1)
    edited["kennitala"], edited["group"] = "2", "b"
    assert store.find("customers", "kennitala", "1") is None
    assert store.find("customers", "kennitala", "2")["group"] == "b"
    assert store.where("customers", "group", "a") == [] and len(store.where("customers", "group", "b")) == 1
    with pytest.raises(RuntimeError), store.transaction():
        store.edit("customers", 1)["group"] = "c"
        assert len(store.where("customers", "group", "c")) == 1
        raise RuntimeError
    assert store.where("customers", "group", "c") == [] and len(store.where("customers", "group", "b")) == 1
