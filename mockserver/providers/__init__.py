"""The emulated providers. Each package is independent: providers share the core, never each other."""

from __future__ import annotations


def all_providers() -> list:
    from mockserver.providers.fakturan import FAKTURAN
    from mockserver.providers.konto import KONTO
    from mockserver.providers.regtech import Regtech

    return [FAKTURAN, KONTO, Regtech()]
