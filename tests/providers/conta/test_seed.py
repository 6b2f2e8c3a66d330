"""The seed is a pure function of the seed number and the clock's start, and holds what the
guide's examples name."""

from datetime import UTC, datetime

import orjson

from mockserver.core.seeding import Seeding
from mockserver.providers.conta.seed import seed

START = datetime(2026, 12, 2, tzinfo=UTC)


def seeded(number: int = 0, start: datetime = START) -> dict:
    return seed(Seeding(number, "conta", "nb_NO", start))


def test_the_same_seed_and_start_give_identical_state():
    assert orjson.dumps(seeded()) == orjson.dumps(seeded())
    assert orjson.dumps(seeded(1)) != orjson.dumps(seeded())


def test_the_guides_identifiers_exist_in_every_seed():
    for number in (0, 1, 7):
        tables = seeded(number)["tables"]
        assert {"11", "12", "99"} <= set(tables["organizations"])
        assert tables["customers"]["123"]["_org"] == 11
        lisa = [c for c in tables["customers"].values() if c["_org"] == 11 and c["name"].startswith("Lisa")]
        assert lisa
        assert any(b["_org"] == 11 and b["allowedForInvoicing"] for b in tables["bankAccounts"].values())


def test_the_ehf_registry_has_receivers_and_non_receivers_among_the_customers():
    state = seeded()
    registry = state["ehfRegistry"]
    numbers = [
        c["orgNo"] for c in state["tables"]["customers"].values() if c.get("orgNo") and c["_org"] == 11
    ]
    flags = {registry[n]["canReceiveEhf30"] for n in numbers}
    assert flags == {True, False}
    assert registry[state["tables"]["customers"]["123"]["orgNo"]]["canReceiveEhf30"] is True
