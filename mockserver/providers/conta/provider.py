"""Conta's declaration: its dialect, errors, operations and seed (the package lists it lightly)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mockserver.core.incoming import Incoming
from mockserver.core.providers import Provider
from mockserver.providers.conta import DECLARED, admin, document
from mockserver.providers.conta.dialect import FLAGS, ContaDialect, flags_of
from mockserver.providers.conta.errors import LANGUAGE, ContaErrors, language
from mockserver.providers.conta.operations import OPERATIONS
from mockserver.providers.conta.rules.common import INDEXED, UNIQUE
from mockserver.providers.conta.seed import seed

if TYPE_CHECKING:
    from datetime import datetime

    from starlette.responses import Response

    from mockserver.core.workspaces import Workspace


@dataclass(eq=False)
class ContaProvider(Provider):
    """A Provider that keeps the request's `conta-language` and `conta-force-*` headers for the
    dialect and the error shape while the request runs (errors are rendered without the request,
    and both languages are always sent: the header only decides which comes first).

    It wraps `respond`, not `serve`: the gateway calls `respond` itself on its fast path, and a
    response is rendered before `respond` returns, so nothing reads them after they are reset."""

    def respond(
        self, workspace: Workspace, incoming: Incoming, outbound: list, now: datetime | None = None
    ) -> Response:
        language_token = LANGUAGE.set(language(incoming))
        flags_token = FLAGS.set(flags_of(incoming))
        try:
            return super().respond(workspace, incoming, outbound, now)
        finally:
            FLAGS.reset(flags_token)
            LANGUAGE.reset(language_token)


CONTA = ContaProvider(
    name=DECLARED.name,
    title=DECLARED.title,
    locale="nb_NO",
    auth=DECLARED.auth,
    dialect=ContaDialect(),
    errors=ContaErrors(),
    operations=OPERATIONS,
    seed=seed,
    recorded_answers=Path(__file__).with_name("faker_answers.json"),
    version="1.0.0",
    description="Conta's API gateway (invoicing and bookkeeping) as emulated by mockserver. Header apiKey.",
    unique=UNIQUE,
    indexed=INDEXED,
    admin=admin.ROUTES,
    document=document.document,
    security_schemes={"apiKey": {"type": "apiKey", "in": "header", "name": "apiKey"}},
)
