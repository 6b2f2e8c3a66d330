"""Konto's errors: every one is HTTP 200 with `{"status": false, "message": ..., "result": null}`.

Rules raise a `KontoError` subclass; `KontoErrors`, the provider's one error shape, renders it,
routing failures, the gateway's refusals and scenario statuses in that envelope. Messages are
named constants that tests and docs quote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.responses import Response

from mockserver.core.errors import ProviderError, phrase
from mockserver.core.incoming import Incoming
from mockserver.core.responses import JSONResponse

INVALID_API_KEY = "Invalid api_key"
UNKNOWN_ENDPOINT = "Unknown API endpoint {path}"
WRONG_METHOD = "The {method} method is not supported for {path}; use {allowed}"
MALFORMED_BODY = "Malformed request: {detail}"
MISSING_FIELD = "{field} is required"
DATA_NOT_JSON = "data is not valid JSON: {detail}"
DATA_NOT_OBJECT = "data must be a JSON object"
INVALID_FIELD = "Invalid {field}: {detail}"
NOT_FOUND = "{what} with guid {guid} not found"
KENNITALA_INVALID = "Vinsamlegast skrá rétta kennitölu ({field}: {value} is not a valid kennitala)"
# What Konto answers a draft whose customer lacks a valid kennitala or a name (seen by client code).
DRAFT_KENNITALA = "Vinsamlegast skrá rétta kennitölu"
DRAFT_NAME = "Name is required"
DRAFT_NOT_BOOKED = (
    "Invoice {guid} is a Draft and cannot be Posted; issue it first (status Saved, Sent or Paid)"
)
USER_NOT_FOUND = "No Konto user with kennitala {kennitala}"
AMOUNT_MISMATCH = "amount {amount} does not match the invoice total {total} computed from its items"
FILE_NOT_FOUND = "File {file_id} not found; upload it with upload-file first"
FILE_REQUIRED = "file is required"
TRANSITION = "Invoice {number} is {status} and cannot become {target}"
TOO_LARGE = "Request body too large"
NOTHING_TO_UPDATE = "Nothing to update: give at least one of {fields}"


class KontoError(ProviderError):
    """A request Konto refuses; `message` is what the client sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidApiKey(KontoError):
    def __init__(self) -> None:
        super().__init__(INVALID_API_KEY)


class MalformedBody(KontoError):
    def __init__(self, detail: str) -> None:
        super().__init__(MALFORMED_BODY.format(detail=detail))


class MissingField(KontoError):
    def __init__(self, field: str) -> None:
        super().__init__(MISSING_FIELD.format(field=field))


class InvalidField(KontoError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(INVALID_FIELD.format(field=field, detail=detail))


class DataNotJson(KontoError):
    def __init__(self, detail: str) -> None:
        super().__init__(DATA_NOT_JSON.format(detail=detail))


class NotFound(KontoError):
    def __init__(self, what: str, guid: str) -> None:
        super().__init__(NOT_FOUND.format(what=what, guid=guid))


class InvalidKennitala(KontoError):
    def __init__(self, field: str, value: str) -> None:
        super().__init__(KENNITALA_INVALID.format(field=field, value=value))


class DraftNotBooked(KontoError):
    def __init__(self, guid: str) -> None:
        super().__init__(DRAFT_NOT_BOOKED.format(guid=guid))


class UserNotFound(KontoError):
    def __init__(self, kennitala: str) -> None:
        super().__init__(USER_NOT_FOUND.format(kennitala=kennitala))


class AmountMismatch(KontoError):
    def __init__(self, amount: str, total: str) -> None:
        super().__init__(AMOUNT_MISMATCH.format(amount=amount, total=total))


class FileNotFound(KontoError):
    def __init__(self, file_id: str) -> None:
        super().__init__(FILE_NOT_FOUND.format(file_id=file_id))


class FileRequired(KontoError):
    def __init__(self) -> None:
        super().__init__(FILE_REQUIRED)


class InvalidTransition(KontoError):
    def __init__(self, number: str, status: str, target: str) -> None:
        super().__init__(TRANSITION.format(number=number, status=status, target=target))


class UnknownEndpoint(KontoError):
    def __init__(self, path: str) -> None:
        super().__init__(UNKNOWN_ENDPOINT.format(path=path))


class WrongMethod(KontoError):
    def __init__(self, method: str, path: str, allowed: str) -> None:
        super().__init__(WRONG_METHOD.format(method=method, path=path, allowed=allowed))


class NothingToUpdate(KontoError):
    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(NOTHING_TO_UPDATE.format(fields=", ".join(fields)))


# Where the provider is served: messages name the path as the client sees it under the main port.
PREFIX = "/konto"


def failure(message: str) -> Response:
    return JSONResponse({"status": False, "message": message, "result": None})


class KontoErrors:
    """Konto's error shape. HTTP 200 whatever went wrong, as the docs imply, except a rate
    limit's 429, which keeps its status so that `Retry-After` means something."""

    def __init__(self, read_form: Callable[[Incoming], object]) -> None:
        # The provider's form reader (parsed once per request): the unauthenticated answer says
        # "Malformed request" rather than "Invalid api_key" when the form cannot be read at all.
        self.read_form = read_form

    def render(self, error: ProviderError) -> Response:
        message = error.message if isinstance(error, KontoError) else str(error)
        return failure(message)

    def status(self, status: int, message: str | None = None) -> Response:
        if status == 413:
            text = f"{TOO_LARGE}: {message}" if message else TOO_LARGE
        else:
            known = phrase(status)
            text = message or f"{'Request failed' if known == 'Error' else known} ({status})"
        answer = failure(text)
        if status == 429:
            answer.status_code = status
        return answer

    def not_found(self, method: str, path: str) -> Response:
        return failure(UnknownEndpoint(PREFIX + path).message)

    def method_not_allowed(self, method: str, path: str, allowed: Sequence[str]) -> Response:
        return failure(WrongMethod(method, PREFIX + path, ", ".join(allowed)).message)

    def unauthenticated(self, incoming: Incoming) -> Response:
        try:
            self.read_form(incoming)
        except KontoError as error:
            return failure(error.message)
        return failure(INVALID_API_KEY)
