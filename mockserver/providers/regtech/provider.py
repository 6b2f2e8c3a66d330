"""Regtech's declaration: its dialect, errors, operations and seed (the package lists it lightly)."""

from __future__ import annotations

from pathlib import Path

from mockserver.core.providers import Provider
from mockserver.providers.regtech import DECLARED, admin, errors, openapi, operations, rules, seed

REGTECH = Provider(
    name=DECLARED.name,
    title=DECLARED.title,
    locale="fi_FI",
    auth=DECLARED.auth,
    dialect=operations.RegtechDialect(),
    errors=errors.RegtechErrors(operations.OPERATIONS),
    operations=operations.OPERATIONS,
    seed=seed.seed,
    recorded_answers=Path(__file__).with_name("faker_answers.json"),
    version="1.0.0",
    description="Invoicing Api for partners. This api is used to send invoices to customers and to query "
    "invoice status. Served by mockserver; see LIMITATIONS in its README.",
    unique=rules.UNIQUE,
    catch_up=rules.catch_up,
    admin=admin.ROUTES,
    document=openapi.document,
    security_schemes={"bearerAuth": {"type": "http", "scheme": "bearer"}},
)
