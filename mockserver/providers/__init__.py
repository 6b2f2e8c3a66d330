"""The emulated providers. Each package is independent: providers share the core, never each other.

Each package declares its provider lightly (name, title, auth) and the rest in its `provider`
module, which is imported the first time anything needs it: listing the providers costs nothing.
"""

from __future__ import annotations

from typing import cast

from mockserver.core.providers import Provider


def all_providers() -> list[Provider]:
    from mockserver.providers import conta, fakturan, kontera, konto, regtech

    # A LazyProvider answers as its Provider does, loading it on the first heavy attribute.
    return [cast(Provider, package.DECLARED) for package in (fakturan, konto, regtech, conta, kontera)]
