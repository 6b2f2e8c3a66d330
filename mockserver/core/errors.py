"""What every provider's errors have in common, and the shape each provider renders them in.

Rules raise `ProviderError` subclasses that carry data (status and what is wrong); each provider
has one `ErrorShape` that turns them, bare statuses (413, a scenario's 503, a 500) and routing
failures into its own wire shape. The operation runner, the gateway and the scenario engine all
ask that one renderer, so a provider says every error one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from starlette.responses import Response

    from mockserver.core.incoming import Incoming


class ProviderError(Exception):
    """An error a rule or a parser raises; the provider's `ErrorShape.render` says it."""

    status: int = 400


class ErrorShape(Protocol):
    def render(self, error: ProviderError) -> Response:
        """The answer to an error a rule or the provider's parser raised."""
        ...

    def status(self, status: int, message: str | None = None) -> Response:
        """The provider's answer for a bare HTTP status: an oversized body (413), a scenario's
        response without a body, an unexpected exception (500)."""
        ...

    def not_found(self, method: str, path: str) -> Response:
        """No operation at `path`."""
        ...

    def method_not_allowed(self, method: str, path: str, allowed: Sequence[str]) -> Response:
        """Operations at `path`, none for `method`."""
        ...

    def unauthenticated(self, incoming: Incoming) -> Response | None:
        """The answer when the request's credentials match no workspace; None lets it through
        to the default workspace (a token endpoint checks the credentials itself)."""
        ...


def phrase(status: int) -> str:
    """The HTTP reason phrase, "Error" for a status HTTP does not name."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def format_path(location: Iterable[str | int]) -> str:
    """A pydantic error location as a path into the document: `rows[0].price`, `client.name`."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
