"""Kontera's declaration: its dialect, errors, operations and seed (the package lists it lightly)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mockserver.core.providers import Provider
from mockserver.core.store import Store
from mockserver.providers.kontera import DECLARED, admin, openapi, routes, seed, webhooks
from mockserver.providers.kontera.errors import KonteraErrors


def catch_up(store: Store, now: datetime) -> None:
    """Start the webhook attempts the workspace clock has made due (in the background)."""
    webhooks.DISPATCHER.kick(store, now)


KONTERA = Provider(
    name=DECLARED.name,
    title=DECLARED.title,
    locale="de_CH",
    auth=DECLARED.auth,
    dialect=routes.KonteraDialect(),
    errors=KonteraErrors(),
    operations=routes.OPERATIONS,
    seed=seed.seed,
    recorded_answers=Path(__file__).with_name("faker_answers.json"),
    version="1",
    description=(
        "Kontera's Universal Accounting export as the sandbox serves it: exports, one transaction, a "
        "validator (sandbox only: Kontera itself pushes files and webhooks) and the public base-data API. "
        "Booking and webhook deliveries are on the control plane, /_admin/workspaces/{id}/kontera/."
    ),
    catch_up=catch_up,
    admin=admin.admin_routes(),
    document=openapi.document,
    security_schemes={"bearerAuth": {"type": "http", "scheme": "bearer"}},
)
