"""Conta's credential: the `apiKey` header (the older "Alpha" guide's `conta-api-gateway-key`
is read too, so clients written against it keep working)."""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.core.auth import HeaderKey
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
    def identify(self, incoming: Incoming) -> str | None:
        return presented_key(incoming)


AUTH = ContaKey({"apiKey": DEFAULT_KEY}, header=HEADER, field="apiKey", prefix="conta-")
