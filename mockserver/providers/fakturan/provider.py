"""Fakturan's declaration: its dialect, errors, operations and seed (the package lists it lightly)."""

from __future__ import annotations

from pathlib import Path

from mockserver.core.providers import Provider
from mockserver.providers.fakturan import DECLARED
from mockserver.providers.fakturan.dialect import FakturanDialect
from mockserver.providers.fakturan.errors import FakturanErrors
from mockserver.providers.fakturan.operations import OPERATIONS
from mockserver.providers.fakturan.seed import seed

FAKTURAN = Provider(
    name=DECLARED.name,
    title=DECLARED.title,
    locale="sv_SE",
    auth=DECLARED.auth,
    dialect=FakturanDialect(),
    errors=FakturanErrors(),
    operations=OPERATIONS,
    seed=seed,
    recorded_answers=Path(__file__).with_name("faker_answers.json"),
    version="2",
    description="Fakturan.nu's invoicing API as emulated by mockserver. Basic auth: API key id and secret.",
    unique={"clients": ("number",), "invoices": ("number",)},
    indexed={"invoices": ("client_id",), "payments": ("invoice_id",)},
    security_schemes={"basic": {"type": "http", "scheme": "basic"}},
)
