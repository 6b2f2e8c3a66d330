"""Konto's declaration: its dialect, errors, operations and seed (the package lists it lightly)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mockserver.core.providers import Provider
from mockserver.core.store import Store
from mockserver.providers import konto
from mockserver.providers.konto import DECLARED
from mockserver.providers.konto.dialect import KontoDialect
from mockserver.providers.konto.errors import KontoErrors
from mockserver.providers.konto.forms import request_form
from mockserver.providers.konto.operations import OPERATIONS
from mockserver.providers.konto.rules import recurring
from mockserver.providers.konto.rules.books import Books
from mockserver.providers.konto.seed import seed


def catch_up(store: Store, now: datetime) -> None:
    """Issue the recurring invoices the workspace clock has reached, all of them or none."""
    if store.count("recurring"):
        with store.transaction():
            recurring.catch_up(Books(store, now))


KONTO = Provider(
    name=DECLARED.name,
    title=DECLARED.title,
    locale="is_IS",
    auth=DECLARED.auth,
    dialect=KontoDialect(),
    errors=KontoErrors(request_form),
    operations=OPERATIONS,
    seed=seed,
    recorded_answers=Path(__file__).with_name("faker_answers.json"),
    version="1",
    description=(konto.__doc__ or "").split("LIMITATIONS")[0].strip(),
    catch_up=catch_up,
    indexed={"customers": ("registration_no",)},  # get-customers-by-kennitala
)
