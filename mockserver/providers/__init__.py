"""The emulated providers. Each package is independent: providers share the core, never each other."""

from __future__ import annotations

from mockserver.core.providers import Provider


def all_providers() -> list[Provider]:
    from mockserver.providers.conta import CONTA
    from mockserver.providers.fakturan import FAKTURAN
    from mockserver.providers.kontera import KONTERA
    from mockserver.providers.konto import KONTO
    from mockserver.providers.regtech import REGTECH

    return [FAKTURAN, KONTO, REGTECH, CONTA, KONTERA]
