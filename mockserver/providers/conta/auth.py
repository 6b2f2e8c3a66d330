"""Conta's credential: the `apiKey` header (the older "Alpha" guide's `conta-api-gateway-key`
is read too, so clients written against it keep working). A request without one that follows
an invoice file link (`fileUrl`, rules/files.py) finds its workspace by the link's route key;
the link's signature is checked by the download itself."""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.core.auth import HeaderKey, route_key
from mockserver.core.incoming import Incoming

HEADER = "apiKey"
ALIAS = "conta-api-gateway-key"
DEFAULT_KEY = "conta-demo-key"


def presented_key(incoming: Incoming) -> str | None:
    for name in (HEADER, ALIAS):
        value = (incoming.header(name) or "").strip()
        if value:
            return value
    return None


@dataclass(frozen=True)
class ContaKey(HeaderKey):
    def credential_keys(self, credentials: dict) -> list[str]:
        return [credentials[self.field], f"file:{route_key(credentials[self.field])}"]

    def identify(self, incoming: Incoming) -> str | None:
        key = presented_key(incoming)
        if key is not None:
            return key
        linked = file_link_workspace(incoming)
        return f"file:{linked}" if linked else None


def file_link_workspace(incoming: Incoming) -> str | None:
    """The route key in an invoice file link (`.../files/{id}/content?link=<key>.<expires>.<sig>`)."""
    if not incoming.path.endswith("/content") or "/files/" not in incoming.path:
        return None
    return (incoming.query.get("link") or "").split(".", 1)[0] or None


AUTH = ContaKey({"apiKey": DEFAULT_KEY}, header=HEADER, field="apiKey", prefix="conta-")
