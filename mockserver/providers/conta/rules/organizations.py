"""Organizations the key reaches, the health check, and an organization's subscription plan."""

from __future__ import annotations

from mockserver.core.operations import Call
from mockserver.providers.conta.rules.common import ORGANIZATIONS, organization

PONG = "pong"


def list_organizations(call: Call) -> list[dict]:
    """`RouteV1OrgUserAccessModel` for every organization the key reaches (99 exists, but the
    key has no access to it, so it is not listed)."""
    return [
        {"id": org["id"], "name": org["name"], "blockedStatus": org["blockedStatus"], "active": org["active"]}
        for org in sorted(call.store.all(ORGANIZATIONS), key=lambda org: org["id"])
        if org.get("_access")
    ]


def ping(call: Call) -> str:
    return PONG


def subscription_plan(call: Call, org: int) -> dict:
    return dict(organization(call.store, org)["_subscription"])
